/* The shop's pin on the sign-up map: dragging it (or tapping the map) writes the hidden latitude and
 * longitude fields; choosing a town of the territory moves it to that town's centre.
 *
 * Everything here is optional: without this script, without Leaflet or without map tiles the form
 * still posts, and the server places the shop at its town's centre.
 */
(function () {
    "use strict";

    var container = document.getElementById("shop-map");
    if (!container || typeof window.L === "undefined") {
        return;
    }
    var L = window.L;
    var data = container.dataset;
    var latitudeInput = document.getElementById(data.latitudeInput);
    var longitudeInput = document.getElementById(data.longitudeInput);
    var townInput = document.getElementById(data.townInput);
    var postcodeInput = document.getElementById(data.postcodeInput);
    var tilesError = document.getElementById(data.tilesError);
    var towns = {};
    try {
        towns = JSON.parse(document.getElementById(data.towns).textContent);
    } catch (error) {
        towns = {};
    }
    if (!latitudeInput || !longitudeInput) {
        return;
    }

    function key(name) {
        return (name || "").trim().toLocaleLowerCase("fr");
    }

    function townFind(name) {
        var wanted = key(name);
        var names = Object.keys(towns);
        for (var i = 0; i < names.length; i += 1) {
            if (key(names[i]) === wanted) {
                return towns[names[i]];
            }
        }
        return null;
    }

    function number(value) {
        // Decimal fields may come back localised ("45,5864") from an older form; accept both.
        var parsed = parseFloat(String(value || "").replace(",", "."));
        return isFinite(parsed) ? parsed : null;
    }

    var savedLat = number(latitudeInput.value);
    var savedLng = number(longitudeInput.value);
    var town = townFind(townInput ? townInput.value : "");
    var start;
    var zoom;
    if (savedLat !== null && savedLng !== null) {
        start = [savedLat, savedLng];
        zoom = 17;
    } else if (town) {
        start = [number(town.lat), number(town.lng)];
        zoom = 14;
    } else {
        start = [number(data.defaultLat), number(data.defaultLng)];
        zoom = 11;
    }

    // The fallback text is for browsers where the map never appears; once Leaflet runs it goes.
    container.textContent = "";
    container.classList.add("is-ready");

    var map = L.map(container, { scrollWheelZoom: false }).setView(start, zoom);
    // The tiles' provider and its credit come from settings.MAP_TILES_URL / MAP_TILES_ATTRIBUTION; screens of
    // more than one pixel per CSS pixel get MAP_TILES_RETINA_URL's 512 px tiles when there is one.
    var retina = data.tilesRetinaUrl && (window.devicePixelRatio || 1) > 1;
    var tiles = L.tileLayer(retina ? data.tilesRetinaUrl : data.tilesUrl, {
        maxZoom: 19,
        attribution: data.tilesAttribution || "",
    });
    tiles.once("tileerror", function () {
        if (tilesError) {
            tilesError.hidden = false;
        }
    });
    tiles.addTo(map);

    // Explicit icon URLs: Leaflet guesses them from its CSS, which breaks once static files are hashed.
    var icon = L.icon({
        iconUrl: data.iconUrl,
        iconRetinaUrl: data.iconRetinaUrl,
        shadowUrl: data.shadowUrl,
        iconSize: [25, 41],
        iconAnchor: [12, 41],
        shadowSize: [41, 41],
    });
    var marker = L.marker(start, { draggable: true, icon: icon, title: data.markerTitle, alt: data.markerTitle });
    marker.addTo(map);

    function write(latlng) {
        latitudeInput.value = latlng.lat.toFixed(6);
        longitudeInput.value = latlng.lng.toFixed(6);
    }

    marker.on("dragend", function () {
        write(marker.getLatLng());
    });
    map.on("click", function (event) {
        marker.setLatLng(event.latlng);
        write(event.latlng);
    });

    if (townInput) {
        townInput.addEventListener("change", function () {
            var chosen = townFind(townInput.value);
            if (!chosen) {
                return;
            }
            var centre = L.latLng(number(chosen.lat), number(chosen.lng));
            marker.setLatLng(centre);
            map.setView(centre, 14);
            write(centre);
            if (postcodeInput && !postcodeInput.value.trim()) {
                postcodeInput.value = chosen.postcode;
            }
        });
    }
})();
