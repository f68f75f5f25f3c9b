/* The resident's ticket page: live state, people ahead, and the window to go to when called. */
(function () {
  "use strict";
  const { api, strings, format, el, debounce } = window.Hall;
  const root = document.getElementById("ticket");
  const t = strings();
  const field = (name) => root.querySelector(`[data-field="${name}"]`);
  let status = JSON.parse(document.getElementById("initial-status").textContent);
  const nameOf = (item) => (root.dataset.locale === "en" && item.name_en ? item.name_en : item.name);

  function windowName(counter) {
    return `${format(t.window, { number: counter.number })}${counter.name ? ` · ${counter.name}` : ""}`;
  }

  function render() {
    const box = field("status");
    const parts = [];
    box.className = `status status-${status.state}`;
    if (status.expired && ["waiting", "held", "no_show"].includes(status.state)) {
      parts.push(el("p", { class: "big", text: t.expired }));
    } else if (status.state === "waiting") {
      parts.push(status.people_ahead === 0
        ? el("p", { class: "big", text: t.ahead_none })
        : el("p", { class: "big" }, el("strong", { class: "ahead", "data-testid": "ahead", text: String(status.people_ahead) }),
          " ", status.people_ahead === 1 ? t.ahead_one : t.ahead));
      parts.push(el("p", { text: status.estimate
        ? format(t.estimate, { low: status.estimate.low_minutes, high: status.estimate.high_minutes })
        : t.no_estimate }));
    } else if (["called", "serving", "held"].includes(status.state) && status.counter) {
      parts.push(el("p", { class: "big", text: t[status.state] }));
      parts.push(el("p", { class: "window", "data-testid": "window", text: windowName(status.counter) }));
      if (status.state === "called" && status.recall) parts.push(el("p", { text: `(${t.recall})` }));
    } else {
      parts.push(el("p", { class: "big", text: t[status.state] || status.state }));
    }
    box.replaceChildren(...parts);
    field("number").textContent = status.number;
    field("service").textContent = nameOf(status.service);
    field("updated").textContent = `${t.updated} ${status.updated_time}`;
    if (status.state === "called" && navigator.vibrate) navigator.vibrate([300, 100, 300]);
    if (status.state === "done") window.dispatchEvent(new Event("hall:rating-check")); // offer the rating
  }

  async function refresh() {
    try {
      status = await api(root.dataset.statusUrl);
      render();
    } catch (error) {
      field("updated").textContent = error.message;
    }
  }
  // Many phones follow one queue: spread their refreshes a little after each change.
  const refreshSoon = debounce(refresh, 200 + Math.random() * 600);

  const socket = io("/resident", { auth: { ticket: root.dataset.token }, transports: ["websocket", "polling"] });
  socket.on("connect", refresh);
  socket.on("disconnect", () => { field("updated").textContent = t.offline; });
  socket.on("ticket_changed", refresh);
  socket.on("resync", refreshSoon); // the server lost its message queue a while: a call may not have reached us
  socket.on("queue_changed", (event) => {
    if (status.state === "waiting" && event.queues.some((queue) => queue.id === status.service.id)) refreshSoon();
  });
  setInterval(refresh, 60000);
  render();
})();
