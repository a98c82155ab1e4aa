// Shell: residents' sign-in with a phone number and a one-time SMS code (issue 21 §1, §6). A code
// is 6 digits from crypto.randomInt, stored only as a keyed hash (HMAC under the PII hash key, so a
// copy of the table cannot be tried through the million possible codes — with PII_KEY set in the
// environment, not even a copy of the whole database), valid
// LIMITS.smsCodeMinutes, LIMITS.smsCodeTries tries counted by a conditional update (parallel
// guesses cannot exceed the limit), used once. A new code ends the phone's earlier unused ones.
// Flood limits count the rows of pa_sign_in_code, so they hold across processes: a request inserts
// its row first and then counts the rows before it, so of two racing requests only one can pass.
import { randomInt } from 'node:crypto';
import { idNumberHash } from '../../platform/auth/pii.ts';
import { safeEqual } from '../../platform/auth/tokens.ts';
import { enqueueNotifications } from '../interaction/index.ts';
import type { Db } from '../../schema.ts';
import { signInStrings as s } from './signin.strings.ts';
import { LIMITS } from './vocabulary.ts';

/**
 * A mainland mobile number in its 11-digit form, or null. Accepts spaces, dashes, dots and
 * brackets, and the country code as +86, 86 or 0086.
 */
export function normalisePhone(input: string): string | null {
  let d = input.trim().replace(/[\s\-.()（）]/g, '');
  if (d.length > 20) return null;
  if (d.startsWith('+86')) d = d.slice(3);
  else if (d.startsWith('0086')) d = d.slice(4);
  else if (d.length === 13 && d.startsWith('86')) d = d.slice(2);
  return /^1[3-9]\d{9}$/.test(d) ? d : null;
}

/** A 6-digit code, leading zeros kept. */
export function newCode(): string {
  return String(randomInt(0, 10 ** LIMITS.smsCodeDigits)).padStart(LIMITS.smsCodeDigits, '0');
}

/** The keyed hash a code is stored as (HMAC-SHA256 under the PII hash key, domain-separated from ID numbers). */
export function codeHash(db: object, phone: string, code: string): string {
  return idNumberHash(db, `SMS-SIGN-IN|${phone}|${code}`);
}

export type SendRefusal = 'phone_minute' | 'phone_hour' | 'address_hour';
export type SendResult = { ok: true } | { ok: false; reason: SendRefusal; retryAt: Date };

const HOUR = 3600_000;

/**
 * Issues a code for `phone` asked from `addressKey` and queues the SMS (outbox, channel sms), or
 * refuses by the flood limits with the time from which asking again will work.
 */
export async function requestCode(db: Db, input: { phone: string; addressKey: string; siteName: string }, now: Date): Promise<SendResult> {
  const code = newCode();
  const t = now.toISOString();
  // committed at once (no transaction): a racing request's count must see this row
  const inserted = await db.insertInto('pa_sign_in_code').values({
    phone: input.phone, code_hash: codeHash(db, input.phone, code), address_key: input.addressKey,
    created_at: t, expires_at: new Date(now.getTime() + LIMITS.smsCodeMinutes * 60_000).toISOString(),
  }).returning('id').executeTakeFirstOrThrow();
  const id = inserted.id;
  const hourAgo = new Date(now.getTime() - HOUR).toISOString();
  const minuteAgo = new Date(now.getTime() - LIMITS.smsResendSeconds * 1000).toISOString();
  const before = (col: 'phone' | 'address_key', value: string, since: string) => db.selectFrom('pa_sign_in_code')
    .select('created_at').where(col, '=', value).where('created_at', '>', since).where('id', '<', id).orderBy('created_at').execute();
  const refuse = async (reason: SendRefusal, oldest: string, windowMs: number): Promise<SendResult> => {
    await db.deleteFrom('pa_sign_in_code').where('id', '=', id).execute();
    return { ok: false, reason, retryAt: new Date(new Date(oldest).getTime() + windowMs) };
  };
  const phoneHour = await before('phone', input.phone, hourAgo);
  const lastMinute = phoneHour.filter((r) => r.created_at > minuteAgo);
  if (lastMinute[0]) return refuse('phone_minute', lastMinute[lastMinute.length - 1]!.created_at, LIMITS.smsResendSeconds * 1000);
  if (phoneHour.length >= LIMITS.smsPerPhonePerHour) return refuse('phone_hour', phoneHour[phoneHour.length - LIMITS.smsPerPhonePerHour]!.created_at, HOUR);
  const addressHour = await before('address_key', input.addressKey, hourAgo);
  if (addressHour.length >= LIMITS.smsPerAddressPerHour) return refuse('address_hour', addressHour[addressHour.length - LIMITS.smsPerAddressPerHour]!.created_at, HOUR);
  await db.transaction().execute(async (trx) => {
    // earlier unused codes of this phone end now
    await trx.updateTable('pa_sign_in_code').set({ expires_at: t })
      .where('phone', '=', input.phone).where('id', '<', id).where('used_at', 'is', null).where('expires_at', '>', t).execute();
    await enqueueNotifications(trx, [{
      channel: 'sms', recipient: input.phone, subject: s.smsSubject, reason: 'sign_in_code',
      body: s.sms(input.siteName, code, LIMITS.smsCodeMinutes),
    }], now);
  });
  return { ok: true };
}

export type VerifyRefusal = 'no_code' | 'used' | 'expired' | 'locked' | 'wrong';
export type VerifyResult = { ok: true } | { ok: false; reason: VerifyRefusal; triesLeft: number };

/**
 * Checks `code` against the phone's newest code. Each try is counted before the comparison by a
 * conditional update (attempts < limit, unused, unexpired), so a try beyond the limit is refused
 * even with the right code, and of two parallel right answers only one marks the code used.
 */
export async function verifyCode(db: Db, phone: string, code: string, now: Date): Promise<VerifyResult> {
  const t = now.toISOString();
  const row = await db.selectFrom('pa_sign_in_code').select(['id', 'code_hash', 'attempts', 'used_at', 'expires_at'])
    .where('phone', '=', phone).orderBy('id', 'desc').limit(1).executeTakeFirst();
  const refusalOf = (r: { used_at: string | null; expires_at: string; attempts: number }): VerifyRefusal =>
    r.used_at ? 'used' : Number(r.attempts) >= LIMITS.smsCodeTries ? 'locked' : r.expires_at <= t ? 'expired' : 'wrong';
  if (!row) return { ok: false, reason: 'no_code', triesLeft: 0 };
  const counted = await db.updateTable('pa_sign_in_code').set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('id', '=', row.id).where('attempts', '<', LIMITS.smsCodeTries).where('used_at', 'is', null).where('expires_at', '>', t)
    .returning('attempts').executeTakeFirst();
  if (!counted) {
    const again = await db.selectFrom('pa_sign_in_code').select(['used_at', 'expires_at', 'attempts']).where('id', '=', row.id).executeTakeFirst();
    return { ok: false, reason: again ? refusalOf(again) : 'no_code', triesLeft: 0 };
  }
  const left = LIMITS.smsCodeTries - Number(counted.attempts);
  if (!safeEqual(codeHash(db, phone, code), row.code_hash)) return { ok: false, reason: 'wrong', triesLeft: left };
  const used = await db.updateTable('pa_sign_in_code').set({ used_at: t }).where('id', '=', row.id).where('used_at', 'is', null).executeTakeFirst();
  return Number(used.numUpdatedRows) === 1 ? { ok: true } : { ok: false, reason: 'used', triesLeft: 0 };
}
