/* The report pages' "print or PDF" buttons (no inline handler, so a strict CSP allows it). The language menu has a
   button of its own and does not submit itself on change: a change of setting does not change the page unasked
   (WCAG 3.2.2). */
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
})();
