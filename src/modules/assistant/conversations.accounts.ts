// The account queries of the 7×24 assistant (issue 21 §2): the conversations of a signed-in person
// (linked from the first question) and those the person asked a human to take (转人工), the earlier ones an account may claim (the phone given with the hand-off
// equals its verified phone — kept only until it is taken, closed or converted, after which the
// enquiry or message it became is claimable instead), claiming (only rows still unlinked and still
// matching), unlinking, and the owner's view: the turns of the conversation and its state.
import { sql } from 'kysely';
import type { Db } from '../../schema.ts';
import { ownedBy } from '../../platform/db/account-link.ts';
import { labelOf } from '../../platform/web/enums.ts';
import { CONVERSATION_STATES, type ConversationState } from './vocabulary.ts';

export interface ConversationMatch { phone: string | null }

const COLUMNS = ['id', 'public_id', 'state', 'created_at', 'handoff_requested_at', 'handoff_contact_json', 'converted_ref'] as const;
const ROLE_LABELS: Record<string, string> = { user: '我', assistant: '智能客服', staff: '工作人员' };
const normaliseId = (id: string) => id.normalize('NFKC').trim();
/** An instant as Beijing time (UTC+8). */
const beijing = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

function phoneOf(json: string | null): string | null {
  if (!json) return null;
  try { return (JSON.parse(json) as { phone?: string }).phone ?? null; } catch { return null; }
}

function toRow(r: { public_id: string; state: string; created_at: string; handoff_requested_at: string | null; converted_ref: string | null }) {
  return { ref: r.public_id, title: `${r.handoff_requested_at ? '智能客服转人工' : '智能客服咨询'}${r.converted_ref ? `（已转 ${r.converted_ref}）` : ''}`, status: labelOf(CONVERSATION_STATES, r.state as ConversationState), submittedAt: r.handoff_requested_at ?? r.created_at };
}

async function candidates(db: Db, phone: string, ids?: readonly string[]) {
  // the contact is kept only while the hand-off is open (waiting / staff): the queue index finds those
  // few rows, so /me never reads every conversation of the last 180 days with a LIKE (account_id IS NULL
  // is written so that SQLite does not prefer the account_id index over every unlinked row)
  let q = db.selectFrom('as_conversation').select(COLUMNS).where('state', 'in', ['waiting', 'staff']).where(sql<number>`coalesce(account_id, 0)`, '=', 0).where('handoff_contact_json', 'like', `%${phone}%`);
  if (ids) q = q.where('public_id', 'in', ids);
  return (await q.orderBy('created_at', 'desc').limit(200).execute()).filter((r) => phoneOf(r.handoff_contact_json) === phone);
}

export const conversationAccounts = {
  async list(db: Db, accountId: number) {
    // every conversation linked to the account: a signed-in person's is linked from its first question
    // (hand-off or not), and the export and the count kept on closing are built from this list
    const rows = await db.selectFrom('as_conversation').select(COLUMNS).where('account_id', '=', accountId)
      .orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
    return rows.map(toRow);
  },
  async claimable(db: Db, m: ConversationMatch) {
    if (!m.phone || !/^\d{11}$/.test(m.phone)) return [];
    return (await candidates(db, m.phone)).map((r) => ({ ...toRow(r), matchedBy: ['phone' as const] }));
  },
  async claim(db: Db, accountId: number, m: ConversationMatch, refs: readonly string[]): Promise<number> {
    const wanted = [...new Set(refs.map(normaliseId))].filter(Boolean);
    if (!wanted.length || !m.phone || !/^\d{11}$/.test(m.phone)) return 0;
    const ids = (await candidates(db, m.phone, wanted)).map((r) => r.id);
    if (!ids.length) return 0;
    const r = await db.updateTable('as_conversation').set({ account_id: accountId }).where('id', 'in', ids).where('account_id', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows ?? 0);
  },
  async unlink(db: Db, accountId: number): Promise<number> {
    const r = await db.updateTable('as_conversation').set({ account_id: null }).where('account_id', '=', accountId).executeTakeFirst();
    return Number(r.numUpdatedRows ?? 0);
  },
  async detail(db: Db, accountId: number, publicId: string) {
    const r = await db.selectFrom('as_conversation').selectAll().where('public_id', '=', normaliseId(publicId)).executeTakeFirst();
    if (!ownedBy(r, accountId)) return null;
    const turns = await db.selectFrom('as_turn').select(['role', 'text', 'created_at']).where('conversation_id', '=', r.id).orderBy('seq').limit(100).execute();
    const facts: { label: string; value: string }[] = [r.handoff_requested_at ? { label: '转人工时间', value: beijing(r.handoff_requested_at) } : { label: '咨询时间', value: beijing(r.created_at) }];
    if (r.converted_ref) facts.push({ label: '已转为', value: r.converted_ref });
    return { ref: r.public_id, title: toRow(r).title, status: toRow(r).status, submittedAt: r.handoff_requested_at ?? r.created_at, body: null as string | null, facts,
      events: turns.map((t) => ({ on: beijing(t.created_at), label: `${ROLE_LABELS[t.role] ?? t.role}：${t.text}` })), reply: null as string | null };
  },
  async exportOne(db: Db, accountId: number, publicId: string): Promise<Record<string, unknown> | null> {
    const r = await db.selectFrom('as_conversation').selectAll().where('public_id', '=', normaliseId(publicId)).executeTakeFirst();
    if (!ownedBy(r, accountId)) return null;
    const turns = await db.selectFrom('as_turn').select(['role', 'text', 'created_at']).where('conversation_id', '=', r.id).orderBy('seq').execute();
    const { id: _id, account_id: _a, tracking_hash: _t, taken_by_id: _b, ...rest } = r;
    return { ...rest, turns };
  },
};
