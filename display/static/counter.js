/* The small screen over one window: its number and the ticket it serves now. */
(function () {
  "use strict";
  const root = document.getElementById("counter-screen");
  const counterId = Number(root.dataset.counterId);
  const field = (name) => root.querySelector(`[data-field="${name}"]`);

  function render(state) {
    const counter = state.counters.find((c) => c.id === counterId);
    if (!counter) return;
    root.className = `state-${counter.state}${counter.ticket ? " busy" : ""}`;
    if (counter.ticket) {
      field("line").textContent = counter.ticket_state === "serving" ? "正在办理" : "请";
      field("ticket").textContent = counter.ticket_state === "serving" ? counter.ticket : `${counter.ticket} 号`;
    } else {
      field("line").textContent = { open: "欢迎办理", paused: "暂停服务", closed: "暂未开放" }[counter.state];
      field("ticket").textContent = "";
    }
  }

  new window.LiveHall(root.dataset.hall, {
    onState: render,
    onConnection: (up) => { field("connection").className = `d-status ${up ? "up" : "down"}`; },
  });
})();
