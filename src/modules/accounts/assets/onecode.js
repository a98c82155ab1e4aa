/* global document, window, fetch, setInterval, clearInterval */
// 一码办 on the person's phone (/me/code): counts down to the next code, and asks
// /me/code/status every 3 seconds whether a window or kiosk has scanned the code shown, so the
// request appears without waiting for the page's own refresh (the Refresh header does it without JS).
(function () {
  'use strict';
  var box = document.querySelector('[data-read]');
  if (!box) return;
  var read = box.getAttribute('data-read');
  var waiting = box.classList.contains('onecode-request');
  var seconds = Number(box.getAttribute('data-seconds') || '60');
  var label = document.querySelector('[data-countdown]');
  var reloading = false;
  function reload() {
    if (reloading) return;
    reloading = true;
    window.location.replace('/me/code');
  }
  if (!waiting && label) {
    var timer = setInterval(function () {
      seconds -= 1;
      if (seconds <= 0) { clearInterval(timer); reload(); return; }
      label.textContent = seconds + ' 秒后自动更换新码';
    }, 1000);
  }
  function poll() {
    if (reloading) return;
    fetch('/me/code/status?read=' + encodeURIComponent(read), { headers: { accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store' })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (s) {
        if (!s) return;
        // the shown code changed state (scanned, expired, decided), or a request waits for a decision
        if (waiting ? s.state !== 'scanned' : (s.state !== 'issued' || s.pending)) reload();
      })
      .catch(function () { /* offline: the next poll or the page's refresh tries again */ });
  }
  setInterval(poll, 3000);
})();
