// The account queries of 民心直通车 messages (issue 21 §2): an account's own messages, the earlier
// ones it may claim (the contact phone equals its verified phone), claiming (only rows still
// unlinked and still matching), unlinking (closing the account), and the owner's view — what the
// tracking page shows for the reference and tracking code: stage, dates, the approved response,
// the events except the internal 敏感 mark.
import type { Db } from '../../schema.ts';
import { UNLINKED_ACCOUNT, ownedBy } from '../../platform/db/account-link.ts';
import { normaliseReference } from '../../platform/public-refs/public-refs.ts';
import { findMessage, loadEvents } from './interaction.repository.ts';
import { EVENT_LABELS, RATING_LABELS, showsProvisional, STAGE_LABELS, type Stage } from './workflow.ts';

export interface MessageMatch { phone: string | null }

const COLUMNS = ['reference', 'title', 'stage', 'received_on', 'created_at', 'contact_phone'] as const;

function toRow(r: { reference: string; title: string; stage: string; created_at: string }) {
  return { ref: r.reference, title: r.title, status: STAGE_LABELS[r.stage as Stage] ?? r.stage, submittedAt: r.created_at };
}

export const messageAccounts = {
  async list(db: Db, accountId: number) {
    const rows = await db.selectFrom('message').select(COLUMNS).where('account_id', '=', accountId).orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
    return rows.map(toRow);
  },
  async claimable(db: Db, m: MessageMatch) {
    if (!m.phone) return [];
    const rows = await db.selectFrom('message').select(COLUMNS).where(UNLINKED_ACCOUNT, '=', 0).where('contact_phone', '=', m.phone)
      .orderBy('created_at', 'desc').limit(200).execute();
    return rows.map((r) => ({ ...toRow(r), matchedBy: ['phone' as const] }));
  },
  async claim(db: Db, accountId: number, m: MessageMatch, refs: readonly string[]): Promise<number> {
    const wanted = [...new Set(refs.map(normaliseReference))].filter(Boolean);
    if (!wanted.length || !m.phone) return 0;
    const r = await db.updateTable('message').set({ account_id: accountId })
      .where('reference', 'in', wanted).where('account_id', 'is', null).where('contact_phone', '=', m.phone).executeTakeFirst();
    return Number(r.numUpdatedRows ?? 0);
  },
  async unlink(db: Db, accountId: number): Promise<number> {
    const r = await db.updateTable('message').set({ account_id: null }).where('account_id', '=', accountId).executeTakeFirst();
    return Number(r.numUpdatedRows ?? 0);
  },
  async detail(db: Db, accountId: number, reference: string) {
    const m = await findMessage(db, normaliseReference(reference));
    if (!ownedBy(m, accountId)) return null;
    const events = (await loadEvents(db, m.id)).filter((e) => e.event.type !== 'marked_sensitive')
      .map((e) => ({ on: e.event.on, label: `${EVENT_LABELS[e.event.type]}${e.event.type === 'rejected' ? `：${e.event.reason}` : ''}` }));
    const facts: { label: string; value: string }[] = [{ label: '收到日期', value: m.received_on }];
    if (m.due_on) facts.push({ label: '办理期限', value: `${m.due_on}${showsProvisional(m) ? '（暂定）' : ''}` });
    if (m.rating) facts.push({ label: '我的评价', value: RATING_LABELS[m.rating as 'satisfied'] ?? m.rating });
    if (m.application_ref) facts.push({ label: '已转为依申请公开', value: m.application_ref });
    return { ref: m.reference, title: m.title, status: STAGE_LABELS[m.stage as Stage] ?? m.stage, submittedAt: m.created_at, body: m.content, facts, events, reply: m.response };
  },
  async exportOne(db: Db, accountId: number, reference: string): Promise<Record<string, unknown> | null> {
    const m = await findMessage(db, normaliseReference(reference));
    if (!ownedBy(m, accountId)) return null;
    const { id: _id, tracking_hash: _t, idempotency_key: _k, account_id: _a, sensitive: _s, ...rest } = m;
    return rest;
  },
};
