/* A hall's live state on a screen: a snapshot, then numbered events; gaps are repaired, calls never lost.
 *
 * Events carry the hall's sequence number (seq), in commit order. An event exactly one after the last
 * applied is applied; an older one is ignored. A later one waits briefly in a reorder buffer (two app
 * processes may deliver neighbouring events in the wrong order); if the missing event does not come, the
 * screen takes a fresh snapshot. Calls are announced once each (keyed by number and time), whether they
 * arrive as events or only through a snapshot, so a resident is never skipped by a repair. The screen also
 * re-syncs every few minutes and just after the hall's midnight, so it can stay open for days. */
(function () {
  "use strict";
  const RESYNC_MS = 5 * 60 * 1000;
  const GAP_WAIT_MS = 1000;
  const RESYNC_SPREAD_MS = 2000;
  const SNAPSHOT_RETRY_MS = 10000;
  const ANNOUNCE_WITHIN_MS = 2 * 60 * 1000; // calls older than this, seen in a snapshot, are not read out

  const callKey = (call) => `${call.number}|${call.at}`;

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
      this.duringSnapshot = [];
      this.reorder = new Map();
      this.gapTimer = null;
      this.announced = new Set();
      this.socket = io("/display", { auth: { hall: hallCode }, transports: ["websocket", "polling"] });
      this.socket.on("connect", () => { this.onConnection(true); this.requestSnapshot(); });
      this.socket.on("disconnect", () => { this.onConnection(false); this.duringSnapshot = []; });
      this.socket.on("ticket_called", (event) => this.receive(event, () => this.addCall(event)));
      this.socket.on("counter_changed", (event) => this.receive(event, () => this.mergeCounters(event.counters)));
      this.socket.on("queue_changed", (event) => this.receive(event, () => this.mergeQueues(event.queues)));
      // The configuration changed (windows, services, notice): take it all again.
      this.socket.on("hall_changed", (event) => this.receive(event, () => this.reloadAfter()));
      // The server lost its message queue for a while (Redis restarted): events may be missing, even in a quiet
      // hall with no next event to reveal the gap. Spread out, so a room of screens does not ask at once.
      this.socket.on("resync", () => setTimeout(() => this.requestSnapshot(), Math.random() * RESYNC_SPREAD_MS));
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
        if (error || !snapshot || snapshot.error) {
          // No answer, or the server could not read the hall (its database away): keep what is shown, ask again.
          clearTimeout(this.retryTimer);
          this.retryTimer = setTimeout(() => this.requestSnapshot(), SNAPSHOT_RETRY_MS + Math.random() * 2000);
          return;
        }
        this.applySnapshot(snapshot);
      });
    }

    applySnapshot(snapshot) {
      const first = this.state === null;
      this.state = snapshot;
      this.seq = snapshot.seq;
      this.clockOffset = new Date(snapshot.server_time).getTime() - Date.now();
      this.scheduleMidnight();
      this.clearGap();
      for (const seq of [...this.reorder.keys()]) if (seq <= this.seq) this.reorder.delete(seq);
      // Calls the snapshot knows and this screen has not read out: announce them (not at first load).
      const unheard = snapshot.recent_calls.filter((call) => !this.announced.has(callKey(call)));
      for (const call of unheard.reverse()) {
        this.announced.add(callKey(call));
        if (!first && this.now() - new Date(call.at) < ANNOUNCE_WITHIN_MS) this.onCall(call);
      }
      this.onState(this.state, { snapshot: true });
      // Events that arrived while the snapshot was on its way: replay those it does not include yet.
      const waiting = this.duringSnapshot;
      this.duringSnapshot = [];
      for (const { event, apply } of waiting) this.receive(event, apply);
    }

    receive(event, apply) {
      if (this.pendingSnapshot || this.state === null) {
        this.duringSnapshot.push({ event, apply });
        this.requestSnapshot();
        return;
      }
      if (event.seq <= this.seq) return;
      this.reorder.set(event.seq, { event, apply });
      while (this.reorder.has(this.seq + 1)) {
        const next = this.reorder.get(this.seq + 1);
        this.reorder.delete(this.seq + 1);
        this.seq = next.event.seq;
        next.apply();
        this.onState(this.state, { snapshot: false });
      }
      if (this.reorder.size === 0) {
        this.clearGap();
      } else if (!this.gapTimer) {
        this.gapTimer = setTimeout(() => { this.gapTimer = null; if (this.reorder.size) this.requestSnapshot(); },
          GAP_WAIT_MS);
      }
    }

    reloadAfter() {
      setTimeout(() => this.requestSnapshot(), 0); // after the events already queued are applied
    }

    clearGap() {
      clearTimeout(this.gapTimer);
      this.gapTimer = null;
    }

    addCall(call) {
      const key = callKey(call);
      this.state.recent_calls = [call, ...this.state.recent_calls.filter((c) => callKey(c) !== key)].slice(0, 8);
      if (this.announced.has(key)) return;
      this.announced.add(key);
      if (this.announced.size > 500) this.announced = new Set([...this.announced].slice(-200));
      this.onCall(call);
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
      this.midnightTimer = setTimeout(() => this.requestSnapshot(), (86400 - secondsToday + 5) * 1000);
    }
  }

  window.LiveHall = LiveHall;
})();
