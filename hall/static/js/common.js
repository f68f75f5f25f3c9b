/* Small helpers shared by the hall's pages: JSON API calls with CSRF, translated strings, timing. */
(function () {
  "use strict";

  function csrfToken() {
    const meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : "";
  }

  class ApiError extends Error {
    constructor(status, code, message, details) {
      super(message);
      this.status = status;
      this.code = code;
      this.details = details || {};
    }
  }

  async function api(url, { method = "GET", body } = {}) {
    const options = { method, headers: { Accept: "application/json" }, credentials: "same-origin" };
    if (method !== "GET") {
      options.headers["X-CSRFToken"] = csrfToken();
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body || {});
    }
    let response;
    try {
      response = await fetch(url, options);
    } catch (networkError) {
      throw new ApiError(0, "network", strings().offline || "Network error");
    }
    const data = await response.json().catch(() => ({}));
    if (!response.ok) {
      const error = data.error || {};
      throw new ApiError(response.status, error.code || "error", error.message || response.statusText, error.details);
    }
    return data;
  }

  let cachedStrings = null;
  function strings() {
    if (cachedStrings === null) {
      const node = document.getElementById("i18n");
      cachedStrings = node ? JSON.parse(node.textContent) : {};
    }
    return cachedStrings;
  }

  function format(template, values) {
    return String(template).replace(/\{(\w+)\}/g, (_, key) => (key in values ? values[key] : ""));
  }

  function debounce(fn, ms) {
    let timer = null;
    return function (...args) {
      clearTimeout(timer);
      timer = setTimeout(() => fn.apply(this, args), ms);
    };
  }

  /* Create an element: el("li", {class: "x", text: "y"}, child, ...). Text is never parsed as HTML. */
  function el(tag, attributes = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attributes)) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "text") node.textContent = value;
      else if (key === "class") node.className = value;
      else if (key.startsWith("data-") || key === "type" || key === "title" || key === "lang" || key.startsWith("aria-")) node.setAttribute(key, value);
      else node[key] = value;
    }
    for (const child of children) if (child !== null && child !== undefined) node.append(child);
    return node;
  }

  window.Hall = { api, ApiError, strings, format, debounce, el, csrfToken };
})();
