// Shell: the OpenID Connect client of residents' sign-in (issue 21 §1) over openid-client v6 —
// discovery (cached per process, dropped on failure so the next sign-in discovers again), the
// authorization code flow with PKCE S256, random state and nonce, the flow kept in pa_oidc_flow
// under the state's hash (10 minutes, single use), and the verified claims mapped to a profile by
// PUBLIC_OIDC_CLAIMS. The ID token is checked for issuer, audience, expiry, nonce AND its signature
// against the issuer's JWKS: openid-client trusts an ID token from the token endpoint without a
// signature check (it relies on TLS) unless enableNonRepudiationChecks is on, so it is always on.
import * as client from 'openid-client';
import type { OidcClaimMapping, PublicAccountsConfig } from '../../config.ts';
import { hashSecret } from '../../platform/auth/tokens.ts';
import type { LocalDate } from '../../platform/clock/local-date.ts';
import { idCardProblem, usccProblem } from '../../platform/validate/cn-id.ts';
import type { Db } from '../../schema.ts';
import type { VerifiedProfile } from './accounts.repository.ts';
import { normalisePhone } from './signin.service.ts';
import { LIMITS } from './vocabulary.ts';

export type OidcSettings = NonNullable<PublicAccountsConfig['oidc']>;

/** Plain http:// is allowed for a provider on this machine only (tests, `npm run oidc:dev`). */
export function isLocalHttpIssuer(issuer: string): boolean {
  const url = new URL(issuer);
  return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}

const discovered = new Map<string, Promise<client.Configuration>>();
const cacheKey = (s: OidcSettings): string => `${s.issuer}\n${s.clientId}\n${hashSecret(s.clientSecret)}`;

/** The provider's configuration: discovered once per process; a failed discovery is not kept. */
export function providerConfiguration(s: OidcSettings): Promise<client.Configuration> {
  const key = cacheKey(s);
  let pending = discovered.get(key);
  if (!pending) {
    pending = client.discovery(new URL(s.issuer), s.clientId, s.clientSecret, undefined, {
      execute: isLocalHttpIssuer(s.issuer) ? [client.allowInsecureRequests] : [],
      timeout: 10,
    }).then((config) => {
      client.enableNonRepudiationChecks(config);
      return config;
    });
    discovered.set(key, pending);
    const mine = pending;
    mine.catch(() => { if (discovered.get(key) === mine) discovered.delete(key); });
  }
  return pending;
}

/** Drops the cached discovery (the provider was unreachable or its keys no longer verify). */
export function forgetProviderConfiguration(s: OidcSettings): void {
  discovered.delete(cacheKey(s));
}

/** Starts a sign-in: stores the flow (state hash, PKCE verifier, nonce, where to go back) and returns the provider's URL. */
export async function startOidcFlow(db: Db, s: OidcSettings, returnTo: string, now: Date): Promise<{ url: URL; state: string }> {
  const config = await providerConfiguration(s);
  const verifier = client.randomPKCECodeVerifier();
  const challenge = await client.calculatePKCECodeChallenge(verifier);
  const state = client.randomState();
  const nonce = client.randomNonce();
  await db.insertInto('pa_oidc_flow').values({
    state_hash: hashSecret(state), nonce, code_verifier: verifier, return_to: returnTo,
    created_at: now.toISOString(), expires_at: new Date(now.getTime() + LIMITS.oidcFlowMinutes * 60_000).toISOString(),
  }).execute();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: s.redirectUri, scope: s.scopes, state, nonce,
    code_challenge: challenge, code_challenge_method: 'S256',
    // the provider asks for the password every time: signing out here does not end the provider's
    // own session, and on a shared computer (a hall's self-service PC) the next person pressing
    // 「统一身份认证登录」 would otherwise be signed straight into the previous person's account
    prompt: 'login',
  });
  return { url, state };
}

export interface OidcFlow { nonce: string; codeVerifier: string; returnTo: string; expired: boolean }

/** Takes (deletes) the flow of `state`: whatever happens next, it cannot be used again. */
export async function takeOidcFlow(db: Db, state: string, now: Date): Promise<OidcFlow | null> {
  const row = await db.deleteFrom('pa_oidc_flow').where('state_hash', '=', hashSecret(state)).returningAll().executeTakeFirst();
  if (!row) return null;
  return { nonce: row.nonce, codeVerifier: row.code_verifier, returnTo: row.return_to, expired: new Date(row.expires_at).getTime() <= now.getTime() };
}

/**
 * Exchanges the code (PKCE verifier, redirect URI as registered), validates the ID token (issuer
 * exactly, audience, expiry, nonce, signature) and fetches UserInfo for the same subject. Returns
 * the ID token's claims overlaid with UserInfo's.
 */
export async function finishOidcFlow(s: OidcSettings, params: Record<string, string>, state: string, flow: OidcFlow): Promise<{ subject: string; claims: Record<string, unknown> }> {
  const config = await providerConfiguration(s);
  const current = new URL(s.redirectUri);
  for (const [k, v] of Object.entries(params)) current.searchParams.set(k, v);
  const tokens = await client.authorizationCodeGrant(config, current, {
    pkceCodeVerifier: flow.codeVerifier, expectedState: state, expectedNonce: flow.nonce, idTokenExpected: true,
  });
  const idClaims = tokens.claims();
  if (!idClaims || typeof idClaims.sub !== 'string' || !idClaims.sub) throw new OidcNoSubject();
  const info = await client.fetchUserInfo(config, tokens.access_token, idClaims.sub);
  return { subject: idClaims.sub, claims: { ...idClaims, ...info } };
}

export class OidcNoSubject extends Error {
  constructor() { super('ID token without a subject'); }
}

/** Why a sign-in failed, from what openid-client threw: never the token or the claims themselves. */
export function classifyOidcError(err: unknown): { reason: 'unreachable' | 'token_refused' | 'id_token_invalid' | 'no_subject'; code: string; detail?: string } {
  if (err instanceof OidcNoSubject) return { reason: 'no_subject', code: 'no_subject' };
  if (err instanceof client.ResponseBodyError) return { reason: 'token_refused', code: err.error };
  const e = err as { code?: unknown; name?: unknown; cause?: unknown };
  const code = typeof e.code === 'string' ? e.code : typeof e.name === 'string' ? e.name : 'unknown';
  if (err instanceof client.ClientError || code.startsWith('OAUTH_')) {
    // which check failed: the compared claim's name sits on the cause (or its cause), a bad signature
    // is told by the message; the causes also hold the claims and keys, so only this name is kept
    let claim: string | undefined;
    for (let c: unknown = err, depth = 0; c && typeof c === 'object' && depth < 4; c = (c as { cause?: unknown }).cause, depth++) {
      const name = (c as { claim?: unknown }).claim;
      if (typeof name === 'string') { claim = name; break; }
      if (c instanceof Error && /signature verification failed/i.test(c.message)) { claim = 'signature'; break; }
    }
    // an unreadable response (HTML error page, wrong content type) is the provider failing, not a forged token
    if (code === 'OAUTH_RESPONSE_IS_NOT_JSON' || code === 'OAUTH_RESPONSE_IS_NOT_CONFORM') return { reason: 'unreachable', code };
    return { reason: 'id_token_invalid', code, ...(claim ? { detail: claim } : {}) };
  }
  return { reason: 'unreachable', code };
}

/** A claim by name, or by a dotted path into nested objects (a literal dotted name wins). */
export function claimAt(claims: Record<string, unknown>, path: string): unknown {
  if (Object.prototype.hasOwnProperty.call(claims, path)) return claims[path];
  let at: unknown = claims;
  for (const part of path.split('.')) {
    if (!at || typeof at !== 'object' || Array.isArray(at) || !Object.prototype.hasOwnProperty.call(at, part)) return undefined;
    at = (at as Record<string, unknown>)[part];
  }
  return at;
}

function text(v: unknown, max = 200): string | null {
  if (typeof v === 'number' && Number.isFinite(v)) v = String(v);
  if (typeof v !== 'string') return null;
  const t = v.trim();
  return t && t.length <= max ? t : null;
}

/** A mainland mobile number as 11 digits (the SMS sign-in's normalisePhone), else null. */
function phoneOf(v: unknown): string | null {
  const raw = text(typeof v === 'number' ? String(v) : v, 40);
  return raw ? normalisePhone(raw) : null;
}

export type DroppedClaim = 'phone' | 'id_number' | 'uscc';

/**
 * The verified profile in the claims, by the configured mapping. A phone, ID number (GB 11643) or
 * 统一社会信用代码 (GB 32100) that does not check is dropped (listed in `dropped`, for the log) and
 * never stored.
 */
export function profileFromClaims(claims: Record<string, unknown>, m: OidcClaimMapping, today: LocalDate): { profile: VerifiedProfile; dropped: DroppedClaim[] } {
  const dropped: DroppedClaim[] = [];
  const rawPhone = claimAt(claims, m.phone);
  // a phone the provider says it has not verified is not used: it would claim someone else's submissions
  const verified = m.phoneVerified ? claimAt(claims, m.phoneVerified) : undefined;
  const unverified = verified === false || verified === 'false';
  const phone = unverified ? null : phoneOf(rawPhone);
  if (rawPhone != null && rawPhone !== '' && !phone) dropped.push('phone');
  const rawId = text(claimAt(claims, m.idNumber), 40);
  const idNumber = rawId && idCardProblem(rawId, today) === null ? rawId.toUpperCase() : null;
  if (rawId && !idNumber) dropped.push('id_number');
  const rawUscc = text(claimAt(claims, m.uscc), 40);
  const uscc = rawUscc && usccProblem(rawUscc) === null ? rawUscc.toUpperCase() : null;
  if (rawUscc && !uscc) dropped.push('uscc');
  const typeClaim = claimAt(claims, m.userType);
  const types = (Array.isArray(typeClaim) ? typeClaim : [typeClaim]).map((x) => text(x, 100)?.toLowerCase()).filter((x): x is string => !!x);
  const enterprise = types.some((t) => m.enterpriseValues.some((e) => e.toLowerCase() === t));
  return {
    profile: {
      kind: enterprise ? 'enterprise' : 'person',
      name: text(claimAt(claims, m.name), 100),
      phone, idNumber, uscc,
      orgName: text(claimAt(claims, m.orgName), 200),
    },
    dropped,
  };
}
