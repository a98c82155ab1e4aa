// Subscriptions to a disclosure 主题分类 or an organisation (issue 21 §2): new records by e-mail
// (an hourly digest through the notification outbox, only to a confirmed address) or in a personal
// feed (/me/feed/t/<secret>, only the secret's hash kept). Only publicly visible records and their
// public fields are ever sent; each record once per subscription (sent_until moves in the same
// transaction as the enqueue, by a conditional update, so two runs never send it twice).
import { randomBytes } from 'node:crypto';
import { hashSecret, randomSecret } from '../../platform/auth/tokens.ts';
import { inTransaction } from '../../platform/db/db.ts';
import { HttpError, conflict } from '../../platform/web/http-error.ts';
import { parseEnum } from '../../platform/web/enums.ts';
import type { Db } from '../../schema.ts';
import { findOrg, listCategories, listVisible, recordHref, type ListFilter, type ListedRecord } from '../disclosures/index.ts';
import { enqueueNotifications } from '../interaction/index.ts';
import { recordActivity } from './accounts.repository.ts';
import { savedStrings as s } from './saved.strings.ts';
import { LIMITS, SUBSCRIPTION_DELIVERIES, SUBSCRIPTION_TARGETS, type SubscriptionDelivery, type SubscriptionTarget } from './vocabulary.ts';

export interface SubscriptionRow {
  publicId: string;
  targetKind: SubscriptionTarget;
  targetRef: string;
  targetLabel: string;
  delivery: SubscriptionDelivery;
  createdAt: string;
}

export const EMAIL_TOKEN_HOURS = 24;
/** At most this many records in one digest e-mail (the rest are counted). */
const DIGEST_MAX = 30;
/** Records listed in a personal feed. */
const FEED_MAX = 50;

export function targetHref(kind: SubscriptionTarget, ref: string): string {
  return kind === 'category' ? `/openness/disclosures/category/${encodeURIComponent(ref)}` : `/openness/disclosures/org/${encodeURIComponent(ref)}`;
}

export interface SubscriptionInput { targetKind: SubscriptionTarget; targetRef: string; delivery: SubscriptionDelivery }

/** Reads the form (codes or Chinese labels); errors per field. */
export function parseSubscription(raw: { target_kind: string; target_ref: string; delivery: string }): { value?: SubscriptionInput; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const targetKind = parseEnum(SUBSCRIPTION_TARGETS, raw.target_kind);
  if (!targetKind) errors.target_kind = s.errors.badTargetKind;
  const delivery = parseEnum(SUBSCRIPTION_DELIVERIES, raw.delivery || 'feed');
  if (!delivery) errors.delivery = s.errors.badDelivery;
  const targetRef = raw.target_ref.trim();
  if (!targetRef) errors.target_ref = s.errors.noTargetRef;
  if (Object.keys(errors).length || !targetKind || !delivery) return { errors };
  return { value: { targetKind, targetRef, delivery }, errors };
}

/** The category's or organisation's name; null when there is none (or it was disabled). */
export async function targetLabel(db: Db, kind: SubscriptionTarget, ref: string): Promise<string | null> {
  if (kind === 'category') return (await listCategories(db)).find((c) => c.code === ref)?.name ?? null;
  return (await findOrg(db, ref))?.name ?? null;
}

function newSubscriptionId(): string {
  const alphabet = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
  return 'S' + Array.from(randomBytes(12), (b) => alphabet[b % alphabet.length]).join('');
}

/**
 * Subscribes (one subscription per target: subscribing again changes the way it is delivered).
 * Nothing already published is sent: sent_until starts now. Unknown target → 404; past the limit → 409.
 */
export async function subscribe(db: Db, accountId: number, input: SubscriptionInput, now: Date): Promise<void> {
  const label = await targetLabel(db, input.targetKind, input.targetRef);
  if (!label) throw new HttpError(404, input.targetKind === 'category' ? 'category_not_found' : 'org_not_found', input.targetKind === 'category' ? s.errors.unknownCategory : s.errors.unknownOrg);
  const at = now.toISOString();
  await inTransaction(db, async (trx) => {
    const existing = await trx.selectFrom('pa_subscription').select(['id', 'delivery']).where('account_id', '=', accountId)
      .where('target_kind', '=', input.targetKind).where('target_ref', '=', input.targetRef).executeTakeFirst();
    if (existing) {
      if (existing.delivery !== input.delivery) await trx.updateTable('pa_subscription').set({ delivery: input.delivery, target_label: label, sent_until: at }).where('id', '=', existing.id).execute();
      return;
    }
    const { n } = await trx.selectFrom('pa_subscription').select(trx.fn.countAll<number>().as('n')).where('account_id', '=', accountId).executeTakeFirstOrThrow();
    if (Number(n) >= LIMITS.maxSubscriptions) throw conflict('too_many_subscriptions', s.errors.tooManySubs(LIMITS.maxSubscriptions), [s.errors.tooManySubs(LIMITS.maxSubscriptions)]);
    await trx.insertInto('pa_subscription').values({
      public_id: newSubscriptionId(), account_id: accountId, target_kind: input.targetKind, target_ref: input.targetRef, target_label: label,
      delivery: input.delivery, created_at: at, sent_until: at,
    }).onConflict((oc) => oc.columns(['account_id', 'target_kind', 'target_ref']).doNothing()).execute();
    await recordActivity(trx, accountId, 'subscription', label, now);
  });
}

/** Removes one of the account's subscriptions; false when the account has none of that id. */
export async function unsubscribe(db: Db, accountId: number, publicId: string): Promise<boolean> {
  const r = await db.deleteFrom('pa_subscription').where('public_id', '=', publicId).where('account_id', '=', accountId).executeTakeFirst();
  return Number(r.numDeletedRows ?? 0) > 0;
}

export async function listSubscriptions(db: Db, accountId: number): Promise<SubscriptionRow[]> {
  const rows = await db.selectFrom('pa_subscription').select(['public_id', 'target_kind', 'target_ref', 'target_label', 'delivery', 'created_at'])
    .where('account_id', '=', accountId).orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
  return rows.map((r) => ({ publicId: r.public_id, targetKind: r.target_kind as SubscriptionTarget, targetRef: r.target_ref, targetLabel: r.target_label, delivery: r.delivery as SubscriptionDelivery, createdAt: r.created_at }));
}

/** The one subscription of this account to a target, if any. */
export async function findSubscription(db: Db, accountId: number, kind: SubscriptionTarget, ref: string): Promise<SubscriptionRow | null> {
  return (await listSubscriptions(db, accountId)).find((r) => r.targetKind === kind && r.targetRef === ref) ?? null;
}

// ---------- E-mail address ----------

const EMAIL = /^[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

export function emailProblem(raw: string): string | null {
  const e = raw.trim();
  return e.length <= 254 && EMAIL.test(e) ? null : s.errors.badEmail;
}

/**
 * Sets the address to confirm: a single-use link (its secret's hash kept, 24 hours) goes through
 * the outbox to that address. The confirmed address (if any) stays until the new one is confirmed.
 */
export async function requestEmail(db: Db, accountId: number, email: string, linkBase: string, now: Date): Promise<void> {
  const token = randomSecret();
  const url = `${linkBase}/me/email/confirm/t/${token}`;
  await inTransaction(db, async (trx) => {
    await trx.updateTable('pa_account').set({
      email_pending: email.trim(), email_token_hash: hashSecret(token), link_base: linkBase,
      email_token_expires_at: new Date(now.getTime() + EMAIL_TOKEN_HOURS * 3600_000).toISOString(),
    }).where('id', '=', accountId).execute();
    await enqueueNotifications(trx, [{ channel: 'email', recipient: email.trim(), subject: s.emailConfirmSubject, body: s.emailConfirmBody(url), reason: 'accounts.email-confirm' }], now);
  });
}

/** Confirms the address of a link once; null when the link is unknown, used or expired. */
export async function confirmEmail(db: Db, token: string, now: Date): Promise<{ accountId: number; email: string } | null> {
  if (!/^[A-Za-z0-9_-]{16,100}$/.test(token)) return null;
  return inTransaction(db, async (trx) => {
    const row = await trx.selectFrom('pa_account').select(['id', 'email_pending', 'email_token_expires_at']).where('email_token_hash', '=', hashSecret(token)).where('closed_at', 'is', null).executeTakeFirst();
    if (!row || !row.email_pending || !row.email_token_expires_at || row.email_token_expires_at <= now.toISOString()) return null;
    const done = await trx.updateTable('pa_account').set({ email: row.email_pending, email_pending: null, email_token_hash: null, email_token_expires_at: null })
      .where('id', '=', row.id).where('email_token_hash', '=', hashSecret(token)).executeTakeFirst();
    if (Number(done.numUpdatedRows ?? 0) !== 1) return null;
    // nothing published before the address was confirmed is sent to it
    await trx.updateTable('pa_subscription').set({ sent_until: now.toISOString() }).where('account_id', '=', row.id).where('delivery', '=', 'email').execute();
    await recordActivity(trx, row.id, 'email_confirmed', row.email_pending, now);
    return { accountId: row.id, email: row.email_pending };
  });
}

// ---------- Records of subscriptions ----------

function filterOf(kind: SubscriptionTarget, ref: string, orgPath: string | null): ListFilter | null {
  if (kind === 'category') return { category: ref };
  return orgPath ? { orgPath } : null;
}

async function recordsOf(db: Db, nowIso: string, subs: readonly { target_kind: string; target_ref: string; sent_until: string | null }[], limit: number): Promise<ListedRecord[]> {
  const seen = new Map<string, ListedRecord>();
  for (const sub of subs) {
    const org = sub.target_kind === 'organisation' ? await findOrg(db, sub.target_ref) : null;
    const f = filterOf(sub.target_kind as SubscriptionTarget, sub.target_ref, org?.path ?? null);
    if (!f) continue; // the organisation was disabled: nothing to send
    const since = sub.sent_until;
    const { items } = await listVisible(db, nowIso, since ? { ...f, since } : f, { limit: limit + 1, offset: 0 });
    for (const r of items) if ((!since || r.publishedAt > since) && !seen.has(r.indexNo)) seen.set(r.indexNo, r);
  }
  return [...seen.values()].sort((a, b) => (a.publishedAt < b.publishedAt ? 1 : a.publishedAt > b.publishedAt ? -1 : 0));
}

/**
 * One digest per account with new records (confirmed e-mail, account open): sent_until of every
 * e-mail subscription of the account moves to `now` in the transaction that enqueues it, only if no
 * other run moved it first (then this account is skipped: the other run sent it).
 */
export async function sendDigests(db: Db, now: Date): Promise<{ sent: number; skipped: number }> {
  const nowIso = now.toISOString();
  const subs = await db.selectFrom('pa_subscription').innerJoin('pa_account', 'pa_account.id', 'pa_subscription.account_id')
    .select(['pa_subscription.id', 'pa_subscription.account_id', 'pa_subscription.target_kind', 'pa_subscription.target_ref', 'pa_subscription.sent_until', 'pa_account.email', 'pa_account.link_base'])
    .where('pa_subscription.delivery', '=', 'email').where('pa_account.email', 'is not', null).where('pa_account.closed_at', 'is', null)
    .orderBy('pa_subscription.account_id').execute();
  const byAccount = new Map<number, typeof subs>();
  for (const sub of subs) byAccount.set(sub.account_id, [...(byAccount.get(sub.account_id) ?? []), sub]);
  let sent = 0;
  let skipped = 0;
  for (const own of byAccount.values()) {
    const records = await recordsOf(db, nowIso, own, DIGEST_MAX);
    if (!records.length) continue;
    const base = own[0]!.link_base ?? '';
    const shown = records.slice(0, DIGEST_MAX);
    const body = [
      s.digestIntro, '',
      ...shown.map((r) => `· ${r.title}（${r.publisher}，${r.publishedOn}）\n  ${base}${recordHref(r.indexNo)}`),
      ...(records.length > shown.length ? [s.digestMore(records.length - shown.length)] : []),
      '', s.digestFooter(`${base}/me/subscriptions`),
    ].join('\n');
    const moved = await inTransaction(db, async (trx) => {
      for (const sub of own) {
        const r = await trx.updateTable('pa_subscription').set({ sent_until: nowIso }).where('id', '=', sub.id)
          .where((eb) => (sub.sent_until === null ? eb('sent_until', 'is', null) : eb('sent_until', '=', sub.sent_until))).executeTakeFirst();
        if (Number(r.numUpdatedRows ?? 0) !== 1) throw new DigestTaken();
      }
      await enqueueNotifications(trx, [{ channel: 'email', recipient: own[0]!.email!, subject: s.digestSubject(records.length), body, reason: 'accounts.subscription-digest' }], now);
      return true;
    }).catch((err: unknown) => { if (err instanceof DigestTaken) return false; throw err; });
    if (moved) sent++; else skipped++;
  }
  return { sent, skipped };
}

class DigestTaken extends Error {}

// ---------- Personal feed ----------

/** A new feed secret for the account (the old URL stops working); returns the secret, shown once. */
export async function regenerateFeed(db: Db, accountId: number): Promise<string> {
  const token = randomSecret();
  await db.updateTable('pa_account').set({ feed_token_hash: hashSecret(token) }).where('id', '=', accountId).execute();
  return token;
}

/** The newest public records of the feed subscriptions of the account holding this feed secret; null when unknown. */
export async function feedRecords(db: Db, token: string, now: Date): Promise<ListedRecord[] | null> {
  if (!/^[A-Za-z0-9_-]{16,100}$/.test(token)) return null;
  const account = await db.selectFrom('pa_account').select('id').where('feed_token_hash', '=', hashSecret(token)).where('closed_at', 'is', null).executeTakeFirst();
  if (!account) return null;
  const subs = await db.selectFrom('pa_subscription').select(['target_kind', 'target_ref']).where('account_id', '=', account.id).where('delivery', '=', 'feed').execute();
  const records = await recordsOf(db, now.toISOString(), subs.map((x) => ({ target_kind: x.target_kind, target_ref: x.target_ref, sent_until: null })), FEED_MAX);
  return records.slice(0, FEED_MAX);
}
