// Test helper (and `npm run oidc:dev`): a REAL OpenID Connect provider (the `oidc-provider`
// package) on 127.0.0.1 with a random port, standing in for a provincial 统一身份认证 platform.
// It knows a fixed set of people (sub → claims), one confidential client, and its own RSA signing
// key (each provider a different one). Its built-in development login and consent pages accept
// any password; `authorize()` drives them with fetch and a small cookie jar, as a browser would.
// `swapIdToken` makes the token endpoint hand out another ID token than its own (a post-middleware
// on the real provider): the way a test serves an ID token of another issuer.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// oidc-provider warns on stdout/stderr about Node 20 and its development-only defaults (in-memory
// store, dev interactions): expected here, so those lines (and only those) are kept out of the output.
const quiet = (write: (...a: unknown[]) => void) => (...a: unknown[]) => {
  if (typeof a[0] === 'string' && /oidc-provider (WARNING|NOTICE): /.test(a[0].slice(0, 40))) return;
  write(...a);
};
console.warn = quiet(console.warn.bind(console));
console.info = quiet(console.info.bind(console));

export type Claims = Record<string, unknown>;

export interface ProviderOptions {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  /** sub → claims (released by scope, see `scopes`). */
  people: Record<string, Claims>;
  /** scope → claim names; the defaults: openid, profile, phone, cn_identity, cn_org, gd (Guangdong-style names). */
  scopes?: Record<string, string[]>;
  /** Fixed port (the dev script); 0 = random. */
  port?: number;
  /** Claim to be this issuer instead of its own address (a forger: tokens say `iss` = another provider). */
  issuer?: string;
  /** The signing key's id (default random). */
  kid?: string;
}

export const DEFAULT_SCOPES: Record<string, string[]> = {
  openid: ['sub'],
  profile: ['name'],
  phone: ['phone_number', 'phone_number_verified'],
  cn_identity: ['id_card_number', 'id_card_type', 'user_type'],
  cn_org: ['uscc', 'org_name'],
  gd: ['cn', 'telephonenumber', 'idcardnumber', 'usertype', 'unit'],
};

export interface TestProvider {
  /** The issuer it states (its own address unless told otherwise). */
  issuer: string;
  /** Where it listens. */
  url: string;
  /** Its signing key's id. */
  kid: string;
  /** Replace the ID token in the next token responses (null: the provider's own again). */
  swapIdToken: string | null;
  close(): Promise<void>;
}

// The package ships no types: the little of it used here.
interface KoaContext { path: string; body: unknown }
interface ProviderInstance {
  use(mw: (ctx: KoaContext, next: () => Promise<void>) => Promise<void>): void;
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
}
type ProviderClass = new (issuer: string, configuration: Record<string, unknown>) => ProviderInstance;
const PACKAGE = 'oidc-provider';

export async function startOidcProvider(opts: ProviderOptions): Promise<TestProvider> {
  const { default: Provider } = await import(PACKAGE) as { default: ProviderClass };
  let handler: ((req: IncomingMessage, res: ServerResponse) => void) | null = null;
  const server = createServer((req, res) => {
    if (handler) handler(req, res);
    else { res.statusCode = 503; res.end(); }
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const issuer = opts.issuer ?? url;
  const kid = opts.kid ?? randomBytes(8).toString('hex');
  const key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  const scopes = opts.scopes ?? DEFAULT_SCOPES;
  const provider = new Provider(issuer, {
    clients: [{ client_id: opts.clientId, client_secret: opts.clientSecret, redirect_uris: opts.redirectUris, grant_types: ['authorization_code'], response_types: ['code'] }],
    jwks: { keys: [{ ...key, kid, alg: 'RS256', use: 'sig' }] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    claims: scopes,
    scopes: Object.keys(scopes),
    features: { devInteractions: { enabled: true } },
    pkce: { required: () => true },
    async findAccount(_ctx: unknown, sub: string) {
      const claims = opts.people[sub];
      if (!claims) return undefined;
      return { accountId: sub, async claims() { return { sub, ...claims }; } };
    },
  });
  const result: TestProvider = {
    issuer, url, kid,
    swapIdToken: null,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  provider.use(async (ctx, next) => {
    await next();
    const body = ctx.body as { id_token?: unknown } | undefined;
    if (ctx.path === '/token' && result.swapIdToken && body && typeof body === 'object' && typeof body.id_token === 'string') {
      ctx.body = { ...body, id_token: result.swapIdToken };
    }
  });
  handler = provider.callback();
  return result;
}

/** A tiny cookie jar: name → value, every cookie sent to the provider (paths ignored). */
export class CookieJar {
  readonly values = new Map<string, string>();
  take(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = (pair ?? '').indexOf('=');
      if (eq > 0) this.values.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1).trim());
    }
  }
  header(): string {
    return [...this.values].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/**
 * Goes through the provider's dev login (as `login`) and consent pages for `authUrl`, and returns
 * the URL it sends the browser back to (the client's redirect URI with code/state or error).
 * `abort`: the person cancels on the login page instead (→ error=access_denied).
 */
export async function authorize(authUrl: string, login: string, opts: { abort?: boolean; jar?: CookieJar } = {}): Promise<URL> {
  const jar = opts.jar ?? new CookieJar();
  const origin = new URL(authUrl).origin;
  let url = authUrl;
  for (let step = 0; step < 16; step++) {
    const res = await fetch(url, { redirect: 'manual', headers: { cookie: jar.header() } });
    jar.take(res);
    if (res.status >= 300 && res.status < 400) {
      const next = new URL(res.headers.get('location') ?? '', url);
      if (next.origin !== origin) return next;
      url = next.href;
      continue;
    }
    const html = await res.text();
    // another person logging in over an existing provider session: a form that submits itself to end it first
    const auto = /<form method="post" action="([^"]+)"/.exec(html);
    if (res.status === 200 && auto && /forms\[0\]\.submit\(\)/.test(html)) {
      const inputs = [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!.replace(/&amp;/g, '&')]);
      const ended = await fetch(new URL(auto[1]!.replace(/&amp;/g, '&'), url), { method: 'POST', redirect: 'manual', headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(inputs) });
      jar.take(ended);
      if (ended.status < 300 || ended.status >= 400) throw new Error(`provider answered ${ended.status} to its own end-session form`);
      const next = new URL(ended.headers.get('location') ?? '', url);
      if (next.origin !== origin) return next;
      url = next.href;
      continue;
    }
    if (res.status !== 200 || !url.includes('/interaction/')) throw new Error(`provider answered ${res.status} at ${url}: ${html.slice(0, 300)}`);
    if (opts.abort) { url = `${url.replace(/\/$/, '')}/abort`; continue; }
    const prompt = /name="login"/.test(html) ? 'login' : 'consent';
    const body = new URLSearchParams(prompt === 'login' ? { prompt, login, password: 'any' } : { prompt });
    const post = await fetch(url, { method: 'POST', redirect: 'manual', headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' }, body });
    jar.take(post);
    if (post.status < 300 || post.status >= 400) throw new Error(`provider answered ${post.status} to the ${prompt} form`);
    url = new URL(post.headers.get('location') ?? '', url).href;
  }
  throw new Error('too many steps at the provider');
}

/** Exchanges a code at the provider's token endpoint as the client itself would (a test making a token by hand). */
export async function redeemCode(issuer: string, client: { id: string; secret: string; redirectUri: string }, code: string, verifier: string): Promise<{ id_token: string; access_token: string }> {
  const res = await fetch(`${issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${encodeURIComponent(client.id)}:${encodeURIComponent(client.secret)}`).toString('base64')}` },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: client.redirectUri, code_verifier: verifier }),
  });
  if (!res.ok) throw new Error(`token endpoint answered ${res.status}: ${await res.text()}`);
  return await res.json() as { id_token: string; access_token: string };
}
