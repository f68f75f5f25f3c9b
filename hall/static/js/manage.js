/* Management pages: ask before destructive posts (forms marked data-confirm). */
(function () {
  "use strict";
  document.addEventListener("submit", (event) => {
    const message = event.target.dataset.confirm;
    if (message && !window.confirm(message)) event.preventDefault();
  });
})();
