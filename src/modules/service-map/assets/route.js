/* global document, window, navigator */
// 从我的位置出发: shown only when the browser has geolocation; asks for the position on click only,
// then goes to /services/route (the server converts to the app's coordinate system and redirects).
(function () {
  function ready(fn) { if (document.readyState !== 'loading') fn(); else document.addEventListener('DOMContentLoaded', fn); }
  ready(function () {
    if (!navigator.geolocation) return;
    var boxes = document.querySelectorAll('.route-from-here[data-route-venue]');
    var notes = document.querySelectorAll('.route-note');
    for (var n = 0; n < notes.length; n++) notes[n].hidden = false;
    for (var i = 0; i < boxes.length; i++) (function (box) {
      box.hidden = false;
      var btn = box.querySelector('button');
      var sel = box.querySelector('select');
      var status = box.querySelector('.route-status');
      btn.addEventListener('click', function () {
        btn.disabled = true;
        status.textContent = box.getAttribute('data-locating') || '';
        navigator.geolocation.getCurrentPosition(function (pos) {
          var from = pos.coords.latitude.toFixed(5) + ',' + pos.coords.longitude.toFixed(5);
          window.location.href = '/services/route?venue=' + encodeURIComponent(box.getAttribute('data-route-venue')) + '&from=' + from + '&provider=' + encodeURIComponent(sel.value);
          btn.disabled = false;
        }, function () {
          btn.disabled = false;
          status.textContent = box.getAttribute('data-denied') || '';
        }, { timeout: 10000, maximumAge: 60000 });
      });
    })(boxes[i]);
  });
})();
