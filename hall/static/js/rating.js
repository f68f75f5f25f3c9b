/* The rating (好差评) widget, shared by the resident's phone page and the window's rating tablet.
 *
 * Voluntary by design: nothing is preselected, and nothing is sent until the resident picks a level and
 * presses submit. The tablet asks the server what to rate whenever a visit ends at its window.
 */
(function () {
  "use strict";
  const { api, el } = window.Hall;
  const root = document.querySelector("[data-rating]");
  if (!root) return;
  const t = JSON.parse(document.getElementById("rating-i18n").textContent);
  const tablet = root.dataset.mode === "tablet";
  let current = null; // {request, levels, praise, complaints}
  let chosen = null;
  let picked = new Set();
  let idleTimer = null;
  let thanksUntil = 0; // the tablet keeps saying thank you for a while, whatever the server says meanwhile

  function submitUrl() {
    return tablet ? `/api/v1/tickets/${current.request.token}/rating` : root.dataset.url;
  }

  function render() {
    const request = current && current.request;
    if (!request || (!request.open && !request.level)) {
      root.hidden = !tablet;
      root.replaceChildren(tablet ? el("p", { class: "r-idle", text: t.idle }) : "");
      return;
    }
    root.hidden = false;
    if (!request.open) {
      root.replaceChildren(el("p", { class: "r-thanks", "data-testid": "rating-thanks", text: t.thanks }));
      return;
    }
    const levels = el("div", { class: "r-levels", role: "group", "aria-label": t.title },
      ...current.levels.map((level) => {
        const button = el("button", {
          type: "button", class: `r-level r-level-${level.level}${chosen === level.level ? " is-chosen" : ""}`,
          "data-level": String(level.level), "aria-pressed": String(chosen === level.level), text: level.name,
        });
        button.addEventListener("click", () => { chosen = level.level; picked = new Set(); render(); });
        return button;
      }));
    const parts = [el("h2", { text: t.title }), el("p", { class: "r-number", text: `${request.number}` }), levels];
    if (chosen !== null) {
      const reasons = chosen >= 4 ? current.praise : current.complaints;
      parts.push(el("p", { class: "muted", text: t.reasons }));
      parts.push(el("div", { class: "r-reasons" }, ...reasons.map((reason) => {
        const chip = el("button", {
          type: "button", class: `r-reason${picked.has(reason.code) ? " is-chosen" : ""}`,
          "aria-pressed": String(picked.has(reason.code)), "data-reason": reason.code, text: reason.name,
        });
        chip.addEventListener("click", () => {
          if (picked.has(reason.code)) picked.delete(reason.code); else picked.add(reason.code);
          render();
        });
        return chip;
      })));
      const comment = el("textarea", { name: "comment", maxlength: "500", rows: "2", placeholder: t.comment });
      comment.value = root.dataset.comment || "";
      comment.addEventListener("input", () => { root.dataset.comment = comment.value; });
      parts.push(comment);
      const send = el("button", { type: "button", class: "primary r-send", "data-testid": "send-rating", text: t.send });
      send.addEventListener("click", submit);
      parts.push(send);
    }
    parts.push(el("p", { class: "muted small", text: t.voluntary }));
    root.replaceChildren(...parts);
  }

  let submitting = false;
  async function submit() {
    const request = current.request;
    submitting = true; // the server's own "rated" event may arrive before our answer: it must not win
    try {
      await api(submitUrl(), {
        method: "POST",
        body: { level: chosen, reasons: [...picked], comment: root.dataset.comment || "", channel: tablet ? "tablet" : "phone" },
      });
      current = { ...current, request: { ...request, open: false, level: chosen } };
      root.dataset.comment = "";
      if (tablet) {
        thanksUntil = Date.now() + 8000;
        clearTimeout(idleTimer);
        idleTimer = setTimeout(load, 8100);
      }
      render();
    } catch (error) {
      root.prepend(el("p", { class: "flash flash-error", role: "alert", text: error.message }));
    } finally {
      submitting = false;
    }
  }

  async function load() {
    if (submitting || Date.now() < thanksUntil) return;
    try {
      const answer = await api(root.dataset.url);
      if (submitting || Date.now() < thanksUntil) return; // a rating was sent meanwhile: keep the thanks
      const before = current && current.request && current.request.number;
      current = answer;
      if (!answer.request || answer.request.number !== before) { chosen = null; picked = new Set(); }
      render();
    } catch (error) { /* keep what is shown; the next event retries */ }
  }

  window.addEventListener("hall:rating-check", load);
  if (tablet && typeof io !== "undefined") {
    const socket = io("/display", {
      auth: { hall: root.dataset.hall, tablet: Number(root.dataset.counter) }, transports: ["websocket", "polling"],
    });
    socket.on("connect", load);
    socket.on("rating_requested", load);
    socket.on("rating_received", load);
    socket.on("resync", load);
    setInterval(load, 60000); // the rating window closes by itself
  }
  load();
})();
