// Shell: a self-hosted arithmetic captcha for public forms (no outside service). The challenge is
// drawn as stroked paths (no <text>, so the sum is not in the markup) and carried in a signed,
// expiring token; the answer is never sent to the browser. The signing key is kept in the database
// (install_state) and a used token is recorded there (captcha_spent), so with several processes on
// one database a captcha drawn by one process is checked by any other, and used once in total.
//
// Accessibility: the picture has a text label that says what to do but not the sum; forms that
// use it must offer another way in (telephone or in person), as the captcha alone would exclude
// blind users. JSON APIs do not use it (they are rate-limited instead).
import { createHmac, randomBytes, randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import { installStateKey } from '../auth/pii.ts';
import { safeEqual } from '../auth/tokens.ts';
import type { PlatformDatabase } from '../db/platform-database.ts';

const TTL_MS = 10 * 60 * 1000;
const SECRET_KEY = 'captcha_secret';

type CaptchaDb = Kysely<PlatformDatabase>;
/** The signing key of each open database (one per process in production; tests open several). */
const secrets = new WeakMap<object, Buffer>();
/** Every key loaded in this process, for solveCaptchaForTest only. */
const loadedKeys: Buffer[] = [];

/** Loads the shared signing key from the database, creating it on first use. Call once at start. */
export async function initCaptcha(db: CaptchaDb): Promise<void> {
  const key = await installStateKey(db, SECRET_KEY);
  secrets.set(db, key);
  if (!loadedKeys.some((k) => k.equals(key))) loadedKeys.push(key);
}

function keyOf(db: CaptchaDb): Buffer {
  const key = secrets.get(db);
  if (!key) throw new Error('captcha not initialised for this database (call initCaptcha at start)');
  return key;
}

export type CaptchaFailure = 'captcha_missing' | 'captcha_wrong' | 'captcha_expired' | 'captcha_used';

export const captchaMessages: Record<CaptchaFailure, string> = {
  captcha_missing: '请填写验证码',
  captcha_wrong: '验证码不正确，请重新计算图中算式',
  captcha_expired: '验证码已过期，请换一题',
  captcha_used: '验证码已使用，请换一题',
};

export interface Captcha {
  token: string;
  svg: string;
}

function sign(key: Buffer, payload: string, answer: string): string {
  return createHmac('sha256', key).update(`${payload}|${answer}`).digest('base64url');
}

/** Seven-segment strokes (x1,y1,x2,y2 in a 10×20 cell) for each glyph. */
const SEGMENTS: Record<string, number[][]> = (() => {
  const a = [0, 0, 10, 0], b = [10, 0, 10, 10], c = [10, 10, 10, 20], d = [0, 20, 10, 20];
  const e = [0, 10, 0, 20], f = [0, 0, 0, 10], g = [0, 10, 10, 10];
  return {
    '0': [a, b, c, d, e, f], '1': [b, c], '2': [a, b, g, e, d], '3': [a, b, g, c, d], '4': [f, g, b, c],
    '5': [a, f, g, c, d], '6': [a, f, g, e, c, d], '7': [a, b, c], '8': [a, b, c, d, e, f, g], '9': [a, b, c, d, f, g],
    '+': [[5, 5, 5, 15], [0, 10, 10, 10]], '-': [[0, 10, 10, 10]], '=': [[0, 7, 10, 7], [0, 13, 10, 13]], '?': [[0, 0, 10, 0], [10, 0, 10, 10], [10, 10, 5, 10], [5, 10, 5, 14], [5, 18, 5, 20]],
  };
})();

function jitter(n: number): number {
  return n + (randomInt(0, 7) - 3) * 0.4;
}

function draw(text: string): string {
  const parts: string[] = [];
  let x = 12;
  for (const ch of text) {
    if (ch === ' ') { x += 8; continue; }
    const angle = randomInt(-12, 13);
    const y = 12 + randomInt(0, 7);
    const d = (SEGMENTS[ch] ?? []).map(([x1, y1, x2, y2]) => `M${jitter(x1!)} ${jitter(y1!)}L${jitter(x2!)} ${jitter(y2!)}`).join('');
    parts.push(`<path transform="translate(${x} ${y}) rotate(${angle} 5 10)" d="${d}"/>`);
    x += 20;
  }
  const noise = Array.from({ length: 5 }, () => `<path d="M${randomInt(0, 40)} ${randomInt(0, 44)}L${randomInt(120, 220)} ${randomInt(0, 44)}" stroke-width="1"/>`).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${x + 8} 44" width="${x + 8}" height="44" role="img" aria-label="图形验证码：请计算图中的算式" class="captcha-image"><g fill="none" stroke="#1d1d1d" stroke-width="2.4" stroke-linecap="round">${parts.join('')}</g><g fill="none" stroke="#6b6b6b">${noise}</g></svg>`;
}

/** A new challenge: a + b (1–20 each) or a − b with a non-negative result. */
export function createCaptcha(db: CaptchaDb, now: Date): Captcha {
  const key = keyOf(db);
  const a = randomInt(1, 21);
  const b = randomInt(1, 21);
  const plus = randomInt(2) === 0 || a < b;
  const answer = String(plus ? a + b : a - b);
  const payload = `${now.getTime() + TTL_MS}.${randomBytes(9).toString('base64url')}`;
  return { token: `${payload}.${sign(key, payload, answer)}`, svg: draw(`${a} ${plus ? '+' : '-'} ${b} = ?`) };
}

/**
 * Checks an answer; a correct answer spends the token (recorded in the database: a second use,
 * through any process, is refused).
 */
export async function verifyCaptcha(db: CaptchaDb, token: string, answer: string, now: Date): Promise<{ ok: true } | { ok: false; code: CaptchaFailure }> {
  const cleaned = answer.normalize('NFKC').trim();
  if (!token || !cleaned) return { ok: false, code: 'captcha_missing' };
  const [exp, nonce, mac] = token.split('.');
  if (!exp || !nonce || !mac || !/^\d{1,15}$/.test(exp) || nonce.length > 32) return { ok: false, code: 'captcha_expired' };
  const payload = `${exp}.${nonce}`;
  if (!safeEqual(sign(keyOf(db), payload, cleaned), mac)) return { ok: false, code: 'captcha_wrong' };
  const expires = Number(exp);
  if (!(expires > now.getTime())) return { ok: false, code: 'captcha_expired' };
  const spent = await db.insertInto('captcha_spent').values({ nonce, expires_at: new Date(expires).toISOString() }).onConflict((oc) => oc.column('nonce').doNothing()).executeTakeFirst();
  if (Number(spent.numInsertedOrUpdatedRows ?? 0) !== 1) return { ok: false, code: 'captcha_used' };
  return { ok: true };
}

/** Forgets spent tokens that have expired anyway (a background job). */
export async function purgeSpentCaptchas(db: CaptchaDb, now: Date): Promise<number> {
  const r = await db.deleteFrom('captcha_spent').where('expires_at', '<', now.toISOString()).executeTakeFirst();
  return Number(r.numDeletedRows ?? 0);
}

/** For tests only: the answer is not recoverable from the token, so tests solve by trying. */
export function solveCaptchaForTest(token: string, _now?: Date): string {
  const [exp, nonce, mac] = token.split('.');
  for (const key of loadedKeys) for (let n = 0; n <= 40; n++) if (safeEqual(sign(key, `${exp}.${nonce}`, String(n)), mac ?? '')) return String(n);
  throw new Error('unsolvable captcha token');
}
