// npm run bench:soak — a soak test: mixed public and staff traffic against ONE server process for
// SOAK_SECONDS (default 600), to find leaks and errors that short benches miss.
//
//   SOAK_SECONDS=600          measured duration (after the warm-up)
//   SOAK_WARMUP_SECONDS=60    same mix before the measurement; the RSS baseline is taken after it
//   SOAK_CONNECTIONS=8        autocannon connections
//   SOAK_FORM_INTERVAL_MS=1000  one captcha'd web/kiosk form post per interval (plus staff 受理)
//   SOAK_KEEP=1               keep the temp data folder
//   SOAK_DB_FILE=…sqlite      start from a copy of this database (province scale: RSS after traffic at 1.91 M items)
//   SOAK_RUNTIME=tsx          run the server through tsx (default: bundled as `npm start` runs it)
//   SOAK_NODE_FLAGS="--x=1"   Node / V8 flags after the start script's (e.g. another heap setting)
//   SOAK_HEAP_SNAPSHOT_DIR=…  write V8 heap snapshots of the server there at the start, before the import and at the end
//                             (each stops the server for up to a minute and leaves glibc holding the memory it took:
//                             a diagnosis run; compare them with scripts/bench-soak-heapdiff.mts)
//   SOAK_FIRST_START=1        with SOAK_DB_FILE and no snapshot beside it: measure the first start (index built from the rows)
//                             instead of starting once to write the snapshot and measuring the restart that loads it
//
// The server is scripts/bench-soak-serve.mts (bundled like `npm start`'s server), a CHILD process over a temp SQLite database with
// the demo data (as `npm start` has), so its RSS is read by pid (/proc/PID/status VmRSS, every
// 30 s). Rate limits are raised through the ordinary settings (MESSAGE_RATE_MAX,
// API_RATE_LIMIT_PER_MINUTE) because all traffic comes from one address; nothing else differs
// from production. The captcha's secret lives only in the server process, so the child answers
// the driver's "solve this token" over IPC (the test helper, never an HTTP route).
//
// The mix (autocannon, weighted): home and section pages, 公开留言 list/page/CSV/statistics,
// disclosure list/record pages and RSS, catalogues, service items and venues, Open311, /search
// and /api/v1/search + suggest with varied queries, JSON message posts, staff pages signed in
// through the real /login form (CSRF), and a few deliberately bad requests whose 4xx is expected.
// Beside it: captcha'd form posts (web and kiosk), staff 受理 of those messages through the staff
// form, /services/search (limited to 60 a minute per address, so kept to 30), and, midway, one `gongkai services import` run by the CLI (its own process, same
// database) whose items must then be searchable.
//
// Per minute: req/s, p99, errors (unexpected statuses incl. any 5xx, socket errors, timeouts,
// failed form posts) and RSS. At the end a summary with RSS at start and end and the growth
// (medians of the first and last window, see below; the single readings are printed as well).
// Exit 1 on any error or on RSS growth ≥ 10 % (the issue's target; judged on runs of 5 minutes or
// more — a shorter run is still inside V8's heap settling).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { envInt } from './bench-env.mts';
import { forkServer, loadDemoData } from './bench-server.mts';
import autocannon from 'autocannon';
import { serverRuntime } from './bench-runtime.mts';
import { memoryAsker, type Memory } from './bench-soak-ipc.mts';

const SELF = fileURLToPath(import.meta.url);
const ROOT = path.resolve(path.dirname(SELF), '..');


// ---- Driver --------------------------------------------------------------------------------
const SECONDS = envInt('SOAK_SECONDS', 600, 10);
const WARMUP = envInt('SOAK_WARMUP_SECONDS', 60, 0);
const CONNECTIONS = envInt('SOAK_CONNECTIONS', 8, 1);
const FORM_INTERVAL_MS = envInt('SOAK_FORM_INTERVAL_MS', 1000, 50);
const RSS_TARGET = 0.10;
const RSS_JUDGED_FROM_S = 300;

const { loadConfig } = await import('../src/config.ts');
const { DEMO_PASSWORD } = await import('../src/demo.ts');

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-soak-'));
// SOAK_DB_FILE: start from a copy of this SQLite database (e.g. the 1.91 M-item bench database) instead of an empty one
if (process.env.SOAK_DB_FILE) fs.copyFileSync(process.env.SOAK_DB_FILE, path.join(dataDir, 'gongkai.sqlite'));
// …and its search-index snapshot when one lies next to it, so the server starts as a restarted one does
// (loads the snapshot and replays the change log) rather than building the index from the rows.
if (process.env.SOAK_DB_FILE && fs.existsSync(`${process.env.SOAK_DB_FILE}.search-index.snapshot`)) {
  fs.copyFileSync(`${process.env.SOAK_DB_FILE}.search-index.snapshot`, path.join(dataDir, 'gongkai.sqlite.search-index.snapshot'));
}
const cleanup = () => { if (process.env.SOAK_KEEP !== '1') fs.rmSync(dataDir, { recursive: true, force: true }); };
const serverEnv = {
  ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', DEMO_DATA: 'true', LOG_LEVEL: 'error', NODE_ENV: 'production',
  MESSAGE_RATE_MAX: '1000000', API_RATE_LIMIT_PER_MINUTE: '10000000', NOTIFY_PROVIDER: 'file', NOTIFY_FILE: path.join(dataDir, 'notifications.jsonl'),
  // as `npm start` sets it (package.json, ADR 0004): two glibc malloc arenas instead of one per thread
  MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '2',
};

console.log(`# bench:soak — ${SECONDS} s measured after ${WARMUP} s warm-up, ${CONNECTIONS} connections, one server process (SQLite, demo data)`);
const t0 = Date.now();
await loadDemoData(serverEnv);
console.log(`demo data loaded into ${dataDir} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

// The midway import: service items (searchable names) and venues, as a county would send them.
const IMPORT_ITEMS = 2000;
const importTag = `浸泡测试专项${Date.now().toString(36)}`;
const itemsCsv = path.join(dataDir, 'soak-items.csv');
const venuesCsv = path.join(dataDir, 'soak-venues.csv');
fs.writeFileSync(itemsCsv, ['id,name,type,region_code,channels,online_url', ...Array.from({ length: IMPORT_ITEMS }, (_, i) => `SOAK-${i + 1},${importTag}第${i + 1}项登记,${i % 2 ? '行政许可' : '行政确认'},130427,窗口办理,`)].join('\n') + '\n');
fs.writeFileSync(venuesCsv, ['id,name,type,region_code,address,lat,lng,mon,tue,items', ...Array.from({ length: 5 }, (_, i) => `SOAK-V${i + 1},${importTag}服务站${i + 1},便民服务站,130427,磁县滏阳路${i + 1}号,36.37${i},114.38${i},08:30-12:00,08:30-12:00,SOAK-${i + 1}|SOAK-${i + 100}`)].join('\n') + '\n');

// ---- Start the server ----------------------------------------------------------------------
// The server runs as `npm start` runs it (bench-runtime.mts), unless SOAK_RUNTIME=tsx.
// SOAK_NODE_FLAGS: Node / V8 flags added after the start script's (a later V8 flag wins), to measure another setting.
const runtime = await serverRuntime('scripts/bench-soak-serve.mts', 'SOAK_RUNTIME', (process.env.SOAK_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean));
console.log(`server runtime: ${runtime.label}`);
const serveEntry = runtime.file;
const serveArgv = runtime.execArgv;
// A province-scale database without a snapshot beside it: a first start builds the index from the
// rows and writes the snapshot; the measured server is the next start, which loads it — as every
// restart of a production process does (ADR 0002). SOAK_FIRST_START=1 measures the first start instead.
const snapshotFile = path.join(dataDir, 'gongkai.sqlite.search-index.snapshot');
if (process.env.SOAK_DB_FILE && process.env.SOAK_FIRST_START !== '1' && !fs.existsSync(snapshotFile)) {
  const t1 = Date.now();
  const first = await forkServer(serveEntry, serverEnv, serveArgv);
  const firstRss = (): number => Number(/VmRSS:\s+(\d+)\s+kB/.exec(fs.readFileSync(`/proc/${first.child.pid}/status`, 'utf8'))?.[1]) / 1024;
  const atReady = firstRss();
  while (!fs.existsSync(snapshotFile) && Date.now() - t1 < 900_000) await new Promise((r) => setTimeout(r, 1000));
  const afterWrite = firstRss();
  const gone = new Promise((r) => first.child.once('exit', r));
  first.child.kill('SIGTERM');
  await gone;
  console.log(`first start (no snapshot: builds the index from the rows, writes the snapshot) in ${((Date.now() - t1) / 1000).toFixed(0)} s: RSS ${atReady.toFixed(0)} MB at ready, ${afterWrite.toFixed(0)} MB after writing the snapshot; the measured server starts from the snapshot`);
}
const { child, port } = await forkServer(serveEntry, serverEnv, serveArgv);
const BASE = `http://127.0.0.1:${port}`;
let childExited = false;
child.on('exit', (code, signal) => { childExited = true; if (!stopping) console.error(`!! server process exited unexpectedly (code ${code}, signal ${signal})`); });
let stopping = false;

const rssMB = (): number => {
  try {
    const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1]);
    return Math.round((kb / 1024) * 10) / 10;
  } catch { return NaN; }
};
const rssCold = rssMB();
console.log(`server pid ${child.pid} on ${BASE}; RSS after start ${rssCold} MB`);

let solveId = 0;
const pending = new Map<number, (a: string) => void>();
child.on('message', (m: { id?: number; answer?: string }) => { if (m.id !== undefined) { pending.get(m.id)?.(m.answer ?? ''); pending.delete(m.id); } });
// (a server that has gone answers '': with a callback, a closed channel is no unhandled 'error' event)
const solve = (token: string) => new Promise<string>((resolve) => {
  const id = ++solveId;
  pending.set(id, resolve);
  child.send({ solve: token, id }, (err) => { if (err && pending.delete(id)) resolve(''); });
});
child.once('exit', () => { for (const r of pending.values()) r(''); pending.clear(); });

// Where the server's memory is (bench-soak-serve.mts answers over IPC): V8's heap (used / committed),
// external memory and ArrayBuffers, anonymous and file-backed RSS; null when it does not answer in time.
// (bench-soak-ipc.mts: null when there is no answer in time or the server has gone)
const askServer = memoryAsker(child);
const serverMemory = async (): Promise<Memory | null> => { const a = await askServer({ mem: 0 }, 10_000); return typeof a === 'string' ? null : a; };
// …and by V8 space (used MB: old, young, code, large objects), and the anonymous RSS that is neither V8's heap nor
// external memory (malloc: SQLite, jieba, V8's compiler zones, Node's buffers…).
const memLine = (m: Memory | null) => (m
  ? `heap ${m.heapUsed}/${m.heapTotal} (old ${m['space.old_space']}, young ${m['space.new_space']}, code ${m['space.code_space']}, lo ${m['space.large_object_space']}), ext ${m.external} (AB ${m.arrayBuffers}), anon ${m.RssAnon} (other ${Math.round(((m.RssAnon ?? 0) - (m.heapTotal ?? 0) - (m.external ?? 0)) * 10) / 10}; brk heap ${m.brkHeap})`
  : 'n/a');
// SOAK_HEAP_SNAPSHOT_DIR: V8 heap snapshots of the server at the start of the measurement, just before
// the midway import and at the end (each stops the server for a while: a diagnosis run, not a verdict).
const SNAP_DIR = process.env.SOAK_HEAP_SNAPSHOT_DIR;
const heapSnapshots: string[] = [];
async function heapSnapshot(label: string): Promise<void> {
  if (!SNAP_DIR) return;
  fs.mkdirSync(SNAP_DIR, { recursive: true });
  const file = path.join(path.resolve(SNAP_DIR), `soak-${label}.heapsnapshot`);
  const m = await askServer({ heapSnapshot: file }, 600_000);
  const line = `heap snapshot ${label}: ${file} (${typeof m === 'string' ? `not written: ${m}` : m ? `${((m.snapshotMs ?? 0) / 1000).toFixed(1)} s; after it ${memLine(m)}, RSS ${m.rss} MB` : 'no answer'})`;
  heapSnapshots.push(line);
  console.log(line);
}

// ---- A tiny cookie-keeping client (for sign-in and the form posts) ---------------------------
class Jar {
  cookies = new Map<string, string>();
  header(): string { return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '); }
  take(res: Response): void {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = (pair ?? '').indexOf('=');
      if (i > 0) this.cookies.set(pair!.slice(0, i).trim(), pair!.slice(i + 1).trim());
    }
  }
  async get(url: string): Promise<Response> {
    const res = await fetch(BASE + url, { headers: { cookie: this.header() }, redirect: 'manual' });
    this.take(res);
    return res;
  }
  async post(url: string, body: URLSearchParams | FormData): Promise<Response> {
    const res = await fetch(BASE + url, { method: 'POST', headers: { cookie: this.header() }, body, redirect: 'manual' });
    this.take(res);
    return res;
  }
}

async function signIn(username: string): Promise<Jar> {
  const jar = new Jar();
  await (await jar.get('/login')).text();
  const csrf = jar.cookies.get('gk_csrf') ?? '';
  const res = await jar.post('/login', new URLSearchParams({ username, password: DEMO_PASSWORD, _csrf: csrf }));
  await res.text();
  if (res.status !== 303 || !jar.cookies.has('gk_session')) throw new Error(`sign-in of ${username} failed: ${res.status}`);
  return jar;
}

// ---- What to ask for -----------------------------------------------------------------------
interface Spec { name: string; method?: 'GET' | 'POST'; path: string | (() => string); headers?: Record<string, string>; body?: () => string; weight: number; expect?: number }

const { openDb } = await import('../src/platform/db/db.ts');
const { sqliteFile } = await import('../src/bootstrap.ts');
const ro = openDb<import('../src/schema.ts').Database>({ databaseUrl: null, sqliteFile: sqliteFile(loadConfig(serverEnv)) });
const [disclosures, items, venues, messages, catalogs, orgs] = await Promise.all([
  ro.selectFrom('disclosure').select('index_no').limit(200).execute(),
  ro.selectFrom('sm_item').select('public_id').limit(300).execute(),
  ro.selectFrom('sm_venue').select('public_id').limit(50).execute(),
  ro.selectFrom('message').select(['reference', 'org_code']).limit(200).execute(),
  ro.selectFrom('catalog').select('id').limit(30).execute().catch(() => [] as { id: number }[]),
  ro.selectFrom('organisation').select('code').where('kind', '=', 'government').limit(40).execute(),
]);
const itemNames = (await ro.selectFrom('sm_item').select('name').limit(400).execute()).map((r) => r.name);
await ro.destroy();

const QUERIES = [...new Set(['身份证', '营业执照', '社保', '低保', '医保', '户籍', '公积金', '出生', '结婚登记', '养老', 'shenfenzheng', 'yingye', '不动产', '残疾人', '高龄津贴', '政府信息公开', '年度报告', '预算', '路灯', '供暖',
  ...itemNames.flatMap((n) => [n.slice(0, 2), n.slice(0, 4), n.slice(-3)])])].filter((q) => q.trim().length > 0);
let qi = 0;
const nextQuery = () => encodeURIComponent(QUERIES[qi++ % QUERIES.length] as string);
const pick = <T,>(a: readonly T[]): T => a[Math.floor(Math.random() * a.length)] as T;

// Candidate URLs are checked once before the soak (a candidate that does not answer 200 is dropped
// and reported), so the soak's errors are the server's, not the script's guesses.
async function usable(paths: string[], cookie = ''): Promise<string[]> {
  const ok: string[] = [];
  for (const p of paths) {
    const res = await fetch(BASE + p, { headers: { cookie }, redirect: 'manual' });
    await res.arrayBuffer();
    if (res.status === 200) ok.push(p);
  }
  return ok;
}

const minhu = await signIn('cixian.minhu');
const editor = await signIn('cixian.editor');
const admin = await signIn('admin');
const enc = encodeURIComponent;
const pub = {
  disclosures: await usable(disclosures.map((d) => `/openness/disclosures/${enc(d.index_no)}`)),
  items: await usable(items.map((i) => `/services/items/${enc(i.public_id)}`)),
  venues: await usable(venues.map((v) => `/services/venues/${enc(v.public_id)}`)),
  messages: await usable(messages.map((m) => `/interaction/messages/${enc(m.reference)}`)),
  catalogs: await usable(catalogs.map((c) => `/openness/catalogs/${c.id}`)),
  guides: await usable(orgs.slice(0, 10).map((o) => `/openness/orgs/${enc(o.code)}/guide`)),
  sections: await usable(['/', '/openness', '/services', '/interaction', '/openness/disclosures', '/openness/disclosures/statistics', '/openness/catalogs', '/openness/reports/annual', '/services/life-events', '/services/map', '/interaction/statistics', '/interaction/messages.csv', '/openness/disclosures/feeds/all/rss.xml', '/openness/disclosures/feeds/all/atom.xml', '/open311/v2/services.json', '/open311/v2/requests.json', '/open311/v2/requests.xml', '/api/v1/search/hot', '/sitemap.xml']),
};
const staffMinhu = await usable(['/staff', '/staff/messages', '/staff/messages?view=all', '/staff/messages?view=handling', '/staff/messages?view=overdue', ...messages.filter((m) => m.org_code.startsWith('130427')).slice(0, 30).map((m) => `/staff/messages/${enc(m.reference)}`)], minhu.header());
const staffEditor = await usable(['/staff', '/staff/disclosures', '/staff/disclosures/timeliness', '/staff/catalogs', '/staff/search'], editor.header());
const staffAdmin = await usable(['/staff/users', '/staff/audit', '/staff/organisations', '/staff/calendar'], admin.header());
console.log(`URLs checked: ${pub.disclosures.length} disclosure records, ${pub.items.length} service items, ${pub.venues.length} venues, ${pub.messages.length} public messages, ${pub.catalogs.length} catalogues, ${pub.guides.length} guides, ${pub.sections.length} section pages; staff ${staffMinhu.length} + ${staffEditor.length} + ${staffAdmin.length} pages (3 users signed in)`);
for (const [k, v] of Object.entries({ ...pub, staffMinhu, staffEditor, staffAdmin })) if (!v.length) { console.error(`no usable ${k} URL: the demo data changed?`); stopping = true; child.kill('SIGTERM'); cleanup(); process.exit(1); }

let apiSeq = 0;
const SPECS: Spec[] = [
  { name: 'section pages', path: () => pick(pub.sections), weight: 10 },
  { name: 'disclosure list', path: () => `/openness/disclosures/all?page=${1 + Math.floor(Math.random() * 3)}`, weight: 8 },
  { name: 'disclosure record', path: () => pick(pub.disclosures), weight: 10 },
  { name: 'service item', path: () => pick(pub.items), weight: 10 },
  { name: 'venue', path: () => pick(pub.venues), weight: 3 },
  { name: 'catalogue / guide', path: () => pick([...pub.catalogs, ...pub.guides]), weight: 4 },
  { name: 'message list', path: () => `/interaction/messages?page=${1 + Math.floor(Math.random() * 2)}`, weight: 4 },
  { name: 'message page', path: () => pick(pub.messages), weight: 5 },
  { name: 'api search', path: () => `/api/v1/search?q=${nextQuery()}&limit=10`, weight: 12 },
  { name: '/search page', path: () => `/search?q=${nextQuery()}`, weight: 8 },
  { name: 'suggest', path: () => `/api/v1/search/suggest?q=${nextQuery()}`, weight: 4 },
  { name: 'api message post', method: 'POST', path: '/api/v1/messages', headers: { 'content-type': 'application/json' }, weight: 2, expect: 201,
    body: () => JSON.stringify({ org: '130427', category: pick(['roads', 'street_lights', 'sanitation', 'other']), title: `浸泡测试接口留言${++apiSeq}`, content: `浸泡测试通过接口提交的第 ${apiSeq} 条留言，内容用于检验长时间运行。`, location: { lat: 36.37 + Math.random() / 100, lng: 114.38 + Math.random() / 100, address: `磁县滏阳路${apiSeq % 300}号` }, contact: { name: '测试', phone: '13800138000' }, public: true }) },
  { name: 'staff (minhu)', path: () => pick(staffMinhu), headers: { cookie: minhu.header() }, weight: 6 },
  { name: 'staff (editor)', path: () => pick(staffEditor), headers: { cookie: editor.header() }, weight: 3 },
  { name: 'staff (admin)', path: () => pick(staffAdmin), headers: { cookie: admin.header() }, weight: 2 },
  // Deliberately bad requests: their 4xx is the expected answer (error pages must not leak either).
  { name: 'unknown message (404)', path: () => `/interaction/messages/LY-20260101-${Math.random().toString(36).slice(2, 7).toUpperCase()}`, weight: 1, expect: 404 },
  { name: 'repeated parameter', path: () => `/api/v1/search?q=${nextQuery()}&q=${nextQuery()}`, weight: 1, expect: -1 },
  { name: 'signed out staff page', path: () => pick(staffMinhu), weight: 1, expect: -2 },
];
const TOTAL_WEIGHT = SPECS.reduce((a, s) => a + s.weight, 0);
const pickSpec = (): Spec => { let r = Math.random() * TOTAL_WEIGHT; for (const s of SPECS) { r -= s.weight; if (r < 0) return s; } return SPECS[0]!; };

// Two answers are learnt once and must then stay the same: a repeated parameter (400 with {code,
// message}, or the first value — issue 14 item 3 lets either be chosen) and a staff page signed
// out (401, or a redirect to /login). Neither may be a 5xx or a signed-in page.
for (const [marker, url, allowed] of [[-1, '/api/v1/search?q=a&q=b', (st: number) => st < 500], [-2, staffMinhu[0]!, (st: number) => st >= 300 && st < 500]] as const) {
  const r = await fetch(BASE + url, { redirect: 'manual' });
  await r.arrayBuffer();
  const s = SPECS.find((x) => x.expect === marker)!;
  if (!allowed(r.status)) { console.error(`GET ${url} answers ${r.status}`); stopping = true; child.kill('SIGTERM'); cleanup(); process.exit(1); }
  s.name += ` (${r.status})`;
  s.expect = r.status;
}

// ---- Counters ------------------------------------------------------------------------------
interface Window { unexpected: Map<string, number>; samples: string[]; formOk: number; formFail: number; formMs: number[]; acceptOk: number; acceptFail: number }
const newWindow = (): Window => ({ unexpected: new Map(), samples: [], formOk: 0, formFail: 0, formMs: [], acceptOk: 0, acceptFail: 0 });
let win = newWindow();
const unexpected = (what: string, sample: string) => {
  win.unexpected.set(what, (win.unexpected.get(what) ?? 0) + 1);
  if (win.samples.length < 5) win.samples.push(sample);
};

// ---- Side load: captcha'd form posts and staff 受理 ---------------------------------------------
const toAccept: string[] = [];
let formSeq = 0;
async function formPost(): Promise<void> {
  const kiosk = formSeq % 5 === 4;
  const n = ++formSeq;
  const jar = new Jar();
  const t = performance.now();
  try {
    const page = await jar.get(kiosk ? '/interaction/kiosk' : '/interaction/messages/new');
    const html = await page.text();
    const token = /name="captcha_token" value="([^"]+)"/.exec(html)?.[1];
    const key = /name="idempotency_key" value="([^"]+)"/.exec(html)?.[1];
    if (page.status !== 200 || !token || !key) throw new Error(`form page ${page.status}`);
    const fd = new FormData();
    const fields: Record<string, string> = {
      _csrf: jar.cookies.get('gk_csrf') ?? '', org: '130427', category: pick(['sanitation', 'roads', 'street_lights']), region: pick(['', '130427100', '130427100001']),
      title: `浸泡测试表单留言${n}`, content: `浸泡测试通过${kiosk ? '自助终端' : '网站'}表单提交的第 ${n} 条留言。`, address: `磁县磁州镇阜才社区${n % 50}号楼`,
      ...(n % 3 === 0 ? { address_public: 'yes' } : {}), lat: (36.37 + (n % 100) / 10000).toFixed(5), lng: (114.38 + (n % 70) / 10000).toFixed(5),
      contact_name: '测试', contact_phone: '13800138000', contact_email: '', is_public: 'yes', idempotency_key: key, captcha_token: token, captcha_answer: await solve(token),
    };
    for (const [k, v] of Object.entries(fields)) fd.append(k, v);
    const res = await jar.post(kiosk ? '/interaction/kiosk' : '/interaction/messages', fd);
    const body = await res.text();
    const ref = /(LY-\d{8}-[A-Z0-9]{5})/.exec(body)?.[1];
    if (res.status !== 200 || !ref) throw new Error(`form post ${res.status}`);
    win.formOk++;
    win.formMs.push(performance.now() - t);
    toAccept.push(ref);
  } catch (e) {
    win.formFail++;
    unexpected('form post', `${kiosk ? 'kiosk' : 'web'} form: ${(e as Error).message}`);
  }
}

// /services/search has its own limit of 60 per minute per address (all of the soak is one
// address), so it is asked here, at most 30 times a minute, rather than in the autocannon mix.
async function servicesSearch(): Promise<void> {
  const url = `/services/search?q=${nextQuery()}`;
  try {
    const res = await fetch(BASE + url);
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${res.status} GET ${url}`);
  } catch (e) {
    unexpected('services search', (e as Error).message);
  }
}

async function acceptOne(): Promise<void> {
  const ref = toAccept.shift();
  if (!ref) return;
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  try {
    const res = await minhu.post(`/staff/messages/${ref}/actions`, new URLSearchParams({ _csrf: minhu.cookies.get('gk_csrf') ?? '', type: 'accept', on: today }));
    await res.arrayBuffer();
    if (res.status !== 303) throw new Error(`staff accept ${res.status}`);
    win.acceptOk++;
  } catch (e) {
    win.acceptFail++;
    unexpected('staff accept', (e as Error).message);
  }
}

let sideRunning = true;
let lastServicesSearch = 0;
const side = (async () => {
  let i = 0;
  while (sideRunning && !childExited) {
    const started = Date.now();
    await formPost();
    if (++i % 3 === 0) await acceptOne();
    if (Date.now() - lastServicesSearch >= 2000) { lastServicesSearch = Date.now(); await servicesSearch(); }
    await new Promise((r) => setTimeout(r, Math.max(0, FORM_INTERVAL_MS - (Date.now() - started))));
  }
})();

// ---- RSS: printed every 30 s; read every 5 s for the medians ----------------------------------
// V8 frees and takes memory in waves (a sawtooth of ±50 MB here), so one reading at the start and
// one at the end say more about where the wave was than about a leak. Growth is therefore judged
// on the median of the readings in the first and in the last window of the measurement (a quarter
// of it, 15–60 s); the single readings are printed too.
const rssSamples: { at: number; mb: number }[] = [];
const fine: { at: number; mb: number }[] = [];
const rssTimer = setInterval(() => rssSamples.push({ at: Date.now(), mb: rssMB() }), 30_000);
const fineTimer = setInterval(() => fine.push({ at: Date.now(), mb: rssMB() }), 5_000);
const median = (xs: number[]) => { const a = xs.filter(Number.isFinite).sort((x, y) => x - y); return a.length ? a[Math.floor((a.length - 1) / 2)]! : NaN; };
const WINDOW_MS = Math.max(15, Math.min(60, SECONDS / 4)) * 1000;

// ---- The midway import -----------------------------------------------------------------------
let importReport = 'not run';
async function runImport(): Promise<void> {
  const t = Date.now();
  const r = await new Promise<{ code: number | null; err: string }>((resolve) => {
    const p = spawn(process.execPath, [path.join(ROOT, 'bin/gongkai.js'), 'services', 'import', '--items', itemsCsv, '--venues', venuesCsv], { env: serverEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    p.stdout.resume();
    p.on('exit', (code) => resolve({ code, err }));
  });
  const took = (Date.now() - t) / 1000;
  if (r.code !== 0) { unexpected('import', `services import exit ${r.code}: ${r.err.slice(-300)}`); importReport = `FAILED (exit ${r.code}) after ${took.toFixed(1)} s`; return; }
  // Written by another process: the server's search must follow its change log within seconds.
  const probe = `/api/v1/search?q=${enc(`${importTag}第${IMPORT_ITEMS}项`)}&limit=5`;
  const t2 = Date.now();
  let seen = false;
  while (Date.now() - t2 < 10_000 && !seen) {
    const res = await fetch(BASE + probe);
    seen = res.status === 200 && (await res.text()).includes(`${importTag}第${IMPORT_ITEMS}项`);
    if (!seen) await new Promise((r2) => setTimeout(r2, 100));
  }
  if (!seen) unexpected('import', 'imported items not searchable within 10 s');
  importReport = `${IMPORT_ITEMS} items + 5 venues by \`gongkai services import\` in ${took.toFixed(1)} s; ${seen ? `searchable ${((Date.now() - t2) / 1000).toFixed(1)} s after it ended` : 'NOT searchable within 10 s'}`;
}

// ---- Run -------------------------------------------------------------------------------------
interface Minute { label: string; seconds: number; requests: number; rps: number; p50: number; p99: number; errors: number; detail: string; rss: number; forms: number; formP99: number; accepted: number }

async function slice(seconds: number): Promise<autocannon.Result> {
  return autocannon({
    url: BASE, connections: CONNECTIONS, duration: seconds, timeout: 10,
    requests: [{
      setupRequest: ((req: Record<string, unknown>, context: Record<string, unknown>) => {
        const s = pickSpec();
        const p = typeof s.path === 'function' ? s.path() : s.path;
        context.spec = s;
        context.path = p;
        return { ...req, method: s.method ?? 'GET', path: p, headers: { ...(s.headers ?? {}) }, body: s.body ? s.body() : undefined };
      }) as never,
      onResponse: ((status: number, _body: string, context: Record<string, unknown>) => {
        const s = context.spec as Spec;
        const ok = s.expect ? status === s.expect : status >= 200 && status < 400;
        if (!ok) unexpected(`${status}`, `${status} ${s.method ?? 'GET'} ${String(context.path)} (${s.name})`);
      }) as never,
    }],
  });
}

const p99 = (xs: number[]) => { if (!xs.length) return 0; const s = [...xs].sort((a, b) => a - b); return Math.round(s[Math.min(s.length - 1, Math.floor(s.length * 0.99))]!); };

if (WARMUP > 0) {
  console.log(`warm-up ${WARMUP} s …`);
  await slice(WARMUP);
  const w = win;
  const warmErrors = [...w.unexpected.values()].reduce((a, b) => a + b, 0);
  if (warmErrors) console.log(`warm-up errors ${warmErrors}: ${w.samples.join(' | ')}`);
  win = newWindow();
  // Count warm-up errors too: an error is an error.
  for (const [k, v] of w.unexpected) win.unexpected.set(`warm-up ${k}`, v);
  win.samples.push(...w.samples);
}
const memStart = await serverMemory();
await heapSnapshot('1-start');
const rssStart = rssMB();
const measureStart = Date.now();
rssSamples.length = 0;
rssSamples.push({ at: measureStart, mb: rssStart });
fine.length = 0;
fine.push({ at: measureStart, mb: rssStart });
console.log(`RSS at start of measurement ${rssStart} MB; server memory MB: ${memLine(memStart)}\n`);
console.log('| minute | req/s | p50 ms | p99 ms | errors | form posts (p99 ms) | RSS MB now (min–max of the minute) | server MB: V8 heap used/committed, external (ArrayBuffers), anonymous RSS |');
console.log('|---:|---:|---:|---:|---:|---:|---:|---|');

const minutes: Minute[] = [];
// The import starts halfway through the measurement, whatever the slice boundaries.
let importDone: Promise<void> | null = null;
let rssBeforeImport = NaN;
let rssAfterImport = NaN;
let memBeforeImport: Memory | null = null;
let memAfterImport: Memory | null = null;
const importTimer = setTimeout(() => {
  importDone = (async () => {
    memBeforeImport = await serverMemory();
    await heapSnapshot('2-before-import');
    rssBeforeImport = rssMB();
    await runImport();
    rssAfterImport = rssMB();
    memAfterImport = await serverMemory();
  })();
}, (SECONDS * 1000) / 2);
let left = SECONDS;
let idx = 0;
while (left > 0 && !childExited) {
  const len = Math.min(60, left);
  const r = await slice(len);
  idx++;
  left -= len;
  const w = win;
  win = newWindow();
  const socket = r.errors + r.timeouts;
  const unexp = [...w.unexpected.values()].reduce((a, b) => a + b, 0);
  const rss = rssMB();
  const inMinute = fine.filter((f) => f.at > Date.now() - len * 1000).map((f) => f.mb);
  const mem = await serverMemory();
  const m: Minute = {
    label: String(idx), seconds: len, requests: r.requests.total, rps: Math.round(r.requests.total / len), p50: r.latency.p50, p99: r.latency.p99, errors: socket + unexp,
    detail: [socket ? `${socket} socket errors/timeouts` : '', ...[...w.unexpected].map(([k, v]) => `${v}× ${k}`), ...w.samples].filter(Boolean).join('; '), rss, forms: w.formOk, formP99: p99(w.formMs), accepted: w.acceptOk,
  };
  minutes.push(m);
  console.log(`| ${m.label} | ${m.rps} | ${m.p50} | ${m.p99} | ${m.errors} | ${m.forms} (${m.formP99}) | ${m.rss} (${Math.min(...inMinute, rss)}–${Math.max(...inMinute, rss)}) | ${memLine(mem)} |`);
  if (m.detail) console.log(`  errors: ${m.detail}`);
}
// An import still running is awaited and its errors counted.
clearTimeout(importTimer);
if (!importDone) importDone = runImport();
await importDone;
sideRunning = false;
await side;
const tail = win;
const tailErrors = [...tail.unexpected.values()].reduce((a, b) => a + b, 0);
if (tailErrors) console.log(`  errors after the last minute: ${[...tail.unexpected].map(([k, v]) => `${v}× ${k}`).join('; ')}; ${tail.samples.join(' | ')}`);
clearInterval(rssTimer);
clearInterval(fineTimer);
const rssEnd = rssMB();
const measureEnd = Date.now();
rssSamples.push({ at: measureEnd, mb: rssEnd });
fine.push({ at: measureEnd, mb: rssEnd });
const memEnd = await serverMemory();
await heapSnapshot('3-end');
const startMedian = median(fine.filter((f) => f.at <= measureStart + WINDOW_MS).map((f) => f.mb));
const endMedian = median(fine.filter((f) => f.at >= measureEnd - WINDOW_MS).map((f) => f.mb));

stopping = true;
child.kill('SIGTERM');
await new Promise((r) => { if (childExited) r(null); else child.once('exit', r); });

// ---- Summary ---------------------------------------------------------------------------------
const total = minutes.reduce((a, m) => a + m.requests, 0);
const secs = minutes.reduce((a, m) => a + m.seconds, 0);
const errors = minutes.reduce((a, m) => a + m.errors, 0) + tailErrors;
const forms = minutes.reduce((a, m) => a + m.forms, 0) + tail.formOk;
const accepted = minutes.reduce((a, m) => a + m.accepted, 0) + tail.acceptOk;
const growth = (endMedian - startMedian) / startMedian;
const maxRss = Math.max(...fine.map((f) => f.mb).filter(Number.isFinite));
console.log(`\n## Summary (${secs} s measured, ${CONNECTIONS} connections)\n`);
console.log('| measure | value |');
console.log('|---|---|');
console.log(`| requests (autocannon mix) | ${total.toLocaleString('en')} (${Math.round(total / Math.max(1, secs))} req/s) |`);
console.log(`| p99 per minute (worst / median) | ${Math.max(...minutes.map((m) => m.p99))} ms / ${[...minutes.map((m) => m.p99)].sort((a, b) => a - b)[Math.floor(minutes.length / 2)]} ms |`);
console.log(`| captcha'd form posts (web + kiosk) | ${forms}; ${accepted} of them accepted (受理) through the staff form |`);
console.log(`| midway import | ${importReport}; RSS ${rssBeforeImport} MB before, ${rssAfterImport} MB after |`);
console.log(`| errors | ${errors} |`);
console.log(`| RSS after start (cold) | ${rssCold} MB |`);
console.log(`| RSS at start of measurement | ${startMedian} MB median of the first ${WINDOW_MS / 1000} s (single reading ${rssStart} MB) |`);
console.log(`| RSS at end | ${endMedian} MB median of the last ${WINDOW_MS / 1000} s (single reading ${rssEnd} MB; max ${maxRss} MB) |`);
console.log(`| RSS growth | ${(growth * 100).toFixed(1)} % (medians; single readings ${(((rssEnd - rssStart) / rssStart) * 100).toFixed(1)} %; target < ${RSS_TARGET * 100} %) |`);
console.log(`| RSS samples (every 30 s) | ${rssSamples.map((s) => s.mb).join(', ')} |`);
console.log(`| server memory MB at start / before import / after import / end | ${[memStart, memBeforeImport, memAfterImport, memEnd].map(memLine).join(' / ')} |`);
for (const l of heapSnapshots) console.log(`| ${l.replace(/:/, ' |')} |`);
cleanup();
// A run shorter than RSS_JUDGED_FROM_S is still inside V8's settling (the heap grows towards its
// working size for minutes after start): its growth is printed but not judged.
const judgeRss = SECONDS >= RSS_JUDGED_FROM_S;
const rssFailed = judgeRss && !(growth < RSS_TARGET);
const failed = errors > 0 || rssFailed;
if (errors > 0) console.error(`\nFAIL: ${errors} errors`);
if (rssFailed) console.error(`\nFAIL: RSS grew ${(growth * 100).toFixed(1)} % (target < ${RSS_TARGET * 100} %)`);
if (!judgeRss) console.log(`\nRSS growth not judged: ${SECONDS} s is shorter than ${RSS_JUDGED_FROM_S} s (the heap is still settling); run the default 600 s for the verdict.`);
if (!failed) console.log(judgeRss ? '\nPASS: 0 errors, RSS growth under 10 %' : '\nPASS: 0 errors');
if (SNAP_DIR) console.log('\n(SOAK_HEAP_SNAPSHOT_DIR: each heap snapshot stopped the server while it was written — requests then timed out — and left glibc holding the memory it took: this run\'s errors and RSS figures are a diagnosis, not a verdict)');
process.exit(failed ? 1 : 0);
