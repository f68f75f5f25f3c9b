/* The clerk's workstation: buttons and keyboard shortcuts for every action, a live queue. */
(function () {
  "use strict";
  const { api, strings, el, debounce, format } = window.Hall;
  const root = document.getElementById("workstation");
  const base = root.dataset.api;
  const hallTickets = root.dataset.hallTicketsApi;
  const myId = Number(root.dataset.staffId);
  const nameOf = (item) => (root.dataset.locale === "en" && item.name_en ? item.name_en : item.name);
  const t = strings();
  const field = (name) => root.querySelector(`[data-field="${name}"]`);
  let panel = null;
  let busy = false;

  function say(message, kind = "info") {
    const node = field("message");
    node.textContent = message || "";
    node.className = `toast toast-${kind}`;
  }

  function ticketRow(ticket, buttons) {
    const meta = [nameOf(ticket.service), `${t.waited} ${ticket.waited_minutes} ${t.minutes}`];
    if (ticket.transferred) meta.push(t.transferred);
    return el("li", { "data-number": ticket.number },
      el("span", { class: "num", text: ticket.number }),
      ticket.green ? el("span", { class: "tag green", text: t.green }) : null,
      el("span", { class: "meta", text: meta.join(" · ") }),
      el("span", { class: "row-actions" }, ...buttons));
  }

  function rowButton(label, handler) {
    return el("button", { type: "button", class: "small", text: label, onclick: handler });
  }

  function renderList(name, tickets, buttonsFor) {
    const list = root.querySelector(`[data-list="${name}"]`);
    list.replaceChildren(...tickets.map((ticket) => ticketRow(ticket, buttonsFor(ticket))));
    if (!tickets.length) list.append(el("li", { class: "empty", text: name === "queue" ? t.empty : "—" }));
  }

  function render(data) {
    panel = data;
    const takenOver = data.counter.staff_id !== myId;
    const banner = field("takeover");
    banner.hidden = !takenOver;
    if (takenOver) {
      banner.replaceChildren(format(t.taken_over, { name: data.counter.staff || "—" }), " ",
        el("a", { href: root.dataset.chooseUrl, text: t.choose }));
      for (const button of root.querySelectorAll("button[data-action], .ticket-list button")) button.disabled = true;
      return;
    }
    const state = data.counter.state;
    const badge = field("counter-state");
    badge.textContent = t[state] || state;
    badge.className = `badge badge-${state}`;
    root.querySelector('[data-action="pause"]').hidden = state !== "open";
    root.querySelector('[data-action="resume"]').hidden = state !== "paused";

    const current = data.current;
    field("current-number").textContent = current ? current.number : "—";
    field("current").className = `current-ticket ${current ? `is-${current.state}` : "is-empty"}`;
    field("current-meta").textContent = current
      ? [nameOf(current.service), t[current.state], current.green ? t.green : null,
         `${t.recalls} ${current.recall_count}/${data.hall.recall_cap}`,
         // Who took it at the kiosk, masked: the clerk compares it with the card or phone shown.
         current.identity ? `${t[`identity_${current.identity.kind}`]} ${current.identity.hint}` : null,
        ].filter(Boolean).join(" · ")
      : t.nobody;

    const has = (states) => current && states.includes(current.state);
    const enable = {
      "call-next": !current && state === "open",
      "finish-and-call-next": state === "open" || has(["called", "serving"]),
      recall: has(["called"]) && current.recall_count < data.hall.recall_cap,
      start: has(["called"]),
      finish: has(["called", "serving"]),
      "no-show": has(["called"]),
      hold: has(["called", "serving"]),
      transfer: has(["called", "serving"]),
      "call-back": !current && state === "open" && data.held.length > 0,
      "record-matters": has(["called", "serving"]),
    };
    for (const [action, on] of Object.entries(enable)) {
      root.querySelector(`[data-action="${action}"]`).disabled = !on;
    }

    field("queue-count").textContent = data.queue.length;
    renderList("queue", data.queue, (ticket) => [
      (current || state !== "open") ? null : rowButton(t.call_this, () => run("call-number", { number: ticket.number })),
      rowButton(t.transfer, () => openTransfer(ticket)),
      rowButton(t.cancel, () => confirm(t.confirm_cancel) && hallAction(ticket, "cancel")),
    ].filter(Boolean));
    renderList("held", data.held, (ticket) => [
      rowButton(t.call_back, () => run(`tickets/${ticket.id}/call-back`)),
      rowButton(t.cancel, () => confirm(t.confirm_cancel) && hallAction(ticket, "cancel")),
    ]);
    renderList("no_shows", data.no_shows, (ticket) => [
      rowButton(t.reactivate, () => hallAction(ticket, "reactivate")),
    ]);
  }

  async function refresh() {
    try {
      render(await api(base));
    } catch (error) {
      say(error.message, "error");
    }
  }
  const refreshSoon = debounce(refresh, 150);

  /* The toast says what happened: "A012 called", "A012 put on hold" ... not a bare "done". */
  function doneMessage(action, result) {
    const number = (result.ticket || result.finished || {}).number || "";
    if (action === "finish-and-call-next" && !result.ticket) return t.done_finished_only;
    const template = t[`done_${action}`] || t.done;
    return format(template, { number: result.ticket ? result.ticket.number : number });
  }

  async function run(path, body) {
    if (busy || !path) return;
    busy = true;
    const action = path.split("/").pop();
    try {
      const result = await api(`${base}/${path}`, { method: "POST", body });
      say(doneMessage(action, result), "ok");
      await refresh();
    } catch (error) {
      say(error.message, "error");
      if (error.status === 409 || error.status === 404 || error.status === 403) refresh();
    } finally {
      busy = false;
    }
  }

  async function hallAction(ticket, action, body) {
    try {
      const result = await api(`${hallTickets}/${ticket.id}/${action}`, { method: "POST", body });
      say(format(t[`done_${action}`] || t.done, { number: result.ticket.number }), "ok");
      refresh();
    } catch (error) {
      say(error.message, "error");
    }
  }

  function currentTicketPath(action) {
    return panel && panel.current ? `tickets/${panel.current.id}/${action}` : null;
  }

  const dialog = root.querySelector('[data-dialog="transfer"]');
  /* Transfer the ticket at the window, or (from the queue list) a waiting one. */
  let transferring = null;
  function openTransfer(waiting) {
    const ticket = waiting || (panel && panel.current);
    if (!ticket) return;
    transferring = waiting ? { ticket, waiting: true } : { ticket, waiting: false };
    const select = field("transfer-to");
    select.replaceChildren(...panel.transfer_to
      .filter((service) => service.id !== ticket.service.id)
      .map((service) => el("option", { value: service.id, text: `${service.prefix} ${nameOf(service)}` })));
    field("transfer-number").textContent = ticket.number;
    dialog.showModal();
  }
  dialog.addEventListener("close", () => {
    if (dialog.returnValue !== "confirm" || !transferring) return;
    const body = { service_id: Number(field("transfer-to").value) };
    if (transferring.waiting) hallAction(transferring.ticket, "transfer", body);
    else run(currentTicketPath("transfer"), body);
    transferring = null;
  });

  const handlers = {
    "call-next": () => run("call-next"),
    "finish-and-call-next": () => run("finish-and-call-next"),
    recall: () => run(currentTicketPath("recall")),
    start: () => run(currentTicketPath("start")),
    finish: () => run(currentTicketPath("finish")),
    "no-show": () => run(currentTicketPath("no-show")),
    hold: () => run(currentTicketPath("hold")),
    transfer: () => openTransfer(null),
    "call-back": () => panel && panel.held.length && run(`tickets/${panel.held[0].id}/call-back`),
    "record-matters": () => {}, // a plain form: the visit page opens in its own tab
    pause: () => run("pause"),
    resume: () => run("resume"),
    "sign-out": async () => {
      if (!confirm(t.confirm_leave)) return;
      try {
        await api(`${base}/sign-out`, { method: "POST" });
        window.location.href = root.dataset.chooseUrl;
      } catch (error) {
        say(error.message, "error");
      }
    },
  };

  root.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-action]");
    if (button && !button.disabled) handlers[button.dataset.action]();
  });

  root.querySelector('[data-form="call-number"]').addEventListener("submit", (event) => {
    event.preventDefault();
    const input = event.target.elements.number;
    const number = input.value.trim().toUpperCase();
    if (number) run("call-number", { number }).then(() => { input.value = ""; input.blur(); });
  });

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.altKey || event.metaKey || event.repeat) return;
    const target = event.target;
    if (target.matches("input, select, textarea") || dialog.open) {
      if (event.key === "Escape" && target.matches("input")) target.blur();
      return;
    }
    const key = event.key.toLowerCase();
    if (key === "c") {
      event.preventDefault();
      root.querySelector('[data-key-focus="c"]').focus();
      return;
    }
    const buttons = [...root.querySelectorAll(`button[data-key="${key}"]`)].filter((b) => !b.hidden && !b.disabled);
    if (buttons.length) {
      event.preventDefault();
      buttons[0].click();
    }
  });

  const socket = io("/counter", { transports: ["websocket", "polling"] });
  const connection = field("connection");
  socket.on("connect", () => { connection.className = "conn conn-on"; refresh(); });
  socket.on("disconnect", () => { connection.className = "conn conn-off"; say(t.offline, "error"); });
  for (const name of ["queue_changed", "counter_changed", "ticket_called", "resync"]) socket.on(name, refreshSoon);
  setInterval(refresh, 30000); // a safety net if an event is ever missed
  refresh();
})();
