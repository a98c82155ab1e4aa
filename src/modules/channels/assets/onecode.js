/* global document, window, location, navigator, fetch, URLSearchParams, FormData, requestAnimationFrame */
// 一码办 on the window desk and the kiosk (views/onecode-panel.tsx; the panel works without this
// script as a plain form). With it:
//  - 读取 sends the form with Accept: application/json (201 {read, state}), shows 「请在手机上确认」
//    and asks `${action}/{read}.json` for the state until the person confirms (→ the form page with
//    ?code_read={read}, whose server takes the fields once), declines or the code expires (a message
//    and 重新读取);
//  - 用摄像头扫码 asks for the camera only when pressed, reads the QR code with BarcodeDetector when
//    the browser has it, else with jsQR (loaded on demand, first-party) over the video frames, and
//    sends what it read as the code; no camera, or the permission refused: a clear message, typing
//    the 8-character code still works.
// Texts come from the panel's data-msg-* attributes.
(function () {
  'use strict';
  var POLL_MS = 1500;
  var panels = document.querySelectorAll('[data-onecode]');
  Array.prototype.forEach.call(panels, function (panel) {
    if (panel.getAttribute('data-onecode-ready')) return;
    panel.setAttribute('data-onecode-ready', '1');
    var form = panel.querySelector('form');
    var status = panel.querySelector('[data-onecode-status]');
    var retryBox = panel.querySelector('.codescan-retry');
    var codeInput = form.querySelector('input[name="code"]');
    var cameraBox = panel.querySelector('.codescan-camera');
    var videoBox = panel.querySelector('.codescan-video');
    var video = panel.querySelector('video');
    var submitButton = form.querySelector('button[type="submit"]');
    var msg = function (k) { return panel.getAttribute('data-msg-' + k) || ''; };
    var timer = null;
    var stream = null;
    var busy = false;

    function say(text, isError) {
      status.textContent = text;
      status.classList.toggle('codescan-status--error', !!isError);
    }
    function finish(text) {
      busy = false;
      submitButton.disabled = false;
      say(text, true);
      retryBox.hidden = false;
    }

    function poll(url, next, read) {
      fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store' })
        .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
        .then(function (j) {
          if (j.state === 'confirmed') {
            say(msg('confirmed'));
            location.assign(next + (next.indexOf('?') >= 0 ? '&' : '?') + 'code_read=' + encodeURIComponent(read));
          } else if (j.state === 'declined') finish(msg('declined'));
          else if (j.state === 'expired' || j.state === 'used') finish(msg('expired'));
          else timer = setTimeout(function () { poll(url, next, read); }, POLL_MS);
        })
        .catch(function () { finish(msg('failed')); });
    }

    function send() {
      if (busy) return;
      busy = true;
      submitButton.disabled = true;
      retryBox.hidden = true;
      say(msg('sending'));
      var action = form.getAttribute('action');
      fetch(action, {
        method: 'POST', credentials: 'same-origin',
        headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(new FormData(form)).toString(),
      }).then(function (r) {
        return r.json().catch(function () { return {}; }).then(function (j) { return { ok: r.ok, j: j }; });
      }).then(function (res) {
        if (!res.ok || !res.j.read) { finish(res.j.message || msg('failed')); return; }
        say(msg('waiting'));
        var next = form.querySelector('input[name="next"]').value || location.pathname;
        poll(action + '/' + encodeURIComponent(res.j.read) + '.json', next, res.j.read);
      }).catch(function () { finish(msg('failed')); });
    }

    // on a kiosk the on-screen keyboard covers the lower part of the screen: keep the code field above it
    codeInput.addEventListener('focus', function () {
      window.setTimeout(function () {
        var kb = document.getElementById('kiosk-keyboard');
        if (!kb || kb.hidden) return;
        var over = codeInput.getBoundingClientRect().bottom - kb.getBoundingClientRect().top + 24;
        if (over > 0) window.scrollBy(0, over);
      }, 60);
    });

    form.addEventListener('submit', function (e) {
      e.preventDefault();
      // the kiosk shell's own submit check is not needed: this request says itself when it fails
      e.stopPropagation();
      send();
    });
    panel.querySelector('[data-onecode-retry]').addEventListener('click', function () {
      if (timer) clearTimeout(timer);
      retryBox.hidden = true;
      say('');
      codeInput.value = '';
      codeInput.focus();
    });

    // ---------------------------------------------------------------- the camera
    if (!cameraBox || !video) return;
    cameraBox.hidden = false;
    function stop() {
      if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
      stream = null;
      video.srcObject = null;
      videoBox.hidden = true;
    }
    function found(text) {
      stop();
      codeInput.value = String(text).trim();
      send();
    }
    function loadJsqr() {
      if (window.jsQR) return Promise.resolve(window.jsQR);
      return new Promise(function (resolve, reject) {
        var s = document.createElement('script');
        s.src = panel.getAttribute('data-jsqr');
        s.onload = function () { return window.jsQR ? resolve(window.jsQR) : reject(new Error('jsqr')); };
        s.onerror = reject;
        document.head.appendChild(s);
      });
    }
    function decoder() {
      if ('BarcodeDetector' in window) {
        var Bd = window.BarcodeDetector;
        var formats = Bd.getSupportedFormats ? Bd.getSupportedFormats() : Promise.resolve(['qr_code']);
        return formats.then(function (f) {
          if (f.indexOf('qr_code') < 0) throw new Error('no qr');
          var det = new Bd({ formats: ['qr_code'] });
          return function () { return det.detect(video).then(function (c) { return c.length ? c[0].rawValue : null; }); };
        }).catch(function () { return jsqrDecoder(); });
      }
      return jsqrDecoder();
    }
    function jsqrDecoder() {
      return loadJsqr().then(function (jsQR) {
        var canvas = document.createElement('canvas');
        var ctx = canvas.getContext('2d', { willReadFrequently: true });
        return function () {
          var w = video.videoWidth, h = video.videoHeight;
          if (!w || !h) return Promise.resolve(null);
          var scale = Math.min(1, 640 / w);
          canvas.width = Math.round(w * scale); canvas.height = Math.round(h * scale);
          ctx.drawImage(video, 0, 0, canvas.width, canvas.height);
          var img = ctx.getImageData(0, 0, canvas.width, canvas.height);
          var hit = jsQR(img.data, img.width, img.height, { inversionAttempts: 'dontInvert' });
          return Promise.resolve(hit ? hit.data : null);
        };
      });
    }
    panel.querySelector('[data-onecode-camera]').addEventListener('click', function () {
      if (stream) return;
      if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) { say(msg('no-camera'), true); return; }
      say('');
      navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false }).then(function (s) {
        stream = s;
        video.srcObject = s;
        videoBox.hidden = false;
        return video.play().then(decoder).then(function (detect) {
          var tick = function () {
            if (!stream) return;
            detect().then(function (text) {
              if (text) found(text); else requestAnimationFrame(tick);
            }).catch(function () { requestAnimationFrame(tick); });
          };
          tick();
        }, function () { stop(); say(msg('no-decoder'), true); });
      }).catch(function (err) {
        stop();
        var name = err && err.name;
        say(name === 'NotAllowedError' || name === 'SecurityError' ? msg('denied') : msg('no-camera'), true);
      });
    });
    panel.querySelector('[data-onecode-stop]').addEventListener('click', stop);
    window.addEventListener('pagehide', stop);
  });
})();
