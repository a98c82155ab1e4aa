// Shell: residents' sessions (gk_me cookie), separate from staff sessions (gk_session). The cookie
// holds a random id; the table holds its hash. A session ends after the idle period
// (PUBLIC_SESSION_IDLE_MINUTES) and at most LIMITS.sessionAbsoluteHours after sign-in. The hook
// resolves request.resident on page requests only when the cookie is present (one indexed read).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { hashSecret, randomSecret } from '../../platform/auth/tokens.ts';
import type { Resident } from '../../platform/auth/resident.ts';
import { renewCsrfToken, secureCookies, type App } from '../../platform/web/server.tsx';
import type { Db } from '../../schema.ts';
import type { PaAccountTable } from './accounts.table.ts';
import type { AccountsDeps } from './deps.ts';
import { CONSENT_VERSION, LIMITS, type AccountKind, type SignInMethod } from './vocabulary.ts';
import type { Selectable } from 'kysely';

export const RESIDENT_COOKIE = 'gk_me';
export type AccountRow = Selectable<PaAccountTable>;

export function residentOf(row: AccountRow, method: SignInMethod): Resident {
  return {
    accountId: row.id, publicId: row.public_id, kind: row.kind as AccountKind, method,
    displayName: row.display_name, name: row.name, phone: row.phone,
    idNumberMasked: row.id_number_masked, idNumberSealed: row.id_number_sealed, idNumberHash: row.id_number_hash,
    uscc: row.uscc, orgName: row.org_name, email: row.email,
    consented: row.consent_version === CONSENT_VERSION,
  };
}

/**
 * Starts a session for the account: cookie set, CSRF token renewed (a token seen before sign-in no
 * longer works). A session this browser held before (someone else's, on a shared computer) ends here
 * whatever the sign-in method (SMS or OIDC).
 */
export async function startResidentSession(deps: AccountsDeps, request: FastifyRequest, reply: FastifyReply, accountId: number, method: SignInMethod): Promise<void> {
  const now = deps.clock.now();
  const previous = request.cookies[RESIDENT_COOKIE];
  if (previous) await deps.db.deleteFrom('pa_session').where('id_hash', '=', hashSecret(previous)).execute();
  const id = randomSecret();
  await deps.db.insertInto('pa_session').values({
    id_hash: hashSecret(id), account_id: accountId, method,
    created_at: now.toISOString(), last_seen_at: now.toISOString(),
    expires_at: new Date(now.getTime() + deps.config.sessionIdleMinutes * 60_000).toISOString(),
  }).execute();
  await deps.db.updateTable('pa_account').set({ last_sign_in_at: now.toISOString() }).where('id', '=', accountId).execute();
  reply.setCookie(RESIDENT_COOKIE, id, { path: '/', httpOnly: true, sameSite: 'lax', secure: secureCookies(request) });
  renewCsrfToken(request, reply);
}

/** Ends this browser's session (sign-out). */
export async function endResidentSession(deps: AccountsDeps, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const sid = request.cookies[RESIDENT_COOKIE];
  if (sid) await deps.db.deleteFrom('pa_session').where('id_hash', '=', hashSecret(sid)).execute();
  reply.clearCookie(RESIDENT_COOKIE, { path: '/' });
  request.resident = null;
  renewCsrfToken(request, reply);
}

/** Ends every session of an account (closing it). */
export async function endAllSessions(db: Db, accountId: number): Promise<void> {
  await db.deleteFrom('pa_session').where('account_id', '=', accountId).execute();
}

/** Deletes expired sessions, sign-in codes and OIDC flows (periodic job). */
export async function purgeExpired(db: Db, now: Date): Promise<number> {
  const t = now.toISOString();
  const a = await db.deleteFrom('pa_session').where('expires_at', '<=', t).executeTakeFirst();
  // codes are kept a day after they expire: the flood limits count them
  const b = await db.deleteFrom('pa_sign_in_code').where('expires_at', '<=', new Date(now.getTime() - 86_400_000).toISOString()).executeTakeFirst();
  const c = await db.deleteFrom('pa_oidc_flow').where('expires_at', '<=', t).executeTakeFirst();
  return Number(a.numDeletedRows ?? 0) + Number(b.numDeletedRows ?? 0) + Number(c.numDeletedRows ?? 0);
}

interface Cached { resident: Resident; until: number; ends: number }

/**
 * Sessions read in the last few seconds, per app: a page view reads its session once per
 * LOOKUP_CACHE_MS instead of on every request (the bench measured the read as a third of a cached
 * page's time). Only GET/HEAD use it; any other request reads the database and drops the entry, so
 * a consent, a sign-out or a closing is seen at once in this process (in another process within
 * LOOKUP_CACHE_MS).
 */
const LOOKUP_CACHE_MS = 3000;
const LOOKUP_CACHE_MAX = 10_000;

async function lookup(deps: AccountsDeps, sid: string, cache: Map<string, Cached>, useCache: boolean): Promise<Resident | null> {
  const now = deps.clock.now();
  const idHash = hashSecret(sid);
  const hit = cache.get(idHash);
  if (hit && useCache && hit.until > now.getTime() && hit.ends > now.getTime()) return hit.resident;
  cache.delete(idHash);
  const resident = await read(deps, idHash, now);
  if (resident && useCache) {
    if (cache.size >= LOOKUP_CACHE_MAX) cache.clear();
    cache.set(idHash, { resident: resident.resident, until: now.getTime() + LOOKUP_CACHE_MS, ends: resident.ends });
  }
  return resident?.resident ?? null;
}

async function read(deps: AccountsDeps, idHash: string, now: Date): Promise<{ resident: Resident; ends: number } | null> {
  const row = await deps.db.selectFrom('pa_session').innerJoin('pa_account', 'pa_account.id', 'pa_session.account_id')
    .selectAll('pa_account')
    .select(['pa_session.method as session_method', 'pa_session.created_at as session_created_at', 'pa_session.last_seen_at as session_seen_at', 'pa_session.expires_at as session_expires_at'])
    .where('pa_session.id_hash', '=', idHash).executeTakeFirst();
  if (!row) return null;
  const absoluteEnd = new Date(row.session_created_at).getTime() + LIMITS.sessionAbsoluteHours * 3600_000;
  if (row.closed_at || new Date(row.session_expires_at).getTime() <= now.getTime() || absoluteEnd <= now.getTime()) {
    await deps.db.deleteFrom('pa_session').where('id_hash', '=', idHash).execute();
    return null;
  }
  // slide the idle expiry at most once a minute, so reads stay cheap
  if (now.getTime() - new Date(row.session_seen_at).getTime() > 60_000) {
    const expires = Math.min(absoluteEnd, now.getTime() + deps.config.sessionIdleMinutes * 60_000);
    await deps.db.updateTable('pa_session').set({ last_seen_at: now.toISOString(), expires_at: new Date(expires).toISOString() }).where('id_hash', '=', idHash).execute();
  }
  const ends = Math.min(absoluteEnd, Math.max(new Date(row.session_expires_at).getTime(), now.getTime() + 1));
  return { resident: residentOf(row, row.session_method as SignInMethod), ends };
}

function isMePath(url: string): boolean {
  const path = url.split('?')[0] ?? '';
  return path === '/me' || path.startsWith('/me/');
}

/** Registers the hook that resolves request.resident from the gk_me cookie (pages only; /api uses Bearer tokens). */
export function registerResidentAuthentication(app: App, deps: AccountsDeps): void {
  const cache = new Map<string, Cached>();
  // (callback hooks: without a gk_me cookie they finish synchronously, no promise per request)
  app.addHook('onRequest', (request, reply, done) => {
    const sid = request.cookies[RESIDENT_COOKIE];
    if (!sid || request.url.startsWith('/assets/') || request.url.startsWith('/api/')) return done();
    lookup(deps, sid, cache, request.method === 'GET' || request.method === 'HEAD').then((resident) => {
      request.resident = resident;
      if (!request.resident) reply.clearCookie(RESIDENT_COOKIE, { path: '/' });
      done();
    }, done);
  });
  // A page rendered for a signed-in resident carries their name (the header) or their data (/me…):
  // no shared cache may keep it, and the browser's back button must not show it after sign-out.
  // Every /me page is covered signed out too (the sign-in steps show the phone being signed in).
  app.addHook('onSend', (request, reply, payload, done) => {
    // (a script or feed that chose its own caching keeps it; every page is covered)
    if (request.resident ? (!reply.hasHeader('cache-control') || /^text\/html/.test(String(reply.getHeader('content-type') ?? ''))) : isMePath(request.url) && !reply.hasHeader('cache-control')) reply.header('cache-control', 'private, no-store');
    done(null, payload);
  });
}

/**
 * Where to come back to after sign-in: a same-site path only (never //host or a scheme). Characters
 * beyond ASCII (a link's `return_to=/…?q=中文` arrives decoded) are percent-encoded: a Location
 * header with them makes Node throw, a 500 after the code was already used.
 */
export function safeReturnTo(input: unknown, fallback = '/me'): string {
  if (typeof input !== 'string' || input.length > 500) return fallback;
  if (!/^\/(?![/\\])[^\s]*$/u.test(input)) return fallback;
  let encoded: string;
  try { encoded = input.replace(/[^\x21-\x7e]/gu, (ch) => encodeURIComponent(ch)); } catch { return fallback; } // a lone surrogate
  return /^[\x21-\x7e]+$/.test(encoded) ? encoded : fallback;
}

/** The path of a same-site Referer (scheme and host of this request), if it is a safe way back. */
function refererPath(request: FastifyRequest): string | null {
  const ref = request.headers.referer;
  if (typeof ref !== 'string' || ref.length > 1000) return null;
  try {
    const u = new URL(ref);
    if (u.host !== new URL(`${u.protocol}//${request.host}`).host) return null;
    const path = safeReturnTo(u.pathname + u.search, '');
    return path || null;
  } catch {
    return null;
  }
}

/**
 * A preHandler for pages of a signed-in resident: signed out → 303 to /me/sign-in with the way
 * back; consent not (yet) given to the current text → 303 to /me/consent (itself exempt).
 */
export function requireResident(opts: { consent?: boolean } = {}) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    // a form sent after the session ended: back to the page it was sent from (same site only), not /me
    const back = encodeURIComponent(request.method === 'GET' ? request.url : refererPath(request) ?? '/me');
    if (!request.resident) return reply.redirect(`/me/sign-in?return_to=${back}`, 303);
    if (opts.consent !== false && !request.resident.consented) return reply.redirect(`/me/consent?return_to=${back}`, 303);
    return undefined;
  };
}
