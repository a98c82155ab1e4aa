// Shell: the printable QR code of a window or venue as one SVG — the code itself (drawn by the
// `qrcode` package, error correction level M, quiet zone of 4 modules) with the short URL written
// under it, so a phone without a scanner can still type it. The package is loaded when first used;
// without it the SVG holds the URL only (and says so), so the sheet still prints.
import { cs } from './channels.strings.ts';

interface QrCodeModule {
  toString(text: string, opts: { type: 'svg'; errorCorrectionLevel: 'M'; margin: number; color?: { dark: string; light: string } }): Promise<string>;
}

let loaded: Promise<QrCodeModule | null> | null = null;
function qrcode(): Promise<QrCodeModule | null> {
  // The name is a variable so the type checker does not need the package's declarations.
  const name = 'qrcode';
  loaded ??= import(name).then((m: { default?: QrCodeModule } & QrCodeModule) => (m.default ?? m), () => null);
  return loaded;
}

/** Is the QR encoder installed? */
export async function qrAvailable(): Promise<boolean> {
  return (await qrcode()) !== null;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * An SVG (viewBox 0 0 300 340): the QR code of `url` in the top 300×300 and `url` as text under it.
 * `caption` names what is rated (for the accessible label).
 */
export async function qrSvg(url: string, caption: string): Promise<string> {
  const lib = await qrcode();
  let code: string;
  if (lib) {
    const inner = await lib.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 4, color: { dark: '#000000', light: '#ffffff' } });
    // the package's own <svg> nested at 300×300 (its viewBox keeps the modules square)
    code = inner.replace(/^[\s\S]*?<svg\b/, '<svg x="0" y="0" width="300" height="300"').replace(/<\?xml[^>]*>/, '');
  } else {
    code = `<rect x="0" y="0" width="300" height="300" fill="#ffffff" stroke="#000000"/><text x="150" y="150" text-anchor="middle" font-size="14">${esc(cs.qr.missing)}</text>`;
  }
  // the URL is short (origin + /rate/w/ + 12 characters): 13 px keeps it on one line at 300 wide
  const size = url.length > 44 ? Math.max(8, Math.floor(13 * 44 / url.length)) : 13;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 340" width="300" height="340" role="img" aria-label="${esc(cs.qr.label(caption))}" class="qr-code">`
    + `${code}<text x="150" y="326" text-anchor="middle" font-family="monospace" font-size="${size}" fill="#000000" class="qr-url">${esc(url)}</text></svg>`;
}
