/* Pages about cases (inbox, front desk, one case, the resident's progress) follow changes live.
 *
 * The server sends "case_changed" (no personal data) to the rooms this connection may join; the page then
 * reloads itself, unless someone is typing into it: then a banner offers the reload instead, so a half-written
 * reason is never lost.
 */
(function () {
  "use strict";
  const root = document.querySelector("[data-live-refresh]");
  if (!root || typeof io === "undefined") return;

  const auth = root.dataset.visit ? { visit: root.dataset.visit } : {};
  const socket = io(root.dataset.namespace, { auth, transports: ["websocket", "polling"] });
  let banner = null;

  function busy() {
    const active = document.activeElement;
    if (active && ["INPUT", "TEXTAREA", "SELECT"].includes(active.tagName)) return true;
    return Array.from(document.querySelectorAll("input[type=text], input:not([type]), textarea")).some(
      (field) => field.value && field.value !== field.defaultValue);
  }

  function showBanner() {
    if (banner) return;
    banner = document.createElement("p");
    banner.className = "flash flash-info live-banner";
    banner.setAttribute("role", "status");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "link";
    button.textContent = document.documentElement.lang === "en" ? "Something changed: reload" : "内容有更新，点击刷新";
    button.addEventListener("click", () => window.location.reload());
    banner.appendChild(button);
    root.prepend(banner);
  }

  socket.on("case_changed", () => {
    if (busy()) showBanner();
    else window.location.reload();
  });
  window.__liveRefreshConnected = () => socket.connected;
})();
