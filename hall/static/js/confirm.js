/* Ask before destructive posts: forms, or the submit buttons that pressed them, marked data-confirm. */
(function () {
  "use strict";
  document.addEventListener("submit", (event) => {
    const message = (event.submitter && event.submitter.dataset.confirm) || event.target.dataset.confirm;
    if (message && !window.confirm(message)) event.preventDefault();
  });
})();
