// The account queries of 依申请公开 applications (issue 21 §2): an account's own applications, the
// earlier ones it may claim (matching its verified phone, ID number or 统一社会信用代码 — an
// application filed as 法人或其他组织 carries the code in applicant_id_number), claiming them (only
// rows still unlinked and still matching), unlinking (closing the account) and the owner's view,
// which shows what the public status page shows for the reference and tracking code.
import { type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import { UNLINKED_ACCOUNT, ownedBy } from '../../platform/db/account-link.ts';
import { normaliseReference } from '../../platform/public-refs/public-refs.ts';
import type { Database, Db } from '../../schema.ts';
import { findCaseByReference, listEvents } from './applications.repository.ts';
import { renderLetter, type ApplicationDeps } from './applications.service.ts';
import { deadlineText } from './deadlines.ts';
import { FAMILY_LABELS, findOutcome, fold, publicExplanation, STAGES, APPLICANT_TYPES } from './workflow.ts';
import { labelOf } from '../../platform/web/enums.ts';
import type { Stage } from './workflow.ts';

export interface ApplicationMatch { phone: string | null; idNumber: string | null; uscc: string | null }
export type MatchedBy = 'phone' | 'id_number' | 'uscc';

const COLUMNS = ['reference', 'description', 'stage', 'submitted_on', 'created_at', 'applicant_type', 'applicant_phone', 'applicant_id_number'] as const;
type Eb = ExpressionBuilder<Database, 'application_case'>;

function matches(eb: Eb, m: ApplicationMatch): Expression<SqlBool> {
  const ors: Expression<SqlBool>[] = [];
  if (m.phone) ors.push(eb('applicant_phone', '=', m.phone));
  if (m.idNumber) ors.push(eb.and([eb('applicant_type', '=', 'natural_person'), eb('applicant_id_number', '=', m.idNumber.toUpperCase())]));
  if (m.uscc) ors.push(eb.and([eb('applicant_type', '=', 'legal_person'), eb('applicant_id_number', '=', m.uscc.toUpperCase())]));
  return eb.or(ors);
}

function titleOf(description: string): string {
  const t = description.replace(/\s+/g, ' ').trim();
  return t.length > 40 ? `${t.slice(0, 40)}…` : t;
}

function toRow(r: { reference: string; description: string; stage: string; created_at: string; applicant_type: string; applicant_id_number: string | null }) {
  return { ref: r.reference, title: titleOf(r.description), status: labelOf(STAGES, r.stage as Stage), submittedAt: r.created_at, applicantType: r.applicant_type, applicantCode: r.applicant_type === 'legal_person' ? r.applicant_id_number : null };
}

function matchedBy(r: { applicant_type: string; applicant_phone: string | null; applicant_id_number: string | null }, m: ApplicationMatch): MatchedBy[] {
  const out: MatchedBy[] = [];
  if (m.phone && r.applicant_phone === m.phone) out.push('phone');
  if (m.idNumber && r.applicant_type === 'natural_person' && r.applicant_id_number === m.idNumber.toUpperCase()) out.push('id_number');
  if (m.uscc && r.applicant_type === 'legal_person' && r.applicant_id_number === m.uscc.toUpperCase()) out.push('uscc');
  return out;
}

export const applicationAccounts = {
  async list(db: Db, accountId: number) {
    const rows = await db.selectFrom('application_case').select(COLUMNS).where('account_id', '=', accountId).orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
    return rows.map(toRow);
  },
  async claimable(db: Db, m: ApplicationMatch) {
    if (!m.phone && !m.idNumber && !m.uscc) return [];
    const rows = await db.selectFrom('application_case').select(COLUMNS).where(UNLINKED_ACCOUNT, '=', 0).where((eb) => matches(eb, m))
      .orderBy('created_at', 'desc').limit(200).execute();
    return rows.map((r) => ({ ...toRow(r), matchedBy: matchedBy(r, m) }));
  },
  async claim(db: Db, accountId: number, m: ApplicationMatch, refs: readonly string[]): Promise<number> {
    const wanted = [...new Set(refs.map(normaliseReference))].filter(Boolean);
    if (!wanted.length || (!m.phone && !m.idNumber && !m.uscc)) return 0;
    const r = await db.updateTable('application_case').set({ account_id: accountId })
      .where('reference', 'in', wanted).where('account_id', 'is', null).where((eb) => matches(eb, m)).executeTakeFirst();
    return Number(r.numUpdatedRows ?? 0);
  },
  async unlink(db: Db, accountId: number): Promise<number> {
    const r = await db.updateTable('application_case').set({ account_id: null }).where('account_id', '=', accountId).executeTakeFirst();
    return Number(r.numUpdatedRows ?? 0);
  },
  /** The owner's view (what the status page shows), or null when not this account's. */
  async detail(db: Db, accountId: number, reference: string) {
    const row = await findCaseByReference(db, normaliseReference(reference));
    if (!ownedBy(row, accountId)) return null;
    const o = row.outcome ? findOutcome(row.outcome) : undefined;
    const facts: { label: string; value: string }[] = [
      { label: '申请人类型', value: labelOf(APPLICANT_TYPES, row.applicant_type as never) },
      { label: '提交日期', value: row.submitted_on },
      { label: '收到申请日期', value: row.received_on ?? '待确认' },
      { label: '答复期限', value: row.due_on ? `${deadlineText(row.due_on)}${Number(row.due_provisional) ? '（暂定）' : ''}` : '暂无' },
    ];
    const explanation = publicExplanation(row.due_explanation);
    if (explanation) facts.push({ label: '期限计算说明', value: explanation });
    if (o) facts.push({ label: '答复结果', value: `${FAMILY_LABELS[o.family]}${o.family !== o.code ? `（${o.label}）` : ''}` });
    if (row.closed_on) facts.push({ label: '办结日期', value: row.closed_on });
    return { ref: row.reference, title: titleOf(row.description), status: labelOf(STAGES, row.stage as Stage), submittedAt: row.created_at, body: row.description, facts, events: [] as { on: string; label: string }[], reply: null as string | null, letter: !!row.delivered_on && !!row.outcome };
  },
  /** The reply letter (DOCX) once delivered, as the status page gives it for the tracking code; null when not this account's or none. */
  async replyLetter(deps: ApplicationDeps, accountId: number, reference: string): Promise<{ filename: string; body: Buffer } | null> {
    const row = await findCaseByReference(deps.db, normaliseReference(reference));
    if (!ownedBy(row, accountId) || !row.delivered_on) return null;
    return renderLetter(deps, row, fold(await listEvents(deps.db, row.id)), 'reply');
  },
  /** The row as the owner may download it (PIPL export). */
  async exportOne(db: Db, accountId: number, reference: string): Promise<Record<string, unknown> | null> {
    const row = await findCaseByReference(db, normaliseReference(reference));
    if (!ownedBy(row, accountId)) return null;
    const { id: _id, tracking_hash: _t, idempotency_key: _k, account_id: _a, ...rest } = row;
    return rest;
  },
};
