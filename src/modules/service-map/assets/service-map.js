/* global document, window, navigator, L */
// Service map island (progressive enhancement). Builds Leaflet markers from the ranked list's
// data attributes; the list stays the accessible alternative. When tiles fail or are not
// configured, the markers and the list still work. Markers are keyboard-focusable (Leaflet) and
// Enter opens the venue page.
(function () {
  'use strict';
  function ready(fn) { if (document.readyState !== 'loading') fn(); else document.addEventListener('DOMContentLoaded', fn); }
  ready(function () {
    var btn = document.getElementById('use-location');
    var near = document.getElementById('near');
    if (btn && near && navigator.geolocation) {
      btn.hidden = false;
      btn.addEventListener('click', function () {
        btn.disabled = true;
        navigator.geolocation.getCurrentPosition(function (pos) {
          near.value = pos.coords.latitude.toFixed(5) + ',' + pos.coords.longitude.toFixed(5);
          btn.disabled = false;
          if (near.form) near.form.submit();
        }, function () { btn.disabled = false; }, { timeout: 10000 });
      });
    }
    var el = document.getElementById('map');
    if (!el || typeof L === 'undefined') { if (el) el.hidden = true; return; }
    var lat = parseFloat(el.getAttribute('data-lat'));
    var lng = parseFloat(el.getAttribute('data-lng'));
    var map = L.map(el, { keyboard: true, scrollWheelZoom: false, zoomControl: false }).setView([lat, lng], 13);
    // Leaflet's own zoom buttons are titled in English; the page's strings come from the server.
    L.control.zoom({ zoomInTitle: el.getAttribute('data-zoom-in') || '+', zoomOutTitle: el.getAttribute('data-zoom-out') || '-' }).addTo(map);
    var tiles = el.getAttribute('data-tiles');
    if (tiles) {
      var layer = L.tileLayer(tiles, { maxZoom: 18, attribution: el.getAttribute('data-attribution') || '' });
      var failed = 0;
      layer.on('tileerror', function () {
        failed += 1;
        if (failed === 4) el.classList.add('map--no-tiles');
      });
      layer.addTo(map);
    } else {
      el.classList.add('map--no-tiles');
    }
    L.circleMarker([lat, lng], { radius: 6, color: '#0b4ea2', fillOpacity: 1, interactive: false }).addTo(map);
    var items = document.querySelectorAll('.venue-list li[data-lat]');
    var bounds = [[lat, lng]];
    items.forEach(function (li, i) {
      var p = [parseFloat(li.getAttribute('data-lat')), parseFloat(li.getAttribute('data-lng'))];
      var name = li.getAttribute('data-name') || '';
      var href = li.getAttribute('data-href');
      var icon = L.divIcon({ className: 'venue-pin' + (li.getAttribute('data-open') === '1' ? ' venue-pin--open' : ''), html: String(i + 1), iconSize: [28, 28] });
      var m = L.marker(p, { icon: icon, title: (i + 1) + '. ' + name, alt: (i + 1) + '. ' + name, keyboard: true }).addTo(map);
      m.on('click', function () { window.location.href = href; });
      m.on('keypress', function (e) { if (e.originalEvent && e.originalEvent.key === 'Enter') window.location.href = href; });
      bounds.push(p);
    });
    if (bounds.length > 1) map.fitBounds(bounds, { padding: [24, 24], maxZoom: 15 });
  });
})();
