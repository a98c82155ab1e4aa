/* global document, window, HTMLElement */
// The print view's 打印 button (the page prints with the browser's own command too).
document.addEventListener('click', (e) => {
  const t = e.target;
  if (t instanceof HTMLElement && t.closest('[data-print]')) window.print();
});
