/* Voice announcements for the hall screen: a chime, then zh-CN speech, one at a time, never cut off.
 *
 * Browsers only speak after someone has touched the page once (autoplay policy), so the screen shows a
 * button until then; a hall PC can skip it with Chromium's --autoplay-policy=no-user-gesture-required.
 * Speech comes from the browser's own voices (no online service). Without a Chinese voice the chime
 * still plays and the call is shown on screen. */
(function () {
  "use strict";
  const DIGITS = "零一二三四五六七八九";

  /* "A012" -> "A零一二": digits one by one, as halls announce them. */
  function spokenNumber(number) {
    return String(number).replace(/\d/g, (digit) => DIGITS[Number(digit)]);
  }

  function announcementText(call) {
    const text = `请${spokenNumber(call.number)}号，到${call.counter_number}号窗口办理`;
    return call.recall ? `重呼，${text}` : text;
  }

  class Announcer {
    constructor({ log, repeat = 2 }) {
      this.queue = [];
      this.playing = false;
      this.log = log;
      this.repeat = repeat;
      this.audio = null;
      this.enabled = false;
    }

    enable() {
      const AudioContext = window.AudioContext || window.webkitAudioContext;
      if (AudioContext && !this.audio) this.audio = new AudioContext();
      if (this.audio && this.audio.state === "suspended") this.audio.resume();
      this.enabled = true;
      this.next();
    }

    say(call) {
      const text = announcementText(call);
      if (this.log) {
        this.log.append(Object.assign(document.createElement("li"), { textContent: text }));
        while (this.log.children.length > 20) this.log.firstElementChild.remove();
      }
      this.queue.push(text);
      this.next();
    }

    async next() {
      if (this.playing || !this.queue.length) return;
      this.playing = true;
      const text = this.queue.shift();
      try {
        if (this.enabled) {
          await this.chime();
          for (let i = 0; i < this.repeat; i += 1) await this.speak(text);
        }
      } finally {
        this.playing = false;
        this.next();
      }
    }

    chime() {
      if (!this.audio) return Promise.resolve();
      const start = this.audio.currentTime + 0.05;
      [[659.25, 0], [523.25, 0.45]].forEach(([frequency, offset]) => {
        const oscillator = this.audio.createOscillator();
        const gain = this.audio.createGain();
        oscillator.type = "sine";
        oscillator.frequency.value = frequency;
        gain.gain.setValueAtTime(0.0001, start + offset);
        gain.gain.exponentialRampToValueAtTime(0.4, start + offset + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.8);
        oscillator.connect(gain).connect(this.audio.destination);
        oscillator.start(start + offset);
        oscillator.stop(start + offset + 0.85);
      });
      return new Promise((resolve) => setTimeout(resolve, 1300));
    }

    speak(text) {
      const synth = window.speechSynthesis;
      if (!synth) return Promise.resolve();
      return new Promise((resolve) => {
        const utterance = new SpeechSynthesisUtterance(text);
        utterance.lang = "zh-CN";
        utterance.rate = 0.9;
        const voice = synth.getVoices().find((v) => v.lang && v.lang.toLowerCase().startsWith("zh"));
        if (voice) utterance.voice = voice;
        // A voice that never reports its end must not stall the queue: give up after a generous time.
        const fallback = setTimeout(resolve, 1000 + text.length * 400);
        utterance.onend = utterance.onerror = () => { clearTimeout(fallback); resolve(); };
        synth.speak(utterance);
      });
    }
  }

  window.Announcer = Announcer;
  window.announcementText = announcementText;
})();
