// The optional rephraser (issue 20 §5) against a local fake OpenAI-compatible server (node:http on
// 127.0.0.1, port 0): a good rephrase is used with the draft's sources; one that adds or drops a
// number is refused; a timeout, a 500, bad JSON and a refusal fall back to the built-in draft with a
// log line that never holds the key; the key is sent as a Bearer token; no base URL → no rephraser.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig, type AssistantConfig } from '../src/config.ts';
import { attachSources, checkRephrase, createRephraser, SYSTEM_PROMPT } from '../src/modules/assistant/rephrase.ts';
import type { AnswerDraft } from '../src/modules/assistant/types.ts';

interface Seen { auth: string | undefined; path: string | undefined; body: { model: string; temperature: number; messages: { role: string; content: string }[] } }
let reply: (res: http.ServerResponse) => void = (res) => res.end();
const seen: Seen[] = [];
const server = http.createServer((req, res) => {
  let raw = '';
  req.on('data', (c: Buffer) => { raw += c.toString('utf8'); });
  req.on('end', () => {
    seen.push({ auth: req.headers.authorization, path: req.url, body: JSON.parse(raw) as Seen['body'] });
    reply(res);
  });
});
let base = '';
before(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
after(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

const KEY = 'sk-test-secret-0123456789';
const config = (over: Partial<AssistantConfig> = {}): AssistantConfig => ({ ...loadConfig({}).assistant, llmBaseUrl: base, llmApiKey: KEY, llmModel: 'fake-model', llmTimeoutMs: 500, ...over });
const completion = (content: string) => (res: http.ServerResponse) => {
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ id: 'x', object: 'chat.completion', choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content } }] }));
};

const draft: AnswerDraft = {
  sentences: [
    { text: '办理「住房公积金提取」需要带身份证原件和《住房公积金提取申请表》。', source: 0 },
    { text: '承诺 5 个工作日内办结，不收费。', source: 0 },
    { text: '可以在网上办理：https://zwfw.example.gov.cn/item/340100-1。', source: 0 },
    { text: '合肥市政务服务中心今天 9:00-17:00 开放。', source: 1 },
  ],
  sources: [
    { type: 'item', id: 'I00000001', title: '住房公积金提取', url: '/services/items/I00000001' },
    { type: 'venue', id: 'V340100', title: '合肥市政务服务中心', url: '/services/venues/V340100' },
  ],
  choices: ['要带什么材料', '在哪里办'],
  outcome: 'answer',
  items: ['I00000001'],
};
const GOOD = '提取住房公积金时请带上身份证原件和申请表。一般 5 个工作日内办好，不要钱。也能在网上办：https://zwfw.example.gov.cn/item/340100-1。合肥市政务服务中心今天 9:00-17:00 开门。';

function capture() {
  const lines: string[] = [];
  return { lines, log: (l: string) => { lines.push(l); } };
}

test('no base URL: no rephraser', () => {
  assert.equal(createRephraser(loadConfig({}).assistant), null);
  assert.equal(createRephraser({ ...config(), llmBaseUrl: null }), null);
});

test('a good rephrase is used: same sources, choices and items, each sentence tied to the fact it retells', async () => {
  reply = completion(GOOD);
  seen.length = 0;
  const { lines, log } = capture();
  const r = createRephraser(config(), log);
  assert.ok(r);
  const out = await r.rephrase('我身份证号 340104199001011234，手机 13912345678，公积金怎么取', draft);
  assert.deepEqual(lines, []);
  assert.equal(out.sentences.map((s) => s.text).join(''), GOOD);
  assert.deepEqual(out.sources, draft.sources);
  assert.deepEqual(out.choices, draft.choices);
  assert.deepEqual(out.items, draft.items);
  assert.equal(out.outcome, 'answer');
  assert.deepEqual(out.sentences.map((s) => s.source), [0, 0, 0, 1]);
  // What was sent: OpenAI-compatible, temperature 0, the system prompt, the question masked, the facts numbered.
  assert.equal(seen.length, 1);
  const s = seen[0] as Seen;
  assert.equal(s.path, '/v1/chat/completions');
  assert.equal(s.auth, `Bearer ${KEY}`);
  assert.equal(s.body.model, 'fake-model');
  assert.equal(s.body.temperature, 0);
  assert.equal(s.body.messages[0]?.role, 'system');
  assert.equal(s.body.messages[0]?.content, SYSTEM_PROMPT);
  const user = s.body.messages[1]?.content ?? '';
  assert.doesNotMatch(user, /340104199001011234|13912345678/);
  assert.match(user, /公积金怎么取/);
  assert.match(user, /1\. 办理「住房公积金提取」/);
  assert.match(user, /4\. 合肥市政务服务中心今天 9:00-17:00 开放。/);
});

test('no key configured: no Authorization header', async () => {
  reply = completion(GOOD);
  seen.length = 0;
  const r = createRephraser(config({ llmApiKey: null }), () => {});
  await r?.rephrase('公积金怎么取', draft);
  assert.equal(seen[0]?.auth, undefined);
});

test('an answer adding a number, a URL or a Chinese-numeral time limit, or dropping one, is refused: the draft is kept', async () => {
  const bad = [
    GOOD.replace('5 个工作日', '3 个工作日'),
    `${GOOD}办理费用 20 元。`,
    `${GOOD}详见 https://evil.example.com/x。`,
    GOOD.replace('5 个工作日', '五个工作日'),
    GOOD.replace('9:00-17:00 ', ''),
    `${GOOD}一般十天左右能拿到。`,
  ];
  for (const content of bad) {
    reply = completion(content);
    const { lines, log } = capture();
    const out = await createRephraser(config(), log)?.rephrase('公积金怎么取', draft);
    assert.equal(out, draft, content);
    assert.equal(lines.length, 1);
    assert.match(lines[0] as string, /answer refused/);
    assert.doesNotMatch(lines[0] as string, new RegExp(KEY));
  }
});

test('empty, too long, refused and malformed answers fall back', async () => {
  const cases: [(res: http.ServerResponse) => void, RegExp][] = [
    [completion('   '), /empty/],
    [completion(`${GOOD}${'请按时办理。'.repeat(120)}`), /too_long/],
    [(res) => { res.setHeader('content-type', 'application/json'); res.end(JSON.stringify({ choices: [{ message: { role: 'assistant', content: null, refusal: '我不能回答这个问题' }, finish_reason: 'stop' }] })); }, /refused/],
    [(res) => { res.setHeader('content-type', 'application/json'); res.end(JSON.stringify({ choices: [{ message: { role: 'assistant', content: GOOD }, finish_reason: 'content_filter' }] })); }, /refused/],
    [(res) => { res.setHeader('content-type', 'application/json'); res.end('{"choices": [ {'); }, /bad JSON/],
    [(res) => { res.setHeader('content-type', 'application/json'); res.end('{"object":"error"}'); }, /no choices/],
  ];
  for (const [handler, reason] of cases) {
    reply = handler;
    const { lines, log } = capture();
    const out = await createRephraser(config(), log)?.rephrase('公积金怎么取', draft);
    assert.equal(out, draft);
    assert.match(lines.join('\n'), reason);
  }
});

test('HTTP 500 falls back, logged without the key', async () => {
  reply = (res) => { res.statusCode = 500; res.end(`{"error":"boom ${KEY}"}`); };
  const { lines, log } = capture();
  const out = await createRephraser(config(), log)?.rephrase('公积金怎么取', draft);
  assert.equal(out, draft);
  assert.equal(lines.length, 1);
  assert.match(lines[0] as string, /HTTP 500/);
  assert.doesNotMatch(lines[0] as string, new RegExp(KEY));
});

test('a slow endpoint is abandoned after llmTimeoutMs: the draft comes back in time', async () => {
  let pending: http.ServerResponse | null = null;
  reply = (res) => { pending = res; };
  const { lines, log } = capture();
  const t = performance.now();
  const out = await createRephraser(config({ llmTimeoutMs: 200 }), log)?.rephrase('公积金怎么取', draft);
  const ms = performance.now() - t;
  assert.equal(out, draft);
  assert.ok(ms >= 190 && ms < 2000, `took ${ms} ms`);
  assert.match(lines[0] as string, /timeout after 200 ms/);
  (pending as http.ServerResponse | null)?.destroy();
});

test('an unreachable endpoint falls back', async () => {
  const { lines, log } = capture();
  const out = await createRephraser(config({ llmBaseUrl: 'http://127.0.0.1:1/v1' }), log)?.rephrase('公积金怎么取', draft);
  assert.equal(out, draft);
  assert.match(lines[0] as string, /request failed/);
});

test('a draft without facts (a clarifying question) is not sent', async () => {
  seen.length = 0;
  const clarify: AnswerDraft = { sentences: [{ text: '请问您是个人还是单位？', source: null }], sources: [], choices: ['个人', '单位'], outcome: 'clarify' };
  assert.equal(await createRephraser(config(), () => {})?.rephrase('社保', clarify), clarify);
  assert.equal(seen.length, 0);
});

test('checkRephrase and attachSources (pure)', () => {
  const facts = draft.sentences.map((s) => s.text);
  assert.equal(checkRephrase(GOOD, facts), null);
  assert.match(checkRephrase('承诺 6 个工作日。', ['承诺 5 个工作日。']) ?? '', /added:6/);
  assert.match(checkRephrase('很快就好。', ['承诺 5 个工作日。']) ?? '', /dropped:5/);
  // A life event's numbered list: the ordinals are layout, the count and the items' facts still count.
  const chain = ['“开饭店”可能要办这 3 个事项：1. 个体工商户登记；2. 食品经营许可（承诺 10 个工作日）；3. 公共场所卫生许可。'];
  assert.equal(checkRephrase('开饭店一般要办 3 个事项：先办个体工商户登记，再办食品经营许可（承诺 10 个工作日），还有公共场所卫生许可。', chain), null);
  assert.match(checkRephrase('开饭店一般要办 3 个事项：个体工商户登记和食品经营许可。', chain) ?? '', /dropped:10/);
  // A sentence sharing nothing with any fact gets no source.
  assert.deepEqual(attachSources(['您好！', '合肥市政务服务中心 9:00-17:00 开放。'], draft.sentences).map((s) => s.source), [null, 1]);
});
