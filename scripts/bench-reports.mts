// Benchmark: the annual report — the pure table functions over many cases, and the whole report
// (queries + tables + checks) and its DOCX for a county with many stored cases on SQLite.
// Prints numbers only. Run: npm run bench:reports
import { performance } from 'node:perf_hooks';
import { addDays } from '../src/platform/clock/local-date.ts';
import { fixedClock } from '../src/platform/clock/clock.ts';
import { OUTCOME_CODES } from '../src/modules/applications/workflow.ts';
import { computeTable3, computeTable4, type CaseFacts, type ReviewFacts } from '../src/modules/reports/annual-tables.ts';
import { runChecks } from '../src/modules/reports/annual-checks.ts';
import { renderReportDocx } from '../src/modules/reports/annual-docx.ts';
import * as svc from '../src/modules/reports/reports.service.ts';
import { findOrganisation } from '../src/modules/identity/index.ts';
import { openTestDb } from '../test/support/db.ts';
import { loadDemo } from '../src/demo.ts';

const SUB = ['商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他'];
function caseAt(i: number): CaseFacts {
  const receivedOn = addDays('2024-01-01', i % 1000);
  const decided = i % 9 !== 0;
  return {
    receivedOn, applicantType: i % 3 ? 'natural_person' : 'legal_person', applicantSubtype: i % 3 ? null : (SUB[i % 5] as string),
    outcome: decided ? (OUTCOME_CODES[i % OUTCOME_CODES.length] as string) : null, decidedOn: decided ? addDays(receivedOn, 15 + (i % 20)) : null, withdrawnOn: null,
  };
}

const N = 200_000;
const cases = Array.from({ length: N }, (_, i) => caseAt(i));
const reviews: ReviewFacts[] = Array.from({ length: N / 20 }, (_, i) => ({ caseId: i, seq: 1, on: addDays('2025-01-01', i % 365), kind: ['review', 'litigation_direct', 'litigation_after_review'][i % 3] as string, result: ['upheld', 'corrected', 'other', 'pending'][i % 4] as string }));
let t0 = performance.now();
const t3 = computeTable3(cases, 2025);
const t4 = computeTable4(reviews, 2025);
const checks = runChecks(t3, t4, null, null);
const pureMs = performance.now() - t0;
console.log(`表三/表四 + 检查（纯函数）：${N} 件申请、${reviews.length} 件复议诉讼，${pureMs.toFixed(0)} ms（检查 ${checks.every((c) => c.ok) ? '全部通过' : '有未通过'}）`);

const db = await openTestDb('sqlite');
const clock = fixedClock('2026-03-02T02:00:00Z');
await loadDemo(db.db, clock);
const STORED = 20_000;
const rows = Array.from({ length: STORED }, (_, i) => {
  const c = caseAt(i);
  return {
    reference: `B-${i}`, tracking_hash: 'x', org_code: '130427', org_path: '/13/1304/130427/', registered_org_code: '130427', assigned_org_code: null, assigned_org_path: null,
    channel: 'in_person', submitted_on: c.receivedOn as string, received_on: c.receivedOn, applicant_type: c.applicantType, applicant_subtype: c.applicantSubtype,
    applicant_name: 'x', applicant_id_number: null, applicant_phone: null, applicant_email: null, applicant_address: null, description: 'x', delivery: 'pickup',
    stage: c.decidedOn ? 'closed' : 'assigned', due_on: null, due_provisional: 0, due_explanation: '', days_left: null, outcome: c.outcome, decided_on: c.decidedOn,
    delivered_on: null, closed_on: c.decidedOn, idempotency_key: null, created_at: clock.now().toISOString(), updated_at: clock.now().toISOString(),
  };
});
for (let i = 0; i < rows.length; i += 500) await db.db.insertInto('application_case').values(rows.slice(i, i + 500)).execute();
const org = (await findOrganisation(db.db, '130427'))!;
const RUNS = 10;
t0 = performance.now();
let report;
for (let i = 0; i < RUNS; i++) report = await svc.liveReport({ db: db.db, clock }, org, 2025, null);
const liveMs = (performance.now() - t0) / RUNS;
console.log(`整份报告（SQLite，${STORED} 件已存申请）：${liveMs.toFixed(1)} ms/次`);
t0 = performance.now();
const docx = await renderReportDocx(report!);
console.log(`DOCX：${(performance.now() - t0).toFixed(0)} ms，${(docx.length / 1024).toFixed(0)} KB`);
await db.close();
