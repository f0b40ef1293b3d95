// segraph serve's query editor: YASGUI on this server's endpoint (the server predeclares segraph's prefixes).
// The settings come from the page's JSON block (a data block: the page runs no inline script).
"use strict";
(function () {
  const settings = JSON.parse(document.getElementById("segraph-settings").textContent);
  const endpoint = new URL(settings.endpoint, window.location.href).href;
  // Suggestions of classes and properties come from a web service: not offline, not ours.
  Yasgui.Yasqe.defaults.autocompleters = ["prefixes", "variables"];
  window.segraphEditor = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: false,
    endpointCatalogueOptions: { getData: () => [{ endpoint: endpoint }], keys: [] },
    persistencyExpire: 0,
    yasqe: { value: settings.query },
  });
})();
