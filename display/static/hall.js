/* The hall screen: latest calls, each window's number, queue lengths, clock, notice, voice. */
(function () {
  "use strict";
  const root = document.getElementById("hall-screen");
  const field = (name) => root.querySelector(`[data-field="${name}"]`);
  const STATE_WORDS = { closed: "暂未开放", paused: "暂停服务" };
  const RECENT_ROWS = 5;
  const announcer = new window.Announcer({ log: field("announcements") });
  let offlineTimer = null;

  function cell(tag, text, className) {
    const node = document.createElement(tag);
    node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function render(state) {
    field("hall-name").textContent = state.hall.name;
    const notice = field("notice");
    if (notice.textContent !== state.hall.notice) notice.textContent = state.hall.notice;

    const latest = state.recent_calls[0];
    field("latest-number").textContent = latest ? latest.number : "—";
    field("latest-counter").textContent = latest ? latest.counter_number : "—";
    field("latest-recall").hidden = !(latest && latest.recall);

    // Each number once (its latest call), so repeated recalls do not push everyone else off the screen.
    const shown = new Set(latest ? [latest.number] : []);
    const earlier = state.recent_calls.filter((call) => !shown.has(call.number) && shown.add(call.number));
    field("recent").replaceChildren(...earlier.slice(0, RECENT_ROWS).map((call) => {
      const row = document.createElement("tr");
      row.append(cell("td", call.number + (call.recall ? "（重呼）" : ""), "num"),
        cell("td", `${call.counter_number}号窗口`), cell("td", call.time || ""));
      return row;
    }));

    field("counters").replaceChildren(...state.counters.map((counter) => {
      const box = document.createElement("div");
      box.className = `d-counter state-${counter.state}${counter.ticket ? " busy" : ""}`;
      box.dataset.counter = counter.number;
      box.append(cell("span", `${counter.number}号窗口`, "d-counter-no"),
        cell("span", counter.ticket || STATE_WORDS[counter.state] || "空闲", counter.ticket ? "d-counter-ticket" : "d-counter-idle"),
        cell("span", counter.ticket && counter.state === "paused" ? STATE_WORDS.paused : counter.name, "d-counter-name"));
      return box;
    }));

    field("queues").replaceChildren(...state.queues.map((queue) => {
      const chip = cell("span", "", "d-queue");
      chip.dataset.service = queue.prefix;
      chip.append(cell("b", queue.prefix), ` ${queue.name} `, cell("strong", String(queue.waiting)), " 人等候");
      return chip;
    }));
  }

  function flash() {
    const latest = field("latest");
    latest.classList.remove("flash");
    void latest.offsetWidth; // restart the animation
    latest.classList.add("flash");
  }

  const live = new window.LiveHall(root.dataset.hall, {
    onState: render,
    onCall: (call) => { announcer.say(call); flash(); },
    onConnection: (up) => {
      field("connection").className = `d-status ${up ? "up" : "down"}`;
      // A banner only if the outage lasts: a blink during a server restart should not alarm the hall.
      clearTimeout(offlineTimer);
      if (up) field("offline").hidden = true;
      else offlineTimer = setTimeout(() => { field("offline").hidden = false; }, 5000);
    },
  });

  const soundButton = root.querySelector('[data-action="sound"]');
  soundButton.addEventListener("click", () => { announcer.enable(); soundButton.hidden = true; });

  // The hall's own time zone, whatever the screen's PC is set to (and the server's clock, not the PC's).
  function tick() {
    const now = live.now();
    const timeZone = live.state ? live.state.hall.timezone : undefined;
    field("date").textContent = now.toLocaleDateString("zh-CN", { timeZone, year: "numeric", month: "long", day: "numeric", weekday: "long" });
    field("time").textContent = now.toLocaleTimeString("zh-CN", { timeZone, hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });
  }
  setInterval(tick, 1000);
  tick();
  window.hallScreen = { live, announcer };
})();
