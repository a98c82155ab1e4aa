// Shell: typed configuration read once from the environment. A bad value stops start-up with one
// line that names the variable and says what is wrong (ConfigError).
import { isIP } from 'node:net';
import path from 'node:path';
import { DEFAULT_INDEX_FORMAT, parseIndexFormat } from './modules/disclosures/index-number.ts';

export interface SiteConfig {
  /** 主办单位 */
  sponsor: string;
  /** 网站标识码 */
  siteCode: string;
  /** ICP备案号 */
  icp: string;
  /** 公安备案号 */
  psb: string;
  /** Site name shown in the header. */
  name: string;
  /** Absolute base of printed links and QR codes, e.g. https://zwgk.example.gov.cn (SITE_BASE_URL; '' = the request's host). */
  baseUrl: string;
}

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** postgres://… when set; otherwise the embedded SQLite file in dataDir. */
  databaseUrl: string | null;
  /** PostgreSQL schema to use (DATABASE_SCHEMA); null = the connection's default search_path. */
  databaseSchema: string | null;
  logLevel: string;
  /** Load the demo counties on the first start. */
  demoData: boolean;
  /**
   * Which peers may set X-Forwarded-For/-Proto (TRUST_PROXY): false, or a comma list for Fastify
   * ('loopback' when TRUST_PROXY=true: nginx on the same machine). request.ip is then the address
   * the nearest untrusted hop connected from — never a value the client typed into the header.
   */
  trustProxy: false | string;
  /** Working-day convention: does the start day (e.g. the day of receipt) count as day 1? */
  countStartDay: boolean;
  /** Idle lifetime of a staff session, in minutes. */
  sessionIdleMinutes: number;
  /** Leaflet tile URL template for the service map ('' = no tiles; markers and list still work). */
  mapTileUrl: string;
  mapTileAttribution: string;
  /** Requests per minute per address on /api. */
  apiRateLimitPerMinute: number;
  interaction: InteractionConfig;
  /** 索引号 scheme of disclosure records (DISCLOSURE_INDEX_FORMAT), e.g. {org}-{year}-{category}-{serial:5}. */
  disclosureIndexFormat: string;
  site: SiteConfig;
  /** Seconds the public home page and section pages keep their figures in memory (PORTAL_CACHE_SECONDS; 0 = read on every request). */
  portalCacheSeconds: number;
  /**
   * Search index snapshot directory (SEARCH_SNAPSHOT_DIR): a directory on this host, 'off' for none,
   * null for the SQLite default — next to the SQLite file; with PostgreSQL (DATABASE_URL) the default is
   * `<DATA_DIR>/search-index`.
   */
  searchSnapshotDir: string | null;
  /** Search answers kept in memory per process (SEARCH_RESULT_CACHE, 0–100,000; 0 = none), dropped whole on any index change. */
  searchResultCache: number;
  /** On a SQLite file, the search log is written by a worker thread with its own connection (SEARCH_LOG_WORKER, 1/0); else on the server's connection. */
  searchLogWorker: boolean;
  /** MiB of rendered public record pages kept per process for anonymous readers (PUBLIC_PAGE_CACHE_MB, 0–1024; 0 = none). */
  publicPageCacheMb: number;
  /** Seconds a hall display's snapshot is shared by every screen of its venue (DISPLAY_CACHE_SECONDS, 1–3600). */
  displayCacheSeconds: number;
  /** The 7×24 assistant (issue 20). */
  assistant: AssistantConfig;
  /** Residents' and enterprises' accounts (issue 21). */
  publicAccounts: PublicAccountsConfig;
  /** Remote 取号 (issue 22): how near the venue (QUEUE_REMOTE_RADIUS_M) and until how many minutes before closing (QUEUE_REMOTE_STOP_MINUTES). */
  queueRemote: { radiusM: number; stopBeforeCloseMinutes: number };
  /** 数据开放 (issue 23): the licence of every dataset, the catalogue's contact and the installation's own publisher. */
  openData: OpenDataConfig;
}

/**
 * How the verified claims of the province's identity service map to an account (PUBLIC_OIDC_CLAIMS,
 * a JSON object of these keys; each value is a claim name, a dotted path for nested claims).
 */
export interface OidcClaimMapping {
  name: string;
  phone: string;
  /** The claim saying the phone was verified (default phone_number_verified): a phone marked false is not used; '' = the provider has no such claim. */
  phoneVerified: string;
  idNumber: string;
  uscc: string;
  orgName: string;
  /** The claim that says person or legal person, and the value(s) meaning an enterprise. */
  userType: string;
  enterpriseValues: string[];
}

/** Residents' and enterprises' sign-in (issue 21): OIDC when PUBLIC_OIDC_* are set, else a phone + SMS code. */
export interface PublicAccountsConfig {
  oidc: null | {
    /** PUBLIC_OIDC_ISSUER: the issuer URL (discovery at /.well-known/openid-configuration). http:// only for 127.0.0.1/localhost. */
    issuer: string;
    clientId: string;
    clientSecret: string;
    /** PUBLIC_OIDC_REDIRECT_URI: the callback as registered with the provider, e.g. https://gk.example.gov.cn/me/sign-in/oidc/callback. */
    redirectUri: string;
    /** PUBLIC_OIDC_SCOPES (default "openid profile phone"). */
    scopes: string;
    /** PUBLIC_OIDC_LABEL: the button's text, e.g. 河北政务服务网统一身份认证 (default 统一身份认证). */
    label: string;
    claims: OidcClaimMapping;
  };
  /** Idle minutes of a resident's session (PUBLIC_SESSION_IDLE_MINUTES, default 30; at most 12 hours after sign-in). */
  sessionIdleMinutes: number;
  /** PII_KEY: base64 of 32 bytes sealing stored ID numbers (AES-256-GCM); unset = a key kept in the database. */
  piiKey: string | null;
}

/**
 * The 7×24 assistant. The built-in answerer needs nothing; an OpenAI-compatible chat endpoint may
 * rephrase its answers (only from the facts retrieved, same sources) when ASSISTANT_LLM_BASE_URL is set.
 */
export interface AssistantConfig {
  /** e.g. http://127.0.0.1:8000/v1 (ASSISTANT_LLM_BASE_URL); null = off (the default). */
  llmBaseUrl: string | null;
  /** Bearer key for it (ASSISTANT_LLM_API_KEY); never logged. */
  llmApiKey: string | null;
  /** Model name sent (ASSISTANT_LLM_MODEL). */
  llmModel: string;
  /** Give up on the endpoint after this long and send the built-in answer (ASSISTANT_LLM_TIMEOUT_MS, 200–30000). */
  llmTimeoutMs: number;
  /** Questions per minute per address (ASSISTANT_RATE_PER_MINUTE, 1–10000). */
  askPerMinute: number;
  /** Hand-off requests per hour per address (ASSISTANT_HANDOFF_PER_HOUR, 1–1000). */
  handoffPerHour: number;
}

export class ConfigError extends Error {
  constructor(readonly variable: string, problem: string) {
    super(`配置错误：${variable} ${problem}`);
  }
}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim()) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(name, `必须是 ${min}–${max} 之间的整数（当前为 "${raw}"）`);
  }
  return Number(raw);
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(name, `必须是 true 或 false（当前为 "${env[name]}"）`);
}

/**
 * TRUST_PROXY: false (default); true = the proxy runs on this machine (loopback); or the proxies'
 * addresses/CIDRs, e.g. 10.0.0.5,10.0.0.6 or 10.0.0.0/24. Trusting every hop (Fastify's `true`)
 * would let a client choose its own address with X-Forwarded-For, so it is never used.
 */
function trustProxy(env: Env): false | string {
  const raw = env.TRUST_PROXY?.trim() ?? '';
  if (['', '0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return 'loopback';
  const parts = raw.split(',').map((p) => p.trim());
  const named = ['loopback', 'linklocal', 'uniquelocal'];
  const ok = parts.every((p) => {
    if (named.includes(p)) return true;
    const [ip, bits, extra] = p.split('/');
    const v = isIP(ip ?? '');
    // a /0 trusts every peer, as Fastify's `true` would: refused like it
    return v !== 0 && extra === undefined && (bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) >= 1 && Number(bits) <= (v === 4 ? 32 : 128)));
  });
  if (!ok) throw new ConfigError('TRUST_PROXY', `应为 false、true（反向代理在本机）或代理服务器的地址列表，如 10.0.0.5,10.0.0.0/24（当前为 "${raw}"）`);
  return parts.join(',');
}

function siteBaseUrl(env: Env): string {
  const t = (env.SITE_BASE_URL ?? '').trim().replace(/\/+$/, '');
  if (t && !/^https?:\/\/[a-z0-9.-]+(?::\d{1,5})?(?:\/[A-Za-z0-9._~/-]*)?$/i.test(t)) throw new ConfigError('SITE_BASE_URL', `应为网站的 http(s) 地址，如 https://zwgk.example.gov.cn（当前为 "${env.SITE_BASE_URL}"）`);
  return t;
}

function tileUrl(env: Env): string {
  const raw = env.MAP_TILE_URL;
  if (raw === undefined) return 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';
  const t = raw.trim();
  if (t && (!/^https:\/\/[^\s"'<>]+$/.test(t) || !t.includes('{z}') || !t.includes('{x}') || !t.includes('{y}'))) {
    throw new ConfigError('MAP_TILE_URL', `应为含 {z} {x} {y} 的 https 地址，或留空表示不加载底图（当前为 "${raw}"）`);
  }
  return t;
}

/** Settings of the citizen-interaction module (messages, 12345, notifications). */
export interface InteractionConfig {
  /** Messages one address may submit per 10 minutes (MESSAGE_RATE_MAX). */
  messageRateMax: number;
  /** 按时办结率 (UNCONFIRMED, regulations.md §5.6): the month an item counts in, and whether extensions move its deadline. */
  onTime: { basis: 'deadline' | 'closure'; extensionsMoveDeadline: boolean };
  notify: {
    provider: 'console' | 'file' | 'smtp' | 'off';
    file: string;
    smtp: { host: string; port: number; from: string; user: string | null; pass: string };
    /** Deliver the outbox from this process (NOTIFY_WORKER=off keeps a process out of it; with several processes the delivery still runs once per period in total). */
    worker: boolean;
    /** Seconds between outbox deliveries (NOTIFY_INTERVAL_SECONDS, default 30). */
    intervalSeconds: number;
  };
  /** An internal tile server for the message form's location map, proxied by the server (INTERACTION_MAP_TILE_URL); '' = no map. */
  mapTileUrl: string;
  /** [lat, lng] the message form's map opens at. */
  mapCenter: [number, number];
}

function oneOf<T extends string>(env: Env, name: string, values: readonly T[], fallback: T): T {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if ((values as readonly string[]).includes(raw)) return raw as T;
  throw new ConfigError(name, `必须是 ${values.join('、')} 之一（当前为 "${env[name]}"）`);
}

function interactionConfig(env: Env): InteractionConfig {
  const center = (env.MAP_CENTER?.trim() || '36.374,114.382').split(',').map(Number);
  if (center.length !== 2 || !center.every(Number.isFinite) || Math.abs(center[0]!) > 90 || Math.abs(center[1]!) > 180) {
    throw new ConfigError('MAP_CENTER', `应为 "纬度,经度"，如 36.374,114.382（当前为 "${env.MAP_CENTER}"）`);
  }
  const tiles = env.INTERACTION_MAP_TILE_URL?.trim() ?? '';
  if (tiles && !/^https?:\/\/[^\s"'<>]+$/.test(tiles)) throw new ConfigError('INTERACTION_MAP_TILE_URL', `应为含 {z} {x} {y} 的 http(s) 地址（当前为 "${tiles}"）`);
  return {
    messageRateMax: integer(env, 'MESSAGE_RATE_MAX', 30, 1, 1_000_000),
    onTime: { basis: oneOf(env, 'ON_TIME_BASIS', ['deadline', 'closure'] as const, 'deadline'), extensionsMoveDeadline: boolean(env, 'ON_TIME_EXTENSIONS_MOVE_DEADLINE', true) },
    notify: {
      provider: oneOf(env, 'NOTIFY_PROVIDER', ['console', 'file', 'smtp', 'off'] as const, 'console'),
      file: env.NOTIFY_FILE?.trim() || 'notifications.jsonl',
      smtp: { host: env.SMTP_HOST?.trim() || '127.0.0.1', port: integer(env, 'SMTP_PORT', 25, 1, 65535), from: env.SMTP_FROM?.trim() || 'noreply@localhost', user: env.SMTP_USER?.trim() || null, pass: env.SMTP_PASS ?? '' },
      worker: oneOf(env, 'NOTIFY_WORKER', ['on', 'off'] as const, 'on') === 'on',
      intervalSeconds: integer(env, 'NOTIFY_INTERVAL_SECONDS', 30, 1, 86_400),
    },
    mapTileUrl: tiles.includes('{z}') ? tiles : '',
    mapCenter: [center[0]!, center[1]!],
  };
}

function indexFormat(env: Env): string {
  const raw = env.DISCLOSURE_INDEX_FORMAT?.trim() || DEFAULT_INDEX_FORMAT;
  const r = parseIndexFormat(raw);
  if (!r.ok) throw new ConfigError('DISCLOSURE_INDEX_FORMAT', `${r.problem}（当前为 "${raw}"）`);
  return raw;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/**
 * Reads the configuration from environment variables.
 * @throws ConfigError naming the first bad variable.
 */
export function loadConfig(env: Env = process.env, cwd = process.cwd()): Config {
  const host = env.HOST?.trim() || '127.0.0.1';
  if (!/^[A-Za-z0-9.:\-[\]]+$/.test(host)) throw new ConfigError('HOST', `不是有效的主机名或地址（当前为 "${env.HOST}"）`);

  let databaseUrl: string | null = env.DATABASE_URL?.trim() || null;
  if (databaseUrl) {
    let parsed: URL;
    try {
      parsed = new URL(databaseUrl);
    } catch {
      throw new ConfigError('DATABASE_URL', '不是有效的地址，应形如 postgres://用户:密码@主机:5432/数据库');
    }
    if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
      throw new ConfigError('DATABASE_URL', `只支持 postgres:// 地址（当前协议为 "${parsed.protocol}"）；不设置则使用内置 SQLite`);
    }
  } else {
    databaseUrl = null;
  }

  const databaseSchema = env.DATABASE_SCHEMA?.trim() || null;
  if (databaseSchema && !/^[a-z_][a-z0-9_]{0,62}$/.test(databaseSchema)) throw new ConfigError('DATABASE_SCHEMA', `只能含小写字母、数字和下划线，且不以数字开头（当前为 "${env.DATABASE_SCHEMA}"）`);
  if (databaseSchema && !databaseUrl) throw new ConfigError('DATABASE_SCHEMA', '只用于 PostgreSQL，请同时设置 DATABASE_URL');

  const logLevel = env.LOG_LEVEL?.trim() || 'info';
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError('LOG_LEVEL', `必须是 ${LOG_LEVELS.join('、')} 之一（当前为 "${logLevel}"）`);

  return {
    port: integer(env, 'PORT', 3000, 0, 65535),
    host,
    dataDir: path.resolve(cwd, env.DATA_DIR?.trim() || 'data'),
    databaseUrl,
    databaseSchema,
    logLevel,
    demoData: boolean(env, 'DEMO_DATA', true),
    trustProxy: trustProxy(env),
    countStartDay: boolean(env, 'DEADLINE_COUNT_START_DAY', false),
    sessionIdleMinutes: integer(env, 'SESSION_IDLE_MINUTES', 120, 5, 24 * 60),
    mapTileUrl: tileUrl(env),
    mapTileAttribution: env.MAP_TILE_ATTRIBUTION?.trim() || '© OpenStreetMap 贡献者',
    apiRateLimitPerMinute: integer(env, 'API_RATE_LIMIT_PER_MINUTE', 600, 1, 10_000_000),
    interaction: interactionConfig(env),
    disclosureIndexFormat: indexFormat(env),
    site: {
      name: env.SITE_NAME?.trim() || '公开 · 政务公开与政务服务平台',
      sponsor: env.SITE_SPONSOR?.trim() || '（演示）磁县人民政府办公室',
      siteCode: env.SITE_CODE?.trim() || '（演示）0000000000',
      icp: env.SITE_ICP?.trim() || '（演示）冀ICP备00000000号',
      psb: env.SITE_PSB?.trim() || '（演示）冀公网安备 00000000000000号',
      baseUrl: siteBaseUrl(env),
    },
    portalCacheSeconds: integer(env, 'PORTAL_CACHE_SECONDS', 10, 0, 3600),
    searchSnapshotDir: env.SEARCH_SNAPSHOT_DIR?.trim() === 'off' ? 'off' : env.SEARCH_SNAPSHOT_DIR?.trim() ? path.resolve(cwd, (env.SEARCH_SNAPSHOT_DIR as string).trim())
      // with PostgreSQL: <DATA_DIR>/search-index (each host's processes share the file; a start loads it instead of rebuilding)
      : databaseUrl ? path.join(path.resolve(cwd, env.DATA_DIR?.trim() || 'data'), 'search-index') : null,
    displayCacheSeconds: integer(env, 'DISPLAY_CACHE_SECONDS', 5, 1, 3600),
    searchResultCache: integer(env, 'SEARCH_RESULT_CACHE', 0, 0, 100_000),
    searchLogWorker: boolean(env, 'SEARCH_LOG_WORKER', false),
    publicPageCacheMb: integer(env, 'PUBLIC_PAGE_CACHE_MB', 16, 0, 1024),
    assistant: assistantConfig(env),
    publicAccounts: publicAccountsConfig(env),
    openData: openDataConfig(env),
    queueRemote: { radiusM: integer(env, 'QUEUE_REMOTE_RADIUS_M', 3000, 50, 100_000), stopBeforeCloseMinutes: integer(env, 'QUEUE_REMOTE_STOP_MINUTES', 30, 0, 240) },
  };
}

const DEFAULT_CLAIMS: OidcClaimMapping = {
  name: 'name', phone: 'phone_number', phoneVerified: 'phone_number_verified', idNumber: 'id_card_number', uscc: 'uscc', orgName: 'org_name',
  userType: 'user_type', enterpriseValues: ['legal_person', 'enterprise', '法人'],
};

function publicAccountsConfig(env: Env): PublicAccountsConfig {
  const issuer = env.PUBLIC_OIDC_ISSUER?.trim() || null;
  const piiKey = env.PII_KEY?.trim() || null;
  if (piiKey && Buffer.from(piiKey, 'base64').length !== 32) throw new ConfigError('PII_KEY', '必须是 32 字节密钥的 base64 编码（可用 openssl rand -base64 32 生成）');
  const common = { sessionIdleMinutes: integer(env, 'PUBLIC_SESSION_IDLE_MINUTES', 30, 5, 720), piiKey };
  if (!issuer) return { oidc: null, ...common };
  let url: URL;
  try { url = new URL(issuer); } catch { throw new ConfigError('PUBLIC_OIDC_ISSUER', `不是有效的地址（当前为 "${issuer}"）`); }
  const local = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) throw new ConfigError('PUBLIC_OIDC_ISSUER', '必须是 https:// 地址（http:// 只用于本机测试）');
  const need = (name: string): string => {
    const v = env[name]?.trim();
    if (!v) throw new ConfigError(name, '设置了 PUBLIC_OIDC_ISSUER 时必须同时设置');
    return v;
  };
  const redirectUri = need('PUBLIC_OIDC_REDIRECT_URI');
  if (!/^https?:\/\/[^\s]+\/me\/sign-in\/oidc\/callback$/.test(redirectUri)) throw new ConfigError('PUBLIC_OIDC_REDIRECT_URI', `应为本站的 …/me/sign-in/oidc/callback 地址（当前为 "${redirectUri}"）`);
  let claims = DEFAULT_CLAIMS;
  const rawClaims = env.PUBLIC_OIDC_CLAIMS?.trim();
  if (rawClaims) {
    let parsed: unknown;
    try { parsed = JSON.parse(rawClaims); } catch { throw new ConfigError('PUBLIC_OIDC_CLAIMS', '不是有效的 JSON 对象'); }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new ConfigError('PUBLIC_OIDC_CLAIMS', '应为 JSON 对象，如 {"name":"cn","phone":"telephonenumber"}');
    const p = parsed as Record<string, unknown>;
    const known = Object.keys(DEFAULT_CLAIMS);
    const unknownKey = Object.keys(p).find((k) => !known.includes(k));
    if (unknownKey) throw new ConfigError('PUBLIC_OIDC_CLAIMS', `不认识的键 "${unknownKey}"（可用：${known.join('、')}）`);
    for (const [k, v] of Object.entries(p)) {
      const ok = k === 'enterpriseValues' ? Array.isArray(v) && v.every((x) => typeof x === 'string') : typeof v === 'string' && (v.trim() !== '' || k === 'phoneVerified');
      if (!ok) throw new ConfigError('PUBLIC_OIDC_CLAIMS', `"${k}" 的值应为${k === 'enterpriseValues' ? '字符串数组' : '声明名称'}`);
    }
    claims = { ...DEFAULT_CLAIMS, ...(p as Partial<OidcClaimMapping>) };
  }
  return {
    oidc: {
      issuer, clientId: need('PUBLIC_OIDC_CLIENT_ID'), clientSecret: need('PUBLIC_OIDC_CLIENT_SECRET'), redirectUri,
      scopes: env.PUBLIC_OIDC_SCOPES?.trim() || 'openid profile phone',
      label: env.PUBLIC_OIDC_LABEL?.trim() || '统一身份认证',
      claims,
    },
    ...common,
  };
}

function assistantConfig(env: Env): AssistantConfig {
  const base = env.ASSISTANT_LLM_BASE_URL?.trim() || null;
  if (base && !/^https?:\/\/[^\s/]+/.test(base)) throw new ConfigError('ASSISTANT_LLM_BASE_URL', `必须是 http:// 或 https:// 开头的地址（当前为 "${base}"）`);
  return {
    llmBaseUrl: base ? base.replace(/\/+$/, '') : null,
    llmApiKey: env.ASSISTANT_LLM_API_KEY?.trim() || null,
    llmModel: env.ASSISTANT_LLM_MODEL?.trim() || 'gpt-4o-mini',
    llmTimeoutMs: integer(env, 'ASSISTANT_LLM_TIMEOUT_MS', 4000, 200, 30_000),
    askPerMinute: integer(env, 'ASSISTANT_RATE_PER_MINUTE', 30, 1, 10_000),
    handoffPerHour: integer(env, 'ASSISTANT_HANDOFF_PER_HOUR', 6, 1, 1000),
  };
}

/** Licences a dataset can carry (OPEN_DATA_LICENSE); CKAN licence-register ids. Which one a government uses is its own decision (UNCONFIRMED: no national default was found). */
export const OPEN_DATA_LICENSES = {
  'cc-by-4.0': { title: '知识共享署名 4.0 国际许可协议（CC BY 4.0）', url: 'https://creativecommons.org/licenses/by/4.0/', eu: 'CC_BY_4_0' },
  'cc-zero': { title: '知识共享零声明（CC0 1.0）', url: 'https://creativecommons.org/publicdomain/zero/1.0/', eu: 'CC0' },
  'odc-by': { title: '开放数据共享署名许可协议（ODC-By）', url: 'https://opendatacommons.org/licenses/by/1-0/', eu: 'ODC_BY' },
} as const;
export type OpenDataLicenseId = keyof typeof OPEN_DATA_LICENSES;

export interface OpenDataConfig {
  license: OpenDataLicenseId;
  /** Contact e-mail of the catalogue (OPEN_DATA_CONTACT_EMAIL; '' = none shown). */
  contactEmail: string;
  /** Name of the installation's own publisher (OPEN_DATA_PUBLISHER; default: SITE_SPONSOR). */
  publisher: string;
}

function openDataConfig(env: Env): OpenDataConfig {
  const license = (env.OPEN_DATA_LICENSE ?? '').trim() || 'cc-by-4.0';
  if (!(license in OPEN_DATA_LICENSES)) throw new ConfigError('OPEN_DATA_LICENSE', `应为 ${Object.keys(OPEN_DATA_LICENSES).join('、')} 之一（当前为 "${license}"）`);
  const contactEmail = (env.OPEN_DATA_CONTACT_EMAIL ?? '').trim();
  if (contactEmail && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(contactEmail)) throw new ConfigError('OPEN_DATA_CONTACT_EMAIL', `应为电子邮件地址（当前为 "${contactEmail}"）`);
  return {
    license: license as OpenDataLicenseId,
    contactEmail,
    publisher: env.OPEN_DATA_PUBLISHER?.trim() || env.SITE_SPONSOR?.trim() || '（演示）磁县人民政府办公室',
  };
}
