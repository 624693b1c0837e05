/* The language menu switches as soon as a language is chosen (no inline handler, so a strict CSP allows it). */
(function () {
  "use strict";
  var select = document.getElementById("language-select");
  if (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  }
})();
