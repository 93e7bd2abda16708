// Maps of shops (storefront, directory, an order's page): markers come from a JSON script element.
// The page is complete without this script; the map only adds a view of the places. Its box is in the
// page from the start (site.css gives it its height), so nothing moves when the map appears.
// Leaflet itself (script and stylesheet, data-leaflet-js / data-leaflet-css) is fetched only once a map
// comes near the screen, unless the page already loads it (the directory's map view, where the map is the
// page): a storefront whose map is further down costs no script until the shopper scrolls there.
(function () {
  "use strict";
  var containers = Array.prototype.slice.call(document.querySelectorAll("[data-shops-map]"));
  if (!containers.length) return;

  // The tiles' provider and its credit come from settings.MAP_TILES_URL / MAP_TILES_ATTRIBUTION. On a
  // screen with more than one pixel per CSS pixel, MAP_TILES_RETINA_URL (512 px tiles shown at 256 CSS px)
  // when the provider has one: sharp tiles without the four times as many of Leaflet's detectRetina.
  function tilesUrl(data) {
    if (data.tilesRetinaUrl && (window.devicePixelRatio || 1) > 1) return data.tilesRetinaUrl;
    return data.tilesUrl;
  }

  function draw(container) {
    var L = window.L;
    var source = document.getElementById(container.dataset.markers);
    var markers = [];
    try { markers = JSON.parse(source.textContent); } catch (error) { markers = []; }
    if (!markers.length) { container.hidden = true; return; }
    // The fallback text is for browsers where the map never appears; once Leaflet runs it goes.
    container.textContent = "";
    container.classList.add("is-ready");
    var map = L.map(container, { scrollWheelZoom: false });
    L.tileLayer(tilesUrl(container.dataset), {
      maxZoom: 19,
      attribution: container.dataset.tilesAttribution || "",
    }).addTo(map);
    // Explicit icon URLs: Leaflet guesses them from its CSS, which breaks once static files are hashed.
    // No shadow: Leaflet has it in one resolution only, blurry on a phone's screen, and it adds nothing.
    var icon = !container.dataset.iconUrl ? new L.Icon.Default({ shadowUrl: null }) : L.icon({
      iconUrl: container.dataset.iconUrl,
      iconRetinaUrl: container.dataset.iconRetinaUrl,
      iconSize: [25, 41],
      iconAnchor: [12, 41],
      popupAnchor: [1, -34],
    });
    var points = markers.map(function (shop) { return [shop.lat, shop.lng]; });
    // Room for the zoom buttons (top left) and the credit (bottom right) around the pins.
    if (points.length === 1) map.setView(points[0], 16);
    else map.fitBounds(points, { paddingTopLeft: [72, 56], paddingBottomRight: [24, 32] });
    pins(map, markers, icon, container.dataset.groupLabel || "{count}");
  }

  // Shops whose pins would overlap at this zoom share one pin (its popup lists them), so that each pin is a
  // target of its own, big enough to tap, rather than pins stacked on each other; redone at each zoom.
  function pins(map, markers, icon, groupLabel) {
    var L = window.L;
    var layer = L.layerGroup().addTo(map);
    function draw() {
      layer.clearLayers();
      var groups = [];
      markers.forEach(function (shop) {
        var at = map.latLngToLayerPoint([shop.lat, shop.lng]);
        var near = groups.filter(function (group) {
          return Math.abs(group.at.x - at.x) < 32 && Math.abs(group.at.y - at.y) < 46;
        })[0];
        if (near) near.shops.push(shop);
        else groups.push({ at: at, shops: [shop] });
      });
      groups.forEach(function (group) {
        var first = group.shops[0];
        var many = group.shops.length > 1;
        var name = many ? groupLabel.replace("{count}", group.shops.length) : first.name;
        var pinIcon = !many ? icon : L.divIcon({
          className: "shops-map__group",
          html: "<span>" + group.shops.length + "</span>",
          iconSize: [36, 36],
          iconAnchor: [18, 36],
          popupAnchor: [0, -32],
        });
        var marker = L.marker([first.lat, first.lng], { icon: pinIcon, title: name, alt: name }).addTo(layer);
        if (many && marker.getElement()) marker.getElement().setAttribute("aria-label", name);
        var content = document.createElement(many ? "ul" : "div");
        group.shops.forEach(function (shop) {
          if (!shop.url) return;
          var link = document.createElement("a");
          link.href = shop.url;
          link.textContent = shop.name;
          if (many) {
            var item = document.createElement("li");
            item.appendChild(link);
            content.appendChild(item);
          } else {
            content.appendChild(link);
          }
        });
        if (content.childNodes.length) marker.bindPopup(content);
      });
    }
    map.on("zoomend", draw);
    draw();
  }

  var loading = null;
  function leaflet(container) {
    if (window.L) return Promise.resolve();
    if (loading) return loading;
    var data = container.dataset;
    if (!data.leafletJs) return Promise.reject(new Error("no Leaflet"));
    loading = new Promise(function (resolve, reject) {
      var pending = 1;
      function done() { pending -= 1; if (pending === 0) resolve(); }
      if (data.leafletCss) {
        pending += 1;
        var style = document.createElement("link");
        style.rel = "stylesheet";
        style.href = data.leafletCss;
        style.onload = done;
        style.onerror = done; // unstyled tiles still beat no map
        document.head.appendChild(style);
      }
      var script = document.createElement("script");
      script.src = data.leafletJs;
      script.onload = done;
      script.onerror = reject;
      document.head.appendChild(script);
    });
    return loading;
  }

  function show(container) {
    leaflet(container).then(function () { draw(container); }, function () { /* the fallback text stays */ });
  }

  if (window.L || !("IntersectionObserver" in window)) {
    containers.forEach(show);
    return;
  }
  var observer = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (!entry.isIntersecting) return;
      observer.unobserve(entry.target);
      show(entry.target);
    });
  }, { rootMargin: "200px 0px" });
  containers.forEach(function (container) { observer.observe(container); });
})();
