/* The language fields suggest from the whole catalogue while one types: the server's search (names in Dutch,
   French and English, aliases, codes) replaces the field's <datalist> options. Without this script the
   field keeps the service's list as suggestions and the server reads any name typed. */
(function () {
  "use strict";
  document.querySelectorAll("input[data-language-search]").forEach(function (input) {
    var list = document.getElementById(input.getAttribute("list"));
    if (!list) { return; }
    var initial = Array.prototype.slice.call(list.children);
    var timer = null;
    var asked = "";
    function show(options) {
      list.replaceChildren.apply(list, options);
    }
    function search() {
      var text = input.value.trim();
      if (text.length < 2) { show(initial); return; }
      asked = text;
      fetch(input.dataset.languageSearch + "?q=" + encodeURIComponent(text), {
        credentials: "same-origin",
        headers: { Accept: "application/json" }
      }).then(function (response) {
        return response.ok ? response.json() : { results: [] };
      }).then(function (answer) {
        if (asked !== text) { return; }
        show(answer.results.map(function (result) {
          var option = document.createElement("option");
          option.value = result.name;
          if (result.matched && result.name.toLowerCase().indexOf(result.matched) === -1) {
            option.label = result.matched;
          }
          return option;
        }));
      }).catch(function () { show(initial); });
    }
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(search, 150);
    });
  });
})();
