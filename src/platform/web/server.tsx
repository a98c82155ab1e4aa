// Shell: the Fastify server every module registers on — body parsers, cookies, security headers,
// CSRF on cookie-authenticated forms, request ids, OpenAPI, and one error handler that answers
// JSON {code, message} on /api and a Chinese page in the browser. Nothing here gives a 500 for
// bad input.
import type { Readable } from 'node:stream';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import formbody from '@fastify/formbody';
import cookie from '@fastify/cookie';
import helmet, { type HelmetOptions } from 'helmet';
import rateLimit, { type FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import { ENUM_KEYWORDS } from './enum-schema.ts';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Logger } from 'pino';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomFillSync, randomUUID } from 'node:crypto';
import type { SiteConfig } from '../../config.ts';
import type { Actor } from '../auth/actor.ts';
import type { OneCodeReader, Resident } from '../auth/resident.ts';
import { safeEqual } from '../auth/tokens.ts';
import { isDatabaseBusy } from '../db/db.ts';
import { HttpError } from './http-error.ts';
import { addressKey } from './client-address.ts';
import { dropNul, nonFiniteField, nulFieldOf, parseQueryString } from './query.ts';
import { handleClientError } from './client-error.ts';
import { field } from './forms.ts';
import { ErrorPage } from './layout.tsx';
import type { PageContext } from './page-context.ts';
import { shellStrings as s } from './strings.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in staff member or token holder; null when anonymous. */
    actor: Actor | null;
    /** 'expired' when a session cookie was sent but had expired. */
    sessionState: 'none' | 'valid' | 'expired';
    /** The signed-in resident or enterprise (issue 21, gk_me cookie); null when none. Separate from staff. */
    resident: Resident | null;
    /**
     * This reader's CSRF token for the forms of the page being answered: the gk_csrf cookie's, or —
     * read for the first time on a request without a valid cookie — a new one, given in a Set-Cookie
     * (so a page without a form sets no cookie: it can be kept by any cache). Read it only while
     * rendering a form (or pass `pageContext`, whose `csrfToken` reads it when used). Read-only: a
     * new token is given by `renewCsrfToken`.
     */
    readonly csrfToken: string;
    /** (the token behind `csrfToken`: the cookie's, one given on this request, or '' until one is needed) */
    csrfHeld: string;
    /** (the reply to give a new token's cookie on, set by the shell's onRequest hook) */
    csrfReply: FastifyReply | null;
    elder: boolean;
  }
  interface FastifyInstance {
    site: SiteConfig;
    /** Entries of the staff home page, added by each module; shown to holders of one of `roles`. */
    staffLinks: StaffLink[];
    /** Every route registered (method and URL pattern), for checks that must cover all of them. */
    routeList: { method: string; url: string }[];
    /** Extra lists for the supervision page, registered by modules. */
    supervisionReminders: SupervisionReminder[];
    /** The work counts of the staff home page (工作台), registered by each module. */
    staffWork: StaffWork[];
    /** 一码办 (issue 21): set by the accounts module; desk and kiosk pages take shared fields through it. */
    oneCode: OneCodeReader | null;
    /** 收藏 / 订阅 buttons (issue 21): set by the accounts module; item, venue and disclosure list pages show them. */
    residentActions: ResidentActions | null;
  }
}

/**
 * The buttons a signed-in resident sees on public pages (收藏 an item or venue, 订阅 a disclosure
 * category or organisation), or the link to sign in first. Pages call it without importing the
 * accounts module; null (none registered) shows nothing.
 */
export interface ResidentActions {
  saveButton(request: FastifyRequest, kind: 'item' | 'venue', ref: string): Promise<VNode | null>;
  subscribeButton(request: FastifyRequest, kind: 'category' | 'organisation', ref: string): Promise<VNode | null>;
}

export interface StaffLink {
  href: string;
  label: string;
  description: string;
  roles: string[];
}

/**
 * A list the openness office's supervision page shows besides its own (e.g. annual reports not yet
 * published): each module registers one, so the page needs no import of that module.
 */
export interface SupervisionReminder {
  title: string;
  /** Where the items are worked on. */
  href: string;
  /** The items for the signed-in staff member (request.actor) on `today`, as short lines. */
  items: (request: FastifyRequest, today: string) => Promise<string[]>;
}

/** One count of the staff home page: how many rows wait for the person, and the list of exactly those rows. */
export interface StaffWorkCount {
  label: string;
  count: number;
  href: string;
}

/**
 * A module's block on the staff home page (工作台): shown to holders of one of `roles`; `counts`
 * answers, for the signed-in person (scoped to their grants), the rows that wait for them — counted
 * in the database, never by loading rows. The page imports no module: each registers its own.
 */
export interface StaffWork {
  title: string;
  roles: string[];
  counts: (actor: Actor) => Promise<StaffWorkCount[]>;
}

export const CSRF_COOKIE = 'gk_csrf';
/** The 长者模式 switch's form action (the portal module answers it; its form is in every page's header). */
export const ELDER_SWITCH_PATH = '/preferences/elder-mode';
export const ELDER_COOKIE = 'gk_elder';
export const BODY_LIMIT = 1024 * 1024;

export interface ServerOptions {
  logger: Logger;
  site: SiteConfig;
  /** Fastify trustProxy: false, or a comma list of trusted proxy addresses ('loopback'). */
  trustProxy: false | string;
  /** Extra static folder for compiled client assets, served at /assets. */
  assetsDir?: string;
  /** Extra img-src origins for the CSP (map tiles). */
  extraImgSrc?: string[];
  /** Requests per minute per address on /api (default 600). */
  apiRateLimitPerMinute?: number;
  /** Where rate-limit counters live: in this process (default) or in the database shared by all processes. */
  rateLimitStore?: FastifyRateLimitStoreCtor;
}

export type App = FastifyInstance<any, any, any, Logger, TypeBoxTypeProvider>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ASSETS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'assets');

/** Is this request answered with JSON (API) rather than a page? */
export function wantsJson(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/') || request.url === '/healthz';
}

/**
 * Did the browser send this request from another site? `Sec-Fetch-Site` where the browser sends it
 * (all current ones), else an `Origin` whose host name is not this request's (the name only: a proxy
 * that passes `Host` without its port, as the README's nginx does, would refuse every browser that
 * sends no `Sec-Fetch-Site` on a non-default port). Neither header: not known to be cross-site (old
 * browsers, non-browser clients).
 */
export function crossSite(request: FastifyRequest): boolean {
  const site = request.headers['sec-fetch-site'];
  if (typeof site === 'string' && site !== '') return site !== 'same-origin' && site !== 'none';
  const origin = request.headers.origin;
  if (typeof origin !== 'string' || origin === '') return false;
  try {
    return new URL(origin).hostname.toLowerCase() !== request.hostname.toLowerCase();
  } catch {
    return true; // 'null' (a sandboxed or privacy-sensitive context) or garbage
  }
}

/** Whether cookies should be Secure: behind HTTPS (directly or via a trusted proxy). */
export function secureCookies(request: FastifyRequest): boolean {
  return request.protocol === 'https';
}

/**
 * Gives the browser a new CSRF token (gk_csrf cookie) and renders this response's forms with it.
 * Called at sign-in and sign-out, so a token seen before (on a shared computer, in a page cached
 * before sign-in) no longer works afterwards.
 */
export function renewCsrfToken(request: FastifyRequest, reply: FastifyReply): string {
  const token = csrfSecret();
  reply.setCookie(CSRF_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: secureCookies(request) });
  request.csrfHeld = token;
  return token;
}

/**
 * `request.csrfToken`: the token held (the cookie's or one given already), else a new one given now —
 * only on a page request whose reply can still carry a cookie (none on JSON answers and static files,
 * none once the headers are sent, none on a bare reply of an error raised before routing).
 */
function csrfTokenOf(request: FastifyRequest): string {
  if (request.csrfHeld) return request.csrfHeld;
  const reply = request.csrfReply;
  if (!reply || reply.sent || reply.raw.headersSent || typeof (reply as Partial<FastifyReply>).setCookie !== 'function') return '';
  return renewCsrfToken(request, reply);
}

// A first visit gets a new CSRF token on every page: 32 random bytes from the system's CSPRNG, as
// randomSecret() gives, but drawn from a pool filled 128 tokens at a time (one randomBytes call per
// request was ~3 % of a public page's CPU). Each token's bytes are used once.
const POOL_TOKENS = 128;
const csrfPool = Buffer.alloc(32 * POOL_TOKENS);
let csrfPoolNext = POOL_TOKENS;
function csrfSecret(): string {
  if (csrfPoolNext === POOL_TOKENS) { randomFillSync(csrfPool); csrfPoolNext = 0; }
  const at = 32 * csrfPoolNext++;
  return csrfPool.toString('base64url', at, at + 32);
}

/**
 * The security headers (helmet's defaults with the site's CSP), computed once: the headers do not
 * depend on the request, and building helmet's middleware per request (what @fastify/helmet does:
 * it parses the CSP directives again each time) cost ~3 % of a public page's CPU.
 */
export function securityHeaders(options: HelmetOptions): { set: [string, string][]; remove: string[] } {
  const set: [string, string][] = [];
  const remove: string[] = [];
  const res = {
    setHeader: (name: string, value: string | number | readonly string[]) => { set.push([name, String(value)]); },
    removeHeader: (name: string) => { remove.push(name); },
  };
  let failed: unknown = null;
  helmet(options)({} as never, res as never, (err?: unknown) => { if (err) failed = err; });
  if (failed) throw failed instanceof Error ? failed : new Error(String(failed));
  return { set, remove };
}

export function pageContext(request: FastifyRequest): PageContext {
  return {
    site: request.server.site,
    staff: request.actor && request.actor.via === 'session' ? { displayName: request.actor.displayName, username: request.actor.username } : null,
    resident: request.resident ? { displayName: request.resident.displayName } : null,
    // read when a form is rendered: a page without one gives no token and sets no cookie
    get csrfToken() { return request.csrfToken; },
    elder: request.elder,
    path: request.url.split('?')[0] ?? '/',
  };
}

/** Renders a page and sends it. */
export function sendPage(reply: FastifyReply, page: VNode, status = 200): FastifyReply {
  return reply.status(status).type('text/html; charset=utf-8').send(`<!doctype html>${renderToString(page)}`);
}

/**
 * A page rendered once and sent to every anonymous reader (issue 24 §5). A page without a form (the
 * record page, a tombstone) needs no CSRF token: it is kept as its UTF-8 bytes, outside the JS heap
 * (a kept page is long-lived: as a string each one was copied by two young-generation collections and
 * then by the full ones, the largest share of the GC pauses under load), and sent as a copy of those
 * bytes — no encoding, no cookie (its buffer is reused once dropped: `releaseShared`). A page with a form is kept as its text cut where the reader's own CSRF token
 * goes, which `sendShared` puts back in per request.
 */
export interface SharedPage {
  status: number;
  /** The page's bytes (no form), a view of `buffer`; null for a page with a form, and once its memory is reused (`releaseShared`). */
  body: Buffer | null;
  /** (the reusable buffer behind `body`, whole KiB; null once released) */
  buffer: Buffer | null;
  /** The page's text cut where the token goes (a page with a form), else null. */
  parts: string[] | null;
  bytes: number;
}

// Where the token goes while the page is rendered: letters and digits only (no escaping touches it),
// random per process, so no stored text can contain it by design.
const TOKEN_SLOT = `gktok${randomUUID().replace(/-/g, '')}`;

/**
 * May this request be answered with a page rendered for somebody else? Only when nobody is signed
 * in (no staff member by session or token, no resident): such a page differs from reader to reader
 * only by the CSRF token (filled in per request), the 长者模式 switch and the path (both part of the
 * caller's key).
 */
export function isAnonymous(request: FastifyRequest): boolean {
  return request.actor === null && request.resident === null;
}

// A kept page's bytes are reused once its cache lets it go (`releaseShared`), for the next page
// rendered: a new buffer for each page kept made V8 count its bytes as external memory that only a
// full collection frees, so the pages' turnover alone (≈ 8 MB/s under the record load) forced a full
// collection of the whole heap every 6–7 s ("external memory pressure", issue 24 §5). Buffers are
// reused by size (whole KiB), at most PAGE_POOL_MAX bytes of them waiting. A kept buffer itself is
// never given to a socket (a slow reader's write could still be pending when it is reused): every
// answer is a copy (`sendShared`), whose young buffer the next scavenge frees. A dropped buffer
// waits until the current turn of the event loop has ended: a request that got the page from the
// cache in this turn has made its copy by then.
const PAGE_POOL_MAX = 8 * 1024 * 1024;
const freePages = new Map<number, Buffer[]>();
let freeBytes = 0;
let dropped: { page: SharedPage; buffer: Buffer }[] = [];
function pageBuffer(n: number): Buffer {
  const kib = Math.max(1, Math.ceil(n / 1024));
  const b = freePages.get(kib)?.pop();
  if (b) { freeBytes -= b.length; return b; }
  return Buffer.allocUnsafeSlow(kib * 1024);
}
function recycleDropped(): void {
  for (const { page, buffer: b } of dropped) {
    // the page can no longer be sent: a caller that kept it past its turn fails (sendShared) instead of sending another page's bytes
    page.body = null;
    if (freeBytes + b.length > PAGE_POOL_MAX) continue;
    const kib = b.length / 1024;
    let list = freePages.get(kib);
    if (!list) freePages.set(kib, list = []);
    list.push(b);
    freeBytes += b.length;
  }
  dropped = [];
}

/** A kept page its cache let go: its bytes may be reused after this turn of the event loop (until then it can still be sent). */
export function releaseShared(page: SharedPage): void {
  if (!page.buffer) return;
  if (dropped.length === 0) setImmediate(recycleDropped);
  dropped.push({ page, buffer: page.buffer });
  page.buffer = null;
}

/** (tests) Forgets the pooled buffers, so a test sees the pool as a fresh process has it. */
export function emptySharedPagePool(): void {
  freePages.clear();
  freeBytes = 0;
}

/** Renders an anonymous reader's page once, to be sent to any anonymous reader with the same path and 长者模式. */
export function renderShared(request: FastifyRequest, page: (ctx: PageContext) => VNode, status = 200): SharedPage {
  const ctx: PageContext = { site: request.server.site, staff: null, resident: null, csrfToken: TOKEN_SLOT, elder: request.elder, path: request.url.split('?')[0] ?? '/' };
  const html = `<!doctype html>${renderToString(page(ctx))}`;
  const parts = html.split(TOKEN_SLOT);
  if (parts.length === 1) {
    const buffer = pageBuffer(Buffer.byteLength(html, 'utf8'));
    const body = buffer.subarray(0, buffer.write(html, 'utf8'));
    return { status, body, buffer, parts: null, bytes: buffer.length + 160 };
  }
  // (the memory it holds: two bytes a character once any character is outside Latin-1)
  return { status, body: null, buffer: null, parts, bytes: 2 * html.length + 64 };
}

/** Sends a shared page: a copy of its bytes, or its text with this request's CSRF token (its cookie's, or one given now) where its forms need it. */
export function sendShared(request: FastifyRequest, reply: FastifyReply, page: SharedPage): FastifyReply {
  let payload: Buffer | string;
  if (page.body) {
    payload = Buffer.allocUnsafe(page.body.length);
    page.body.copy(payload);
  } else if (page.parts) payload = page.parts.join(request.csrfToken);
  else throw new Error('a kept page was sent after its cache let it go and its memory was reused');
  return reply.status(page.status).type('text/html; charset=utf-8').send(payload);
}

function errorTitle(status: number): string {
  switch (status) {
    case 400: return '请求有误';
    case 401: return '需要登录';
    case 403: return '没有权限';
    case 404: return '页面不存在';
    case 409: return '无法执行此操作';
    case 413: return '内容过大';
    case 415: return '不支持的内容类型';
    case 429: return '请求过于频繁';
    case 503: return '系统繁忙';
    default: return status >= 500 ? '服务器错误' : '请求有误';
  }
}

export const FILE_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
} as const;

/**
 * Sends a file to download: an ASCII fallback name and the real (Chinese) name per RFC 6266, and
 * nosniff so the browser keeps the declared type.
 */
export function sendDownload(reply: FastifyReply, body: Buffer | string | Readable, fileName: string, contentType: string): FastifyReply {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return reply
    .type(contentType)
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}; filename="${ascii}"`)
    .header('x-content-type-options', 'nosniff')
    .send(body);
}

/** A module's own error page for its paths (the kiosk: the site's page would lead off the kiosk). */
export type ErrorPageRenderer = (request: FastifyRequest, reply: FastifyReply, status: number, message: string) => VNode | null;
const errorPages = new WeakMap<object, { prefix: string; render: ErrorPageRenderer }[]>();
/** Registers the error page of every HTML error under `prefix` (on this app). */
export function registerErrorPage(app: { server: unknown }, prefix: string, render: ErrorPageRenderer): void {
  const list = errorPages.get(app.server as object) ?? [];
  list.push({ prefix, render });
  errorPages.set(app.server as object, list);
}

/** Answers an HttpError as JSON or as a page. */
export function sendError(request: FastifyRequest, reply: FastifyReply, err: HttpError): FastifyReply {
  if (wantsJson(request)) {
    return reply.status(err.status).send({ code: err.code, message: err.message, ...(err.reasons ? { reasons: err.reasons } : {}) });
  }
  // (its forms, if any, read request.csrfToken while it is rendered: a new token is given then. An error
  // Fastify raises before routing — a parameter over the length limit — has a bare reply without the
  // cookie plugin's methods: as before, its page carries no token.)
  for (const e of errorPages.get(request.server.server as object) ?? []) {
    if (!request.url.startsWith(e.prefix)) continue;
    const page = e.render(request, reply, err.status, err.message);
    if (page) return sendPage(reply, page, err.status);
  }
  const ctx = pageContext(request);
  const loginLink = err.status === 401 ? `/login?next=${encodeURIComponent(request.url)}` : null;
  return sendPage(
    reply,
    <ErrorPage ctx={ctx} status={err.status} title={errorTitle(err.status)} message={err.message}>
      {err.reasons && (
        <ul>
          {err.reasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      )}
      {loginLink && (
        <p>
          <a href={loginLink}>前往登录</a>
        </p>
      )}
    </ErrorPage>,
    err.status,
  );
}

const MALFORMED_MULTIPART = /^(Unexpected end of (form|multipart data)|Malformed part header|Multipart: Boundary not found|Boundary required|.*terminated early)/;

/**
 * A multipart body the parser (busboy) could not read — no boundary, cut off, a broken part header —
 * thrown as a plain Error with no status: the sender's fault. Upload scopes answer it with their own
 * Chinese message (400 `multipart_invalid`).
 */
export function isMalformedMultipart(error: unknown): boolean {
  return !(error instanceof HttpError) && !(error as { statusCode?: number }).statusCode && MALFORMED_MULTIPART.test(String((error as Error).message));
}

function isMultipart(request: FastifyRequest): boolean {
  return /^multipart\//i.test(String(request.headers['content-type'] ?? '').trim());
}

interface SchemaError { instancePath?: string; keyword?: string; message?: string; params?: Record<string, unknown> }

/**
 * The schema validator's errors in Chinese, one per field: a union of allowed values reports each
 * alternative, which is said once as 「…的值不在允许的范围内」.
 */
export function validationDetails(errors: readonly SchemaError[]): string[] {
  const f = s.errors.field;
  const byField = new Map<string, string>();
  for (const v of errors) {
    const path = (v.instancePath ?? '').split('/').filter(Boolean).join('.');
    const p = v.params ?? {};
    const name = v.keyword === 'required' ? [path, String(p.missingProperty ?? '')].filter(Boolean).join('.')
      : v.keyword === 'additionalProperties' ? [path, String(p.additionalProperty ?? '')].filter(Boolean).join('.')
      : path || f.body;
    const n = Number(p.limit);
    const text = (() => {
      switch (v.keyword) {
        case 'required': return f.required(name);
        case 'type': return f.type(name, String(p.type ?? ''));
        case 'const': case 'enum': case 'anyOf': case 'oneOf': return f.choice(name);
        case 'format': case 'pattern': return f.format(name);
        case 'maxLength': return f.tooLong(name, n);
        case 'minLength': return f.tooShort(name, n);
        case 'minimum': case 'maximum': case 'exclusiveMinimum': case 'exclusiveMaximum': return f.range(name);
        case 'maxItems': return f.tooMany(name, n);
        case 'additionalProperties': return f.unknown(name);
        default: return f.other(name);
      }
    })();
    // A union's alternatives each fail with their own keyword; the field's first message stands unless it is the union's.
    const choice = ['const', 'enum', 'anyOf', 'oneOf'].includes(v.keyword ?? '');
    if (!byField.has(name) || choice) byField.set(name, text);
  }
  return [...byField.values()];
}

/** Turns any thrown error into the HttpError to answer with. */
function toHttpError(error: unknown, request: FastifyRequest): HttpError {
  if (error instanceof HttpError) return error;
  const e = error as { statusCode?: number; code?: string; validation?: { instancePath?: string; message?: string; params?: Record<string, unknown> }[]; message?: string };
  if (error instanceof SyntaxError && /JSON/.test(String(error.message))) return new HttpError(400, 'invalid_json', s.errors.invalidJson);
  if (e.validation) return new HttpError(400, 'validation_failed', `${s.errors.validation}：${validationDetails(e.validation).join('；')}`);
  switch (e.code) {
    // @fastify/multipart: limits and a content type that is not multipart.
    case 'FST_REQ_FILE_TOO_LARGE':
      return new HttpError(413, 'file_too_large', s.errors.fileTooLarge);
    case 'FST_PARTS_LIMIT':
    case 'FST_FILES_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return new HttpError(413, 'too_many_parts', s.errors.tooManyParts);
    case 'FST_PROTO_VIOLATION':
    case 'FST_INVALID_JSON_FIELD_ERROR':
    case 'FST_MP_PREMATURE_CLOSE':
      return new HttpError(400, 'multipart_invalid', s.errors.multipartInvalid);
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new HttpError(415, 'multipart_required', s.errors.multipartRequired);
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new HttpError(400, 'invalid_json', s.errors.invalidJson);
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new HttpError(413, 'body_too_large', `${s.errors.bodyTooLarge}（上限 ${Math.round(BODY_LIMIT / 1024)} KB）`);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new HttpError(415, 'unsupported_media_type', s.errors.unsupportedMediaType);
  }
  // A multipart body without a boundary, cut off before its end or with a broken part header makes
  // the parser (busboy) throw a plain Error with no status: the sender's fault, a 400.
  if (!e.statusCode && isMultipart(request) && MALFORMED_MULTIPART.test(String(e.message))) {
    return new HttpError(400, 'multipart_invalid', s.errors.multipartInvalid);
  }
  // PostgreSQL refusing a byte it cannot store (a NUL that came in some other way): the input's fault.
  if (e.code === '22021' || e.code === '22P05') return new HttpError(400, 'invalid_character', s.errors.badCharacter);
  // PostgreSQL refusing a number its column cannot hold (an id like 99999999999 or 2^31 passed from a URL
  // or form to an \`integer\` column; SQLite just finds nothing): the input's fault, not a server error.
  if (e.code === '22003') return new HttpError(400, 'number_out_of_range', s.errors.numberOutOfRange);
  // The database held by another writer past the wait (SQLite's busy_timeout while an import switches
  // live, or a PostgreSQL lock timeout, deadlock or serialization failure): nothing was saved and
  // the same request will succeed shortly — a 503 with Retry-After, not a server error.
  if (isDatabaseBusy(e.code)) return new HttpError(503, 'database_busy', s.errors.databaseBusy);
  if (e.statusCode === 429) return new HttpError(429, 'rate_limited', s.errors.rateLimited);
  if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
    return new HttpError(e.statusCode, 'bad_request', `${s.errors.validation}`);
  }
  return new HttpError(500, 'internal_error', `${s.errors.internal}（请求编号 ${request.id}）`);
}

export async function createServer(opts: ServerOptions): Promise<App> {
  const app = Fastify({
    loggerInstance: opts.logger,
    trustProxy: opts.trustProxy,
    bodyLimit: BODY_LIMIT,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false, allErrors: false, strictNumbers: true, keywords: [...ENUM_KEYWORDS] } },
    // Errors Fastify raises before routing (a malformed %-escape in the URL, a bad content type)
    // get the same Chinese {code, message} or page as everything else.
    frameworkErrors: (error, request, reply) => {
      request.log.info({ code: error.code }, 'framework error');
      sendError(request, reply, new HttpError(400, 'bad_url', error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? s.errors.urlTooLong : s.errors.badUrl));
    },
    // Every query field is one string: a key sent twice is read as its first value.
    routerOptions: { querystringParser: parseQueryString },
    // What Node's HTTP parser refuses before Fastify sees a request (a raw UTF-8 query string, a
    // broken header) gets a Chinese {code, message}; the raw UTF-8 target is read as if encoded.
    clientErrorHandler: handleClientError,
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorate('site', opts.site);
  app.decorate('staffLinks', [] as StaffLink[]);
  app.decorate('routeList', [] as { method: string; url: string }[]);
  app.decorate('supervisionReminders', [] as SupervisionReminder[]);
  app.decorate('staffWork', [] as StaffWork[]);
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) app.routeList.push({ method, url: r.url });
  });
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionState', 'none');
  app.decorateRequest('resident', null);
  app.decorate('oneCode', null);
  app.decorate('residentActions', null);
  app.decorateRequest('csrfHeld', '');
  app.decorateRequest('csrfReply', null);
  app.decorateRequest('csrfToken', { getter(this: FastifyRequest) { return csrfTokenOf(this); } });
  app.decorateRequest('elder', false);

  await app.register(cookie);
  // A response any cache may keep (Cache-Control: public) that is not a page — data files, feeds,
  // the DCAT catalogue — carries no Set-Cookie: a shared cache would hand one visitor's CSRF token
  // to everybody. (Pages keep it: their forms need it.) Runs after the cookie plugin's own onSend.
  // (The shell's hooks take a callback rather than being async: a promise and a microtask less per
  // hook and request, measurable at thousands of requests a second.)
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (/\bpublic\b/i.test(String(reply.getHeader('cache-control') ?? '')) && !/^text\/html/i.test(String(reply.getHeader('content-type') ?? ''))) reply.removeHeader('set-cookie');
    done(null, payload);
  });
  await app.register(formbody, { bodyLimit: BODY_LIMIT });
  const headers = securityHeaders({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', ...(opts.extraImgSrc ?? [])],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    hsts: false,
  });
  app.addHook('onRequest', (_request, reply, done) => {
    const raw = reply.raw;
    for (const name of headers.remove) raw.removeHeader(name);
    for (const [name, value] of headers.set) raw.setHeader(name, value);
    done();
  });
  // Anonymous and token API calls are rate-limited per address (pages are not; sign-in has its own limit).
  await app.register(rateLimit, {
    global: true,
    max: opts.apiRateLimitPerMinute ?? 600,
    timeWindow: '1 minute',
    allowList: (request) => !request.url.startsWith('/api/'),
    // an IPv6 client counts as its /64 (it may use any address in it), every limit of every route
    keyGenerator: (request) => addressKey(request.ip),
    // a counter the database could not write lets the request through rather than failing it
    ...(opts.rateLimitStore ? { store: opts.rateLimitStore, skipOnError: true } : {}),
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Gongkai 公开 API', version: '1', description: '政务公开与政务服务平台开放接口。错误统一为 {"code","message"}；工作人员接口使用 Authorization: Bearer TOKEN。' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
    transform: ({ schema, url }) => ({ schema: url.startsWith('/api/') ? schema : ({ ...schema, hide: true } as typeof schema), url }),
  });
  await app.register(fastifyStatic, { root: opts.assetsDir ? [ASSETS, opts.assetsDir] : ASSETS, prefix: '/assets/', decorateReply: false, maxAge: 3600_000 });

  // X-Forwarded-For from a peer that is not a trusted proxy is ignored (request.ip is the peer):
  // say so once, since behind an untrusted proxy every client would share the proxy's address.
  let proxyWarned = false;
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    if (!proxyWarned && request.headers['x-forwarded-for'] && request.ip === request.socket.remoteAddress) {
      proxyWarned = true;
      request.log.warn({ peer: request.ip }, `X-Forwarded-For from ${request.ip}, which is not a trusted proxy: it is ignored; behind a reverse proxy set TRUST_PROXY (true when it runs on this machine, else its address)`);
    }
    request.elder = request.cookies[ELDER_COOKIE] === '1';
    const token = request.cookies[CSRF_COOKIE];
    // A page that renders a form reads request.csrfToken: the cookie's token, or a new one given then
    // (csrfTokenOf). JSON answers (/api/, /healthz) carry no form and are exempt from CSRF (bearer
    // tokens only); pages without a form (a record, a list) give no token and set no cookie.
    if (token && /^[A-Za-z0-9_-]{43}$/.test(token)) request.csrfHeld = token;
    else request.csrfReply = reply;
    const nul = nulFieldOf(request.params) ?? nulFieldOf(request.query);
    if (nul !== null) throw new HttpError(400, 'invalid_character', s.errors.nulCharacter(nul));
    done();
  });

  // No typed text holds a NUL character (PostgreSQL cannot store one; no person types one): dropped
  // from bodies before validation and again once multipart is read (pasted text keeps the rest).
  // In the query or path it is refused above.
  // (@fastify/multipart fills the body in its own scope's preValidation, after this one: so a
  // multipart body is cleaned again in preHandler, and only it.)
  const cleanBody = (request: FastifyRequest) => {
    if (request.body !== undefined && request.body !== null) request.body = dropNul(request.body);
  };
  app.addHook('preValidation', (request, _reply, done) => { cleanBody(request); done(); });
  // A number that overflowed to Infinity (`1e309` in a URL coerced by a schema, or in JSON): Ajv lets
  // a coerced Infinity past `maximum` even with strictNumbers, so it is refused here, after validation.
  app.addHook('preHandler', (request, _reply, done) => {
    if (isMultipart(request)) cleanBody(request);
    const name = nonFiniteField(request.params) ?? nonFiniteField(request.query) ?? nonFiniteField(request.body);
    if (name !== null) throw new HttpError(400, 'validation_failed', s.errors.notFinite(name));
    done();
  });

  // CSRF: every form posted with a cookie must carry the token of the gk_csrf cookie. JSON API
  // calls are not cookie-authenticated (staff APIs take bearer tokens only), so they are exempt.
  app.addHook('preHandler', (request, _reply, done) => {
    if (request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS') return done();
    if (request.url.startsWith('/api/')) return done();
    // Open311 GeoReport v2 POSTs authenticate with an api_key in the body, never with cookies.
    if (request.url.startsWith('/open311/')) return done();
    // The 长者模式 switch in every page's header changes nothing on the server — only the browser's
    // own gk_elder cookie — so it takes no token: a page whose only form is the switch (a record, a
    // list) then needs no CSRF cookie and can be kept by any cache (issue 24 §5). A switch posted from
    // another site, as the browser reports it (Sec-Fetch-Site, Origin), is still refused.
    if (request.url === ELDER_SWITCH_PATH) {
      if (crossSite(request)) {
        request.log.warn({ url: request.url }, 'cross-site elder-mode switch');
        throw new HttpError(403, 'csrf_invalid', s.errors.csrf);
      }
      return done();
    }
    const sent = field(request.body, '_csrf');
    const cookieToken = request.cookies[CSRF_COOKIE];
    if (!sent || !cookieToken || !safeEqual(sent, cookieToken)) {
      request.log.warn({ url: request.url }, 'csrf token missing or wrong');
      throw new HttpError(403, 'csrf_invalid', s.errors.csrf);
    }
    done();
  });

  app.setErrorHandler((error, request, reply) => {
    const err = toHttpError(error, request);
    if (err.code === 'database_busy') {
      request.log.warn({ err: error }, 'database busy');
      void reply.header('retry-after', '5');
    } else if (err.status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: err.code, status: err.status }, err.message);
    return sendError(request, reply, err);
  });

  app.setNotFoundHandler((request, reply) => {
    request.log.info({ url: request.url }, 'not found');
    return sendError(request, reply, new HttpError(404, 'not_found', s.errors.notFound));
  });

  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  return app;
}
