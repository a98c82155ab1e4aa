/* global document, window */
// The kiosk's 留言回执: 「打印回执」 prints the page (kiosk-status.css leaves only the receipt on paper).
(function () {
  'use strict';
  var buttons = document.querySelectorAll('[data-ks-print]');
  for (var i = 0; i < buttons.length; i++) buttons[i].addEventListener('click', function () { window.print(); });
})();
