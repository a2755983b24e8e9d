// The meeting place form's "drop a pin" map: progressive enhancement only. Without this file
// (or without a tile server, MAP_TILE_URL) the latitude and longitude fields work as they are.
(function () {
  "use strict";

  // Loaded with defer (templates/_partials/pin_map_scripts.html): the page is parsed by now.
  var container = document.getElementById("place-map");
  var latitude = document.getElementById("id_latitude");
  var longitude = document.getElementById("id_longitude");
  if (!container || !latitude || !longitude || !window.L || !container.dataset.tileUrl) {
    return;
  }
  container.hidden = false;
  container.setAttribute("role", "application");
  container.setAttribute("aria-label", container.dataset.label || "");
  var help = document.querySelector(".place-map__help");
  if (help) {
    help.hidden = false;
  }
  var lat = parseFloat(latitude.value);
  var lon = parseFloat(longitude.value);
  var hasPoint = !isNaN(lat) && !isNaN(lon);
  // Central Finland when there is no point yet.
  var centre = hasPoint ? [lat, lon] : [62.24, 25.75];
  var map = window.L.map(container).setView(centre, hasPoint ? 15 : 6);
  window.L.tileLayer(container.dataset.tileUrl, {
    attribution: container.dataset.attribution || "",
    maxZoom: 19,
  }).addTo(map);
  var marker = null;

  function round(value) {
    return Math.round(value * 1e6) / 1e6;
  }

  function place(latlng) {
    if (!marker) {
      marker = window.L.marker(latlng, { draggable: true, keyboard: true }).addTo(map);
      marker.on("dragend", function () {
        fill(marker.getLatLng());
      });
    } else {
      marker.setLatLng(latlng);
    }
  }

  function fill(latlng) {
    latitude.value = round(latlng.lat);
    longitude.value = round(latlng.lng);
    latitude.dispatchEvent(new Event("change", { bubbles: true }));
  }

  if (hasPoint) {
    place(centre);
  }
  map.on("click", function (event) {
    place(event.latlng);
    fill(event.latlng);
  });
  function fromFields() {
    var a = parseFloat(latitude.value);
    var b = parseFloat(longitude.value);
    if (!isNaN(a) && !isNaN(b)) {
      place([a, b]);
      map.setView([a, b]);
    }
  }
  latitude.addEventListener("change", fromFields);
  longitude.addEventListener("change", fromFields);
})();
