// A meeting place's point on a map, only when the visitor asks for it and only when the site
// has a tile server (MAP_TILE_URL). Leaflet comes from our own static files; no tile is
// requested before the button is pressed. Without JavaScript the plain OpenStreetMap link
// on the page does the same job.
(function () {
  "use strict";

  function load(tag, attributes) {
    return new Promise(function (resolve, reject) {
      var element = document.createElement(tag);
      Object.keys(attributes).forEach(function (name) {
        element[name] = attributes[name];
      });
      element.onload = resolve;
      element.onerror = reject;
      document.head.appendChild(element);
    });
  }

  function show(button) {
    var data = button.dataset;
    var box = document.getElementById(data.mapTarget);
    button.disabled = true;
    Promise.all([
      load("link", { rel: "stylesheet", href: data.leafletCss }),
      window.L ? Promise.resolve() : load("script", { src: data.leafletJs }),
    ])
      .then(function () {
        box.hidden = false;
        var point = [parseFloat(data.lat), parseFloat(data.lon)];
        var map = window.L.map(box, { scrollWheelZoom: false }).setView(point, 16);
        window.L.tileLayer(data.tiles, { attribution: data.attribution, maxZoom: 19 }).addTo(map);
        window.L.marker(point, { alt: data.name, title: data.name }).addTo(map);
        button.hidden = true;
        box.focus();
      })
      .catch(function () {
        button.disabled = false;
      });
  }

  function ready() {
    document.querySelectorAll("button[data-map-target]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        show(button);
      });
    });
  }

  if (document.readyState !== "loading") {
    ready();
  } else {
    document.addEventListener("DOMContentLoaded", ready);
  }
})();
