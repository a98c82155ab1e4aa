// Shell: `gongkai report annual --org CODE --year YYYY --out FILE.docx` — the published report, or
// the current draft computed from the data when not yet published.
import fs from 'node:fs';
import type { Db } from '../../schema.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import { HttpError } from '../../platform/web/http-error.ts';
import type * as AnnualDocx from './annual-docx.ts';
import * as svc from './reports.service.ts';

// Loads `docx` with the first document, not at start (platform/files/office-libs.ts says why).
const renderReportDocx = async (...a: Parameters<typeof AnnualDocx.renderReportDocx>) => (await import('./annual-docx.ts')).renderReportDocx(...a);

/** Writes the DOCX and returns a one-line summary; throws Error with a Chinese message on bad input. */
export async function writeAnnualReportDocx(db: Db, clock: Clock, orgCode: string, yearText: string, outFile: string): Promise<string> {
  if (!/\.docx$/i.test(outFile)) throw new Error('输出文件名应以 .docx 结尾');
  let resolved;
  try {
    resolved = await svc.resolveOrgYear({ db, clock }, orgCode, yearText);
  } catch (e) {
    if (e instanceof HttpError) throw new Error(e.message, { cause: e });
    throw e;
  }
  const { report } = await svc.staffReport({ db, clock }, resolved.org, resolved.year);
  if (report.source !== 'system') throw new Error('该年度是导入的历年报告（仅有表三），不能生成 Word 文件');
  fs.writeFileSync(outFile, await renderReportDocx(report));
  const failed = report.checks.filter((c) => !c.ok).length;
  return `已写入 ${outFile}：${resolved.org.name}${resolved.year}年政府信息公开工作年度报告（${report.state === 'published' ? '已发布' : '草稿'}${failed ? `，${failed} 项勾稽关系检查未通过` : ''}）`;
}
