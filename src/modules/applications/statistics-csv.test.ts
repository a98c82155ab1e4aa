import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeStatistics, statisticsCsv } from './statistics-csv.ts';

const c = (org: string, got: string, done: string | null, due: string | null = null) => ({ org_code: org, received_on: got, submitted_on: got, delivered_on: done, closed_on: null, due_on: due });

test('received, closed and in progress per organisation and a total row', () => {
  const rows = computeStatistics([
    c('130427-mzj', '2025-12-20', '2026-01-10'), // carried over, closed in period
    c('130427-mzj', '2026-01-05', '2026-01-20'),
    c('130427-mzj', '2026-01-25', null, '2026-02-10'), // open, not overdue at 01-31
    c('130427-rsj', '2026-01-02', null, '2026-01-30'), // open and overdue at 01-31
    c('130427-rsj', '2026-02-02', null), // after the period: ignored
  ], '2026-01-01', '2026-01-31', { '130427-mzj': '磁县民政局', '130427-rsj': '磁县人社局' }, { code: '130427', name: '磁县' });
  assert.deepEqual(rows.map((r) => [r.orgCode, r.received, r.closed, r.inProgress, r.overdue]), [
    ['130427-mzj', 2, 2, 1, 0], ['130427-rsj', 1, 0, 1, 1], ['130427', 3, 2, 2, 1],
  ]);
});

test('CSV has a BOM, a header and neutralises formulas', () => {
  const csv = statisticsCsv([{ orgCode: 'x', orgName: '=cmd', received: 1, closed: 0, inProgress: 1, overdue: 0 }], '2026-01-01', '2026-01-31');
  assert.ok(csv.startsWith('\uFEFF机关代码,机关'));
  assert.match(csv, /x,'=cmd,2026-01-01,2026-01-31,1,0,1,0/);
  const tab = statisticsCsv([{ orgCode: 'y', orgName: '\t=1+1', received: 0, closed: 0, inProgress: 0, overdue: 0 }], '2026-01-01', '2026-01-31');
  assert.match(tab, /y,'\t=1\+1,/, 'a leading tab is neutralised too');
});
