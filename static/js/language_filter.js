/* Adds a search box above every language select; the select keeps working without it.
   The translated placeholder and label come from the script tag's data attributes. */
(function () {
  "use strict";
  var script = document.currentScript;
  var placeholder = (script && script.dataset.placeholder) || "";
  var label = (script && script.dataset.label) || "";
  document.querySelectorAll("select[data-language-filter]").forEach(function (select) {
    var box = document.createElement("input");
    box.type = "search";
    box.className = "form-control form-control-sm mb-1";
    box.placeholder = placeholder;
    box.setAttribute("aria-label", label);
    select.parentNode.insertBefore(box, select);
    box.addEventListener("input", function () {
      var needle = box.value.trim().toLowerCase();
      var first = null;
      select.querySelectorAll("option").forEach(function (option) {
        var show = !option.value || !needle || option.text.toLowerCase().indexOf(needle) !== -1 || option.value === needle;
        option.hidden = !show;
        if (show && option.value && !first) { first = option; }
      });
      if (needle && first) { select.value = first.value; }
    });
  });
})();
