/* global document, window, location, history, sessionStorage, localStorage, fetch, setInterval, AbortController, Event */
// The self-service kiosk (every /kiosk/{venue}/… page; the pages work without this script):
//  - a page from before an idle reset is never shown again (back button): each history entry is
//    stamped with its load time, the reset time is kept in sessionStorage, and an older entry goes
//    home at once (this part runs in <head>, before the page is drawn);
//  - idle timeout: after data-idle-seconds without a touch or key, a 10-second 「即将返回首页」
//    countdown (a touch stays); then every field, sessionStorage, localStorage and every cookie a
//    script can reach are cleared and the kiosk goes home with location.replace;
//  - the on-screen keyboard (letters, digits, 退格/空格/清空/搜索, 拼音 ⇄ 英文); in 拼音 the letters
//    typed ask GET {home}/candidates?py= for Chinese words, and a tap on one inserts it;
//  - 网络中断: {home}/ping is asked every 10 s, before every link or form is followed, and when the
//    browser says it is offline; while unreachable a full-screen notice shows and is retried every
//    3 s, and goes away by itself when the server answers again;
//  - usage: the first touch after a reset counts one visitor ({home}/ping?start=1); nothing else.
(function () {
  'use strict';
  var d = document;
  var html = d.documentElement;
  var m = /^\/kiosk\/[^/]+/.exec(location.pathname);
  if (!m) return;
  var home = m[0];
  var RESET_KEY = 'gk.kiosk.resetAt';
  var VISITOR_KEY = 'gk.kiosk.visitor';
  function sget(k) { try { return sessionStorage.getItem(k); } catch { return null; } }
  function sset(k, v) { try { sessionStorage.setItem(k, v); } catch { /* storage refused */ } }

  // ---------------------------------------------------------------- pages from before a reset
  function stale() {
    var st = history.state;
    var resetAt = Number(sget(RESET_KEY) || 0);
    if (st && st.gkKiosk && st.gkKiosk < resetAt) {
      html.classList.add('kiosk-leaving');
      location.replace(home);
      return true;
    }
    if (!st || !st.gkKiosk) {
      try { history.replaceState({ gkKiosk: Date.now() }, ''); } catch { /* ignore */ }
    }
    return false;
  }
  if (stale()) return;
  window.addEventListener('pageshow', function (e) { if (e.persisted) stale(); });

  d.addEventListener('DOMContentLoaded', function () {
    var body = d.body;
    var pingUrl = body.getAttribute('data-kiosk-ping') || home + '/ping';
    var candUrl = body.getAttribute('data-kiosk-candidates') || home + '/candidates';
    var isHome = body.getAttribute('data-kiosk-is-home') === '1';
    var idleMs = Math.max(1, Number(body.getAttribute('data-idle-seconds')) || 90) * 1000;
    var COUNTDOWN = 10;

    // ---------------------------------------------------------------- server reachable?
    var offline = false;
    var resetPending = false;
    var offlineBox = d.getElementById('kiosk-offline');
    var nextCheck = null;
    function ping(timeoutMs, extra) {
      return new Promise(function (resolve) {
        var ctl = typeof AbortController === 'function' ? new AbortController() : null;
        var t = window.setTimeout(function () { if (ctl) ctl.abort(); resolve(false); }, timeoutMs || 4000);
        fetch(pingUrl + (extra || ''), { cache: 'no-store', credentials: 'same-origin', signal: ctl ? ctl.signal : undefined, keepalive: !!extra })
          .then(function (r) { window.clearTimeout(t); resolve(r.status === 204 || r.ok); })
          .catch(function () { window.clearTimeout(t); resolve(false); });
      });
    }
    function schedule(ms) {
      if (nextCheck) window.clearTimeout(nextCheck);
      nextCheck = window.setTimeout(check, ms);
    }
    function goOffline() {
      if (!offline) {
        offline = true;
        if (offlineBox) offlineBox.hidden = false;
      }
      schedule(3000);
    }
    function backOnline() {
      if (offline) {
        offline = false;
        if (offlineBox) offlineBox.hidden = true;
        if (resetPending) { location.replace(home); return; }
      }
      schedule(10000);
    }
    function check() {
      return ping(4000).then(function (ok) { if (ok) backOnline(); else goOffline(); return ok; });
    }
    window.addEventListener('offline', goOffline);
    window.addEventListener('online', check);
    schedule(10000);

    // follow a link or a form only when the server answers (else the notice, never a browser error page)
    d.addEventListener('click', function (e) {
      if (e.defaultPrevented) return;
      var a = e.target && e.target.closest ? e.target.closest('a[href]') : null;
      if (!a) return;
      var url = new URL(a.getAttribute('href'), location.href);
      if (url.origin !== location.origin || url.pathname.indexOf('/kiosk/') !== 0) { e.preventDefault(); return; }
      if (url.hash && url.pathname === location.pathname && url.search === location.search) return;
      e.preventDefault();
      check().then(function (ok) { if (ok) location.href = url.href; });
    });
    d.addEventListener('submit', function (e) {
      var f = e.target;
      if (f.getAttribute('data-kiosk-checked') === '1') return;
      e.preventDefault();
      commit();
      var submitter = e.submitter || null;
      check().then(function (ok) {
        if (!ok) return;
        f.setAttribute('data-kiosk-checked', '1');
        if (f.requestSubmit) f.requestSubmit(submitter && submitter.form === f ? submitter : undefined); else f.submit();
      });
    });

    // ---------------------------------------------------------------- idle timeout and reset
    var last = Date.now();
    var touched = false;
    var counting = null;
    var left = COUNTDOWN;
    var idleBox = d.getElementById('kiosk-idle');
    var idleCount = d.getElementById('kiosk-idle-count');
    function activity() {
      last = Date.now();
      touched = true;
      if (counting) stopCountdown();
      if (!sget(VISITOR_KEY)) {
        sset(VISITOR_KEY, '1');
        ping(4000, '?start=1');
      }
    }
    ['pointerdown', 'touchstart', 'keydown', 'input', 'wheel'].forEach(function (ev) {
      d.addEventListener(ev, activity, { capture: true, passive: true });
    });
    function stopCountdown() {
      window.clearInterval(counting);
      counting = null;
      if (idleBox) idleBox.hidden = true;
    }
    function startCountdown() {
      left = COUNTDOWN;
      if (idleCount) idleCount.textContent = String(left);
      if (idleBox) idleBox.hidden = false;
      counting = window.setInterval(function () {
        left -= 1;
        if (idleCount) idleCount.textContent = String(Math.max(0, left));
        if (left <= 0) { stopCountdown(); reset(); }
      }, 1000);
    }
    var stay = d.getElementById('kiosk-idle-stay');
    if (stay) stay.addEventListener('click', function () { activity(); });
    setInterval(function () {
      if (counting || resetPending) return;
      if (Date.now() - last < idleMs) return;
      // an untouched home page has nothing to forget
      if (isHome && !touched && !location.search) { last = Date.now(); return; }
      startCountdown();
    }, 1000);

    function clearCookies() {
      var paths = ['/', location.pathname, home, home + '/'];
      d.cookie.split(';').forEach(function (c) {
        var name = c.split('=')[0].trim();
        if (!name) return;
        paths.forEach(function (p) { d.cookie = name + '=; expires=Thu, 01 Jan 1970 00:00:00 GMT; max-age=0; path=' + p; });
        d.cookie = name + '=; expires=Thu, 01 Jan 1970 00:00:00 GMT; max-age=0';
      });
    }
    function reset() {
      compose = '';
      Array.prototype.forEach.call(d.querySelectorAll('input, textarea, select'), function (el) {
        if (el.type === 'hidden' || el.type === 'submit' || el.type === 'button') return;
        if (el.type === 'checkbox' || el.type === 'radio') el.checked = false;
        else if (el.tagName === 'SELECT') el.selectedIndex = 0;
        else el.value = '';
      });
      try { sessionStorage.clear(); } catch { /* ignore */ }
      try { localStorage.clear(); } catch { /* ignore */ }
      clearCookies();
      sset(RESET_KEY, String(Date.now()));
      resetPending = true;
      if (offline) return; // goes home when the server is back
      location.replace(home);
    }

    // ---------------------------------------------------------------- on-screen keyboard
    var kb = d.getElementById('kiosk-keyboard');
    if (!kb) return;
    var composeEl = d.getElementById('kiosk-compose');
    var candList = d.getElementById('kiosk-candidates');
    var modeKey = kb.querySelector('[data-action="mode"]');
    var submitKey = kb.querySelector('[data-action="submit"]');
    var active = null;
    var mode = 'py';
    var compose = '';
    var candTimer = null;
    var candSeq = 0;
    var FIELD = 'main input[type="text"], main input[type="search"], main input[type="tel"], main input:not([type]), main textarea';
    function eligible(el) { return el && el.matches && el.matches(FIELD) && !el.readOnly && !el.disabled; }
    Array.prototype.forEach.call(d.querySelectorAll(FIELD), function (el) {
      el.setAttribute('inputmode', 'none');
      el.setAttribute('autocomplete', 'off');
    });
    function setMode(next) {
      commit();
      mode = next;
      var label = mode === 'py' ? '拼音' : '英文';
      modeKey.textContent = label;
      modeKey.setAttribute('aria-label', '切换输入法，当前：' + label);
    }
    function open(el) {
      if (active !== el) {
        commit();
        active = el;
        setMode(el.getAttribute('data-kiosk-keyboard') === 'en' ? 'en' : 'py');
      }
      var f = el.form;
      submitKey.textContent = f && (f.getAttribute('role') === 'search' || f.hasAttribute('data-kiosk-search')) ? '搜索' : '确定';
      kb.hidden = false;
      body.classList.add('kiosk-typing');
    }
    function close() {
      commit();
      kb.hidden = true;
      body.classList.remove('kiosk-typing');
      if (active) active.blur();
      active = null;
    }
    d.addEventListener('focusin', function (e) { if (eligible(e.target)) open(e.target); });
    kb.addEventListener('mousedown', function (e) { e.preventDefault(); }); // keep the field focused
    function insert(text) {
      if (!active || !text) return;
      var v = active.value;
      var max = active.maxLength > 0 ? active.maxLength : Infinity;
      var s = v.length;
      var e = v.length;
      try { if (typeof active.selectionStart === 'number') { s = active.selectionStart; e = active.selectionEnd; } } catch { /* no caret on this type */ }
      var room = max - (v.length - (e - s));
      if (room <= 0) return;
      var add = text.slice(0, room);
      active.value = v.slice(0, s) + add + v.slice(e);
      try { active.setSelectionRange(s + add.length, s + add.length); } catch { /* ignore */ }
      active.dispatchEvent(new Event('input', { bubbles: true }));
    }
    function backspace() {
      if (!active) return;
      var v = active.value;
      var s = v.length;
      var e = v.length;
      try { if (typeof active.selectionStart === 'number') { s = active.selectionStart; e = active.selectionEnd; } } catch { /* ignore */ }
      if (s === e && s > 0) s -= 1;
      active.value = v.slice(0, s) + v.slice(e);
      try { active.setSelectionRange(s, s); } catch { /* ignore */ }
      active.dispatchEvent(new Event('input', { bubbles: true }));
    }
    function renderCompose() {
      composeEl.textContent = compose;
      if (!compose) { candList.textContent = ''; candList.removeAttribute('data-for'); return; }
      window.clearTimeout(candTimer);
      var seq = ++candSeq;
      var py = compose;
      candTimer = window.setTimeout(function () {
        fetch(candUrl + '?py=' + encodeURIComponent(py), { cache: 'no-store', credentials: 'same-origin' })
          .then(function (r) { return r.ok ? r.json() : { candidates: [] }; })
          .then(function (j) {
            if (seq !== candSeq) return;
            candList.textContent = '';
            candList.setAttribute('data-for', py);
            (j.candidates || []).forEach(function (w) {
              var li = d.createElement('li');
              var b = d.createElement('button');
              b.type = 'button';
              b.setAttribute('data-candidate', w);
              b.textContent = w;
              li.appendChild(b);
              candList.appendChild(li);
            });
          })
          .catch(function () { check(); });
      }, 60);
    }
    /** What is being typed in 拼音 goes into the field as letters (the search reads pinyin too). */
    function commit() {
      if (!compose) return;
      var c = compose;
      compose = '';
      renderCompose();
      insert(c);
    }
    function choose(word) {
      compose = '';
      renderCompose();
      insert(word);
    }
    kb.addEventListener('click', function (e) {
      var b = e.target.closest ? e.target.closest('button') : null;
      if (!b || !active) return;
      var key = b.getAttribute('data-key');
      var action = b.getAttribute('data-action');
      var cand = b.getAttribute('data-candidate');
      if (cand) choose(cand);
      else if (key && /[a-z]/.test(key) && mode === 'py') {
        if (compose.length < 30) { compose += key; renderCompose(); }
      } else if (key) { commit(); insert(key); }
      else if (action === 'backspace') {
        if (compose) { compose = compose.slice(0, -1); renderCompose(); } else backspace();
      } else if (action === 'space') {
        var first = candList.querySelector('[data-candidate]');
        if (compose && first) choose(first.getAttribute('data-candidate')); else if (compose) commit(); else insert(' ');
      } else if (action === 'clear') {
        compose = '';
        renderCompose();
        active.value = '';
        active.dispatchEvent(new Event('input', { bubbles: true }));
      } else if (action === 'mode') setMode(mode === 'py' ? 'en' : 'py');
      else if (action === 'hide') { close(); return; }
      else if (action === 'submit') {
        commit();
        var f = active.form;
        if (f) { if (f.requestSubmit) f.requestSubmit(); else f.dispatchEvent(new Event('submit', { cancelable: true, bubbles: true })); }
        return;
      }
      if (active) active.focus({ preventScroll: true });
    });
  });
})();
