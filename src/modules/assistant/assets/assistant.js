/* global document, window, history, fetch, navigator */
// The assistant's chat, enhanced (the page works without this script: every question is a POST and
// the answer is on the next page):
//  - on the site, a question (typed, an example or a choice button) goes to POST
//    /api/v1/assistant/messages; the question and the answer are appended to the log (an ARIA live
//    region, so screen readers hear the answer), built with DOM methods and textContent only;
//    「正在查找…」 shows meanwhile; focus stays in the question field; the address becomes
//    /assistant?c=… so a reload shows the conversation. If the API cannot be reached as expected
//    the form is posted as without the script;
//  - 「使用我的位置」 (site only, where the browser can locate): the position is asked for only when
//    the person presses the button; it is then sent as `location` with each question (and in the
//    form's lat/lng when the form is posted plainly), so 「在哪里办」 names the nearest open venue;
//  - while a hand-off waits for or is with a staff member, GET
//    /api/v1/assistant/conversations/{id}?after=N every few seconds shows the staff's replies
//    (also on the kiosk, where questions are posted as plain forms); it stops once the conversation
//    is closed or converted, and pauses while the page is hidden.
(function () {
  'use strict';
  var d = document;
  var script = d.querySelector('script[data-as-script]');
  var log = d.querySelector('[data-as-log]');
  var form = d.querySelector('[data-as-ask]');
  if (!script || !log || !form) return;
  var mode = script.getAttribute('data-mode') || 'web';
  var panel = d.querySelector('[data-as-handoff]');
  var input = form.querySelector('input[name="text"]');
  var errorBox = form.querySelector('[data-as-error]');
  var pending = form.querySelector('[data-as-pending]');
  var submitButton = form.querySelector('.as-ask-row button[type="submit"]');
  var csrfInput = form.querySelector('input[name="_csrf"]');
  var csrf = csrfInput ? csrfInput.value : '';
  var api = form.getAttribute('data-api') || '/api/v1/assistant/messages';
  var base = form.getAttribute('action') || '/assistant';
  var S = {};
  try { S = JSON.parse(log.getAttribute('data-strings') || '{}'); } catch { S = {}; }
  var reasons = {};
  try { reasons = JSON.parse((panel && panel.getAttribute('data-reasons')) || '{}'); } catch { reasons = {}; }
  var conv = (form.querySelector('[data-as-c]') || {}).value || null;
  var after = Number(script.getAttribute('data-after')) || 0;
  var state = script.getAttribute('data-state') || '';
  var max = Number(input && input.getAttribute('maxlength')) || 200;
  var busy = false;
  var loc = null;

  function el(tag, cls, text) {
    var e = d.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }
  function safeHref(url) {
    if (typeof url !== 'string') return null;
    if (/^\/(?![/\\])/.test(url)) return url;
    if (/^https?:\/\/[^\s"'<>]+$/i.test(url)) return url;
    return null;
  }
  function hidden(name, value) {
    var i = d.createElement('input');
    i.type = 'hidden'; i.name = name; i.value = value;
    if (name === 'c') i.setAttribute('data-as-c', '');
    return i;
  }
  function smallForm(action, cls) {
    var f = el('form', cls);
    f.method = 'post'; f.action = action;
    f.appendChild(hidden('_csrf', csrf));
    f.appendChild(hidden('c', conv || ''));
    return f;
  }
  var RATED = { faq: 1, answer: 1, life_event: 1, no_match: 1 };
  var WHO = { user: S.you, assistant: S.bot, staff: S.staff, system: S.system };

  /** One turn, the same markup as the server's (views/chat.tsx). */
  function buildTurn(t, latest) {
    var role = t.role || 'assistant';
    var seq = Number(t.seq || t.turn || 0);
    var box = el('div', 'as-turn as-turn--' + role);
    if (seq) box.id = 't' + seq;
    box.appendChild(el('p', 'as-who', WHO[role] || role));
    var sources = Array.isArray(t.sources) ? t.sources : [];
    if (role !== 'assistant') {
      box.appendChild(el('p', 'as-text', t.text || ''));
      return box;
    }
    var p = el('p', 'as-text');
    var sentences = Array.isArray(t.sentences) && t.sentences.length ? t.sentences : [{ text: t.text || t.answer || '', source: null }];
    sentences.forEach(function (x) {
      var span = el('span', null, x.text || '');
      var src = x.source != null ? sources[x.source] : null;
      if (src) {
        var n = x.source + 1;
        var sup = el('sup', 'as-ref');
        var href = mode === 'web' ? safeHref(src.url) : null;
        if (href) {
          var a = el('a', null, '[' + n + ']');
          a.href = href;
          a.setAttribute('aria-label', (S.sourceRef || '{n} {title}').replace('{n}', String(n)).replace('{title}', src.title || ''));
          sup.appendChild(a);
        } else sup.textContent = '[' + n + ']';
        span.appendChild(sup);
      }
      p.appendChild(span);
    });
    box.appendChild(p);
    if (sources.length) {
      var wrap = el('div', 'as-sources');
      var h = el('p', 'as-sources-h', S.sources);
      h.id = 't' + seq + '-src';
      wrap.appendChild(h);
      var ol = el('ol', 'as-source-list');
      ol.setAttribute('aria-labelledby', h.id);
      sources.forEach(function (src) {
        var li = el('li');
        var href = mode === 'web' ? safeHref(src.url) : null;
        var link = el(href ? 'a' : 'span', null, src.title || '');
        if (href) link.href = href;
        li.appendChild(link);
        li.appendChild(d.createTextNode(' '));
        li.appendChild(el('span', 'tag', (S.types && S.types[src.type]) || src.type || ''));
        ol.appendChild(li);
      });
      wrap.appendChild(ol);
      box.appendChild(wrap);
    }
    var choices = Array.isArray(t.choices) ? t.choices : [];
    if (latest && choices.length) {
      var group = el('div', 'as-choices');
      group.setAttribute('role', 'group');
      group.setAttribute('aria-label', S.choices || '');
      choices.forEach(function (c) {
        var f = smallForm(base, 'as-choice');
        f.setAttribute('data-as-choice', '');
        f.appendChild(hidden('text', c));
        var b = el('button', 'button button--secondary', c);
        b.type = 'submit';
        f.appendChild(b);
        group.appendChild(f);
      });
      box.appendChild(group);
    }
    if (RATED[t.outcome] && seq) {
      var fb = smallForm(base + '/feedback', 'as-feedback');
      var q = el('span', 'as-feedback-q', S.helpfulQuestion);
      q.id = 't' + seq + '-fb';
      fb.appendChild(hidden('turn', String(seq)));
      var row = el('div', 'as-feedback-row');
      row.setAttribute('role', 'group');
      row.setAttribute('aria-labelledby', q.id);
      row.appendChild(q);
      [['1', S.helpful], ['0', S.notHelpful]].forEach(function (x) {
        var b = el('button', 'button button--secondary', x[1]);
        b.type = 'submit'; b.name = 'helpful'; b.value = x[0];
        row.appendChild(b);
      });
      fb.appendChild(row);
      box.appendChild(fb);
    }
    return box;
  }

  /** 转人工 panel: the part that fits the hand-off status and the conversation's state (as views/chat.tsx). */
  function updatePanel(h, st) {
    if (!panel) return;
    panel.hidden = !conv;
    var inProgress = st === 'waiting' || st === 'staff';
    var show = {
      live: !!(h && h.available) && !inProgress && st !== 'converted',
      waiting: st === 'waiting',
      staff: st === 'staff',
      converted: st === 'converted',
      noregion: !!h && h.reason === 'no_organisation' && !inProgress,
      leave: !!h && !h.available && !inProgress && st !== 'converted' && ['no_organisation', 'converted', 'in_progress'].indexOf(h.reason) < 0,
    };
    Array.prototype.forEach.call(panel.querySelectorAll('[data-as-h]'), function (part) {
      part.hidden = !show[part.getAttribute('data-as-h')];
    });
    var why = panel.querySelector('[data-as-h-reason]');
    if (why && h && !h.available) why.textContent = (S.unavailable || '{reason}').replace('{reason}', reasons[h.reason] || h.reason || '');
  }

  function setConversation(id) {
    if (!id || id === conv) return;
    conv = id;
    Array.prototype.forEach.call(d.querySelectorAll('[data-as-c]'), function (i) { i.value = id; });
    try { history.replaceState(null, '', base + '?c=' + encodeURIComponent(id)); } catch { /* ignore */ }
    // the region is now the conversation's; the examples are for a new conversation
    Array.prototype.forEach.call(form.querySelectorAll('[data-as-region], .as-examples'), function (x) { x.hidden = true; });
    form.classList.add('as-ask--sticky');
  }

  function showError(msg) {
    if (!errorBox) return;
    errorBox.textContent = msg || '';
    errorBox.hidden = !msg;
    if (input) {
      if (msg) input.setAttribute('aria-invalid', 'true'); else input.removeAttribute('aria-invalid');
    }
  }
  function setBusy(on) {
    busy = on;
    if (pending) pending.hidden = !on;
    if (submitButton) submitButton.disabled = on;
    if (on) log.setAttribute('aria-busy', 'true'); else log.removeAttribute('aria-busy');
  }

  /** Without the API as expected: post the form as without this script. */
  function fallback(text) {
    if (input) input.value = text;
    form.setAttribute('data-as-plain', '1');
    form.submit();
  }

  function ask(text, fromInput) {
    if (busy) return;
    setBusy(true);
    showError('');
    var payload = { text: text };
    // the page's channel (web or mobile); an API that does not take it ignores it
    var channel = form.getAttribute('data-channel');
    if (channel) payload.channel = channel;
    if (loc) payload.location = loc;
    if (conv) payload.conversation_id = conv;
    else {
      var region = form.querySelector('select[name="region"]');
      if (region && region.value) payload.region = region.value;
    }
    fetch(api, { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(payload) })
      .then(function (r) {
        return r.json().then(function (j) { return { status: r.status, body: j }; }, function () { return { status: r.status, body: null }; });
      })
      .then(function (res) {
        var b = res.body;
        if (res.status >= 200 && res.status < 300 && b && b.conversation_id) {
          onReply(text, b, fromInput);
        } else if (b && b.code && b.code !== 'not_found' && b.message && res.status < 500) {
          showError(b.message);
          if (input) input.focus();
        } else {
          fallback(text);
        }
      }, function () {
        showError(form.getAttribute('data-error-network'));
      })
      .then(function () { setBusy(false); });
  }

  function onReply(text, r, fromInput) {
    setConversation(r.conversation_id);
    Array.prototype.forEach.call(log.querySelectorAll('.as-choices'), function (c) { c.parentNode.removeChild(c); });
    var turn = Number(r.turn) || 0;
    log.appendChild(buildTurn({ role: 'user', seq: turn - 1, text: text }, false));
    var answer = buildTurn({ role: 'assistant', seq: turn, text: r.answer, sentences: r.sentences, sources: r.sources, choices: r.choices, outcome: r.outcome }, true);
    log.appendChild(answer);
    after = Math.max(after, turn);
    if (r.state) state = r.state;
    updatePanel(r.handoff, state);
    if (input && fromInput) input.value = '';
    if (input) input.focus({ preventScroll: true });
    if (answer.scrollIntoView) answer.scrollIntoView({ block: 'nearest' });
    schedule();
  }

  if (mode === 'web' && typeof fetch === 'function') {
    form.addEventListener('submit', function (e) {
      if (form.getAttribute('data-as-plain') === '1') return;
      var submitter = e.submitter || null;
      var example = submitter && submitter.name === 'example' ? submitter.value : '';
      var text = (example || (input ? input.value : '')).trim();
      e.preventDefault();
      if (!text) { showError(form.getAttribute('data-error-empty')); if (input) input.focus(); return; }
      if (Array.from(text).length > max) { showError(form.getAttribute('data-error-long')); if (input) input.focus(); return; }
      ask(text, !example);
    });
    log.addEventListener('submit', function (e) {
      var f = e.target;
      if (!f || !f.hasAttribute || !f.hasAttribute('data-as-choice')) return;
      var t = f.querySelector('input[name="text"]');
      if (!t) return;
      e.preventDefault();
      ask(t.value, false);
    });
  }

  // ---------------------------------------------------------------- 使用我的位置
  var locBox = form.querySelector('[data-as-locate]');
  var geo = typeof navigator !== 'undefined' && navigator.geolocation ? navigator.geolocation : null;
  if (locBox && mode === 'web' && geo) {
    var locButton = locBox.querySelector('[data-as-locate-button]');
    var locStatus = locBox.querySelector('[data-as-locate-status]');
    var say = function (t) { if (locStatus) locStatus.textContent = t || ''; };
    locBox.hidden = false;
    if (locButton) {
      locButton.addEventListener('click', function () {
        locButton.disabled = true;
        say(locBox.getAttribute('data-locating'));
        geo.getCurrentPosition(function (p) {
          // about 100 m is enough to find the nearest venue; no finer position leaves the page
          var round = function (x) { return Math.round(x * 1000) / 1000; };
          loc = { lat: round(p.coords.latitude), lng: round(p.coords.longitude) };
          var lat = locBox.querySelector('[data-as-lat]');
          var lng = locBox.querySelector('[data-as-lng]');
          if (lat) lat.value = String(loc.lat);
          if (lng) lng.value = String(loc.lng);
          locButton.disabled = false;
          say(locBox.getAttribute('data-located'));
        }, function () {
          loc = null;
          locButton.disabled = false;
          say(locBox.getAttribute('data-locate-failed'));
        }, { enableHighAccuracy: false, timeout: 15000, maximumAge: 600000 });
      });
    }
  }

  // ---------------------------------------------------------------- staff replies while handed off
  var timer = null;
  var POLL_MS = 4000;
  function live() { return !!conv && (state === 'waiting' || state === 'staff'); }
  function schedule() {
    if (timer || !live() || d.hidden) return;
    timer = window.setTimeout(poll, POLL_MS);
  }
  function poll() {
    timer = null;
    if (!live() || d.hidden) return;
    fetch('/api/v1/assistant/conversations/' + encodeURIComponent(conv) + '?after=' + after, { credentials: 'same-origin', cache: 'no-store', headers: { accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (j) {
        if (!j) return;
        var turns = Array.isArray(j.turns) ? j.turns : [];
        turns.forEach(function (t) {
          var seq = Number(t.seq || t.turn || 0);
          if (seq > after) { log.appendChild(buildTurn(t, false)); after = seq; }
        });
        var st = j.state || (j.conversation && j.conversation.state);
        if (st) state = st;
        updatePanel(j.handoff || null, state);
      }, function () { /* try again at the next tick */ })
      .then(schedule);
  }
  d.addEventListener('visibilitychange', function () { if (!d.hidden) schedule(); });
  schedule();
})();
