// Shell: PIPL (issue 21 §5) — consent before first use, everything the platform holds about a person
// (查阅、复制, 《个人信息保护法》第四十五条), and closing the account (删除, 第四十七条): personal
// fields nulled, the account's own rows deleted, each submission unlinked (the case itself is kept
// by its module as the law requires — RecordSource.retention), all in one transaction.
import { inTransaction } from '../../platform/db/db.ts';
import { maskForLog } from '../../platform/log/mask.ts';
import type { EnumDef } from '../../platform/web/enums.ts';
import type { Db } from '../../schema.ts';
import { recordActivity } from './accounts.repository.ts';
import { RECORD_SOURCES, type MyRecord, type RecordKind } from './records.ts';
import { ACCOUNT_KINDS, ACTIVITY_KINDS, CODE_STATES, CONSENT_VERSION, READER_KINDS, SAVED_KINDS, SHARE_FIELDS, SIGN_IN_METHODS, SUBSCRIPTION_DELIVERIES, SUBSCRIPTION_TARGETS } from './vocabulary.ts';

/** Stores consent to the current text (and, when the account holds an ID number, the separate consent to it). */
export async function recordConsent(db: Db, accountId: number, now: Date): Promise<void> {
  await inTransaction(db, async (trx) => {
    await trx.updateTable('pa_account').set({ consent_version: CONSENT_VERSION, consented_at: now.toISOString() }).where('id', '=', accountId).where('closed_at', 'is', null).execute();
    await recordActivity(trx, accountId, 'consent', `规则版本 ${CONSENT_VERSION}`, now);
  });
}

const labelOf = (e: EnumDef<string>, code: string | null): string | null => (code === null ? null : e.values.find((v) => v.code === code)?.label ?? code);

export interface ExportRecordGroup {
  kind: RecordKind;
  label: string;
  retention: string;
  items: (MyRecord & { detail?: Record<string, unknown> })[];
}

/** Everything the platform holds about the account, in the owner's words; never another account's rows, never secrets. */
export interface MyDataExport {
  format: 'gongkai-my-data/1';
  generatedAt: string;
  account: {
    publicId: string; kind: string; kindLabel: string | null; via: string; viaLabel: string | null; displayName: string;
    name: string | null; phone: string | null;
    /** Masked: the full number is held sealed (AES-256-GCM) and is not exported. */
    idNumberMasked: string | null; idNumberNote: string | null;
    uscc: string | null; orgName: string | null; enterpriseStage: string | null;
    oidcIssuer: string | null; oidcSubject: string | null;
    personalFeed: boolean;
    createdAt: string; lastSignInAt: string | null;
  };
  consent: { version: string | null; consentedAt: string | null; currentVersion: string };
  email: { confirmed: string | null; pending: string | null };
  sessions: { method: string; methodLabel: string | null; createdAt: string; lastSeenAt: string; expiresAt: string }[];
  activity: { kind: string; label: string | null; detail: string; at: string }[];
  saved: { kind: string; kindLabel: string | null; ref: string; title: string; createdAt: string }[];
  subscriptions: { targetKind: string; targetKindLabel: string | null; target: string; targetLabel: string; delivery: string; deliveryLabel: string | null; createdAt: string; sentUntil: string | null }[];
  codes: { createdAt: string; state: string; stateLabel: string | null; reader: string | null; readerKind: string | null; venue: string | null; fields: string[]; purpose: string | null; scannedAt: string | null; decidedAt: string | null; usedAt: string | null }[];
  records: ExportRecordGroup[];
}

function fieldLabels(json: string | null): string[] {
  if (!json) return [];
  try {
    const list = JSON.parse(json) as unknown;
    return Array.isArray(list) ? list.filter((c): c is string => typeof c === 'string').map((c) => labelOf(SHARE_FIELDS, c) ?? c) : [];
  } catch {
    return [];
  }
}

export async function buildExport(db: Db, accountId: number, now: Date): Promise<MyDataExport | null> {
  const a = await db.selectFrom('pa_account').selectAll().where('id', '=', accountId).where('closed_at', 'is', null).executeTakeFirst();
  if (!a) return null;
  const [sessions, activity, saved, subscriptions, codes] = await Promise.all([
    db.selectFrom('pa_session').select(['method', 'created_at', 'last_seen_at', 'expires_at']).where('account_id', '=', accountId).orderBy('created_at').execute(),
    db.selectFrom('pa_activity').select(['kind', 'detail', 'created_at']).where('account_id', '=', accountId).orderBy('created_at').orderBy('id').execute(),
    db.selectFrom('pa_saved').select(['kind', 'ref', 'title', 'created_at']).where('account_id', '=', accountId).orderBy('created_at').orderBy('id').execute(),
    db.selectFrom('pa_subscription').select(['target_kind', 'target_ref', 'target_label', 'delivery', 'created_at', 'sent_until']).where('account_id', '=', accountId).orderBy('created_at').orderBy('id').execute(),
    db.selectFrom('pa_code').select(['created_at', 'state', 'reader_kind', 'reader_label', 'venue_public_id', 'fields_json', 'purpose', 'scanned_at', 'decided_at', 'used_at']).where('account_id', '=', accountId).orderBy('created_at').orderBy('id').execute(),
  ]);
  const records: ExportRecordGroup[] = [];
  for (const source of RECORD_SOURCES) {
    const list = await source.list(db, accountId);
    const items: ExportRecordGroup['items'] = [];
    for (const r of list) {
      const detail = source.exportOne ? await source.exportOne(db, accountId, r.ref) : null;
      items.push(detail ? { ...r, detail } : r);
    }
    records.push({ kind: source.kind, label: source.label, retention: source.retention, items });
  }
  return {
    format: 'gongkai-my-data/1',
    generatedAt: now.toISOString(),
    account: {
      publicId: a.public_id, kind: a.kind, kindLabel: labelOf(ACCOUNT_KINDS, a.kind), via: a.via, viaLabel: labelOf(SIGN_IN_METHODS, a.via), displayName: a.display_name,
      name: a.name, phone: a.phone,
      idNumberMasked: a.id_number_masked,
      idNumberNote: a.id_number_sealed ? '此处为遮盖形式；完整号码加密封存，不随下载提供。' : null,
      uscc: a.uscc, orgName: a.org_name, enterpriseStage: a.enterprise_stage,
      oidcIssuer: a.oidc_issuer, oidcSubject: a.oidc_subject,
      personalFeed: a.feed_token_hash !== null,
      createdAt: a.created_at, lastSignInAt: a.last_sign_in_at,
    },
    consent: { version: a.consent_version, consentedAt: a.consented_at, currentVersion: CONSENT_VERSION },
    email: { confirmed: a.email, pending: a.email_pending },
    sessions: sessions.map((s) => ({ method: s.method, methodLabel: labelOf(SIGN_IN_METHODS, s.method), createdAt: s.created_at, lastSeenAt: s.last_seen_at, expiresAt: s.expires_at })),
    activity: activity.map((r) => ({ kind: r.kind, label: labelOf(ACTIVITY_KINDS, r.kind), detail: r.detail, at: r.created_at })),
    saved: saved.map((r) => ({ kind: r.kind, kindLabel: labelOf(SAVED_KINDS, r.kind), ref: r.ref, title: r.title, createdAt: r.created_at })),
    subscriptions: subscriptions.map((r) => ({
      targetKind: r.target_kind, targetKindLabel: labelOf(SUBSCRIPTION_TARGETS, r.target_kind), target: r.target_ref, targetLabel: r.target_label,
      delivery: r.delivery, deliveryLabel: labelOf(SUBSCRIPTION_DELIVERIES, r.delivery), createdAt: r.created_at, sentUntil: r.sent_until,
    })),
    codes: codes.map((r) => ({
      createdAt: r.created_at, state: r.state, stateLabel: labelOf(CODE_STATES, r.state), reader: r.reader_label, readerKind: labelOf(READER_KINDS, r.reader_kind),
      venue: r.venue_public_id, fields: fieldLabels(r.fields_json), purpose: r.purpose, scannedAt: r.scanned_at, decidedAt: r.decided_at, usedAt: r.used_at,
    })),
    records,
  };
}

/** What closing will keep: per source, its label, retention reason and how many of the account's rows. */
export async function keptRecords(db: Db, accountId: number): Promise<{ kind: RecordKind; label: string; retention: string; count: number }[]> {
  const out = [];
  for (const s of RECORD_SOURCES) out.push({ kind: s.kind, label: s.label, retention: s.retention, count: (await s.list(db, accountId)).length });
  return out;
}

export interface ClosedAccount {
  publicId: string;
  closedAt: string;
  /** Rows unlinked per record kind. */
  unlinked: Partial<Record<RecordKind, number>>;
}

/**
 * Closes the account in ONE transaction (第四十七条): the personal fields nulled, login_key freed
 * (`closed:{public_id}`, so the same phone or identity opens a new account), the reason kept masked;
 * sessions, saved items, subscriptions, 一码办 codes and activity deleted; every submission
 * unlinked. Null when the account is unknown or already closed.
 */
export async function closeAccount(db: Db, accountId: number, reason: string, now: Date): Promise<ClosedAccount | null> {
  return inTransaction(db, async (trx) => {
    const a = await trx.selectFrom('pa_account').select(['id', 'public_id', 'phone', 'email', 'email_pending']).where('id', '=', accountId).where('closed_at', 'is', null).executeTakeFirst();
    if (!a) return null;
    // the account's own messages in the outbox (sign-in codes, e-mail confirmations, digests) hold its
    // phone or e-mail and their text: gone with it. Notifications about a kept case stay with the case.
    const recipients = [a.phone, a.email, a.email_pending].filter((x): x is string => !!x);
    if (recipients.length) {
      await trx.deleteFrom('notification_outbox').where('recipient', 'in', recipients)
        .where('reason', 'in', ['sign_in_code', 'accounts.email-confirm', 'accounts.subscription-digest']).execute();
    }
    const closedAt = now.toISOString();
    const masked = maskForLog(reason.trim()).slice(0, 500);
    const updated = await trx.updateTable('pa_account').set({
      login_key: `closed:${a.public_id}`,
      display_name: '已注销用户',
      name: null, phone: null, id_number_hash: null, id_number_masked: null, id_number_sealed: null,
      uscc: null, org_name: null, email: null, email_pending: null, email_token_hash: null, email_token_expires_at: null,
      feed_token_hash: null, enterprise_stage: null, oidc_issuer: null, oidc_subject: null,
      closed_at: closedAt, closed_reason: masked || null,
    }).where('id', '=', a.id).where('closed_at', 'is', null).executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) return null;
    for (const table of ['pa_session', 'pa_saved', 'pa_subscription', 'pa_code', 'pa_activity'] as const) {
      await trx.deleteFrom(table).where('account_id', '=', a.id).execute();
    }
    const unlinked: ClosedAccount['unlinked'] = {};
    for (const s of RECORD_SOURCES) unlinked[s.kind] = (unlinked[s.kind] ?? 0) + (await s.unlink(trx, a.id));
    return { publicId: a.public_id, closedAt, unlinked };
  });
}

/** A closed account by its public id (the confirmation page), or undefined. */
export async function findClosed(db: Db, publicId: string): Promise<{ publicId: string; closedAt: string } | undefined> {
  const row = await db.selectFrom('pa_account').select(['public_id', 'closed_at']).where('public_id', '=', publicId).where('closed_at', 'is not', null).executeTakeFirst();
  return row && row.closed_at ? { publicId: row.public_id, closedAt: row.closed_at } : undefined;
}
