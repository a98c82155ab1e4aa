// closureOnTimeByPath (one grouped query) gives exactly what /interaction/statistics computes
// (repo.statRows → statRecordOf → statistics.ts aggregate) per handling organisation, for every
// combination of the on-time options, on SQLite and PostgreSQL, over a spread of seeded messages
// (closed early, on the day, late, open before and after today, extended, rejected, converted,
// closed with an estimated date, handled by an assignee, in and out of the period).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect, type TestDb } from '../support/db.ts';
import { addDays } from '../../src/platform/clock/local-date.ts';
import { insertOrganisations, type Organisation } from '../../src/modules/identity/index.ts';
import { closureOnTimeByPath, type OnTimeOptions } from '../../src/modules/interaction/index.ts';
import * as repo from '../../src/modules/interaction/interaction.repository.ts';
import { statRecordOf } from '../../src/modules/interaction/public-figures.ts';
import { aggregate, type SourceKind } from '../../src/modules/interaction/statistics.ts';

const AT = '2026-01-01T00:00:00.000Z';
const TODAY = '2026-03-15';
const org = (code: string, parentCode: string | null, path: string): Organisation => ({ code, name: code, kind: parentCode ? 'department' : 'government', regionCode: '130427000000', parentCode, path, disabled: false });
const ORGS = [org('130427', null, '/130427/'), org('130427-a', '130427', '/130427/130427-a/'), org('130427-b', '130427', '/130427/130427-b/'), org('130481', null, '/130481/')];
const STAGES = ['closed', 'closed', 'in_progress', 'replied', 'rejected', 'converted_to_application', 'closed'];

async function seed(t: TestDb) {
  await t.db.insertInto('region').values({ code: '130427000000', name: '磁县', level: 'county', parent_code: null }).execute();
  await insertOrganisations(t.db, ORGS, new Date(AT));
  const rows = [];
  for (let i = 0; i < 240; i++) {
    const o = ORGS[i % 4]!;
    const assignee = i % 5 === 0 ? ORGS[1 + (i % 3)]! : null;
    const received = addDays('2026-01-01', (i * 7) % 100);
    const due = i % 17 === 0 ? null : addDays(received, 10 + (i % 6));
    const extended = due && i % 4 === 1 ? addDays(due, 10) : null;
    const stage = STAGES[i % STAGES.length]!;
    const open = stage === 'in_progress' || stage === 'replied';
    const closed = open || !due ? null : addDays(received, [3, 10, 15, 25, 12][i % 5]!);
    rows.push({
      reference: `E-${i}`, tracking_hash: 'x', source: i % 3 === 0 ? 'hotline' : 'web', org_code: o.code, org_path: o.path, routed_org: null,
      assignee_org: assignee?.code ?? null, assignee_path: assignee?.path ?? null, category_code: 'roads', region_code: null, title: 't', content: 'c',
      address: null, lat: null, lng: null, contact_name: null, contact_phone: null, contact_email: null, is_public: 0, sensitive: 0, stage, class_code: 'normal',
      received_on: received, due_on: extended ?? due, original_due_on: extended ? due : null, due_explanation: '', assigned_on: assignee ? received : null,
      replied_on: closed, closed_on: closed, closed_on_estimated: i % 23 === 0 ? 1 : 0, rating: null, reopened: 0, response: null, responded_on: null, application_ref: null,
      idempotency_key: null, work_order_no: null, operator_no: null, order_type: null, called_at: null, planned_at: null, external_status: null, event_count: 0, created_at: AT, updated_at: AT,
    });
  }
  await t.db.insertInto('message').values(rows).execute();
}

forEachDialect('closureOnTimeByPath equals the statistics page', (get) => {
  test('every option combination and source, per handling organisation path, as aggregate() counts it', async () => {
    const db = get().db;
    let compared = 0;
    for (const options of [{ extensionsMoveDeadline: true }, { extensionsMoveDeadline: false }, { extensionsMoveDeadline: true, basis: 'closure' }, { extensionsMoveDeadline: false, basis: 'closure' }] as OnTimeOptions[]) {
      for (const period of [{ from: '2026-01-01', to: '2026-03-31' }, { from: '2026-02-01', to: '2026-02-28' }, { from: '2026-03-01', to: '2026-04-30' }]) {
        for (const source of ['all', 'hotline', 'messages'] as SourceKind[]) {
          const records = (await repo.statRows(db, period.from, period.to, { paths: null, source: 'all' })).map((r) => ({ ...statRecordOf(r), org: r.assigneePath ?? r.orgPath }));
          const expected = aggregate(records, period, source, options, TODAY).rows.filter((r) => r.due || r.pending).map((r) => ({ path: r.org, due: r.due, onTime: r.onTime, pending: r.pending }));
          const got = (await closureOnTimeByPath(db, options, { paths: ['/'], ...period, today: TODAY, source })).sort((a, b) => a.path.localeCompare(b.path));
          assert.deepEqual(got, expected, JSON.stringify({ options, period, source }));
          compared += expected.reduce((n, r) => n + r.due, 0);
        }
      }
    }
    assert.ok(compared > 200, `only ${compared} items compared`);
  });

  test('a subtree keeps only its handling organisations; by month splits the same counts', async () => {
    const db = get().db;
    const opts = { extensionsMoveDeadline: true };
    const q1 = { from: '2026-01-01', to: '2026-03-31', today: TODAY };
    const all = await closureOnTimeByPath(db, opts, { paths: ['/'], ...q1 });
    const sub = await closureOnTimeByPath(db, opts, { paths: ['/130427/'], ...q1 });
    const byPath = (a: { path: string }, b: { path: string }) => a.path.localeCompare(b.path);
    assert.deepEqual([...sub].sort(byPath), all.filter((r) => r.path.startsWith('/130427/')).sort(byPath));
    assert.ok(sub.length >= 3 && all.some((r) => r.path.startsWith('/130481/')));
    const monthly = await closureOnTimeByPath(db, opts, { paths: ['/'], ...q1, byMonth: true });
    for (const r of all) {
      const m = monthly.filter((x) => x.path === r.path);
      assert.deepEqual([m.reduce((n, x) => n + x.due, 0), m.reduce((n, x) => n + x.onTime, 0)], [r.due, r.onTime], r.path);
    }
  });
}, seed);
