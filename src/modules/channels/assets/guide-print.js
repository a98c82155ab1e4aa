/* global document, window, Element */
// The print view of a 办事指南: 「打印」 prints. On the kiosk (body[data-autoprint]) it prints as soon
// as the sheet has loaded — the kiosk's printer prints without a dialog — and then goes back to the
// guide page, replacing this entry so 「返回」 never leads back to the print view.
(function () {
  'use strict';
  document.addEventListener('click', function (e) {
    var t = e.target;
    if (t instanceof Element && t.closest('[data-print]')) window.print();
  });
  var body = document.body;
  if (body.getAttribute('data-autoprint') !== '1') return;
  var back = body.getAttribute('data-back') || '/';
  // only a path of this site
  if (back.charAt(0) !== '/' || back.charAt(1) === '/') back = '/';
  var gone = false;
  function leave() {
    if (gone) return;
    gone = true;
    window.location.replace(back);
  }
  window.addEventListener('afterprint', leave);
  function go() {
    window.print();
    // window.print() returns once the page is spooled (or at once where printing is not possible)
    setTimeout(leave, 300);
  }
  if (document.readyState === 'complete') go();
  else window.addEventListener('load', go);
})();
