// A page kept once for every anonymous reader (renderShared / sendShared, issue 24 §5) that has a
// form: kept as text cut where the token goes, each reader's own token put back in — a new visitor
// gets a new token in the form and in its cookie, a returning one the cookie's, and no reader ever
// gets another's. (The record page has no form and is kept as bytes; this is the other path.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/platform/log/logger.ts';
import { createServer, emptySharedPagePool, releaseShared, renderShared, sendShared, type App, type SharedPage } from '../../src/platform/web/server.tsx';
import { Form } from '../../src/platform/web/components.tsx';
import { Layout } from '../../src/platform/web/layout.tsx';

let app: App;
let renders = 0;
let kept: SharedPage | null = null;

before(async () => {
  const config = loadConfig({ DATA_DIR: 'data-test-unused' });
  app = await createServer({ logger: createLogger('silent'), site: config.site, trustProxy: false });
  app.get('/kept-form', async (request, reply) => {
    if (!kept) {
      renders++;
      kept = renderShared(request, (ctx) => (
        <Layout ctx={ctx} title="留言">
          <Form action="/kept-form" csrfToken={ctx.csrfToken}><button type="submit">提交</button></Form>
        </Layout>
      ));
    }
    return sendShared(request, reply, kept);
  });
  app.post('/kept-form', async () => ({ ok: true }));
  await app.ready();
});
after(async () => { await app.close(); });

const cookieToken = (h: string | string[] | undefined) => /^gk_csrf=([^;]*)/.exec([h ?? []].flat().find((c) => c.startsWith('gk_csrf=')) ?? '')?.[1];
const formTokens = (body: string) => [...body.matchAll(/name="_csrf" value="([^"]*)"/g)].map((m) => m[1]);

test('a kept page with a form gives each new visitor its own token, in the form and the cookie, rendered once', async () => {
  const a = await app.inject({ url: '/kept-form' });
  const b = await app.inject({ url: '/kept-form' });
  assert.equal(renders, 1, 'rendered once for both');
  const ta = cookieToken(a.headers['set-cookie']);
  const tb = cookieToken(b.headers['set-cookie']);
  assert.match(ta ?? '', /^[A-Za-z0-9_-]{43}$/);
  assert.match(tb ?? '', /^[A-Za-z0-9_-]{43}$/);
  assert.notEqual(ta, tb);
  assert.deepEqual(formTokens(a.body).filter((x) => x === ta).length > 0, true, 'the form carries the visitor\'s own token');
  assert.ok(formTokens(a.body).every((x) => x === ta), 'and no other');
  assert.ok(formTokens(b.body).every((x) => x === tb));
  // everything else is the same page
  assert.equal(a.body.split(ta!).join('T'), b.body.split(tb!).join('T'));
  // the token works: the POST with it passes the CSRF check, without it is refused
  const ok = await app.inject({ method: 'POST', url: '/kept-form', cookies: { gk_csrf: ta! }, payload: { _csrf: ta! } });
  assert.equal(ok.statusCode, 200);
  const refused = await app.inject({ method: 'POST', url: '/kept-form', cookies: { gk_csrf: ta! }, payload: { _csrf: tb! } });
  assert.equal(refused.statusCode, 403);
});

test('a returning visitor gets the kept page with its cookie\'s token and no new cookie', async () => {
  const token = 'R'.repeat(43);
  const r = await app.inject({ url: '/kept-form', cookies: { gk_csrf: token } });
  assert.equal(cookieToken(r.headers['set-cookie']), undefined);
  assert.deepEqual([...new Set(formTokens(r.body))], [token]);
});

test('a kept page without a form: its bytes, once its cache lets it go, are reused for the next page only after the turn of the event loop, and every answer is a copy', async () => {
  emptySharedPagePool(); // (as a fresh process has it, whatever files ran before in this process)
  const req = { server: { site: app.site }, elder: false, url: '/a' } as never;
  const first = renderShared(req, () => <p>第一页{'甲'.repeat(600)}</p>);
  assert.ok(first.body && first.buffer && first.parts === null);
  const memory = first.body.buffer;
  const text = first.body.toString('utf8');
  let sent: unknown = null;
  const reply = { status: () => reply, type: () => reply, send: (x: unknown) => { sent = x; return reply; } } as never;
  releaseShared(first);
  // (still this turn: a request that got the page from the cache can still send it whole)
  const early = renderShared(req, () => <p>第二页{'乙'.repeat(600)}</p>);
  assert.notEqual(early.buffer!.buffer, memory, 'not reused within the turn');
  assert.equal(first.body.toString('utf8'), text);
  sendShared({} as never, reply, first);
  assert.equal((sent as Buffer).toString('utf8'), text);
  await new Promise((r) => setImmediate(r));
  // once its memory may be reused the page can no longer be sent: a late sender fails instead of sending another page
  assert.equal(first.body, null);
  assert.throws(() => sendShared({} as never, reply, first), /reused/);
  const next = renderShared(req, () => <p>第三页{'丙'.repeat(600)}</p>);
  assert.equal(next.buffer!.buffer, memory, 'the released bytes are reused for a page of the same size');
  assert.match(next.body!.toString('utf8'), /^<!doctype html><p>第三页丙+<\/p>$/);
  // an answer never hands the kept buffer itself to the socket
  sendShared({} as never, reply, next);
  assert.ok(Buffer.isBuffer(sent) && sent.equals(next.body!) && sent.buffer !== next.buffer!.buffer);
});
