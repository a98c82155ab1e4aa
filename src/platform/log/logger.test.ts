import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { createLogger } from './logger.ts';

test('log lines never contain a full ID number, phone number, password or auth header', () => {
  const lines: string[] = [];
  const sink = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
  const log = createLogger('info', sink);
  log.info({ applicant: { idNumber: '13042719900307127X', phone: '13812345678' }, body: { password: 'secret-password' }, req: { headers: { authorization: 'Bearer gk_abc' } } }, '申请人 13042719900307127X 电话 13812345678');
  const out = lines.join('');
  assert.doesNotMatch(out, /13042719900307127X|13812345678|secret-password|gk_abc/);
  assert.match(out, /130427\*{8}127X/);
  assert.match(out, /138\*{4}5678/);
});

test('request lines keep method, url and status; a rating link secret in the url is masked', async () => {
  const lines: string[] = [];
  const sink = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
  const app = Fastify({ loggerInstance: createLogger('info', sink) });
  app.get('/rate/t/:token', async () => 'ok');
  try {
    const res = await app.inject('/rate/t/y8Ch4Q6lJDR_O8HUzvwFTfrYfB9WU6QX?phone=13812345678');
    assert.equal(res.statusCode, 200);
  } finally {
    await app.close();
  }
  const entries = lines.map((l) => JSON.parse(l) as { msg: string; req?: { method?: string; url?: string }; res?: { statusCode?: number } });
  const incoming = entries.find((e) => e.msg === 'incoming request');
  const completed = entries.find((e) => e.msg === 'request completed');
  assert.equal(incoming?.req?.method, 'GET');
  assert.equal(incoming?.req?.url, '/rate/t/y8Ch****?phone=138****5678');
  assert.equal(completed?.res?.statusCode, 200);
  assert.doesNotMatch(lines.join(''), /4Q6lJDR_O8HUzvwFTfrYfB9WU6QX|13812345678/);
});

test('a single-use rating link secret (/rate/t/<token>) never reaches the log, neither in the request line nor in a logged object', () => {
  const lines: string[] = [];
  const sink = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
  const log = createLogger('info', sink);
  const token = 'Zq3xK9_vB-2mN8pL4rT6yW1a';
  log.info({ req: { id: 'r1', method: 'GET', url: `/rate/t/${token}?x=1`, ip: '127.0.0.1' } }, 'incoming request');
  log.warn({ url: `/rate/t/${token}` }, 'csrf token missing or wrong');
  log.info(`not found: https://gk.example.cn/rate/t/${token}`);
  const out = lines.join('');
  assert.doesNotMatch(out, new RegExp(token));
  assert.match(out, /\/rate\/t\/Zq3x\*{4}\?x=1/);
});

test('a person\'s position in a request URL (route from here, nearest venues) never reaches the log', async () => {
  const lines: string[] = [];
  const sink = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
  const app = Fastify({ loggerInstance: createLogger('info', sink) });
  app.get('/services/route', async () => 'ok');
  try {
    assert.equal((await app.inject('/services/route?venue=CX-ZWFW&from=36.37421,114.38265&provider=amap')).statusCode, 200);
    assert.equal((await app.inject('/services/route?near=36.37421%2C114.38265&lat=36.1&LNG=114.2')).statusCode, 200);
  } finally {
    await app.close();
  }
  const urls = lines.map((l) => (JSON.parse(l) as { req?: { url?: string } }).req?.url).filter(Boolean);
  assert.deepEqual([...new Set(urls)], ['/services/route?venue=CX-ZWFW&from=*&provider=amap', '/services/route?near=*&lat=*&LNG=*']);
  assert.doesNotMatch(lines.join(''), /36\.37|114\.38|36\.1|114\.2/);
});
