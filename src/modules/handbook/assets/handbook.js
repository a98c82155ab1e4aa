/* global document, window, Element */
// 办事一本通: the 打印 button (no inline script: the site's CSP allows scripts from 'self' only).
document.addEventListener('click', (e) => {
  const t = e.target instanceof Element ? e.target.closest('[data-print]') : null;
  if (t) { e.preventDefault(); window.print(); }
});
