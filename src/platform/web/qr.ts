// Shell: a printable QR code as one SVG — the code itself (drawn by the `qrcode` package, error
// correction level M, quiet zone of 4 modules) with the URL written under it, so a phone without a
// scanner can still type it. Rating QR sheets, the kiosk's 「用手机继续」 and the window desk use it.
import QRCode from 'qrcode';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Width the URL may take under the code (the 300 wide box less 8 on each side). */
export const QR_TEXT_WIDTH = 284;
/** A monospace glyph is about 0.6 em wide (DejaVu Sans Mono, Liberation Mono, Menlo, Consolas). */
const GLYPH_EM = 0.6;
const MAX_FONT = 13;
/** Below this size one line is hard to read: the URL goes onto two lines instead. */
const MIN_ONE_LINE_FONT = 10;

export interface QrTextLine { text: string; y: number; fontSize: number; width: number }

/**
 * How the URL is written under the code: one line at up to 13 px, shrunk to fit 284 wide; when it
 * would fall below 10 px, two lines (broken after a `/`, `?`, `&` or `=` near the middle, else in the
 * middle) at the size the longer line fits. Every line also gets `textLength` = its width with
 * `lengthAdjust="spacingAndGlyphs"`, so a font wider than 0.6 em is squeezed instead of clipped.
 */
export function qrTextLines(url: string): QrTextLine[] {
  const fit = (chars: number) => Math.min(MAX_FONT, Math.floor((QR_TEXT_WIDTH / (GLYPH_EM * Math.max(1, chars))) * 10) / 10);
  const widthOf = (chars: number, size: number) => Math.min(QR_TEXT_WIDTH, Math.round(chars * GLYPH_EM * size * 10) / 10);
  const one = fit(url.length);
  if (one >= MIN_ONE_LINE_FONT || url.length < 2) return [{ text: url, y: 326, fontSize: one, width: widthOf(url.length, one) }];
  const mid = Math.ceil(url.length / 2);
  let cut = mid;
  const reach = Math.floor(url.length / 6);
  for (let d = 0; d <= reach; d++) {
    if (/[/?&=]/.test(url[mid + d - 1] ?? '')) { cut = mid + d; break; }
    if (/[/?&=]/.test(url[mid - d - 1] ?? '')) { cut = mid - d; break; }
  }
  const parts = [url.slice(0, cut), url.slice(cut)];
  const size = fit(Math.max(parts[0]!.length, parts[1]!.length));
  const gap = Math.max(size * 1.2, 1);
  const y2 = 336;
  return parts.map((text, i) => ({ text, y: Math.round((i === 0 ? y2 - gap : y2) * 10) / 10, fontSize: size, width: widthOf(text.length, size) }));
}

/**
 * An SVG (viewBox 0 0 300 340): the QR code of `url` in the top 300×300 and `url` as text under it
 * (qrTextLines: shrunk or on two lines, never wider than the box).
 * `label` is the accessible name of the image (what the code opens).
 */
export async function qrSvg(url: string, label: string): Promise<string> {
  const inner = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 4, color: { dark: '#000000', light: '#ffffff' } });
  // the package's own <svg> nested at 300×300 (its viewBox keeps the modules square)
  const code = inner.replace(/^[\s\S]*?<svg\b/, '<svg x="0" y="0" width="300" height="300"').replace(/<\?xml[^>]*>/, '');
  const lines = qrTextLines(url);
  const fit = (l: QrTextLine) => `font-size="${l.fontSize}" textLength="${l.width}" lengthAdjust="spacingAndGlyphs"`;
  const text = lines.length === 1
    ? `<text x="150" y="${lines[0]!.y}" text-anchor="middle" font-family="monospace" ${fit(lines[0]!)} fill="#000000" class="qr-url">${esc(url)}</text>`
    : `<text text-anchor="middle" font-family="monospace" fill="#000000" class="qr-url">${lines.map((l) => `<tspan x="150" y="${l.y}" ${fit(l)}>${esc(l.text)}</tspan>`).join('')}</text>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 340" width="300" height="340" role="img" aria-label="${esc(label)}" class="qr-code">`
    + `${code}${text}</svg>`;
}
