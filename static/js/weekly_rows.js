/* "Another period": one more empty row of weekly hours per click (the formset's empty form). Without JS the page
   keeps its one empty row, and saving gives a new one. */
(function () {
  "use strict";
  var button = document.getElementById("weekly-add");
  var template = document.getElementById("weekly-row-template");
  var total = document.getElementById("id_hours-TOTAL_FORMS");
  if (!button || !template || !total) { return; }
  button.hidden = false;
  button.addEventListener("click", function () {
    var index = parseInt(total.value, 10);
    var html = template.innerHTML.replace(/__prefix__/g, String(index));
    document.getElementById("weekly-rows").insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    var rows = document.querySelectorAll("#weekly-rows .weekly-row");
    var select = rows[rows.length - 1].querySelector("select");
    if (select) { select.focus(); }
  });
})();
