// Shell: publishing a report creates the proactive-disclosure record of 体裁 年度报告 (annual_report).
// Stand-in until the disclosure service is merged: the lead replaces this body with a call to it.
// Runs inside the caller's transaction.
import type { Db } from '../../schema.ts';

export interface ReportRecordInput {
  orgCode: string;
  orgPath: string;
  /** 发布机构 as printed (the organisation's name). */
  publisher: string;
  reportYear: number;
  title: string;
  bodyHtml: string;
  bodyText: string;
  at: Date;
  /** The local date of `at`. */
  publishedOn: string;
}

/** The record's 索引号: one per organisation and report year. */
export function reportIndexNo(orgCode: string, reportYear: number): string {
  return `${orgCode}/NDBG-${reportYear}`;
}

/** Inserts (or, when republished, updates) the published 年度报告 record; returns its id. */
export async function publishReportRecord(db: Db, r: ReportRecordInput): Promise<number> {
  const indexNo = reportIndexNo(r.orgCode, r.reportYear);
  const iso = r.at.toISOString();
  const summary = `${r.title}（统计期间：${r.reportYear}年1月1日至12月31日）`;
  const existing = await db.selectFrom('disclosure').select('id').where('index_no', '=', indexNo).executeTakeFirst();
  if (existing) {
    await db.updateTable('disclosure').set({ title: r.title, summary, body_html: r.bodyHtml, body_text: r.bodyText, state: 'published', published_at: iso, published_on: r.publishedOn, updated_at: iso }).where('id', '=', existing.id).execute();
    return existing.id;
  }
  const row = await db.insertInto('disclosure').values({
    index_no: indexNo, index_serial: r.reportYear, org_code: r.orgCode, org_path: r.orgPath, publisher: r.publisher, title: r.title,
    document_no: null, summary, body_html: r.bodyHtml, body_text: r.bodyText, genre: 'annual_report', category_code: 'zhzw', validity: 'effective',
    effective_on: null, expires_on: null, repealed_on: null, written_on: r.publishedOn, formed_on: r.publishedOn, state: 'published',
    published_at: iso, published_on: r.publishedOn, withdrawn_at: null, withdrawn_reason: null, due_on: null, due_explanation: null, late_working_days: null,
    author_id: null, created_at: iso, updated_at: iso,
  }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}
