// Shell: QR codes for the booklet, many at once. The `qrcode` package (as platform/web/qr.ts) makes
// the symbol (QRCode.create, error correction M); drawing it is done here — an SVG path of dark runs
// per row, and a grey-scale PNG deflated with node:zlib — because the package's own SVG and PNG
// writers cost 10 and 40 ms a code, minutes for a 2,000-item booklet. Symbols are remembered per URL
// (item pages keep their addresses), up to MAX_REMEMBERED.
import QRCode from 'qrcode';
import { crc32, deflateSync } from 'node:zlib';

const MAX_REMEMBERED = 10_000;
const symbols = new Map<string, { size: number; data: Uint8Array }>();

function symbolOf(url: string): { size: number; data: Uint8Array } {
  let s = symbols.get(url);
  if (!s) {
    // one fixed mask (2, a vertical stripe pattern): choosing the best of the eight by their penalty costs 5× the time
    const q = QRCode.create(url, { errorCorrectionLevel: 'M', maskPattern: 2 });
    s = { size: q.modules.size, data: Uint8Array.from(q.modules.data) };
    if (symbols.size >= MAX_REMEMBERED) symbols.delete(symbols.keys().next().value as string);
    symbols.set(url, s);
  }
  return s;
}

const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The code as SVG markup with a one-module quiet zone; `label` is its accessible name. */
export function qrSvg(url: string, label: string): string {
  const { size, data } = symbolOf(url);
  let d = '';
  for (let y = 0; y < size; y++) {
    let x = 0;
    while (x < size) {
      if (!data[y * size + x]) { x++; continue; }
      const start = x;
      while (x < size && data[y * size + x]) x++;
      d += `M${start + 1} ${y + 1}h${x - start}v1h${start - x}z`;
    }
  }
  const n = size + 2;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${n} ${n}" shape-rendering="crispEdges" role="img" aria-label="${esc(label)}" class="hb-qr-svg">`
    + `<rect width="${n}" height="${n}" fill="#ffffff"/><path fill="#000000" d="${d}"/></svg>`;
}

function chunk(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])) >>> 0, 0);
  return Buffer.concat([head, body, crc]);
}

/** The code as a grey-scale PNG, `scale` pixels a module, with a one-module quiet zone. */
export function qrPng(url: string, scale = 5): Buffer {
  const { size, data } = symbolOf(url);
  const px = (size + 2) * scale;
  const raw = Buffer.alloc((px + 1) * px, 0xff);
  for (let y = 0; y < px; y++) {
    raw[y * (px + 1)] = 0; // filter: none
    const my = Math.floor(y / scale) - 1;
    if (my < 0 || my >= size) continue;
    for (let x = 0; x < px; x++) {
      const mx = Math.floor(x / scale) - 1;
      if (mx >= 0 && mx < size && data[my * size + mx]) raw[y * (px + 1) + 1 + x] = 0;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(px, 0); ihdr.writeUInt32BE(px, 4);
  ihdr[8] = 8; ihdr[9] = 0; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0; // 8-bit grey, deflate, no interlace
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}
