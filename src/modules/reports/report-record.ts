// Shell: publishing a report creates the proactive-disclosure record of 体裁 年度报告 (annual_report)
// through the disclosure service (索引号 from the configured scheme, events, audit), inside the
// caller's transaction.
import { createAndPublish, DEFAULT_INDEX_FORMAT, emptyInput } from '../disclosures/index.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import type { Db } from '../../schema.ts';

export interface ReportRecordInput {
  orgCode: string;
  /** 发布机构 as printed (the organisation's name). */
  publisher: string;
  reportYear: number;
  title: string;
  bodyHtml: string;
  /** The local date of publication (成文日期 and 信息形成日期 of the record). */
  publishedOn: string;
}

/** What the disclosure service needs besides the database (DISCLOSURE_INDEX_FORMAT, COUNT_START_DAY). */
export interface RecordSettings {
  indexFormat?: string;
  countStartDay?: boolean;
}

/** Creates and publishes the 年度报告 record (approved by the publishing of the report itself); returns its id. */
export async function publishReportRecord(db: Db, clock: Clock, settings: RecordSettings, by: string, r: ReportRecordInput): Promise<number> {
  const rec = await createAndPublish({ db, clock, indexFormat: settings.indexFormat ?? DEFAULT_INDEX_FORMAT, countStartDay: settings.countStartDay ?? false }, by, {
    ...emptyInput(r.orgCode), publisher: r.publisher, title: r.title, bodyHtml: r.bodyHtml, genre: 'annual_report', category: 'zhzw',
    summary: `${r.title}（统计期间：${r.reportYear}年1月1日至12月31日）`, writtenOn: r.publishedOn, formedOn: r.publishedOn,
  });
  return rec.id;
}
