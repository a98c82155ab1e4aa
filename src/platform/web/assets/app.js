/* global document */
// Progressive enhancement only: pages work without it. Moves focus to the error summary.
document.addEventListener('DOMContentLoaded', function () {
  var summary = document.querySelector('[data-module="error-summary"]');
  if (summary) summary.focus();
});
