// Sign-in through the province's identity service by OpenID Connect (issue 21 §1, §6):
// GET /me/sign-in/oidc starts the authorization code flow (PKCE S256, random state and nonce; the
// flow in pa_oidc_flow under the state's hash and an httpOnly SameSite=Lax cookie binding the state
// to this browser), GET /me/sign-in/oidc/callback finishes it. Every refusal answers a Chinese page
// with a stable code and one log line (a reason and an error code; never a token, code or claim).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { safeEqual } from '../../platform/auth/tokens.ts';
import { Layout } from '../../platform/web/layout.tsx';
import { pageContext, secureCookies, sendPage, type App } from '../../platform/web/server.tsx';
import { loginKeyForOidc, recordActivity, signInAccount } from './accounts.repository.ts';
import type { AccountsDeps } from './deps.ts';
import { classifyOidcError, finishOidcFlow, forgetProviderConfiguration, profileFromClaims, startOidcFlow, takeOidcFlow, type OidcSettings } from './oidc.ts';
import { oidcStrings as s } from './oidc.strings.ts';
import { safeReturnTo, startResidentSession } from './sessions.ts';
import { LIMITS } from './vocabulary.ts';

export const OIDC_STATE_COOKIE = 'gk_oidc';
const COOKIE_PATH = '/me/sign-in/oidc';

type Problem = { status: number; code: string; message: string; providerText?: string };

function problemPage(request: FastifyRequest, reply: FastifyReply, p: Problem, returnTo = '/me'): FastifyReply {
  const back = encodeURIComponent(returnTo);
  const title = p.code === 'oidc_not_configured' ? s.notConfiguredTitle : s.problemTitle;
  return sendPage(reply, (
    <Layout ctx={pageContext(request)} title={title}>
      <h1>{title}</h1>
      <p role="alert" data-code={p.code}>{p.message}</p>
      {p.providerText && <p>{s.providerSaid}{p.providerText}</p>}
      <p class="muted">错误代码 {p.status} · {p.code}</p>
      <p>
        {p.code !== 'oidc_not_configured' && <><a href={`/me/sign-in/oidc?return_to=${back}`}>{s.tryAgain}</a>{' · '}</>}
        <a href={`/me/sign-in?return_to=${back}`}>{s.otherWay}</a>
      </p>
    </Layout>
  ), p.status);
}

function refuse(request: FastifyRequest, reply: FastifyReply, p: Problem, log: Record<string, unknown> = {}, returnTo?: string): FastifyReply {
  request.log.warn({ event: 'oidc_sign_in_refused', code: p.code, ...log }, 'OIDC sign-in refused');
  return problemPage(request, reply, p, returnTo);
}

export async function oidcRoutes(app: App, deps: AccountsDeps): Promise<void> {
  const notConfigured: Problem = { status: 404, code: 'oidc_not_configured', message: s.notConfigured };
  const unreachable: Problem = { status: 502, code: 'oidc_provider_unreachable', message: s.unreachable };

  app.get('/me/sign-in/oidc', async (request, reply) => {
    const q = request.query as Record<string, string>;
    const returnTo = safeReturnTo(q.return_to);
    const oidc = deps.config.oidc;
    if (!oidc) return problemPage(request, reply, notConfigured, returnTo);
    let started: { url: URL; state: string };
    try {
      started = await startOidcFlow(deps.db, oidc, returnTo, deps.clock.now());
    } catch (err) {
      const c = classifyOidcError(err);
      return refuse(request, reply, unreachable, { stage: 'discovery', error: c.code }, returnTo);
    }
    reply.setCookie(OIDC_STATE_COOKIE, started.state, {
      path: COOKIE_PATH, httpOnly: true, sameSite: 'lax', secure: secureCookies(request), maxAge: LIMITS.oidcFlowMinutes * 60,
    });
    return reply.redirect(started.url.href, 303);
  });

  // logLevel warn: Fastify's request lines would carry the authorization code and state of the URL;
  // the refusals below are warnings and still logged (a sign-in is in the person's activity list)
  app.get('/me/sign-in/oidc/callback', { logLevel: 'warn' }, async (request, reply) => {
    const q = request.query as Record<string, string>;
    const oidc: OidcSettings | null = deps.config.oidc;
    if (!oidc) return problemPage(request, reply, notConfigured);
    const now = deps.clock.now();
    const cookieState = request.cookies[OIDC_STATE_COOKIE];
    reply.clearCookie(OIDC_STATE_COOKIE, { path: COOKIE_PATH });
    const state = typeof q.state === 'string' ? q.state : '';
    if (!state || state.length > 200) return refuse(request, reply, { status: 400, code: 'oidc_state_missing', message: s.stateMissing });
    // single use: the flow is gone from here on, whatever the outcome
    const flow = await takeOidcFlow(deps.db, state, now);
    if (!cookieState || !safeEqual(cookieState, state)) {
      return refuse(request, reply, { status: 400, code: 'oidc_state_mismatch', message: s.stateMismatch }, { cookie: cookieState ? 'different' : 'missing', flow: flow ? 'found' : 'none' });
    }
    if (!flow) return refuse(request, reply, { status: 400, code: 'oidc_flow_unknown', message: s.flowUnknown });
    if (flow.expired) return refuse(request, reply, { status: 400, code: 'oidc_flow_expired', message: s.flowExpired }, {}, flow.returnTo);
    if (q.error !== undefined) {
      const error = q.error.slice(0, 64);
      const description = typeof q.error_description === 'string' ? q.error_description.slice(0, 300) : undefined;
      const p: Problem = error === 'access_denied'
        ? { status: 403, code: 'oidc_access_denied', message: s.accessDenied, ...(description ? { providerText: description } : {}) }
        : { status: 502, code: 'oidc_provider_error', message: s.providerError, ...(description ? { providerText: description } : {}) };
      return refuse(request, reply, p, { provider_error: /^[\w.-]+$/.test(error) ? error : 'other' }, flow.returnTo);
    }

    let result: { subject: string; claims: Record<string, unknown> };
    try {
      result = await finishOidcFlow(oidc, q, state, flow);
    } catch (err) {
      const c = classifyOidcError(err);
      if (c.reason === 'unreachable') forgetProviderConfiguration(oidc);
      const p: Problem = c.reason === 'unreachable' ? unreachable
        : c.reason === 'token_refused' ? { status: 400, code: 'oidc_token_refused', message: s.tokenRefused }
          : c.reason === 'no_subject' ? { status: 400, code: 'oidc_no_subject', message: s.noSubject }
            : { status: 400, code: 'oidc_id_token_invalid', message: s.idTokenInvalid };
      // a token that fails its signature may mean the provider rotated its keys: discover again next time
      if (c.reason === 'id_token_invalid') forgetProviderConfiguration(oidc);
      return refuse(request, reply, p, { stage: 'token', error: c.code, ...(c.detail ? { check: c.detail } : {}) }, flow.returnTo);
    }

    const { profile, dropped } = profileFromClaims(result.claims, oidc.claims, deps.clock.today());
    if (dropped.length) request.log.warn({ event: 'oidc_claims_dropped', claims: dropped }, 'OIDC claims failed their check and were not stored');
    const { account } = await signInAccount(deps.db, loginKeyForOidc(oidc.issuer, result.subject), 'oidc', profile, now, { issuer: oidc.issuer, subject: result.subject });
    await startResidentSession(deps, request, reply, account.id, 'oidc');
    await recordActivity(deps.db, account.id, 'sign_in', '统一身份认证', now);
    return reply.redirect(safeReturnTo(flow.returnTo), 303);
  });
}
