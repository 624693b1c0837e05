/* Accessibility helpers for every page (tests/e2e checks them; the pages work without them). */
(function () {
  "use strict";
  var label = document.documentElement.getAttribute("data-table-label") || "Tabel";

  /* A table that scrolls sideways on a phone must be reachable and scrollable with the keyboard. */
  document.querySelectorAll(".table-responsive").forEach(function (region) {
    if (!region.hasAttribute("tabindex")) { region.setAttribute("tabindex", "0"); }
    if (!region.hasAttribute("role")) { region.setAttribute("role", "region"); }
    if (!region.hasAttribute("aria-label") && !region.hasAttribute("aria-labelledby")) {
      var caption = region.querySelector("caption");
      var heading = region.previousElementSibling;
      var name = caption ? caption.textContent : (heading && /^H[1-6]$/.test(heading.tagName) ? heading.textContent : label);
      region.setAttribute("aria-label", name.trim());
    }
  });

  /* The menu marks the page you are on. */
  var here = window.location.pathname;
  var best = null;
  document.querySelectorAll("#mainnav .nav-link[href]").forEach(function (link) {
    var path = new URL(link.href, window.location.href).pathname;
    if ((here === path || (path !== "/" && here.indexOf(path) === 0)) && (!best || path.length > best.path.length)) {
      best = { link: link, path: path };
    }
  });
  if (best) { best.link.setAttribute("aria-current", "page"); }
})();
