// Benchmark: the statutory clock (computeDue with pauses and extension over the bundled calendar,
// into a year without a notice where the statutory holidays are computed), registration, and
// recomputing all open cases after the next year's calendar is loaded, on SQLite. Prints numbers only.
// Run: npm run bench:applications
import { performance } from 'node:perf_hooks';
import { readBundledCalendar } from '../src/platform/calendar/bundled-data.ts';
import { buildCalendar } from '../src/platform/calendar/working-days.ts';
import { statutoryHolidays, statutoryHolidaysOf } from '../src/platform/calendar/statutory-holidays.ts';
import { replaceYear } from '../src/platform/calendar/calendar.repository.ts';
import { idCardCheckChar, idCardProblem } from '../src/platform/validate/cn-id.ts';
import { platformView } from '../src/schema.ts';
import { addDays } from '../src/platform/clock/local-date.ts';
import { fixedClock } from '../src/platform/clock/clock.ts';
import { computeDue } from '../src/modules/applications/deadlines.ts';
import { openTestDb } from '../test/support/db.ts';
import { loadDemo } from '../src/demo.ts';
import { findUserByUsername, identityService } from '../src/modules/identity/index.ts';
import * as service from '../src/modules/applications/applications.service.ts';

const data = readBundledCalendar();
const cal = buildCalendar(data.map((d) => d.year), data.flatMap((d) => d.days), statutoryHolidaysOf);
const N = 20_000;
let t0 = performance.now();
for (let i = 0; i < N; i++) {
  const start = addDays('2025-01-01', i % 800); // to 2027-03: the last months cross into 2027 (provisional)
  computeDue(cal, { start, startReason: 'x', extensionDays: i % 3 ? 0 : 20, pauses: i % 2 ? [] : [{ from: addDays(start, 3), to: addDays(start, 20), label: '征求意见' }] });
}
const clockMs = performance.now() - t0;
console.log(`computeDue: ${N} 次，${clockMs.toFixed(0)} ms，${((clockMs * 1000) / N).toFixed(1)} µs/次`);

const db = await openTestDb('sqlite');
const clock = fixedClock('2026-12-11T02:00:00Z');
await loadDemo(db.db, clock);
const actor = (await identityService.actorFor(db.db, (await findUserByUsername(db.db, 'cixian.gkb'))!.id, 'token'))!;
const CASES = 500;
// 居民身份证号码 with a valid GB 11643 check character (registration verifies it): 磁县, born 1990, sequence i
const idNumber = (i: number) => {
  const first17 = `1304271990${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (i % 28)).padStart(2, '0')}${String(i % 1000).padStart(3, '0')}`;
  return first17 + idCardCheckChar(first17);
};
const today = clock.today();
for (let i = 0; i < CASES; i++) if (idCardProblem(idNumber(i), today)) throw new Error(`生成的身份证号码无效：${idNumber(i)}（${idCardProblem(idNumber(i), today)}）`);
t0 = performance.now();
for (let i = 0; i < CASES; i++) {
  const r = await service.registerOffline({ db: db.db, clock }, actor, { org: '130427', channel: 'in_person', received_on: addDays('2026-11-01', i % 40), applicant: { type: 'natural_person', name: `申请人${i}`, id_number: idNumber(i), phone: '13800001111' }, description: '申请公开某项政府信息。', delivery: 'pickup' });
  if (!r.ok) throw new Error(`第 ${i + 1} 件登记失败：${JSON.stringify(r.errors)}`);
}
const regMs = performance.now() - t0;
console.log(`登记：${CASES} 件，${regMs.toFixed(0)} ms，${(regMs / CASES).toFixed(2)} ms/件`);
const provisional = Number((await db.db.selectFrom('application_case').select(db.db.fn.countAll<number>().as('n')).where('due_provisional', '=', 1).executeTakeFirstOrThrow()).n);
console.log(`其中暂定（跨入尚无通知的 2027 年，按周末和法定节假日计算）：${provisional} 件`);
// A complete 2027 (every statutory holiday) with an assumed 元旦 break to 01-04, so that due dates move.
const days2027 = [...statutoryHolidays(2027).map((d) => ({ date: d.date, kind: 'holiday' as const, name: d.name })), ...['2027-01-02', '2027-01-03', '2027-01-04'].map((date) => ({ date, kind: 'holiday' as const, name: '元旦' }))];
await replaceYear(platformView(db.db), { year: 2027, source: 'bench：假设的 2027 年安排', days: days2027.sort((a, b) => a.date.localeCompare(b.date)) }, clock.now());
t0 = performance.now();
const changed = await service.recomputeOpenCases({ db: db.db, clock }, 'bench');
const recMs = performance.now() - t0;
console.log(`日历变更后重算：${changed} 件有变化，共 ${recMs.toFixed(0)} ms，${(recMs / (CASES + 7)).toFixed(2)} ms/件`);
t0 = performance.now();
const counts = await service.queueCounts({ db: db.db, clock }, actor);
const qMs = performance.now() - t0;
console.log(`办理清单计数（${CASES + 7} 件在办，含“超过内部目标”）：${qMs.toFixed(0)} ms（${JSON.stringify(counts)}）`);
await db.close();
