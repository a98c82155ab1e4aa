// 一码办 (issue 21 §4): the code a signed-in person shows, its reading by a window desk or a kiosk,
// the person's confirmation and the single take of the confirmed fields.
//
// The QR token is `<random>.<expiry>.<signature>`: 12 random bytes, the expiry (unix seconds, base 36)
// and an HMAC-SHA256 over both with a key kept in the database (install_state `onecode_key`, like the
// captcha's), so a forged or altered token is refused before any lookup and no personal data is in
// it. The 8-character code under the QR is random too. Only hashes of both are stored (pa_code).
//
// States (CODE_STATES): issued → scanned (a reader asked for fields; the read then lives
// LIMITS.codeValidMinutes from the scan) → confirmed | declined (on the phone) → used (the reader
// took the values once); issued/scanned/confirmed become expired when their time has passed, and a
// new code expires the person's older unscanned ones.
import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import { recordAudit } from '../../platform/audit/audit.ts';
import { installStateKey, openPii } from '../../platform/auth/pii.ts';
import type { SharedFields } from '../../platform/auth/resident.ts';
import { hashSecret, randomSecret, safeEqual } from '../../platform/auth/tokens.ts';
import type { PlatformDatabase } from '../../platform/db/platform-database.ts';
import { inTransaction } from '../../platform/db/db.ts';
import { maskIdNumber, maskPhone } from '../../platform/log/mask.ts';
import { acceptedValues, labelOf, parseEnum } from '../../platform/web/enums.ts';
import type { FieldErrors } from '../../platform/web/forms.ts';
import { platformView, type Db } from '../../schema.ts';
import { recordActivity } from './accounts.repository.ts';
import { oc } from './onecode.strings.ts';
import { LIMITS, SHARE_FIELDS, type CodeState, type ReaderKind, type ShareField } from './vocabulary.ts';

const KEY_STATE = 'onecode_key';
const keys = new WeakMap<object, Buffer>();

/** Issuing limits per account (the page refreshes once a minute; a reload or two more is normal). */
export const ISSUE_LIMITS = { perMinute: 6, perHour: 120 } as const;
export const MAX_PURPOSE = 50;

/** Loads (or creates) the signing key of this database. Called when the routes are registered. */
export async function initOneCode(db: Db): Promise<void> {
  if (keys.has(db)) return;
  keys.set(db, await installStateKey(platformView(db), KEY_STATE));
}

function keyOf(db: object): Buffer {
  const k = keys.get(db);
  if (!k) throw new Error('onecode not initialised for this database (call initOneCode at start)');
  return k;
}

const sign = (key: Buffer, body: string) => createHmac('sha256', key).update(`token|${body}`).digest().subarray(0, 16).toString('base64url');
const TOKEN = /^([A-Za-z0-9_-]{16})\.([0-9a-z]{1,10})\.([A-Za-z0-9_-]{22})$/;

export function makeToken(db: object, expiresAt: Date): string {
  const body = `${randomBytes(12).toString('base64url')}.${Math.ceil(expiresAt.getTime() / 1000).toString(36)}`;
  return `${body}.${sign(keyOf(db), body)}`;
}

/** The expiry of a token signed by this installation, or null (malformed, forged or altered). */
export function verifyToken(db: object, token: string): Date | null {
  const m = TOKEN.exec(token);
  if (!m) return null;
  const want = Buffer.from(sign(keyOf(db), `${m[1]}.${m[2]}`));
  const got = Buffer.from(m[3]!);
  if (want.length !== got.length || !timingSafeEqual(want, got)) return null;
  return new Date(parseInt(m[2]!, 36) * 1000);
}

/** Keyed hash of a short code (8 characters from LIMITS.shortCodeAlphabet: guessing needs the key too). */
const shortHash = (db: object, short: string) => createHmac('sha256', keyOf(db)).update(`short|${short}`).digest('hex');
const tokenHash = (token: string) => hashSecret(`onecode|${token}`);

function newShortCode(): string {
  let s = '';
  for (let i = 0; i < LIMITS.shortCodeLength; i++) s += LIMITS.shortCodeAlphabet[randomInt(LIMITS.shortCodeAlphabet.length)];
  return s;
}

/** `ABCD 2345` as shown under the QR (two groups of four). */
export const groupShortCode = (s: string) => `${s.slice(0, 4)} ${s.slice(4)}`;

/**
 * What a reader typed or scanned: the token itself, a `/c/{token}` URL, or the 8-character code
 * (case-insensitive, spaces and hyphens ignored). Null when it is none of them.
 */
export function parseCodeInput(input: string): { token: string } | { short: string } | null {
  let t = input.normalize('NFKC').trim();
  if (!t) return null;
  const at = t.lastIndexOf('/c/');
  if (at >= 0) t = t.slice(at + 3).split(/[?#]/)[0]!;
  if (TOKEN.test(t)) return { token: t };
  const short = t.replace(/[\s-]+/g, '').toUpperCase();
  if (short.length === LIMITS.shortCodeLength && [...short].every((ch) => LIMITS.shortCodeAlphabet.includes(ch))) return { short };
  return null;
}

/** SHARE_FIELDS from repeated or comma-separated values, codes or labels. */
export function parseFields(raw: unknown): { fields: ShareField[]; error?: string } {
  const list = (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === 'string').flatMap((v) => v.split(/[,，、]/)).map((v) => v.trim()).filter(Boolean);
  const out: ShareField[] = [];
  for (const v of list.slice(0, 20)) {
    const f = parseEnum(SHARE_FIELDS, v);
    if (!f) return { fields: [], error: oc.errors.fieldUnknown(v, acceptedValues(SHARE_FIELDS)) };
    if (!out.includes(f)) out.push(f);
  }
  if (!out.length) return { fields: [], error: oc.errors.fieldsRequired };
  return { fields: SHARE_FIELDS.values.map((v) => v.code).filter((c) => out.includes(c)) };
}

export const fieldLabels = (fields: readonly ShareField[]) => fields.map((f) => labelOf(SHARE_FIELDS, f)).join('、');

/** 张三 → 张*, 欧阳小明 → 欧***. */
export const maskName = (name: string) => { const chars = [...name.trim()]; return chars.length <= 1 ? chars.join('') : `${chars[0]}${'*'.repeat(chars.length - 1)}`; };

export interface IssuedCode { read: string; token: string; short: string; expiresAt: string }
export type IssueResult = { ok: true; code: IssuedCode } | { ok: false; code: 'too_many' };

/** A new code for the account; the account's older unscanned codes expire. */
export async function issueCode(db: Db, accountId: number, now: Date): Promise<IssueResult> {
  const minuteAgo = new Date(now.getTime() - 60_000).toISOString();
  const hourAgo = new Date(now.getTime() - 3600_000).toISOString();
  const recent = await db.selectFrom('pa_code').select('created_at').where('account_id', '=', accountId).where('created_at', '>', hourAgo).execute();
  if (recent.length >= ISSUE_LIMITS.perHour || recent.filter((r) => r.created_at > minuteAgo).length >= ISSUE_LIMITS.perMinute) return { ok: false, code: 'too_many' };
  const expiresAt = new Date(now.getTime() + LIMITS.codeValidMinutes * 60_000);
  for (let attempt = 0; ; attempt++) {
    const token = makeToken(db, expiresAt);
    const short = newShortCode();
    const read = `DM${randomSecret(12).replace(/[-_]/g, 'x')}`;
    try {
      await inTransaction(db, async (trx) => {
        await trx.updateTable('pa_code').set({ state: 'expired' }).where('account_id', '=', accountId).where('state', '=', 'issued').execute();
        await trx.insertInto('pa_code').values({
          public_id: read, account_id: accountId, token_hash: tokenHash(token), short_hash: shortHash(db, short),
          created_at: now.toISOString(), expires_at: expiresAt.toISOString(), state: 'issued',
        }).execute();
      });
      return { ok: true, code: { read, token, short, expiresAt: expiresAt.toISOString() } };
    } catch (e) {
      // a short code already given once (31^8 of them): draw again
      if (attempt >= 3) throw e;
    }
  }
}

export type CodeRow = Awaited<ReturnType<typeof findRead>> & object;

export async function findRead(db: Db, read: string) {
  if (!/^DM[A-Za-z0-9]{10,30}$/.test(read)) return undefined;
  return db.selectFrom('pa_code').selectAll().where('public_id', '=', read).executeTakeFirst();
}

/** The state as it is now: a live state whose time has passed is expired. */
export function stateOf(row: { state: string; expires_at: string }, now: Date): CodeState {
  const s = row.state as CodeState;
  if ((s === 'issued' || s === 'scanned' || s === 'confirmed') && row.expires_at <= now.toISOString()) return 'expired';
  return s;
}

export const fieldsOf = (row: { fields_json: string | null }): ShareField[] => {
  try {
    const v = JSON.parse(row.fields_json ?? '[]') as unknown;
    return Array.isArray(v) ? v.filter((f): f is ShareField => typeof f === 'string' && SHARE_FIELDS.values.some((x) => x.code === f)) : [];
  } catch { return []; }
};

export interface Reader {
  kind: ReaderKind;
  /** desk: the staff user's id; kiosk: the venue's public id. */
  ref: string;
  /** What the person sees: 「磁县政务服务中心 3号窗口 工作人员 张**」 or 「XX 自助终端」. */
  label: string;
  orgCode: string | null;
  orgPath: string | null;
  venuePublicId: string | null;
  /** For the audit log. */
  actorId: number | null;
  actorLabel: string;
  requestId?: string | null;
}

export type ScanFailure = { ok: false; status: 400 | 404 | 409; code: 'code_required' | 'code_unknown' | 'code_expired' | 'code_used'; message: string };
export type ScanResult = { ok: true; read: string; state: CodeState; expiresAt: string; secret: string | null } | ScanFailure;

const fail = (status: 400 | 404 | 409, code: ScanFailure['code'], message: string): ScanFailure => ({ ok: false, status, code, message });

/** A reader scans a code and asks for `fields`: the code becomes scanned (once), audited. */
export async function scanCode(db: Db, reader: Reader, input: { code: string; fields: ShareField[]; purpose: string }, now: Date): Promise<ScanResult> {
  if (!input.code.trim()) return fail(400, 'code_required', oc.errors.codeRequired);
  const parsed = parseCodeInput(input.code);
  if (!parsed) return fail(404, 'code_unknown', oc.errors.codeUnknown);
  let row;
  if ('token' in parsed) {
    const exp = verifyToken(db, parsed.token);
    if (!exp) return fail(404, 'code_unknown', oc.errors.codeUnknown);
    row = await db.selectFrom('pa_code').selectAll().where('token_hash', '=', tokenHash(parsed.token)).executeTakeFirst();
    if (row && exp.getTime() <= now.getTime() && row.state === 'issued') return fail(409, 'code_expired', oc.errors.codeExpired);
  } else {
    row = await db.selectFrom('pa_code').selectAll().where('short_hash', '=', shortHash(db, parsed.short)).executeTakeFirst();
  }
  if (!row) return fail(404, 'code_unknown', oc.errors.codeUnknown);
  if (row.state !== 'issued') return row.state === 'expired' ? fail(409, 'code_expired', oc.errors.codeExpired) : fail(409, 'code_used', oc.errors.codeUsed);
  if (stateOf(row, now) === 'expired') {
    await db.updateTable('pa_code').set({ state: 'expired' }).where('id', '=', row.id).where('state', '=', 'issued').execute();
    return fail(409, 'code_expired', oc.errors.codeExpired);
  }
  const secret = reader.kind === 'kiosk' ? randomSecret() : null;
  const expiresAt = new Date(now.getTime() + LIMITS.codeValidMinutes * 60_000).toISOString();
  const purpose = input.purpose.trim().slice(0, MAX_PURPOSE);
  const ok = await inTransaction(db, async (trx) => {
    const r = await trx.updateTable('pa_code').set({
      state: 'scanned', reader_kind: reader.kind, reader_ref: reader.ref, reader_label: reader.label.slice(0, 200), reader_org_path: reader.orgPath,
      venue_public_id: reader.venuePublicId, fields_json: JSON.stringify(input.fields), purpose, reader_secret_hash: secret ? hashSecret(secret) : null,
      scanned_at: now.toISOString(), expires_at: expiresAt,
    }).where('id', '=', row.id).where('state', '=', 'issued').executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return false;
    await recordAudit(trx as unknown as Kysely<PlatformDatabase>, now, {
      actorId: reader.actorId, actorLabel: reader.actorLabel, action: 'onecode.scan', entity: 'pa_code', entityId: row.public_id,
      after: { reader: reader.label, fields: input.fields, purpose }, requestId: reader.requestId ?? null, orgCode: reader.orgCode,
    });
    return true;
  });
  if (!ok) return fail(409, 'code_used', oc.errors.codeUsed);
  return { ok: true, read: row.public_id, state: 'scanned', expiresAt, secret };
}

/** The person accepts or declines a request of their own code: false when it is not theirs or no longer waiting. */
export async function decide(db: Db, accountId: number, read: string, decision: 'accept' | 'decline', now: Date): Promise<'not_found' | 'gone' | 'confirmed' | 'declined'> {
  const row = await findRead(db, read);
  if (!row || row.account_id !== accountId) return 'not_found';
  if (stateOf(row, now) !== 'scanned') return 'gone';
  const state = decision === 'accept' ? 'confirmed' : 'declined';
  const ok = await inTransaction(db, async (trx) => {
    const r = await trx.updateTable('pa_code').set({ state, decided_at: now.toISOString() }).where('id', '=', row.id).where('state', '=', 'scanned').executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return false;
    const fields = fieldLabels(fieldsOf(row));
    const who = row.reader_label ?? '';
    await recordActivity(trx as Db, accountId, decision === 'accept' ? 'code_shared' : 'code_declined',
      decision === 'accept' ? oc.activityShared(who, fields, row.purpose ?? '') : oc.activityDeclined(who, fields), now);
    return true;
  });
  return ok ? state : 'gone';
}

/** The values of the fields, from the account as it is now (ID number opened from its seal). */
async function valuesOf(db: Db, accountId: number, fields: readonly ShareField[]): Promise<SharedFields> {
  const a = await db.selectFrom('pa_account').selectAll().where('id', '=', accountId).executeTakeFirst();
  if (!a || a.closed_at) return {};
  const all: Record<ShareField, string | null> = {
    name: a.name, phone: a.phone, id_number: a.id_number_sealed ? openPii(db, a.id_number_sealed) : null,
    uscc: a.uscc, org_name: a.org_name, email: a.email,
  };
  const out: SharedFields = {};
  for (const f of fields) { const v = all[f]; if (v) out[f] = v; }
  return out;
}

/** What the person is shown next to each field asked for: the value masked. */
export async function maskedValues(db: Db, accountId: number, fields: readonly ShareField[]): Promise<Partial<Record<ShareField, string>>> {
  const v = await valuesOf(db, accountId, fields);
  const out: Partial<Record<ShareField, string>> = {};
  for (const f of fields) {
    const x = v[f];
    if (!x) continue;
    out[f] = f === 'id_number' ? maskIdNumber(x) : f === 'phone' ? maskPhone(x) : f === 'name' ? maskName(x)
      : f === 'email' ? x.replace(/^(.)[^@]*(@.*)$/, '$1***$2') : x;
  }
  return out;
}

/**
 * The confirmed fields of a read, once: `owns` says whether the caller is the reader that started
 * it. The state becomes used in the same transaction as the audit row and the person's activity.
 */
export async function take(db: Db, read: string, owns: (row: NonNullable<Awaited<ReturnType<typeof findRead>>>) => boolean, audit: { actorId: number | null; actorLabel: string; orgCode: string | null }, now: Date): Promise<SharedFields | null> {
  const row = await findRead(db, read);
  if (!row || !owns(row) || stateOf(row, now) !== 'confirmed') return null;
  const fields = fieldsOf(row);
  const values = await valuesOf(db, row.account_id, fields);
  const ok = await inTransaction(db, async (trx) => {
    const r = await trx.updateTable('pa_code').set({ state: 'used', used_at: now.toISOString() }).where('id', '=', row.id).where('state', '=', 'confirmed').executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return false;
    await recordAudit(trx as unknown as Kysely<PlatformDatabase>, now, {
      actorId: audit.actorId, actorLabel: audit.actorLabel, action: 'onecode.take', entity: 'pa_code', entityId: row.public_id,
      after: { reader: row.reader_label, fields, given: Object.keys(values) }, orgCode: audit.orgCode,
    });
    await recordActivity(trx as Db, row.account_id, 'code_shared', oc.activityTaken(row.reader_label ?? '', fieldLabels(fields)), now);
    return true;
  });
  return ok ? values : null;
}

export const ownsAsStaff = (staffUserId: number) => (row: { reader_kind: string | null; reader_ref: string | null }) => row.reader_kind === 'desk' && row.reader_ref === String(staffUserId);
export const ownsAsKiosk = (venue: string, secret: string) => (row: { reader_kind: string | null; reader_ref: string | null; reader_secret_hash: string | null }) =>
  row.reader_kind === 'kiosk' && row.reader_ref === venue && !!secret && !!row.reader_secret_hash && safeEqual(row.reader_secret_hash, hashSecret(secret));

/** The account's newest code (what /me/code shows), its state as of now. */
export async function latestOf(db: Db, accountId: number, now: Date) {
  const row = await db.selectFrom('pa_code').selectAll().where('account_id', '=', accountId).orderBy('created_at', 'desc').orderBy('id', 'desc').executeTakeFirst();
  return row ? { row, state: stateOf(row, now) } : null;
}

/** A request waiting for the person's decision, if any (newest first). */
export async function pendingOf(db: Db, accountId: number, now: Date) {
  const rows = await db.selectFrom('pa_code').selectAll().where('account_id', '=', accountId).where('state', '=', 'scanned')
    .where('expires_at', '>', now.toISOString()).orderBy('scanned_at', 'desc').limit(1).execute();
  return rows[0] ?? null;
}

export interface HistoryRow { read: string; who: string; at: string; fields: string; purpose: string; state: CodeState }

/** The last uses (codes someone scanned), newest first. */
export async function historyOf(db: Db, accountId: number, now: Date, limit = 5): Promise<HistoryRow[]> {
  const rows = await db.selectFrom('pa_code').selectAll().where('account_id', '=', accountId).where('scanned_at', 'is not', null)
    .orderBy('scanned_at', 'desc').limit(limit).execute();
  return rows.map((r) => ({ read: r.public_id, who: r.reader_label ?? '', at: r.scanned_at ?? r.created_at, fields: fieldLabels(fieldsOf(r)), purpose: r.purpose ?? '', state: stateOf(r, now) }));
}

/**
 * Deletes codes nobody scanned once they are a day past their expiry (a page open for an hour
 * leaves 60): their hashes serve nothing. Scanned codes stay, they are the person's history.
 */
export async function purgeUnscanned(db: Db, now: Date): Promise<number> {
  const r = await db.deleteFrom('pa_code').where('scanned_at', 'is', null).where('expires_at', '<', new Date(now.getTime() - 86_400_000).toISOString()).executeTakeFirst();
  return Number(r.numDeletedRows ?? 0);
}

export type { FieldErrors };
