/* global document, location, localStorage, fetch, URLSearchParams */
// Search page enhancements (the page works without this script):
//  - suggestions as you type (Chinese, full pinyin or initials: "sbcx" → 社保查询), keyboard and touch;
//  - personal hints kept in this browser only (localStorage): recent searches and a preferred region,
//    sent with each search as hints; nothing is stored on the server.
(function () {
  'use strict';
  var form = document.querySelector('[data-search-form]');
  if (!form) return;
  var input = form.querySelector('#q');
  var list = document.getElementById('search-suggestions');
  var KEY_RECENT = 'gk.search.recent';
  var KEY_REGION = 'gk.search.region';
  function load(k, d) { try { var v = JSON.parse(localStorage.getItem(k) || 'null'); return v == null ? d : v; } catch { return d; } }
  function save(k, v) { try { localStorage.setItem(k, JSON.stringify(v)); } catch { /* private mode */ } }

  var params = new URLSearchParams(location.search);
  if (params.get('region')) save(KEY_REGION, params.get('region'));
  var recent = load(KEY_RECENT, []);
  if (params.get('q')) {
    var q0 = params.get('q').trim().slice(0, 20);
    recent = [q0].concat(recent.filter(function (x) { return x !== q0; })).slice(0, 8);
    save(KEY_RECENT, recent);
  }
  form.querySelector('[data-hint-region]').value = load(KEY_REGION, '') || '';
  form.querySelector('[data-recent]').value = recent.slice(0, 5).join('|');

  var box = document.querySelector('[data-recent-box]');
  var ul = document.querySelector('[data-recent-list]');
  function renderRecent() {
    ul.textContent = '';
    recent.forEach(function (r) {
      var li = document.createElement('li'); var a = document.createElement('a');
      a.href = '/search?q=' + encodeURIComponent(r); a.textContent = r; li.appendChild(a); ul.appendChild(li);
    });
    box.hidden = recent.length === 0;
  }
  renderRecent();
  document.querySelector('[data-recent-clear]').addEventListener('click', function () { recent = []; save(KEY_RECENT, []); renderRecent(); });

  var timer = null; var active = -1; var items = [];
  function close() { list.hidden = true; list.textContent = ''; input.setAttribute('aria-expanded', 'false'); input.removeAttribute('aria-activedescendant'); active = -1; items = []; }
  function choose(text) { input.value = text; close(); form.submit(); }
  function render(data) {
    list.textContent = ''; items = data.suggestions || []; active = -1;
    if (!items.length) { close(); return; }
    items.forEach(function (s, i) {
      var li = document.createElement('li');
      li.id = 'sug-' + i; li.setAttribute('role', 'option'); li.textContent = s.text;
      li.addEventListener('mousedown', function (e) { e.preventDefault(); choose(s.text); });
      list.appendChild(li);
    });
    list.hidden = false; input.setAttribute('aria-expanded', 'true');
  }
  input.addEventListener('input', function () {
    clearTimeout(timer);
    var v = input.value.trim();
    if (!v) { close(); return; }
    timer = setTimeout(function () {
      fetch('/api/v1/search/suggest?q=' + encodeURIComponent(v), { headers: { accept: 'application/json' } })
        .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; }).then(render).catch(close);
    }, 120);
  });
  input.addEventListener('keydown', function (e) {
    if (!items.length) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      active = (active + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length;
      Array.prototype.forEach.call(list.children, function (li, i) { li.setAttribute('aria-selected', i === active ? 'true' : 'false'); });
      input.setAttribute('aria-activedescendant', 'sug-' + active);
    } else if (e.key === 'Enter' && active >= 0) { e.preventDefault(); choose(items[active].text); }
    else if (e.key === 'Escape') close();
  });
  input.addEventListener('blur', function () { setTimeout(close, 150); });
})();
