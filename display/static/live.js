/* A hall's live state on a screen: a snapshot, then numbered events; any gap or reconnect -> new snapshot.
 *
 * Events carry the hall's sequence number (seq). One exactly after the last applied is applied; an old one
 * is ignored; a jump means something was missed, so the screen asks for a fresh snapshot. The screen also
 * re-syncs every few minutes and just after the hall's midnight, so it can stay open for days. */
(function () {
  "use strict";
  const RESYNC_MS = 5 * 60 * 1000;

  class LiveHall {
    constructor(hallCode, { onState, onCall, onConnection }) {
      this.hallCode = hallCode;
      this.state = null;
      this.seq = -1;
      this.onState = onState || (() => {});
      this.onCall = onCall || (() => {});
      this.onConnection = onConnection || (() => {});
      this.clockOffset = 0;
      this.pendingSnapshot = false;
      this.buffered = [];
      this.socket = io("/display", { auth: { hall: hallCode }, transports: ["websocket", "polling"] });
      this.socket.on("connect", () => { this.onConnection(true); this.requestSnapshot(); });
      this.socket.on("disconnect", () => this.onConnection(false));
      this.socket.on("ticket_called", (event) => this.receive(event, () => this.onCall(event)));
      this.socket.on("counter_changed", (event) => this.receive(event, () => this.mergeCounters(event.counters)));
      this.socket.on("queue_changed", (event) => this.receive(event, () => this.mergeQueues(event.queues)));
      this.socket.on("disconnect", () => { this.buffered = []; });
      setInterval(() => this.requestSnapshot(), RESYNC_MS);
    }

    now() {
      return new Date(Date.now() + this.clockOffset);
    }

    requestSnapshot() {
      if (this.pendingSnapshot || !this.socket.connected) return;
      this.pendingSnapshot = true;
      this.socket.timeout(10000).emit("snapshot", {}, (error, snapshot) => {
        this.pendingSnapshot = false;
        if (error || !snapshot) return;
        this.applySnapshot(snapshot);
      });
    }

    applySnapshot(snapshot) {
      this.state = snapshot;
      this.seq = snapshot.seq;
      this.clockOffset = new Date(snapshot.server_time).getTime() - Date.now();
      this.scheduleMidnight();
      this.onState(this.state, { snapshot: true });
      // Events that arrived while the snapshot was on its way: replay the ones it does not include yet.
      const waiting = this.buffered.sort((a, b) => a.event.seq - b.event.seq);
      this.buffered = [];
      for (const { event, apply } of waiting) this.receive(event, apply);
    }

    receive(event, apply) {
      if (this.pendingSnapshot || this.state === null) {
        this.buffered.push({ event, apply });
        this.requestSnapshot();
        return;
      }
      if (event.seq <= this.seq) return;
      if (event.seq !== this.seq + 1) {
        this.requestSnapshot();
        return;
      }
      this.seq = event.seq;
      if (event.number !== undefined) this.addCall(event);
      apply();
      this.onState(this.state, { snapshot: false });
    }

    addCall(call) {
      this.state.recent_calls = [call, ...this.state.recent_calls].slice(0, 8);
    }

    mergeCounters(counters) {
      const byId = new Map(counters.map((counter) => [counter.id, counter]));
      this.state.counters = this.state.counters.map((counter) => byId.get(counter.id) || counter);
    }

    mergeQueues(queues) {
      const byId = new Map(queues.map((queue) => [queue.id, queue]));
      this.state.queues = this.state.queues.map((queue) => byId.get(queue.id) || queue);
    }

    /* A fresh snapshot a few seconds after the hall's midnight: the new day's queues start empty. */
    scheduleMidnight() {
      clearTimeout(this.midnightTimer);
      const parts = new Intl.DateTimeFormat("en-GB", {
        timeZone: this.state.hall.timezone, hour: "numeric", minute: "numeric", second: "numeric", hourCycle: "h23",
      }).formatToParts(this.now());
      const value = (type) => Number(parts.find((part) => part.type === type).value);
      const secondsToday = value("hour") * 3600 + value("minute") * 60 + value("second");
      const untilMidnight = (86400 - secondsToday + 5) * 1000;
      this.midnightTimer = setTimeout(() => this.requestSnapshot(), untilMidnight);
    }
  }

  window.LiveHall = LiveHall;
})();
