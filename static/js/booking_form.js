/* Address and postcode only matter on site: hide them for phone and video (without JS they simply stay). */
(function () {
  "use strict";
  var place = document.getElementById("fieldset-place");
  var radios = document.querySelectorAll("input[name=mode]");
  function update() {
    var checked = document.querySelector("input[name=mode]:checked");
    place.hidden = checked && checked.value !== "on_site";
  }
  radios.forEach(function (radio) { radio.addEventListener("change", update); });
  if (place) { update(); }
})();
