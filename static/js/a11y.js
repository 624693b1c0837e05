/* Accessibility helpers for every page (tests/e2e checks them; the pages work without them). */
(function () {
  "use strict";
  var label = document.documentElement.getAttribute("data-table-label") || "Tabel";

  /* Wide tables scroll inside their own box on a phone instead of making the whole page scroll sideways. */
  document.querySelectorAll("main table").forEach(function (table) {
    if (table.closest(".table-responsive")) { return; }
    var box = document.createElement("div");
    box.className = "table-responsive";
    table.parentNode.insertBefore(box, table);
    box.appendChild(table);
  });

  /* A table that scrolls sideways on a phone must be reachable and scrollable with the keyboard. */
  var used = {};
  document.querySelectorAll(".table-responsive").forEach(function (region) {
    if (!region.hasAttribute("tabindex")) { region.setAttribute("tabindex", "0"); }
    if (!region.hasAttribute("role")) { region.setAttribute("role", "region"); }
    if (!region.hasAttribute("aria-label") && !region.hasAttribute("aria-labelledby")) {
      var caption = region.querySelector("caption");
      var heading = region.previousElementSibling;
      while (heading && !/^H[1-6]$/.test(heading.tagName) && heading.querySelector && !heading.querySelector("h1,h2,h3,h4,h5,h6")) {
        heading = heading.previousElementSibling;
      }
      if (heading && !/^H[1-6]$/.test(heading.tagName)) { heading = heading.querySelector("h1,h2,h3,h4,h5,h6"); }
      var name = caption ? caption.textContent : (heading && /^H[1-6]$/.test(heading.tagName) ? heading.textContent : label);
      name = name.trim();
      var box = region.parentElement && region.parentElement.closest(".card, section, article");
      var title = box && box.querySelector("h1, h2, h3, h4, h5, h6");
      if (used[name] && title && title.textContent.trim() !== name) { name = title.textContent.trim() + " — " + name; }
      used[name] = true;
      region.setAttribute("aria-label", name);
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
