// Shell: 一码办 (issue 21 §4) — /me/code (the person's code, refreshed every minute, and the
// confirmation of a reader's request), /c/{token} (what a phone camera opens: nothing about the
// person), the reading endpoints of a window desk (/staff/desk/code) and of a kiosk
// (/kiosk/{venue}/code), and `app.oneCode`, through which the desk's and the kiosk's forms take the
// confirmed fields once on the server. See docs/model/accounts-onecode.md.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { JobDefinition } from '../../platform/jobs/jobs.ts';
import { field, type FieldErrors } from '../../platform/web/forms.ts';
import { HttpError, notFound } from '../../platform/web/http-error.ts';
import { pageContext, secureCookies, sendPage, type App } from '../../platform/web/server.tsx';
import { publicBaseUrl } from '../../platform/web/public-host.ts';
import { qrSvg } from '../../platform/web/qr.ts';
import { DESK_COOKIE, DESK_ROLES, findChannelVenue } from '../channels/index.ts';
import { identityService, requireRoles, type Actor } from '../identity/index.ts';
import { windowsOf } from '../ratings/index.ts';
import type { AccountsDeps } from './deps.ts';
import { addMeSection } from './me-sections.ts';
import * as svc from './onecode.service.ts';
import { oc } from './onecode.strings.ts';
import { requireResident } from './sessions.ts';
import { LIMITS, type ShareField } from './vocabulary.ts';
import { MeCodeBlock, MeCodePage, ReadFormPage, ReadPage, ScannedPage, type PendingRequest, type ReadFormValues } from './views/onecode.tsx';

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** The kiosk's reader secret of its latest read (httpOnly, only under /kiosk/{venue}). */
export const KIOSK_CODE_COOKIE = 'gk_kiosk_code';
/** Scans per address a minute (typing 8-character codes is slowed down; a counter scans far fewer). */
const SCAN_LIMIT = { rateLimit: { max: 60, timeWindow: '1 minute', allowList: () => false } };
const READ_ID = /^DM[A-Za-z0-9]{10,30}$/;

const wantsJsonReply = (request: FastifyRequest) => /application\/json/i.test(String(request.headers.accept ?? ''));
const noStore = (reply: FastifyReply) => reply.header('cache-control', 'private, no-store');

/** `next` of the desk form: a same-site /staff/… path (never //host, a scheme or a backslash). */
function safeNext(input: string, prefix: string): string | null {
  if (!input) return '';
  if (input.length > 300 || !input.startsWith(prefix) || /[\s\\]/.test(input) || input.startsWith('//')) return null;
  return input;
}
const withRead = (href: string, read: string) => `${href}${href.includes('?') ? '&' : '?'}code_read=${encodeURIComponent(read)}`;

export async function oneCodeRoutes(app: App, deps: AccountsDeps): Promise<void> {
  const { db, clock } = deps;
  await svc.initOneCode(db);
  const script = fs.readFileSync(path.join(HERE, 'assets', 'onecode.js'), 'utf8');

  // ---------- what the desk's and the kiosk's forms call (platform/auth/resident.ts OneCodeReader) ----------
  app.oneCode = {
    async takeForStaff(readId, staffUserId) {
      const user = await db.selectFrom('staff_user').select(['display_name']).where('id', '=', staffUserId).executeTakeFirst();
      // the organisation the read was audited in (the desk's place when the scan was made), else the staff member's
      const row = await svc.findRead(db, readId);
      const atPlace = row?.reader_org_path ? await db.selectFrom('organisation').select('code').where('path', '=', row.reader_org_path).executeTakeFirst() : undefined;
      const org = atPlace?.code ?? await staffOrg(staffUserId);
      return svc.take(db, readId, svc.ownsAsStaff(staffUserId), { actorId: staffUserId, actorLabel: user?.display_name ?? String(staffUserId), orgCode: org }, clock.now());
    },
    async takeForKiosk(readId, venuePublicId, secret) {
      const venue = await findChannelVenue(db, venuePublicId);
      if (!venue) return null;
      return svc.take(db, readId, svc.ownsAsKiosk(venuePublicId, secret), { actorId: null, actorLabel: oc.readerKiosk(venue.name), orgCode: venue.orgCode }, clock.now());
    },
  };

  /** The organisation of a staff member's first desk grant (the audit row's). */
  async function staffOrg(userId: number): Promise<string | null> {
    const g = await db.selectFrom('role_grant').select(['org_code', 'role']).where('user_id', '=', userId).orderBy('id').execute();
    return (g.find((x) => (DESK_ROLES as readonly string[]).includes(x.role)) ?? g[0])?.org_code ?? null;
  }

  // ---------- the block on /me ----------
  addMeSection(app, {
    id: 'onecode', order: 50,
    render: async (request) => (request.resident ? <MeCodeBlock rows={await svc.historyOf(db, request.resident.accountId, clock.now(), 3)} /> : null),
  });

  // ---------- the person's code ----------
  app.get('/me/code/code.js', async (_request, reply) => reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(script));

  async function pendingView(accountId: number): Promise<PendingRequest | null> {
    const p = await svc.pendingOf(db, accountId, clock.now());
    if (!p) return null;
    const fields = svc.fieldsOf(p);
    return { read: p.public_id, who: p.reader_label ?? '', purpose: p.purpose ?? '', fields, masked: await svc.maskedValues(db, accountId, fields), expiresAt: p.expires_at };
  }

  async function codePage(request: FastifyRequest, reply: FastifyReply, opts: { notice?: string | null; error?: string | null; status?: number } = {}) {
    const accountId = request.resident!.accountId;
    const now = clock.now();
    noStore(reply);
    const ctx = pageContext(request);
    const history = await svc.historyOf(db, accountId, now);
    const pending = await pendingView(accountId);
    if (pending) {
      // without JS the page looks again in a few seconds (the decision or the expiry)
      reply.header('refresh', '10');
      return sendPage(reply, <MeCodePage ctx={ctx} code={null} pending={pending} notice={opts.notice ?? null} error={opts.error ?? null} history={history} />, opts.status ?? 200);
    }
    const issued = await svc.issueCode(db, accountId, now);
    if (!issued.ok) {
      reply.header('retry-after', '60');
      throw new HttpError(429, 'code_too_many', oc.errors.tooMany);
    }
    const url = `${publicBaseUrl(request, oc.errors.codeUnknown)}/c/${issued.code.token}`;
    const svg = await qrSvg(url, oc.qrLabel);
    reply.header('refresh', String(LIMITS.codeRefreshSeconds));
    const code = { read: issued.code.read, url, svg, short: svc.groupShortCode(issued.code.short), expiresAt: issued.code.expiresAt, seconds: LIMITS.codeRefreshSeconds };
    return sendPage(reply, <MeCodePage ctx={ctx} code={code} pending={null} notice={opts.notice ?? null} error={opts.error ?? null} history={history} />, opts.status ?? 200);
  }

  app.get('/me/code', { preHandler: requireResident() }, async (request, reply) => {
    const done = String((request.query as Record<string, unknown>).decided ?? '');
    return codePage(request, reply, { notice: done === 'accept' ? oc.accepted : done === 'decline' ? oc.declined : null });
  });

  // JS polls this: the state of one of the person's own codes (default: the newest) and the waiting request
  app.get('/me/code/status', { preHandler: requireResident() }, async (request, reply) => {
    noStore(reply);
    const accountId = request.resident!.accountId;
    const now = clock.now();
    const wanted = String((request.query as Record<string, unknown>).read ?? '');
    const row = wanted ? await svc.findRead(db, wanted) : (await svc.latestOf(db, accountId, now))?.row;
    if (wanted && (!row || row.account_id !== accountId)) return reply.status(404).send({ code: 'not_found', message: oc.errors.readNotFound });
    const pending = await svc.pendingOf(db, accountId, now);
    return reply.send({ read: row?.public_id ?? null, state: row ? svc.stateOf(row, now) : null, expiresAt: row?.expires_at ?? null, pending: pending?.public_id ?? null });
  });

  app.post<{ Params: { read: string } }>('/me/code/:read/decide', { preHandler: requireResident() }, async (request, reply) => {
    // the code or the button's Chinese label (同意提供 / 拒绝), like every enum field
    const raw = field(request.body, 'decision').trim();
    const decision = raw === oc.accept ? 'accept' : raw === oc.decline ? 'decline' : raw;
    if (decision !== 'accept' && decision !== 'decline') return codePage(request, reply, { error: oc.decisionInvalid, status: 400 });
    const r = await svc.decide(db, request.resident!.accountId, request.params.read, decision, clock.now());
    if (r === 'not_found') throw notFound(oc.errors.readNotFound);
    if (r === 'gone') return codePage(request, reply, { error: oc.requestGone, status: 409 });
    return reply.redirect(`/me/code?decided=${decision}`, 303);
  });

  // ---------- a phone camera that scanned the QR: nothing about the person ----------
  app.get('/c/:token', async (request, reply) => {
    noStore(reply).header('x-robots-tag', 'noindex');
    return sendPage(reply, <ScannedPage ctx={pageContext(request)} />);
  });

  // ---------- reading: the body of both readers ----------
  function readForm(body: unknown, nextPrefix: string): { values: ReadFormValues; fields: ShareField[]; errors: FieldErrors } {
    const raw = (body && typeof body === 'object' ? (body as Record<string, unknown>).fields : undefined);
    const parsed = svc.parseFields(raw);
    const values: ReadFormValues = {
      code: field(body, 'code').slice(0, 300), fields: parsed.fields, purpose: field(body, 'purpose').trim(), next: field(body, 'next').trim(),
    };
    const errors: FieldErrors = {};
    if (!values.code.trim()) errors.code = oc.errors.codeRequired;
    if (parsed.error) errors.fields = parsed.error;
    if ([...values.purpose].length > svc.MAX_PURPOSE) errors.purpose = oc.errors.purposeTooLong;
    if (safeNext(values.next, nextPrefix) === null) errors.next = oc.errors.nextInvalid;
    return { values, fields: parsed.fields, errors };
  }

  function refuse(request: FastifyRequest, reply: FastifyReply, action: string, values: ReadFormValues, errors: FieldErrors, status: number, code: string) {
    if (wantsJsonReply(request)) return reply.status(status).send({ code, message: Object.values(errors)[0] ?? '' });
    return sendPage(reply, <ReadFormPage ctx={pageContext(request)} action={action} values={values} errors={errors} />, status);
  }

  // ---------- the window desk ----------
  const deskRoles = { preHandler: requireRoles(...DESK_ROLES) };
  const actorOf = (request: FastifyRequest) => request.actor as Actor;

  /** Where the staff member works (the desk's remembered place, if still in their scope) and who they are. */
  async function deskReader(request: FastifyRequest): Promise<svc.Reader> {
    const actor = actorOf(request);
    let place = '';
    let orgCode: string | null = await staffOrg(actor.userId);
    let orgPath: string | null = actor.grants.find((g) => g.orgCode === orgCode)?.orgPath ?? null;
    let venuePublicId: string | null = null;
    const cookie = request.cookies[DESK_COOKIE];
    if (cookie) {
      const p = new URLSearchParams(cookie);
      const venue = await findChannelVenue(db, p.get('v') ?? '');
      const scopes = venue ? await identityService.officeScopes(db, actor, DESK_ROLES) : [];
      if (venue && scopes.some((s) => venue.orgPath.startsWith(s))) {
        const w = p.get('w') ? (await windowsOf(db, venue.publicId, true)).find((x) => x.publicId === p.get('w')) : undefined;
        place = w ? `${venue.name} ${w.name}` : venue.name;
        orgCode = w?.orgCode ?? venue.orgCode;
        orgPath = w?.orgPath ?? venue.orgPath;
        venuePublicId = venue.publicId;
      }
    }
    if (!place && orgCode) place = (await db.selectFrom('organisation').select('name').where('code', '=', orgCode).executeTakeFirst())?.name ?? '';
    return {
      kind: 'desk', ref: String(actor.userId), label: oc.readerStaff(place, svc.maskName(actor.displayName)), orgCode, orgPath, venuePublicId,
      actorId: actor.userId, actorLabel: actor.displayName, requestId: request.id,
    };
  }

  app.post('/staff/desk/code', { ...deskRoles, config: SCAN_LIMIT }, async (request, reply) => {
    noStore(reply);
    const { values, fields, errors } = readForm(request.body, '/staff/');
    const action = '/staff/desk/code';
    if (Object.keys(errors).length) return refuse(request, reply, action, values, errors, 400, errors.code ? 'code_required' : 'validation_failed');
    const r = await svc.scanCode(db, await deskReader(request), { code: values.code, fields, purpose: values.purpose }, clock.now());
    if (!r.ok) return refuse(request, reply, action, values, { code: r.message }, r.status, r.code);
    if (wantsJsonReply(request)) return reply.status(201).send({ read: r.read, state: r.state, expiresAt: r.expiresAt });
    const next = values.next ? `?next=${encodeURIComponent(values.next)}` : '';
    return reply.redirect(`/staff/desk/code/${r.read}${next}`, 303);
  });

  /** The page (or `.json`) of one read of this reader; anyone else's read is 404. */
  async function readAnswer(request: FastifyRequest, reply: FastifyReply, param: string, owns: (row: NonNullable<Awaited<ReturnType<typeof svc.findRead>>>) => boolean, nextPrefix: string) {
    noStore(reply);
    const json = param.endsWith('.json');
    const read = json ? param.slice(0, -5) : param;
    const row = READ_ID.test(read) ? await svc.findRead(db, read) : undefined;
    if (!row || !owns(row)) {
      if (json) return reply.status(404).send({ code: 'not_found', message: oc.errors.readNotFound });
      throw notFound(oc.errors.readNotFound);
    }
    const state = svc.stateOf(row, clock.now());
    if (json) return reply.send({ read: row.public_id, state });
    const next = safeNext(String((request.query as Record<string, unknown>).next ?? ''), nextPrefix);
    if (['issued', 'scanned'].includes(state)) reply.header('refresh', '3');
    const view = { read: row.public_id, state, expiresAt: row.expires_at, fields: svc.fieldsOf(row), purpose: row.purpose ?? '', next: next ? [withRead(next, row.public_id)] : [] };
    return sendPage(reply, <ReadPage ctx={pageContext(request)} view={view} nextLabel={(h) => h.split('?')[0]!} />);
  }

  app.get<{ Params: { read: string } }>('/staff/desk/code/:read', deskRoles, async (request, reply) =>
    readAnswer(request, reply, request.params.read, svc.ownsAsStaff(actorOf(request).userId), '/staff/'));

  // ---------- the kiosk ----------
  const venueMissing = (request: FastifyRequest, reply: FastifyReply) => {
    if (wantsJsonReply(request) || request.url.split('?')[0]!.endsWith('.json')) return reply.status(404).send({ code: 'kiosk_venue_not_found', message: oc.errors.kioskNotFound });
    throw new HttpError(404, 'kiosk_venue_not_found', oc.errors.kioskNotFound);
  };

  app.post<{ Params: { venue: string } }>('/kiosk/:venue/code', { config: SCAN_LIMIT }, async (request, reply) => {
    noStore(reply);
    const venue = await findChannelVenue(db, request.params.venue);
    if (!venue) return venueMissing(request, reply);
    const base = `/kiosk/${encodeURIComponent(venue.publicId)}`;
    const action = `${base}/code`;
    const { values, fields, errors } = readForm(request.body, `${base}/`);
    if (Object.keys(errors).length) return refuse(request, reply, action, values, errors, 400, errors.code ? 'code_required' : 'validation_failed');
    const reader: svc.Reader = {
      kind: 'kiosk', ref: venue.publicId, label: oc.readerKiosk(venue.name), orgCode: venue.orgCode, orgPath: venue.orgPath, venuePublicId: venue.publicId,
      actorId: null, actorLabel: oc.readerKiosk(venue.name), requestId: request.id,
    };
    const r = await svc.scanCode(db, reader, { code: values.code, fields, purpose: values.purpose }, clock.now());
    if (!r.ok) return refuse(request, reply, action, values, { code: r.message }, r.status, r.code);
    reply.setCookie(KIOSK_CODE_COOKIE, r.secret ?? '', { path: base, httpOnly: true, sameSite: 'strict', secure: secureCookies(request), maxAge: LIMITS.codeValidMinutes * 60 });
    if (wantsJsonReply(request)) return reply.status(201).send({ read: r.read, state: r.state, expiresAt: r.expiresAt, secret: r.secret });
    const next = values.next ? `?next=${encodeURIComponent(values.next)}` : '';
    return reply.redirect(`${action}/${r.read}${next}`, 303);
  });

  app.get<{ Params: { venue: string; read: string } }>('/kiosk/:venue/code/:read', async (request, reply) => {
    const venue = await findChannelVenue(db, request.params.venue);
    if (!venue) return venueMissing(request, reply);
    const secret = kioskSecret(request);
    return readAnswer(request, reply, request.params.read, svc.ownsAsKiosk(venue.publicId, secret), `/kiosk/${encodeURIComponent(venue.publicId)}/`);
  });
}

/** Codes nobody scanned are deleted a day after they expired (hourly). */
export function oneCodeJobs(deps: AccountsDeps): JobDefinition[] {
  return [{ name: 'accounts.purge-codes', everyMs: 3600_000, run: async () => { const n = await svc.purgeUnscanned(deps.db, deps.clock.now()); return n ? { purged: n } : undefined; } }];
}

/** The kiosk's reader secret: the `x-reader-secret` header, else the cookie. */
export function kioskSecret(request: FastifyRequest): string {
  const header = request.headers['x-reader-secret'];
  if (typeof header === 'string' && header) return header.slice(0, 100);
  return (request.cookies[KIOSK_CODE_COOKIE] ?? '').slice(0, 100);
}
