/* Address and postcode only matter on site: hide them for phone and video, and the number or link for on site
   (without JS they simply stay).
   Picking a saved place fills its address and postcode (without JS the server does the same). */
(function () {
  "use strict";
  var place = document.getElementById("fieldset-place");
  var connection = document.getElementById("div_id_connection_details");
  var radios = document.querySelectorAll("input[name=mode]");
  function update() {
    var checked = document.querySelector("input[name=mode]:checked");
    place.hidden = checked && checked.value !== "on_site";
    if (connection) { connection.hidden = checked && checked.value === "on_site"; }
  }
  radios.forEach(function (radio) { radio.addEventListener("change", update); });
  if (place) { update(); }

  var picker = document.querySelector("select[name=saved_place][data-places]");
  if (picker) {
    var places = JSON.parse(picker.dataset.places);
    picker.addEventListener("change", function () {
      var chosen = places[picker.value];
      if (!chosen) { return; }
      document.querySelector("input[name=address]").value = chosen.address;
      document.querySelector("input[name=postcode]").value = chosen.postcode;
    });
  }
})();
