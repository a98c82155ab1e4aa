// Benchmark: the statutory clock (computeDue with pauses and extension over the bundled calendar)
// and recomputing all open cases after a calendar change on SQLite. Prints numbers only.
// Run: npm run bench:applications
import { performance } from 'node:perf_hooks';
import { readBundledCalendar } from '../src/platform/calendar/bundled-data.ts';
import { buildCalendar } from '../src/platform/calendar/working-days.ts';
import { addDays } from '../src/platform/clock/local-date.ts';
import { fixedClock } from '../src/platform/clock/clock.ts';
import { computeDue } from '../src/modules/applications/deadlines.ts';
import { openTestDb } from '../test/support/db.ts';
import { loadDemo } from '../src/demo.ts';
import { findUserByUsername, identityService } from '../src/modules/identity/index.ts';
import * as service from '../src/modules/applications/applications.service.ts';

const data = readBundledCalendar();
const cal = buildCalendar(data.map((d) => d.year), data.flatMap((d) => d.days));
const N = 20_000;
let t0 = performance.now();
for (let i = 0; i < N; i++) {
  const start = addDays('2025-01-01', i % 700);
  computeDue(cal, { start, startReason: 'x', extensionDays: i % 3 ? 0 : 20, pauses: i % 2 ? [] : [{ from: addDays(start, 3), to: addDays(start, 20), label: '征求意见' }] });
}
const clockMs = performance.now() - t0;
console.log(`computeDue: ${N} 次，${clockMs.toFixed(0)} ms，${((clockMs * 1000) / N).toFixed(1)} µs/次`);

const db = await openTestDb('sqlite');
const clock = fixedClock('2026-12-11T02:00:00Z');
await loadDemo(db.db, clock);
const actor = (await identityService.actorFor(db.db, (await findUserByUsername(db.db, 'cixian.gkb'))!.id, 'token'))!;
const CASES = 500;
t0 = performance.now();
for (let i = 0; i < CASES; i++) {
  const r = await service.registerOffline({ db: db.db, clock }, actor, { org: '130427', channel: 'in_person', received_on: addDays('2026-11-01', i % 40), applicant: { type: 'natural_person', name: `申请人${i}`, id_number: '130427199001011234', phone: '13800001111' }, description: '申请公开某项政府信息。', delivery: 'pickup' });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
}
const regMs = performance.now() - t0;
console.log(`登记：${CASES} 件，${regMs.toFixed(0)} ms，${(regMs / CASES).toFixed(2)} ms/件`);
await db.db.insertInto('calendar_year').values({ year: 2027, source: 'bench', updated_at: clock.now().toISOString() }).execute();
await db.db.insertInto('calendar_day').values({ date: '2027-01-01', year: 2027, kind: 'holiday', name: '元旦' }).execute();
t0 = performance.now();
const changed = await service.recomputeOpenCases({ db: db.db, clock }, 'bench');
const recMs = performance.now() - t0;
console.log(`日历变更后重算：${changed} 件有变化，共 ${recMs.toFixed(0)} ms，${(recMs / (CASES + 7)).toFixed(2)} ms/件`);
t0 = performance.now();
const counts = await service.queueCounts({ db: db.db, clock }, actor);
const qMs = performance.now() - t0;
console.log(`办理清单计数（${CASES + 7} 件在办，含“超过内部目标”）：${qMs.toFixed(0)} ms（${JSON.stringify(counts)}）`);
await db.close();
