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

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, sessionId: string): void {
  reply.setCookie(SESSION_COOKIE, sessionId, { path: '/', httpOnly: true, sameSite: 'lax', secure: secureCookies(request) });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

/** Registers the hook that resolves request.actor on every request. */
export function registerAuthentication(app: App, deps: IdentityDeps): void {
  app.addHook('onRequest', async (request, reply) => {
    // Static files need no caller: skip the session lookup on that hot path.
    if (request.url.startsWith('/assets/')) return;
    if (request.url.startsWith('/api/')) {
      const header = request.headers.authorization;
      if (!header) return;
      const m = /^Bearer\s+(\S+)$/i.exec(header);
      const actor = m ? await actorForToken(deps, m[1] as string) : null;
      if (!actor) throw new HttpError(401, 'invalid_token', 'API 令牌无效、已撤销或格式不正确（应为 Authorization: Bearer TOKEN）');
      request.actor = actor;
      return;
    }
    const sid = request.cookies[SESSION_COOKIE];
    if (!sid) return;
    const found = await touchSession(platformView(deps.db), sid, deps.clock.now(), deps.sessionIdleMinutes);
    if (found.status === 'valid') {
      request.actor = await actorFor(deps.db, found.userId, 'session');
      request.sessionState = request.actor ? 'valid' : 'none';
      if (!request.actor) clearSessionCookie(reply);
    } else {
      request.sessionState = found.status === 'expired' ? 'expired' : 'none';
      clearSessionCookie(reply);
    }
  });
}

/** A preHandler that requires a signed-in actor holding one of `roles` somewhere. */
export function requireRoles(...roles: Role[]) {
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
  return requireRoles('admin', 'supervisor', 'editor', 'reviewer', 'case_handler');
}
