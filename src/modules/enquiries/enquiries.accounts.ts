// The account queries of 咨询登记 enquiries (issue 21 §2): an account's own enquiries, the earlier
// ones it may claim (the contact phone equals its verified phone), claiming (only rows still
// unlinked and still matching), unlinking (closing the account), and the owner's view: the question,
// the answer, the follow-up and what it became; never the staff member's notes on who wrote it.
import type { Db } from '../../schema.ts';
import { UNLINKED_ACCOUNT, ownedBy } from '../../platform/db/account-link.ts';
import { labelOf } from '../../platform/web/enums.ts';
import { ENQUIRY_CHANNELS, ENQUIRY_CONVERSIONS, type EnquiryChannel, type EnquiryConversion } from './vocabulary.ts';

export interface EnquiryMatch { phone: string | null }

const COLUMNS = ['public_id', 'topic', 'answer', 'follow_up', 'followed_up_on', 'converted_kind', 'asked_at', 'channel'] as const;
const normaliseId = (id: string) => id.normalize('NFKC').trim().toUpperCase();

function statusOf(r: { answer: string; follow_up: number; followed_up_on: string | null; converted_kind: string | null }): string {
  if (r.converted_kind) return labelOf(ENQUIRY_CONVERSIONS, r.converted_kind as EnquiryConversion).replace(/^转为/, '已转为');
  if (Number(r.follow_up) && !r.followed_up_on) return '待回复';
  return r.answer.trim() ? '已答复' : '已登记';
}

function toRow(r: { public_id: string; topic: string; answer: string; follow_up: number; followed_up_on: string | null; converted_kind: string | null; asked_at: string }) {
  return { ref: r.public_id, title: r.topic, status: statusOf(r), submittedAt: r.asked_at };
}

export const enquiryAccounts = {
  async list(db: Db, accountId: number) {
    const rows = await db.selectFrom('enquiry').select(COLUMNS).where('account_id', '=', accountId).orderBy('asked_at', 'desc').orderBy('id', 'desc').execute();
    return rows.map(toRow);
  },
  async claimable(db: Db, m: EnquiryMatch) {
    if (!m.phone) return [];
    const rows = await db.selectFrom('enquiry').select(COLUMNS).where(UNLINKED_ACCOUNT, '=', 0).where('contact_phone', '=', m.phone)
      .orderBy('asked_at', 'desc').limit(200).execute();
    return rows.map((r) => ({ ...toRow(r), matchedBy: ['phone' as const] }));
  },
  async claim(db: Db, accountId: number, m: EnquiryMatch, refs: readonly string[]): Promise<number> {
    const wanted = [...new Set(refs.map(normaliseId))].filter(Boolean);
    if (!wanted.length || !m.phone) return 0;
    const r = await db.updateTable('enquiry').set({ account_id: accountId })
      .where('public_id', 'in', wanted).where('account_id', 'is', null).where('contact_phone', '=', m.phone).executeTakeFirst();
    return Number(r.numUpdatedRows ?? 0);
  },
  async unlink(db: Db, accountId: number): Promise<number> {
    const r = await db.updateTable('enquiry').set({ account_id: null }).where('account_id', '=', accountId).executeTakeFirst();
    return Number(r.numUpdatedRows ?? 0);
  },
  async detail(db: Db, accountId: number, publicId: string) {
    const r = await db.selectFrom('enquiry').selectAll().where('public_id', '=', normaliseId(publicId)).executeTakeFirst();
    if (!ownedBy(r, accountId)) return null;
    const facts: { label: string; value: string }[] = [
      { label: '咨询方式', value: labelOf(ENQUIRY_CHANNELS, r.channel as EnquiryChannel) },
      { label: '咨询日期', value: r.asked_on },
    ];
    if (Number(r.follow_up)) facts.push({ label: '需要回复', value: r.followed_up_on ? `已于 ${r.followed_up_on} 回复` : '待回复' });
    if (r.converted_kind && r.converted_ref) facts.push({ label: labelOf(ENQUIRY_CONVERSIONS, r.converted_kind as EnquiryConversion), value: r.converted_ref });
    return { ref: r.public_id, title: r.topic, status: statusOf(r), submittedAt: r.asked_at, body: r.topic, facts, events: [] as { on: string; label: string }[], reply: r.answer.trim() || null };
  },
  async exportOne(db: Db, accountId: number, publicId: string): Promise<Record<string, unknown> | null> {
    const r = await db.selectFrom('enquiry').selectAll().where('public_id', '=', normaliseId(publicId)).executeTakeFirst();
    if (!ownedBy(r, accountId)) return null;
    const { id: _id, account_id: _a, created_by: _c, ...rest } = r;
    return rest;
  },
};
