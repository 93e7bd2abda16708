// Maps of shops (storefront, directory): markers come from a JSON script element.
// The page is complete without this script; the map only adds a view of the places.
(function () {
  "use strict";
  var containers = document.querySelectorAll("[data-shops-map]");
  if (!containers.length || typeof window.L === "undefined") return;
  containers.forEach(function (container) {
    var source = document.getElementById(container.dataset.markers);
    var markers = [];
    try { markers = JSON.parse(source.textContent); } catch (error) { return; }
    if (!markers.length) return;
    container.hidden = false;
    var map = window.L.map(container, { scrollWheelZoom: false });
    // The tiles' provider and its credit come from settings.MAP_TILES_URL / MAP_TILES_ATTRIBUTION.
    window.L.tileLayer(container.dataset.tilesUrl, {
      maxZoom: 19,
      attribution: container.dataset.tilesAttribution || "",
    }).addTo(map);
    // Explicit icon URLs: Leaflet guesses them from its CSS, which breaks once static files are hashed.
    var icon = !container.dataset.iconUrl ? new window.L.Icon.Default() : window.L.icon({
      iconUrl: container.dataset.iconUrl,
      iconRetinaUrl: container.dataset.iconRetinaUrl,
      shadowUrl: container.dataset.shadowUrl,
      iconSize: [25, 41],
      iconAnchor: [12, 41],
      popupAnchor: [1, -34],
      shadowSize: [41, 41],
    });
    var bounds = [];
    markers.forEach(function (shop) {
      var point = [shop.lat, shop.lng];
      bounds.push(point);
      var marker = window.L.marker(point, { icon: icon }).addTo(map);
      if (shop.url) {
        var link = document.createElement("a");
        link.href = shop.url;
        link.textContent = shop.name;
        marker.bindPopup(link);
      }
    });
    if (bounds.length === 1) map.setView(bounds[0], 16);
    else map.fitBounds(bounds, { padding: [24, 24] });
  });
})();
