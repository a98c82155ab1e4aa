// Escaped, highlighted text for search results (PURE: no I/O).
import { escapeHtml } from '../html/sanitize.ts';

export { escapeHtml };

/** Escapes `text` and wraps each occurrence of the given words (longest first) in <mark>. */
export function highlight(text: string, words: readonly string[]): string {
  const ws = words.filter((w) => w.length > 0).slice(0, 20);
  if (!ws.length) return escapeHtml(text);
  const lower = text.toLowerCase();
  const marks = new Array<boolean>(text.length).fill(false);
  for (const w of ws) {
    const lw = w.toLowerCase();
    let i = lower.indexOf(lw);
    while (i >= 0) {
      for (let k = i; k < i + lw.length; k++) marks[k] = true;
      i = lower.indexOf(lw, i + lw.length);
    }
  }
  // escape whole runs of marked / unmarked text, not character by character
  let out = '';
  let i = 0;
  while (i < text.length) {
    const on = marks[i] as boolean;
    let j = i + 1;
    while (j < text.length && marks[j] === on) j++;
    const run = escapeHtml(text.slice(i, j));
    out += on ? `<mark>${run}</mark>` : run;
    i = j;
  }
  return out;
}

/** A window of about `len` characters around the first matched word, escaped and highlighted. */
export function snippetOf(text: string, words: readonly string[], len: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  let at = -1;
  for (const w of words) {
    const i = flat.toLowerCase().indexOf(w.toLowerCase());
    if (i >= 0 && (at < 0 || i < at)) at = i;
  }
  const start = at < 0 ? 0 : Math.max(0, at - Math.floor(len / 3));
  const piece = flat.slice(start, start + len);
  return (start > 0 ? '…' : '') + highlight(piece, words) + (start + len < flat.length ? '…' : '');
}
