// Shell: a printable QR code as one SVG — the code itself (drawn by the `qrcode` package, error
// correction level M, quiet zone of 4 modules) with the URL written under it, so a phone without a
// scanner can still type it. Rating QR sheets, the kiosk's 「用手机继续」 and the window desk use it.
import QRCode from 'qrcode';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * An SVG (viewBox 0 0 300 340): the QR code of `url` in the top 300×300 and `url` as text under it.
 * `label` is the accessible name of the image (what the code opens).
 */
export async function qrSvg(url: string, label: string): Promise<string> {
  const inner = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 4, color: { dark: '#000000', light: '#ffffff' } });
  // the package's own <svg> nested at 300×300 (its viewBox keeps the modules square)
  const code = inner.replace(/^[\s\S]*?<svg\b/, '<svg x="0" y="0" width="300" height="300"').replace(/<\?xml[^>]*>/, '');
  // a short URL (origin + /rate/w/ + 12 characters) fits on one line at 13 px and 300 wide
  const size = url.length > 44 ? Math.max(8, Math.floor(13 * 44 / url.length)) : 13;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 340" width="300" height="340" role="img" aria-label="${esc(label)}" class="qr-code">`
    + `${code}<text x="150" y="326" text-anchor="middle" font-family="monospace" font-size="${size}" fill="#000000" class="qr-url">${esc(url)}</text></svg>`;
}
