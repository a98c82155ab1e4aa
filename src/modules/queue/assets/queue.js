/* global document, navigator, setInterval, fetch, location, DOMParser */
// Remote 取号: asks the browser for the position when the form is sent; the ticket page refreshes
// its live part every 20 seconds (no full reload, focus stays where it is).
(function () {
  'use strict';
  document.querySelectorAll('form.qu-take-form').forEach(function (form) {
    var sending = false;
    form.addEventListener('submit', function (ev) {
      if (sending) return;
      var lat = form.querySelector('[data-qu-lat]');
      var lng = form.querySelector('[data-qu-lng]');
      var status = form.querySelector('[data-qu-status]');
      if (!navigator.geolocation || !lat || !lng) return; // the server then says the position is needed
      ev.preventDefault();
      if (status) status.textContent = status.getAttribute('data-locating');
      navigator.geolocation.getCurrentPosition(function (pos) {
        lat.value = String(pos.coords.latitude);
        lng.value = String(pos.coords.longitude);
        sending = true;
        form.submit();
      }, function () {
        if (status) status.textContent = status.getAttribute('data-failed');
      }, { enableHighAccuracy: false, timeout: 15000, maximumAge: 60000 });
    });
  });
  var live = document.getElementById('qu-ticket-live');
  if (live) {
    var seconds = Number(live.getAttribute('data-qu-refresh')) || 20;
    setInterval(function () {
      fetch(location.href, { credentials: 'same-origin' }).then(function (r) { return r.ok ? r.text() : null; }).then(function (html) {
        if (!html) return;
        var doc = new DOMParser().parseFromString(html, 'text/html');
        var next = doc.getElementById('qu-ticket-live');
        if (next && next.innerHTML !== live.innerHTML) live.innerHTML = next.innerHTML;
      }).catch(function () { /* offline: keep what is shown */ });
    }, seconds * 1000);
  }
})();
