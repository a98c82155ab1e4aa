// What Node's HTTP parser refuses before Fastify sees a request. Node (llhttp, even with
// insecureHTTPParser) refuses any byte above 0x7F in the request target, so `GET /search?q=政务`
// typed into curl or a script unencoded never reaches a route. When such a request arrived whole
// (request line, headers and any Content-Length body in the bytes read), it is answered as the
// same request with the target percent-encoded, through the app (`inject`), and the connection is
// closed; anything else the parser refuses gets a Chinese JSON {code, message} instead of
// Fastify's bare English body.
import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { shellStrings as s } from './strings.ts';

const TAKEN = Symbol('clientErrorTaken');
const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' };

/** A request line's target with every byte outside printable ASCII percent-encoded. */
export function percentEncodeTarget(target: Buffer): string {
  let out = '';
  for (const b of target) out += b > 0x20 && b < 0x7f ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  return out;
}

export interface RawRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: Buffer;
}

/**
 * Reads one whole HTTP/1.x request from `raw` with its target percent-encoded; null when the
 * bytes do not hold exactly that (no request line, headers not ended, a chunked or unfinished body).
 */
export function readRawRequest(raw: Buffer): RawRequest | null {
  const headEnd = raw.indexOf('\r\n\r\n');
  if (headEnd < 0) return null;
  const lineEnd = raw.indexOf('\r\n');
  const line = raw.subarray(0, lineEnd);
  const sp1 = line.indexOf(0x20);
  const sp2 = line.lastIndexOf(0x20);
  if (sp1 <= 0 || sp2 <= sp1) return null;
  const method = line.subarray(0, sp1).toString('latin1');
  const version = line.subarray(sp2 + 1).toString('latin1');
  if (!/^[A-Z]{3,7}$/.test(method) || !/^HTTP\/1\.[01]$/.test(version)) return null;
  const target = line.subarray(sp1 + 1, sp2);
  if (target[0] !== 0x2f) return null; // origin-form only: "/..."
  const headers: Record<string, string> = {};
  // (An HTTP/1.0 request may have no header at all: its request line ends the head.)
  const block = headEnd > lineEnd ? raw.subarray(lineEnd + 2, headEnd).toString('latin1') : '';
  for (const h of block ? block.split('\r\n') : []) {
    const colon = h.indexOf(':');
    if (colon <= 0) return null;
    const name = h.slice(0, colon).trim().toLowerCase();
    if (!/^[!#$%&'*+.^_`|~0-9a-z-]+$/.test(name)) return null;
    const value = h.slice(colon + 1).trim();
    headers[name] = name in headers ? `${headers[name]}${name === 'cookie' ? '; ' : ', '}${value}` : value;
  }
  if ('transfer-encoding' in headers) return null;
  const length = headers['content-length'] === undefined ? 0 : /^\d{1,9}$/.test(headers['content-length']) ? Number(headers['content-length']) : -1;
  if (length < 0 || raw.length !== headEnd + 4 + length) return null;
  return { method, url: percentEncodeTarget(target), headers, body: raw.subarray(headEnd + 4) };
}

function writeJson(socket: Socket, status: number, code: string, message: string): void {
  if (!socket.writable) return void socket.destroy();
  const body = Buffer.from(JSON.stringify({ code, message }));
  socket.end(`HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Bad Request'}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body.toString('latin1')}`, 'latin1');
}

/** Fastify's `clientErrorHandler`: `this` is the app. */
export function handleClientError(this: FastifyInstance, error: Error, socket: Socket): void {
  const err = error as Error & { code?: string; rawPacket?: unknown };
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const flagged = socket as Socket & { [TAKEN]?: boolean };
  if (flagged[TAKEN]) return; // answered already; the parser keeps complaining about the rest
  flagged[TAKEN] = true;
  // A request pipelined behind one still being answered: that answer goes out first (written now,
  // the refusal would stand in its place and end the connection before it).
  const inflight = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
  if (inflight && !inflight.writableFinished) {
    inflight.once('finish', () => answerClientError.call(this, err, socket));
    inflight.once('close', () => { if (!inflight.writableFinished) socket.destroy(); });
    return;
  }
  answerClientError.call(this, err, socket);
}

function answerClientError(this: FastifyInstance, err: Error & { code?: string; rawPacket?: unknown }, socket: Socket): void {
  if (socket.destroyed) return;
  this.log.info({ code: err.code }, 'client error');
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') return writeJson(socket, 408, 'request_timeout', s.errors.requestTimeout);
  if (err.code === 'HPE_HEADER_OVERFLOW') return writeJson(socket, 431, 'headers_too_large', s.errors.headersTooLarge);
  const raw = err.code === 'HPE_INVALID_URL' && Buffer.isBuffer(err.rawPacket) ? readRawRequest(err.rawPacket) : null;
  if (!raw) return writeJson(socket, 400, err.code === 'HPE_INVALID_URL' ? 'bad_url' : 'bad_request', err.code === 'HPE_INVALID_URL' ? s.errors.badUrl : s.errors.badRequest);
  const { 'content-length': _length, connection: _connection, ...headers } = raw.headers;
  this.inject({
    method: raw.method as 'GET',
    url: raw.url,
    headers,
    ...(raw.body.length ? { payload: raw.body } : {}),
    remoteAddress: socket.remoteAddress ?? '127.0.0.1',
  }).then(
    (res) => {
      if (!socket.writable) return void socket.destroy();
      let head = `HTTP/1.1 ${res.statusCode} ${res.statusMessage || 'OK'}\r\n`;
      for (const [name, value] of Object.entries(res.headers)) {
        if (value === undefined || name === 'connection' || name === 'transfer-encoding' || name === 'content-length' || name === 'keep-alive') continue;
        for (const v of [value].flat()) head += `${name}: ${String(v).replace(/[\r\n]/g, '')}\r\n`;
      }
      const body = raw.method === 'HEAD' ? Buffer.alloc(0) : res.rawPayload;
      head += `content-length: ${raw.method === 'HEAD' ? res.rawPayload.length : body.length}\r\nconnection: close\r\n\r\n`;
      socket.end(Buffer.concat([Buffer.from(head, 'latin1'), body]));
    },
    (e: unknown) => {
      this.log.error({ err: e }, 'replaying a raw UTF-8 request failed');
      writeJson(socket, 400, 'bad_url', s.errors.badUrl);
    },
  );
}
