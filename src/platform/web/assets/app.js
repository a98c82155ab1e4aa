/* global document */
// Progressive enhancement only: pages work without it. Moves focus to the error summary; a form
// marked data-submit-once is sent once (a double click on 登录 would send a single-use code twice).
document.addEventListener('DOMContentLoaded', function () {
  var summary = document.querySelector('[data-module="error-summary"]');
  if (summary) summary.focus();
});
document.addEventListener('submit', function (event) {
  var form = event.target;
  if (!form || !form.hasAttribute || !form.hasAttribute('data-submit-once')) return;
  if (form.getAttribute('data-submitted') === '1') {
    event.preventDefault();
    return;
  }
  form.setAttribute('data-submitted', '1');
});
