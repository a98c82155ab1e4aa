// Shell: who is calling. Pages use the gk_session cookie; /api/ routes use only
// `Authorization: Bearer TOKEN` (so cookie CSRF cannot reach the API). `requireRoles` guards a
// staff route: 401 when anonymous or expired, 403 without one of the roles.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { touchSession } from '../../platform/auth/sessions.ts';
import { forbidden, HttpError, sessionExpired, unauthorized } from '../../platform/web/http-error.ts';
import { secureCookies, type App } from '../../platform/web/server.tsx';
import { platformView } from '../../schema.ts';
import type { Role } from './identity.ts';
import { hasAnyRole } from './policies.ts';
import { actorFor, actorForToken, type IdentityDeps } from './identity.service.ts';

export const SESSION_COOKIE = 'gk_session';

/** The one route that takes a venue token (qv_…) instead of a staff token: POST …/queue/events. */
const VENUE_TOKEN_ROUTE = /^\/api\/v1\/staff\/venues\/[^/?#]+\/queue\/events\/?(?:[?#]|$)/;

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, sessionId: string): void {
  reply.setCookie(SESSION_COOKIE, sessionId, { path: '/', httpOnly: true, sameSite: 'lax', secure: secureCookies(request) });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

/** Registers the hook that resolves request.actor on every request. */
export function registerAuthentication(app: App, deps: IdentityDeps): void {
  // A callback hook, not an async one: most requests (no cookie, no token) finish it synchronously
  // without a promise (issue 24 §5: thousands of public pages a second).
  app.addHook('onRequest', (request, reply, done) => {
    // Static files need no caller: skip the session lookup on that hot path.
    if (request.url.startsWith('/assets/')) return done();
    if (request.url.startsWith('/api/')) {
      const header = request.headers.authorization;
      if (!header) return done();
      const m = /^Bearer\s+(\S+)$/i.exec(header);
      // a venue token of a calling system (qv_…, queue module, issue 22) is checked by its own route,
      // the queue events API; on any other /api/ route it is an invalid token like any other (401)
      if (m?.[1]?.startsWith('qv_') && VENUE_TOKEN_ROUTE.test(request.url)) return done();
      const invalid = () => new HttpError(401, 'invalid_token', 'API 令牌无效、已撤销或格式不正确（应为 Authorization: Bearer TOKEN）');
      if (!m) return done(invalid());
      actorForToken(deps, m[1] as string).then((actor) => {
        if (!actor) return done(invalid());
        request.actor = actor;
        done();
      }, done);
      return;
    }
    const sid = request.cookies[SESSION_COOKIE];
    if (!sid) return done();
    void (async () => {
      const found = await touchSession(platformView(deps.db), sid, deps.clock.now(), deps.sessionIdleMinutes);
      if (found.status === 'valid') {
        request.actor = await actorFor(deps.db, found.userId, 'session');
        request.sessionState = request.actor ? 'valid' : 'none';
        if (!request.actor) clearSessionCookie(reply);
      } else {
        request.sessionState = found.status === 'expired' ? 'expired' : 'none';
        clearSessionCookie(reply);
      }
    })().then(() => done(), done);
  });
}

/** Marks the guards made by requireRoles, so the onRoute hook below can find guarded routes. */
const GUARD = Symbol('requireRoles');

/** Refuses a caller who is not signed in (the first half of requireRoles). */
async function authenticated(request: FastifyRequest): Promise<void> {
  if (!request.actor) throw request.sessionState === 'expired' ? sessionExpired() : unauthorized();
}

/**
 * Fastify validates a body before preHandlers run, so a signed-out caller of a guarded API route
 * would get a 400 describing the schema instead of a 401. For every route guarded by requireRoles
 * (whichever module adds it, now or later), authentication also runs before validation.
 */
export function authenticateBeforeValidation(app: App): void {
  app.addHook('onRoute', (route) => {
    const pre = [route.preHandler].flat().filter(Boolean) as unknown as Record<symbol, unknown>[];
    if (!pre.some((h) => h[GUARD])) return;
    route.preValidation = [authenticated, ...([route.preValidation].flat().filter(Boolean) as typeof authenticated[])];
  });
}

/** A preHandler that requires a signed-in actor holding one of `roles` somewhere. */
export function requireRoles(...roles: Role[]) {
  return Object.assign(requireRolesHandler(roles), { [GUARD]: true });
}

function requireRolesHandler(roles: Role[]) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    const actor = request.actor;
    if (!actor) throw request.sessionState === 'expired' ? sessionExpired() : unauthorized();
    if (!hasAnyRole(actor, roles)) throw forbidden();
    if (actor.mustChangePassword && actor.via === 'session' && !request.url.startsWith('/staff/account/password')) {
      return reply.redirect('/staff/account/password', 303);
    }
    return undefined;
  };
}

/** A preHandler for any signed-in staff member. */
export function requireStaff() {
  return requireRoles('platform_admin', 'admin', 'supervisor', 'editor', 'reviewer', 'case_handler');
}

/**
 * A preHandler for writes to what every county shares (working-day calendar, message categories
 * and classes, search synonyms, install-wide rules): 401 when signed out, 403 unless the caller is
 * a platform administrator. A county `admin` is refused.
 */
export function requirePlatformAdmin() {
  return requireRoles('platform_admin');
}
