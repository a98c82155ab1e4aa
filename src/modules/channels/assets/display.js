/* global document, fetch, AbortController, setInterval */
// The hall display (/display/{venue}): rotates the venue's sections, keeps the clock, the date and
// the progress bar, and polls {venue}/data with If-None-Match to replace the sections' text without
// reloading. Built to run for days: one DOM whose nodes are reused (lists and figures grow or shrink
// to the data, nothing is rebuilt), two timers for the page's whole life (the tick and the next
// poll, one at a time), no listener added after start, nothing kept from one update to the next.
(function () {
  'use strict';
  var body = document.body;
  var url = body.getAttribute('data-url');
  var etag = body.getAttribute('data-etag') || '';
  var speed = Math.max(1, Number(body.getAttribute('data-speed')) || 1);
  var pollMs = Math.max(2, Number(body.getAttribute('data-poll')) || 30) * 1000;
  var slots = parseSlots(body.getAttribute('data-slots'));
  var panels = {};
  var steps = {};
  var nodes = document.querySelectorAll('.display-panel');
  for (var i = 0; i < nodes.length; i++) panels[nodes[i].getAttribute('data-section')] = nodes[i];
  var stepNodes = document.querySelectorAll('.display-steps li');
  for (var j = 0; j < stepNodes.length; j++) steps[stepNodes[j].getAttribute('data-step')] = stepNodes[j];
  var nameEl = document.getElementById('display-section-name');
  var timeEl = document.getElementById('display-time');
  var dateEl = document.getElementById('display-date');
  var fillEl = document.getElementById('display-progress-fill');
  var barEl = fillEl.parentNode;
  var staleEl = document.getElementById('display-stale');
  var venueEl = document.querySelector('.display-venue');
  var timeFmt = new Intl.DateTimeFormat('zh-CN', { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false, timeZone: 'Asia/Shanghai' });
  var dateFmt = new Intl.DateTimeFormat('zh-CN', { year: 'numeric', month: 'long', day: 'numeric', weekday: 'long', timeZone: 'Asia/Shanghai' });
  var index = 0;
  var shownAt = Date.now();
  var lastPct = -1;
  var lastTime = '';
  var lastDate = '';

  function parseSlots(text) {
    try {
      var raw = JSON.parse(text || '[]');
      var out = [];
      for (var k = 0; k < raw.length; k++) out.push({ section: String(raw[k][0]), seconds: Number(raw[k][1]) || 20 });
      return out;
    } catch { return []; }
  }

  function setText(el, text) { if (el.textContent !== text) el.textContent = text; }

  function labelOf(code) {
    var p = panels[code];
    var h = p && p.querySelector('.display-panel-title');
    return h ? h.textContent : '';
  }

  function show(at) {
    index = slots.length ? at % slots.length : 0;
    shownAt = Date.now();
    var current = slots.length ? slots[index].section : '';
    for (var code in panels) {
      var on = code === current;
      if (panels[code].hidden === on) panels[code].hidden = !on;
    }
    for (var s in steps) {
      var listed = false;
      for (var m = 0; m < slots.length; m++) if (slots[m].section === s) listed = true;
      if (steps[s].hidden === listed) steps[s].hidden = !listed;
      steps[s].className = s === current ? 'current' : '';
    }
    var label = labelOf(current);
    setText(nameEl, label);
    barEl.setAttribute('aria-label', label + '：本栏目展示进度');
    lastPct = -1;
  }

  function tick() {
    var now = new Date();
    var t = timeFmt.format(now);
    if (t !== lastTime) { lastTime = t; timeEl.textContent = t; }
    var d = dateFmt.format(now);
    if (d !== lastDate) { lastDate = d; dateEl.textContent = d; }
    if (!slots.length) return;
    var span = (slots[index].seconds * 1000) / speed;
    var p = (Date.now() - shownAt) / span;
    if (p >= 1) { show(index + 1); p = 0; }
    fillEl.style.transform = 'scaleX(' + p.toFixed(3) + ')';
    var pct = Math.round(p * 100);
    if (pct !== lastPct) { lastPct = pct; barEl.setAttribute('aria-valuenow', String(pct)); }
  }

  // ---- content: the figures and the list of one panel, their nodes reused ----
  function fitChildren(parent, count, make) {
    while (parent.children.length < count) parent.appendChild(make());
    while (parent.children.length > count) parent.removeChild(parent.lastElementChild);
  }
  function makeFigure() {
    var div = document.createElement('div');
    div.className = 'display-figure';
    var dt = document.createElement('dt');
    var dd = document.createElement('dd');
    var num = document.createElement('span');
    num.className = 'display-num';
    var unit = document.createElement('span');
    unit.className = 'display-unit';
    dd.appendChild(num);
    dd.appendChild(unit);
    div.appendChild(dt);
    div.appendChild(dd);
    return div;
  }
  function makeLine() {
    var li = document.createElement('li');
    var title = document.createElement('span');
    title.className = 'display-line-title';
    var meta = document.createElement('span');
    meta.className = 'display-line-meta';
    li.appendChild(title);
    li.appendChild(meta);
    return li;
  }
  function fill(panel, c) {
    var figs = panel.querySelector('.display-figures');
    var list = panel.querySelector('.display-list');
    var figures = c.figures || [];
    var lines = c.list || [];
    fitChildren(figs, figures.length, makeFigure);
    for (var a = 0; a < figures.length; a++) {
      var f = figs.children[a];
      setText(f.children[0], String(figures[a].label));
      setText(f.children[1].children[0], String(figures[a].value));
      setText(f.children[1].children[1], String(figures[a].unit));
    }
    fitChildren(list, lines.length, makeLine);
    for (var b = 0; b < lines.length; b++) {
      var li = list.children[b];
      setText(li.children[0], String(lines[b].title));
      setText(li.children[1], String(lines[b].meta));
    }
    setText(panel.querySelector('.display-list-title'), String(c.listTitle || ''));
    setText(panel.querySelector('.display-note'), String(c.note || ''));
  }

  function apply(data) {
    if (data.venue && venueEl) setText(venueEl, String(data.venue.name));
    var sections = data.sections || {};
    for (var code in panels) if (sections[code]) fill(panels[code], sections[code]);
    var next = [];
    var incoming = data.slots || [];
    for (var k = 0; k < incoming.length; k++) if (panels[incoming[k].section]) next.push({ section: incoming[k].section, seconds: Number(incoming[k].seconds) || 20 });
    var same = next.length === slots.length;
    for (var m = 0; same && m < next.length; m++) same = next[m].section === slots[m].section && next[m].seconds === slots[m].seconds;
    if (!same) {
      var current = slots.length ? slots[index].section : '';
      slots = next;
      var at = 0;
      for (var n = 0; n < slots.length; n++) if (slots[n].section === current) at = n;
      var keep = shownAt;
      show(at);
      if (slots.length && slots[at].section === current) shownAt = keep;
    }
  }

  // ---- polling: one request at a time, the next one scheduled when it ends ----
  function stale(on) { if (staleEl.hidden === on) staleEl.hidden = !on; }
  function schedule() { setTimeout(poll, pollMs); }
  function poll() {
    var ctl = typeof AbortController === 'function' ? new AbortController() : null;
    var guard = setTimeout(function () { if (ctl) ctl.abort(); }, Math.min(15000, pollMs * 2));
    fetch(url, { cache: 'no-store', credentials: 'omit', headers: { 'If-None-Match': etag, Accept: 'application/json' }, signal: ctl ? ctl.signal : undefined })
      .then(function (res) {
        if (res.status === 304) return null;
        if (!res.ok) throw new Error('HTTP ' + res.status);
        var tag = res.headers.get('etag');
        return res.json().then(function (data) { if (tag) etag = tag; return data; });
      })
      .then(function (data) { if (data) apply(data); stale(false); }, function () { stale(true); })
      .then(function () { clearTimeout(guard); schedule(); });
  }

  show(0);
  tick();
  setInterval(tick, 200);
  schedule();
})();
