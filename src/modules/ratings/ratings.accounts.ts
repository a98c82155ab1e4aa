// The account queries of 好差评 ratings (issue 21 §2): an account's own ratings, the earlier ones it
// may claim (the rater's phone equals its verified phone), claiming (only rows still unlinked and
// still matching), unlinking (closing the account), and the owner's view: their own rating (level,
// indicators' reasons, text) and the unit's reply; the unit's internal steps (appeals) are not shown.
import type { Db } from '../../schema.ts';
import { UNLINKED_ACCOUNT, ownedBy } from '../../platform/db/account-link.ts';
import { eventsOf, findRatingByPublicId, listReasons } from './ratings.repository.ts';
import { DEFAULT_REASONS, LEVELS, SUBJECT_ENUM, type SubjectCode } from './levels.ts';
import { ratingStrings } from './ratings.strings.ts';
import { labelOf } from '../../platform/web/enums.ts';

export interface RatingMatch { phone: string | null }

const COLUMNS = ['public_id', 'subject', 'level', 'state', 'rated_at', 'case_ref'] as const;
/** The steps the rater is told about (the unit's appeals are internal). */
const OWNER_EVENTS = new Set(['rated', 'called_back', 'rectify_planned', 'rectified', 'replied', 'closed']);

const levelLabel = (level: number) => LEVELS.find((l) => l.stars === Number(level))?.label ?? String(level);
const stateLabel = (state: string) => ratingStrings.workflow.states[state] ?? state;

function toRow(r: { public_id: string; subject: string; level: number; state: string; rated_at: string; case_ref: string | null }) {
  return { ref: r.public_id, title: `${labelOf(SUBJECT_ENUM, r.subject as SubjectCode)}：${levelLabel(r.level)}${r.case_ref ? `（${r.case_ref}）` : ''}`, status: r.state === 'none' ? '已评价' : stateLabel(r.state), submittedAt: r.rated_at };
}

const normaliseId = (id: string) => id.normalize('NFKC').trim().toUpperCase();

export const ratingAccounts = {
  async list(db: Db, accountId: number) {
    const rows = await db.selectFrom('rating').select(COLUMNS).where('account_id', '=', accountId).orderBy('rated_at', 'desc').orderBy('id', 'desc').execute();
    return rows.map(toRow);
  },
  async claimable(db: Db, m: RatingMatch) {
    if (!m.phone) return [];
    const rows = await db.selectFrom('rating').select(COLUMNS).where(UNLINKED_ACCOUNT, '=', 0).where('rater_phone', '=', m.phone)
      .orderBy('rated_at', 'desc').limit(200).execute();
    return rows.map((r) => ({ ...toRow(r), matchedBy: ['phone' as const] }));
  },
  async claim(db: Db, accountId: number, m: RatingMatch, refs: readonly string[]): Promise<number> {
    const wanted = [...new Set(refs.map(normaliseId))].filter(Boolean);
    if (!wanted.length || !m.phone) return 0;
    const r = await db.updateTable('rating').set({ account_id: accountId })
      .where('public_id', 'in', wanted).where('account_id', 'is', null).where('rater_phone', '=', m.phone).executeTakeFirst();
    return Number(r.numUpdatedRows ?? 0);
  },
  async unlink(db: Db, accountId: number): Promise<number> {
    const r = await db.updateTable('rating').set({ account_id: null }).where('account_id', '=', accountId).executeTakeFirst();
    return Number(r.numUpdatedRows ?? 0);
  },
  async detail(db: Db, accountId: number, publicId: string) {
    const row = await findRatingByPublicId(db, normaliseId(publicId));
    if (!ownedBy(row, accountId)) return null;
    const [events, reasons] = await Promise.all([eventsOf(db, row.id), listReasons(db)]);
    const reasonLabel = (code: string) => reasons.find((x) => x.code === code)?.label ?? DEFAULT_REASONS.find((x) => x.code === code)?.label ?? code;
    const codes = JSON.parse(row.reasons_json) as string[];
    const facts: { label: string; value: string }[] = [
      { label: '评价对象', value: labelOf(SUBJECT_ENUM, row.subject as SubjectCode) },
      { label: '评价等级', value: levelLabel(row.level) },
      { label: '评价日期', value: row.rated_on },
    ];
    if (row.case_ref) facts.push({ label: '办件号', value: row.case_ref });
    if (codes.length) facts.push({ label: '差评原因', value: codes.map(reasonLabel).join('、') });
    let reply: string | null = null;
    for (const e of events) if (e.kind === 'replied') reply = String((JSON.parse(e.payload_json) as { text?: string }).text ?? '');
    return {
      ref: row.public_id, title: toRow(row).title, status: toRow(row).status, submittedAt: row.rated_at, body: row.text,
      facts, events: events.filter((e) => OWNER_EVENTS.has(e.kind)).map((e) => ({ on: e.on_date, label: ratingStrings.workflow.events[e.kind] ?? e.kind })), reply,
    };
  },
  async exportOne(db: Db, accountId: number, publicId: string): Promise<Record<string, unknown> | null> {
    const row = await findRatingByPublicId(db, normaliseId(publicId));
    if (!ownedBy(row, accountId)) return null;
    const { id: _id, account_id: _a, entered_by: _e, ...rest } = row;
    return rest;
  },
};
