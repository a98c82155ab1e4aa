// Shell: demo data of the annual report — 磁县人民政府's report on last year published from the
// data (with the table 二 figures staff enter) and this year's draft. The demo application cases of
// the applications module feed table 三.
import type { Db } from '../../schema.ts';
import { fixedClock, type Clock } from '../../platform/clock/clock.ts';
import { localDateOf } from '../../platform/clock/local-date.ts';
import { findOrganisation } from '../identity/index.ts';
import * as svc from './reports.service.ts';

const DEMO_ORG = '130427';

export async function loadReportDemo(db: Db, clock: Clock): Promise<string> {
  const org = await findOrganisation(db, DEMO_ORG);
  if (!org) return '年度报告：未找到磁县人民政府，跳过';
  const year = Number(localDateOf(clock.now()).slice(0, 4));
  const iso = clock.now().toISOString();
  const deps = { db, clock };
  const draft = (y: number, figures: { licensing: number; penalty: number; coercion: number; fees: string }) => db.insertInto('annual_report').values({
    org_code: org.code, org_path: org.path, year: y, include_subtree: 0, state: 'draft', source: 'system', section1_text: null, section5_text: null, section6_text: null,
    licensing_count: figures.licensing, penalty_count: figures.penalty, coercion_count: figures.coercion, fees_wan: figures.fees, carry_reason: null,
    snapshot_json: null, published_at: null, disclosure_id: null, created_at: iso, updated_at: iso,
  }).execute();
  // Last year: figures and texts entered by the 政务公开办, then published from the data.
  await draft(year - 1, { licensing: 1520, penalty: 86, coercion: 4, fees: '12.6' });
  await db.updateTable('annual_report').set({
    section1_text: [
      `${year - 1}年，${org.name}认真贯彻落实《中华人民共和国政府信息公开条例》，以标准目录（一本通）为抓手推进基层政务公开标准化规范化。`,
      '（一）主动公开。围绕社会救助、征地补偿、义务教育等重点领域，按目录公开政府信息，政策文件同步发布解读。',
      '（二）依申请公开。畅通当面、信函、网上和12345转办渠道，按法定期限答复，未发生逾期答复。',
      '（三）政府信息管理。落实保密审查和公开属性源头认定，定期清理行政规范性文件。',
      '（四）政府信息公开平台建设。政府网站信息公开专栏与政务新媒体同步更新。',
      '（五）监督保障。将政务公开纳入年度绩效考核，组织业务培训两次。',
    ].join('\n'),
    section5_text: '（一）存在的主要问题：部分乡镇政策解读形式单一。\n（二）改进情况：推广图解、视频等解读形式，加强对乡镇的业务指导。',
    section6_text: '本年度未收取信息处理费。',
  }).where('org_code', '=', org.code).where('year', '=', year - 1).execute();
  // Published on 20 March, before the governments' 31 March deadline (Art. 50), when that day has passed.
  const march20 = new Date(Date.UTC(year, 2, 20, 2));
  await svc.publishAs({ ...deps, clock: march20 < clock.now() ? fixedClock(march20) : clock }, { actorId: null, actorLabel: '演示数据' }, org, year - 1);
  // This year: a draft with the figures so far (texts pre-filled on the page).
  await draft(year, { licensing: 1388, penalty: 71, coercion: 2, fees: '10.35' });
  return `年度报告：${org.name}${year - 1}年已发布，${year}年草稿`;
}
