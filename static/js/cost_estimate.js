/* The expected cost of a request as it is typed, and of a stored booking: fetched from /billing/estimate/.
   Without JS the form still works; the cost then shows on the booking's page after it is stored. */
(function () {
  "use strict";
  var box = document.getElementById("cost-estimate");
  if (!box) { return; }
  var form = box.closest("form");
  var timer = null;

  function value(name) {
    if (!form) { return ""; }
    var checked = form.querySelector("input[name=" + name + "]:checked");
    if (checked) { return checked.value; }
    var field = form.querySelector("[name=" + name + "]");
    if (!field || field.type === "radio") { return ""; }
    if (field.type === "checkbox") { return field.checked ? "1" : ""; }
    return field.value;
  }

  function refresh() {
    var params = new URLSearchParams();
    if (form) {
      params.set("kind", box.dataset.kind || "interpreting");
      ["mode", "duration_minutes", "word_count", "certified"].forEach(function (name) {
        var v = value(name);
        if (v) { params.set(name, v); }
      });
      var day = value("date") || value("deadline").slice(0, 10);
      if (day) { params.set("date", day); }
    }
    fetch(box.dataset.url + (form ? "?" + params.toString() : ""), { credentials: "same-origin" })
      // a redirect (to the login page, when the session ended) is not an estimate: leave the box as it is
      .then(function (response) { return response.ok && !response.redirected ? response.text() : ""; })
      .then(function (html) { if (html) { box.innerHTML = html; } })
      .catch(function () { /* the estimate is a courtesy: leave the box as it is */ });
  }

  if (form) {
    form.addEventListener("change", function () {
      clearTimeout(timer);
      timer = setTimeout(refresh, 250);
    });
  }
  refresh();
})();
