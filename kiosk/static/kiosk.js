/* The kiosk: choose a service, choose normal or green channel, get a number and a printed slip. */
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

  const nameOf = (item) => (locale === "en" && item.name_en ? item.name_en : item.name);

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

  async function issue(priority) {
    if (issuing) return;
    issuing = true;
    try {
      const { ticket } = await api(root.dataset.issueUrl, { method: "POST", body: { service_id: chosen.id, priority } });
      lastTicket = ticket;
      field("number").textContent = ticket.number;
      field("ticket-service").textContent = nameOf(ticket.service);
      const ahead = ticket.people_ahead_at_issue;
      field("ahead").textContent = ahead === 0 ? t.ahead_none : ahead === 1 ? t.ahead_one : format(t.ahead, { count: ahead });
      field("estimate").textContent = ticket.estimate
        ? format(t.estimate, { low: ticket.estimate.low_minutes, high: ticket.estimate.high_minutes }) : t.no_estimate;
      show("ticket");
      print();
    } catch (error) {
      showError(error.message);
    } finally {
      issuing = false;
    }
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
    if (channel) issue(channel.dataset.channel);
    const action = event.target.closest("[data-action]");
    if (!action) return;
    ({
      back: () => show("services"),
      done: restart,
      reprint: print,
      dismiss: () => { field("error").hidden = true; show("services"); refreshMenu(); },
    })[action.dataset.action]();
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
  setInterval(refreshMenu, 60000);
  setInterval(tick, 1000);
  tick();
  renderMenu();
  show("services");
})();
