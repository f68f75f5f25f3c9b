/* The kiosk: choose a service, choose normal or green channel, (where the hall asks) type an ID card or
   mobile number, get a number and a printed slip. Someone who already holds a number for the service is
   told so and may print its slip again. */
(function () {
  "use strict";
  const { api, strings, format, el, debounce } = window.Hall;
  const root = document.getElementById("kiosk");
  const t = strings();
  const locale = root.dataset.locale;
  const field = (name) => root.querySelector(`[data-field="${name}"]`);
  let menu = JSON.parse(document.getElementById("menu").textContent);
  let chosen = null;
  let lastTicket = null;
  let idleTimer = null;
  let issuing = false;
  let priority = "normal";
  // What the resident typed at the identity step: sent with the request, kept only until the page restarts.
  let identity = "";
  const ID_LENGTH = 18;

  const nameOf = (item) => (locale === "en" && item.name_en ? item.name_en : item.name);

  const identityMode = () => (menu.hall && menu.hall.kiosk_identity) || root.dataset.identity || "off";

  function show(screen) {
    for (const section of root.querySelectorAll("[data-screen]")) section.hidden = section.dataset.screen !== screen;
    root.dataset.current = screen;
    armIdle(screen === "ticket" ? Number(root.dataset.ticketSeconds) : Number(root.dataset.idle));
  }

  /* Untouched for a while: back to the start, in Chinese, for the next resident. On the start screen
     itself only a kiosk left in English needs resetting. */
  function armIdle(seconds) {
    clearTimeout(idleTimer);
    if (root.dataset.current === "services" && locale !== "en") return;
    idleTimer = setTimeout(restart, seconds * 1000);
  }

  /* A fresh page: fresh services, fresh session, default language. */
  function restart() {
    window.location.href = root.dataset.startUrl;
  }

  function serviceButton(service) {
    const unavailable = !service.open ? `${t.closed} · ${t.hours} ${service.hours}`
      : service.cap_left === 0 ? t.sold_out : null;
    return el("button", {
      type: "button", class: "k-service-btn", disabled: Boolean(unavailable),
      "data-service-id": service.id, onclick: () => choose(service),
    },
    el("span", { class: "k-prefix", text: service.prefix }),
    el("span", { class: "k-name", text: nameOf(service) }),
    el("span", { class: "k-desc", text: unavailable || (locale === "en" && service.description_en) || service.description || "" }),
    el("span", { class: "k-wait", text: format(t.waiting, { count: service.waiting }) }));
  }

  function renderMenu() {
    field("departments").replaceChildren(...menu.departments.map((department) =>
      el("section", { class: department.id === null ? "k-dept k-general" : "k-dept" },
        el("h2", { text: nameOf(department) }),
        el("div", { class: "k-grid" }, ...department.services.map(serviceButton)))));
  }

  function choose(service) {
    chosen = service;
    field("chosen-service").textContent = `${service.prefix} · ${nameOf(service)}`;
    root.querySelector('[data-channel="green"]').hidden = !service.green_channel;
    show("channel");
  }

  function takeNumber(channel) {
    priority = channel;
    identity = "";
    if (identityMode() === "off") {
      issue();
      return;
    }
    root.querySelector('[data-action="skip-identity"]').hidden = identityMode() !== "optional";
    renderEntry("");
    show("identity");
  }

  /* Digits in groups, as printed on the card or said on the phone: 330106 19900307 123X, 138 1234 5678. */
  function grouped(value) {
    const cuts = value.length > 11 ? [6, 14] : [3, 7];
    return [value.slice(0, cuts[0]), value.slice(cuts[0], cuts[1]), value.slice(cuts[1])].filter(Boolean).join(" ");
  }

  function renderEntry(error) {
    field("identity-entry").textContent = grouped(identity);
    field("identity-error").textContent = error || "";
    // X is only ever the last character of an ID card number.
    root.querySelector('[data-key="X"]').disabled = identity.length !== ID_LENGTH - 1;
  }

  function typeKey(key) {
    if (key === "delete") identity = identity.slice(0, -1);
    else if (identity.length < ID_LENGTH && (key !== "X" || identity.length === ID_LENGTH - 1)) identity += key;
    renderEntry("");
  }

  function showTicket(ticket) {
    lastTicket = ticket;
    field("number").textContent = ticket.number;
    field("ticket-service").textContent = nameOf(ticket.service);
    const ahead = ticket.people_ahead;
    field("ahead").textContent = ticket.counter ? format(t.called_to, { counter: ticket.counter.number })
      : ahead === 0 ? t.ahead_none : ahead === 1 ? t.ahead_one : format(t.ahead, { count: ahead });
    field("estimate").textContent = ticket.counter ? ""
      : ticket.estimate ? format(t.estimate, { low: ticket.estimate.low_minutes, high: ticket.estimate.high_minutes })
        : t.no_estimate;
    show("ticket");
    print();
  }

  function showAlready(error) {
    const details = error.details || {};
    field("already-text").textContent = error.message;
    field("already-number").textContent = details.number || "";
    const again = details.reprint !== false;
    field("already-question").textContent = again ? t.reprint_ask : t.no_more_reprints;
    root.querySelector('[data-action="reprint-held"]').hidden = !again;
    show("already");
  }

  async function issue() {
    if (issuing) return;
    issuing = true;
    try {
      const body = { service_id: chosen.id, priority };
      if (identity) body.identity = identity;
      const { ticket } = await api(root.dataset.issueUrl, { method: "POST", body });
      showTicket(ticket);
    } catch (error) {
      failed(error);
    } finally {
      issuing = false;
    }
  }

  async function reprintHeld() {
    if (issuing) return;
    issuing = true;
    try {
      const { ticket } = await api(root.dataset.reprintUrl, { method: "POST", body: { service_id: chosen.id, identity } });
      showTicket(ticket);
    } catch (error) {
      failed(error);
    } finally {
      issuing = false;
    }
  }

  function failed(error) {
    if (error.code === "already_waiting") showAlready(error);
    else if (root.dataset.current === "identity" && error.details && error.details.field === "identity") {
      renderEntry(error.message); // a typing slip: correct it here, the digits are still there
    } else showError(error.message);
  }

  function print() {
    if (!lastTicket) return;
    const frame = field("print-frame");
    field("print-state").textContent = t.printing;
    frame.onload = () => {
      try {
        if (root.dataset.autoprint !== "0") frame.contentWindow.print();
        field("print-state").textContent = t.printed;
      } catch (error) {
        field("print-state").textContent = t.print_failed;
      }
    };
    frame.src = lastTicket.slip_url;
  }

  function showError(message) {
    field("error-text").textContent = message;
    field("error").hidden = false;
    armIdle(Number(root.dataset.idle));
  }

  root.addEventListener("click", (event) => {
    armIdle(root.dataset.current === "ticket" ? Number(root.dataset.ticketSeconds) : Number(root.dataset.idle));
    const channel = event.target.closest("[data-channel]");
    if (channel) takeNumber(channel.dataset.channel);
    const key = event.target.closest("[data-key]");
    if (key && !key.disabled) typeKey(key.dataset.key);
    const action = event.target.closest("[data-action]");
    if (!action) return;
    ({
      back: () => { identity = ""; show("services"); },
      done: restart,
      "no-reprint": restart,
      reprint: print,
      "reprint-held": reprintHeld,
      "skip-identity": () => { identity = ""; issue(); },
      "submit-identity": issue,
      dismiss: () => { field("error").hidden = true; identity = ""; show("services"); refreshMenu(); },
    })[action.dataset.action]();
  });

  /* An ID card reader types the number like a keyboard and presses Enter; a keyboard works the same way. */
  document.addEventListener("keydown", (event) => {
    if (root.dataset.current !== "identity" || !field("error").hidden) return;
    armIdle(Number(root.dataset.idle));
    if (/^[0-9]$/.test(event.key)) typeKey(event.key);
    else if (event.key === "x" || event.key === "X") typeKey("X");
    else if (event.key === "Backspace") typeKey("delete");
    else if (event.key === "Enter") issue();
    else return;
    event.preventDefault();
  });

  async function refreshMenu() {
    try {
      menu = await api(root.dataset.menuUrl);
      clockOffset = new Date(menu.server_time).getTime() - Date.now();
      root.querySelector(".k-head h1").textContent = menu.hall.name;
      renderMenu();
    } catch (error) { /* keep the last menu; the next change retries */ }
  }
  const refreshSoon = debounce(refreshMenu, 500);

  // Server time in the hall's time zone, whatever the kiosk PC's clock and zone say.
  let clockOffset = new Date(menu.server_time).getTime() - Date.now();
  function tick() {
    field("clock").textContent = new Date(Date.now() + clockOffset).toLocaleString(locale === "en" ? "en-GB" : "zh-CN", {
      timeZone: menu.hall.timezone, month: "long", day: "numeric", weekday: "long", hour: "2-digit", minute: "2-digit",
      hour12: false,
    });
  }

  const socket = io("/display", { auth: { hall: root.dataset.hall }, transports: ["websocket", "polling"] });
  socket.on("queue_changed", refreshSoon);
  socket.on("hall_changed", refreshSoon); // a manager changed services or hours: show it without a reload
  socket.on("connect", refreshSoon);
  socket.on("resync", refreshSoon); // the server lost its message queue a while: queue lengths may be stale
  setInterval(refreshMenu, 60000);
  setInterval(tick, 1000);
  tick();
  renderMenu();
  show("services");
})();
