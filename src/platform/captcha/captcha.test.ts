import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCaptcha, solveCaptchaForTest, verifyCaptcha } from './captcha.ts';

const now = new Date('2026-09-18T02:00:00Z');

test('the picture does not contain the sum as text', () => {
  const { svg } = createCaptcha(now);
  assert.match(svg, /^<svg/);
  assert.doesNotMatch(svg, /<text/);
  assert.match(svg, /aria-label="图形验证码/);
});

test('a right answer passes once; wrong, expired and replayed answers fail with their codes', () => {
  const { token } = createCaptcha(now);
  const answer = solveCaptchaForTest(token);
  assert.deepEqual(verifyCaptcha(token, String(Number(answer) + 1), now), { ok: false, code: 'captcha_wrong' });
  assert.deepEqual(verifyCaptcha(token, '', now), { ok: false, code: 'captcha_missing' });
  assert.deepEqual(verifyCaptcha(token, answer, new Date(now.getTime() + 11 * 60_000)), { ok: false, code: 'captcha_expired' });
  assert.deepEqual(verifyCaptcha(token, ` ${answer.normalize('NFKC')} `, now), { ok: true });
  assert.deepEqual(verifyCaptcha(token, answer, now), { ok: false, code: 'captcha_used' });
});

test('a forged token fails', () => {
  const { token } = createCaptcha(now);
  const [exp, nonce] = token.split('.');
  assert.deepEqual(verifyCaptcha(`${exp}.${nonce}.forged`, '3', now), { ok: false, code: 'captcha_wrong' });
  assert.deepEqual(verifyCaptcha('garbage', '3', now), { ok: false, code: 'captcha_expired' });
});
