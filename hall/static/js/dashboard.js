/* The manager's live dashboard: re-reads the hall's figures after every change it hears of, and every 30 s
 * (waits grow by themselves). Everything is text built with el(): nothing from the server is parsed as HTML. */
(function () {
  "use strict";
  const { api, strings, format, el, debounce } = window.Hall;
  const root = document.getElementById("dashboard");
  const t = strings();
  const list = (name) => root.querySelector(`[data-list="${name}"]`);
  const field = (name) => root.querySelector(`[data-field="${name}"]`);

  function render(data) {
    field("time").textContent = data.time;
    const totals = data.totals;
    field("totals").replaceChildren(...["issued", "waiting", "served", "no_show", "cases_accepted", "ratings", "satisfaction", "bad_ratings"]
      .map((key) => el("div", { class: `figure figure-${key}`, "data-figure": key },
        el("strong", { text: totals[key] === null ? "—" : `${totals[key]}${key === "satisfaction" ? "%" : ""}` }), t[key])));
    list("windows").replaceChildren(...data.windows.map((w) => el("tr", { "data-window": String(w.number) },
      el("td", { text: `${w.number} ${w.name}` }), el("td", { text: t[w.state] || w.state }), el("td", { text: w.clerk }),
      el("td", { text: w.ticket ? `${w.ticket} · ${t[w.ticket_state] || ""}` : "—" }),
      el("td", { text: w.since ? `${w.since} (${w.minutes} ${t.minutes})` : "" }))));
    list("queues").replaceChildren(...data.queues.map((q) => el("tr", { class: q.over_target ? "over" : "", "data-queue": q.prefix },
      el("td", { text: `${q.prefix} ${q.name}` }), el("td", { text: String(q.waiting) }),
      el("td", { text: q.waiting ? `${q.longest_wait} ${t.minutes}` : "—" }))));
    const alerts = data.alerts.map((a) => {
      const text = format(t[`alert_${a.kind}`], { ...a, level: a.level_name || a.level, target: data.hall.target });
      const link = a.kind === "bad_rating" ? root.dataset.followUpsUrl
        : a.case_id ? root.dataset.caseUrl.replace(/0$/, String(a.case_id)) : null;
      return el("li", { class: `alert alert-${a.kind}`, "data-alert": a.kind }, link ? el("a", { href: link, text }) : text);
    });
    list("alerts").replaceChildren(...(alerts.length ? alerts : [el("li", { class: "muted", text: t.none })]));
  }

  async function refresh() {
    try { render(await api(root.dataset.url)); } catch (error) { /* keep the last figures */ }
  }
  const refreshSoon = debounce(refresh, 300);
  render(JSON.parse(document.getElementById("dashboard-data").textContent));

  const socket = io("/counter", { auth: { hall: root.dataset.hall }, transports: ["websocket", "polling"] });
  const connection = field("connection");
  socket.on("connect", () => { connection.className = "conn conn-on"; refresh(); });
  socket.on("disconnect", () => { connection.className = "conn conn-off"; });
  const events = ["ticket_called", "counter_changed", "queue_changed", "rating_received", "hall_changed", "resync"];
  for (const name of events) {
    socket.on(name, refreshSoon);
  }
  setInterval(refresh, 30000);
})();
