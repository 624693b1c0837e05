/* Live parts of a page: an element with data-live-url is refreshed from that JSON answer ({html, done}) every
   data-live-seconds seconds until `done`, without reloading the page. Without JS the page shows what it had
   when it loaded, and a reload shows the rest. */
(function () {
  "use strict";
  document.querySelectorAll("[data-live-url]").forEach(function (box) {
    var seconds = parseFloat(box.getAttribute("data-live-seconds") || "2");
    function refresh() {
      fetch(box.getAttribute("data-live-url"), { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (body) {
          if (body && body.html !== undefined && box.innerHTML !== body.html) { box.innerHTML = body.html; }
          if (!body || !body.done) { window.setTimeout(refresh, seconds * 1000); }
        })
        .catch(function () { window.setTimeout(refresh, seconds * 4000); });
    }
    if (box.getAttribute("data-live-done") !== "1") { window.setTimeout(refresh, seconds * 1000); }
  });
})();
