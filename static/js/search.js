/* The residents' search: "Use my location" (asked only on click) and the map (Leaflet from our
   own static files, tiles requested only once the map is opened). The page works without it. */
(function () {
  "use strict";

  function setup() {
    var locate = document.querySelector(".where__locate");
    if (locate && "geolocation" in navigator) {
      locate.hidden = false;
    }
    var mapButton = document.getElementById("search-map-open");
    if (mapButton) {
      mapButton.hidden = false;
    }
  }

  function locateMe(button) {
    var form = button.form;
    var status = document.getElementById("locate-status");
    navigator.geolocation.getCurrentPosition(
      function (position) {
        form.querySelector("#search-lat").value = position.coords.latitude.toFixed(3);
        form.querySelector("#search-lon").value = position.coords.longitude.toFixed(3);
        form.querySelector("[name=postcode]").value = "";
        form.querySelector("[name=municipality]").value = "";
        form.requestSubmit();
      },
      function () {
        if (status) {
          status.textContent = button.dataset.failed;
        }
      },
      { maximumAge: 600000, timeout: 15000 }
    );
  }

  function load(tag, attrs) {
    return new Promise(function (resolve, reject) {
      var element = document.createElement(tag);
      Object.keys(attrs).forEach(function (key) { element[key] = attrs[key]; });
      element.onload = resolve;
      element.onerror = reject;
      document.head.appendChild(element);
    });
  }

  function openMap(button) {
    var box = document.getElementById("search-map");
    if (!box) { return; }
    var opening = box.hidden;
    box.hidden = !opening;
    button.setAttribute("aria-expanded", opening ? "true" : "false");
    if (!opening || box.dataset.ready) { return; }
    box.dataset.ready = "1";
    var data = box.dataset;
    Promise.all([
      load("link", { rel: "stylesheet", href: data.leafletCss }),
      load("link", { rel: "stylesheet", href: data.clusterCss }),
      load("link", { rel: "stylesheet", href: data.clusterDefaultCss }),
      load("script", { src: data.leafletJs })
    ]).then(function () {
      return load("script", { src: data.clusterJs });
    }).then(function () {
      var L = window.L;
      var map = L.map(box);
      L.tileLayer(data.tiles, { attribution: data.attribution, maxZoom: 18 }).addTo(map);
      var cluster = L.markerClusterGroup();
      var bounds = [];
      document.querySelectorAll(".search-result[data-lat]").forEach(function (item) {
        var point = [parseFloat(item.dataset.lat), parseFloat(item.dataset.lon)];
        var link = document.createElement("a");
        link.href = item.dataset.url;
        link.textContent = item.dataset.title;
        cluster.addLayer(L.marker(point, { title: item.dataset.title }).bindPopup(link));
        bounds.push(point);
      });
      map.addLayer(cluster);
      if (bounds.length) {
        map.fitBounds(bounds, { padding: [20, 20], maxZoom: 14 });
      } else {
        map.setView([62.24, 25.72], 9);
      }
    });
  }

  document.addEventListener("click", function (event) {
    var target = event.target.closest("#search-locate, #search-map-open");
    if (!target) { return; }
    if (target.id === "search-locate") { locateMe(target); } else { openMap(target); }
  });
  document.addEventListener("DOMContentLoaded", setup);
  document.addEventListener("htmx:afterSettle", setup);
})();
