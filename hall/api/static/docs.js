/* The API docs page: Swagger UI (vendored from npm, see vendor.json) reading this app's own OpenAPI document. */
(function () {
  "use strict";
  const root = document.getElementById("api-docs");
  if (!root || typeof window.SwaggerUIBundle !== "function") return; // assets not fetched: the link stays
  root.replaceChildren();
  window.SwaggerUIBundle({
    url: root.dataset.specUrl,
    domNode: root,
    deepLinking: true,
    validatorUrl: null, // never send the document to an outside validator: halls have no internet
    tryItOutEnabled: false,
    presets: [window.SwaggerUIBundle.presets.apis],
  });
})();
