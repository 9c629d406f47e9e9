// The query page of `collab-graph serve`: YASGUI (bundled, no CDN) on this endpoint, with the
// query library's examples. Loaded as a file, so the page's Content-Security-Policy can forbid inline scripts.
(function () {
  "use strict";
  var examples = JSON.parse(document.getElementById("examples-data").textContent);
  var endpoint = window.location.origin + window.location.pathname.replace(/\/+$/, "");
  // Only the completer that works offline: the others ask prefix.cc and LOV on the network.
  Yasgui.Yasqe.defaults.autocompleters = Yasgui.Yasqe.defaults.autocompleters.filter(function (n) { return n === "variables"; });
  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    persistenceId: null,
    populateFromUrl: false,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    yasqe: { collapsePrefixesOnLoad: true, value: examples.length ? examples[0].sparql : "SELECT * WHERE { ?s ?p ?o } LIMIT 10" },
  });
  window.yasgui = yasgui;
  var select = document.getElementById("examples");
  select.addEventListener("change", function () {
    var chosen = examples.filter(function (e) { return e.name === select.value; })[0];
    if (!chosen) return;
    var tab = yasgui.getTab();
    tab.setQuery(chosen.sparql);
    var yasqe = tab.getYasqe();
    if (yasqe && yasqe.collapsePrefixes) yasqe.collapsePrefixes(true);  // the project's prefixes, folded: the question shows
    tab.query();
  });
})();
