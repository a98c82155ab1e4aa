// Shell: demo data of the annual report — 磁县人民政府's report on last year published from the
// data (with the table 二 figures staff enter) and this year's draft. The demo application cases of
// the applications module feed table 三.
import type { Db } from '../../schema.ts';
import type { Clock } from '../../platform/clock/clock.ts';
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
  // Last year: figures entered by the 政务公开办, then published from the data.
  await draft(year - 1, { licensing: 1520, penalty: 86, coercion: 4, fees: '12.6' });
  await svc.publishAs(deps, { actorId: null, actorLabel: '演示数据' }, org, year - 1);
  // This year: a draft with the figures so far (texts pre-filled on the page).
  await draft(year, { licensing: 1388, penalty: 71, coercion: 2, fees: '10.35' });
  return `年度报告：${org.name}${year - 1}年已发布，${year}年草稿`;
}
