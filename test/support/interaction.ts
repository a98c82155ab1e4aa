// Test helpers for the interaction module: API tokens, multipart bodies, a JPEG with EXIF.
import http from 'node:http';
import { findUserByUsername, identityService } from '../../src/modules/identity/index.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import type { Db } from '../../src/schema.ts';

export async function tokenFor(db: Db, username: string): Promise<string> {
  const u = await findUserByUsername(db, username);
  return identityService.createApiToken({ db, clock: fixedClock('2026-03-02T02:00:00Z'), sessionIdleMinutes: 120 }, { cli: true }, u!.id, 'test');
}

export const message = (over: Record<string, unknown> = {}) => ({
  org: '130427', category: 'street_lights', title: '时光街路灯不亮', content: '时光街东段路灯连续一周不亮，联系电话13912345678。',
  location: { lat: 36.37, lng: 114.38, address: '磁县时光街东段' }, contact: { name: '刘先生', phone: '13912345678' }, public: true, ...over,
});

/** A multipart body with fields and files. */
export function multipart(fields: Record<string, string>, files: { field: string; name: string; type: string; data: Buffer }[] = []) {
  const boundary = '----gongkaitest7MA4YWxkTrZu0gW';
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  for (const f of files) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${f.field}"; filename="${f.name}"\r\nContent-Type: ${f.type}\r\n\r\n`), f.data, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** A tiny JPEG with an EXIF (APP1) segment holding a GPS marker. */
export function jpegWithExif(): Buffer {
  const exif = Buffer.concat([Buffer.from('Exif\0\0'), Buffer.from('GPSLatitude36.37')]);
  const app1 = Buffer.concat([Buffer.from([0xff, 0xe1]), Buffer.from([0, exif.length + 2]), exif]);
  const app0 = Buffer.from([0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
  const sos = Buffer.from([0xff, 0xda, 0, 8, 1, 1, 0, 0, 0x3f, 0, 0x11, 0x22, 0xff, 0xd9]);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), app0, app1, sos]);
}


/** A 1×1 PNG. */
export const PNG_1X1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

/** A local tile server: /{z}/{x}/{y}.png answers a PNG, anything under /missing/ a 404. */
export async function startTileServer(): Promise<{ url: string; close: () => Promise<void>; hits: string[] }> {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    hits.push(req.url ?? '');
    if (req.url?.startsWith('/missing/')) { res.writeHead(404).end(); return; }
    res.writeHead(200, { 'content-type': 'image/png' }).end(PNG_1X1);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}`, hits, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
