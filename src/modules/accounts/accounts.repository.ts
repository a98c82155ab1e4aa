// Shell: accounts — found or created at sign-in by their login key (one account per phone for SMS,
// per issuer + subject for OIDC), verified claims refreshed at each OIDC sign-in, and the activity
// list the person sees in their space.
import { randomBytes } from 'node:crypto';
import { idNumberHash, sealPii } from '../../platform/auth/pii.ts';
import { maskIdNumber, maskPhone } from '../../platform/log/mask.ts';
import type { Db } from '../../schema.ts';
import type { AccountRow } from './sessions.ts';
import type { AccountKind, ActivityKind, SignInMethod } from './vocabulary.ts';

/** What a sign-in verified. Every field is null when the method did not give it. */
export interface VerifiedProfile {
  kind: AccountKind;
  name: string | null;
  /** 11-digit mobile number. */
  phone: string | null;
  /** 居民身份证号码, checked (GB 11643) by the caller; sealed and hashed here, never stored plain. */
  idNumber: string | null;
  uscc: string | null;
  orgName: string | null;
}

/** A new public id: 'U' + 12 base32 characters (never the row number). */
export function newAccountPublicId(): string {
  const alphabet = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(12);
  return 'U' + Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

export function displayNameOf(p: Pick<VerifiedProfile, 'kind' | 'name' | 'phone' | 'orgName'>): string {
  if (p.kind === 'enterprise' && p.orgName) return p.orgName;
  if (p.name) return p.name;
  if (p.phone) return maskPhone(p.phone);
  return '用户';
}

export function loginKeyForPhone(phone: string): string {
  return `sms:${phone}`;
}

export function loginKeyForOidc(issuer: string, subject: string): string {
  return `oidc:${issuer}#${subject}`;
}

/**
 * The account of `loginKey`, created on first sign-in; an existing account's verified fields are
 * refreshed from the profile (a field the profile lacks is kept). Safe when two sign-ins race:
 * the unique login key lets one insert win, the other reads it.
 */
export async function signInAccount(db: Db, loginKey: string, via: SignInMethod, profile: VerifiedProfile, now: Date, oidc?: { issuer: string; subject: string }): Promise<{ account: AccountRow; created: boolean }> {
  const sealed = profile.idNumber ? { id_number_hash: idNumberHash(db, profile.idNumber), id_number_masked: maskIdNumber(profile.idNumber.toUpperCase()), id_number_sealed: sealPii(db, profile.idNumber.toUpperCase()) } : {};
  const fields = {
    kind: profile.kind,
    display_name: displayNameOf(profile),
    ...(profile.name ? { name: profile.name } : {}),
    ...(profile.phone ? { phone: profile.phone } : {}),
    ...sealed,
    ...(profile.uscc ? { uscc: profile.uscc.toUpperCase() } : {}),
    ...(profile.orgName ? { org_name: profile.orgName } : {}),
  };
  const existing = await db.selectFrom('pa_account').selectAll().where('login_key', '=', loginKey).executeTakeFirst();
  if (existing) {
    // a field the profile lacks is kept, so the name shown is worked out from both (an SMS sign-in
    // of an account whose name was verified before keeps showing that name)
    // only the identity service says person or enterprise; a phone code does not change it
    const kind = via === 'oidc' ? profile.kind : existing.kind as AccountKind;
    const display = displayNameOf({
      kind, name: profile.name ?? existing.name, phone: profile.phone ?? existing.phone, orgName: profile.orgName ?? existing.org_name,
    });
    await db.updateTable('pa_account').set({ ...fields, kind, display_name: display }).where('id', '=', existing.id).execute();
    return { account: await db.selectFrom('pa_account').selectAll().where('id', '=', existing.id).executeTakeFirstOrThrow(), created: false };
  }
  const inserted = await db.insertInto('pa_account').values({
    public_id: newAccountPublicId(), login_key: loginKey, via, created_at: now.toISOString(),
    oidc_issuer: oidc?.issuer ?? null, oidc_subject: oidc?.subject ?? null,
    ...fields,
  }).onConflict((oc) => oc.column('login_key').doNothing()).executeTakeFirst();
  const account = await db.selectFrom('pa_account').selectAll().where('login_key', '=', loginKey).executeTakeFirstOrThrow();
  return { account, created: Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0 };
}

export async function findAccountById(db: Db, id: number): Promise<AccountRow | undefined> {
  return db.selectFrom('pa_account').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Records what happened, for the person's own activity list (no personal data in `detail`). */
export async function recordActivity(db: Db, accountId: number, kind: ActivityKind, detail: string, now: Date): Promise<void> {
  await db.insertInto('pa_activity').values({ account_id: accountId, kind, detail: detail.slice(0, 500), created_at: now.toISOString() }).execute();
}

export async function listActivity(db: Db, accountId: number, limit = 50): Promise<{ kind: ActivityKind; detail: string; created_at: string }[]> {
  const rows = await db.selectFrom('pa_activity').select(['kind', 'detail', 'created_at']).where('account_id', '=', accountId)
    .orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return rows.map((r) => ({ ...r, kind: r.kind as ActivityKind }));
}
