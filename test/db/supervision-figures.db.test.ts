// The supervision figures over seeded rows on SQLite and PostgreSQL: each rate worked out by hand
// below (on time, late, excluded, not yet due, another county not counted), per organisation over
// its subtree, per month, and the period parser's refusals.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect, type TestDb } from '../support/db.ts';
import { insertOrganisations, type Organisation } from '../../src/modules/identity/index.ts';
import { tallies } from '../../src/modules/ratings/statistics.queries.ts';
import { figuresOf, totalOf } from '../../src/modules/ratings/statistics.ts';
import { monthlyFigures, organisationFigures, parseFigurePeriod, type FigureDeps, type FigureKey, type OrgFigures } from '../../src/modules/supervision/index.ts';

const AT = new Date('2026-01-01T00:00:00Z');
const TODAY = '2026-04-15';
const org = (code: string, name: string, kind: Organisation['kind'], parentCode: string | null, path: string, regionCode: string): Organisation => ({ code, name, kind, regionCode, parentCode, path, disabled: false });
const GOV = org('130427', '磁县人民政府', 'government', null, '/130427/', '130427000000');
const DEPT = org('130427-mzj', '磁县民政局', 'department', '130427', '/130427/130427-mzj/', '130427000000');
const TOWN = org('130427100', '磁州镇人民政府', 'township_government', '130427', '/130427/130427100/', '130427000000');
const OTHER = org('130481', '武安市人民政府', 'government', null, '/130481/', '130481000000');
const ALL = [GOV, DEPT, TOWN, OTHER];
const Q1 = { from: '2026-01-01', to: '2026-03-31' };

let n = 0;
async function seed(t: TestDb) {
  const db = t.db;
  await db.insertInto('region').values([
    { code: '130427000000', name: '磁县', level: 'county', parent_code: null },
    { code: '130481000000', name: '武安市', level: 'county', parent_code: null },
  ]).execute();
  await insertOrganisations(db, ALL, AT);
  const now = AT.toISOString();

  // --- 主动公开: due_on in Q1 counts ---
  const record = (o: Organisation, p: { due: string | null; state: string; publishedAt?: string | null; late?: number | null }) => {
    n++;
    return db.insertInto('disclosure').values({
      index_no: `T-${n}`, index_serial: n, org_code: o.code, org_path: o.path, publisher: o.name, title: `文件${n}`, document_no: null, genre: 'notice', category_code: 'zhzw',
      validity: 'effective', effective_on: null, expires_on: null, repealed_on: null, written_on: null, formed_on: '2026-01-01', state: p.state,
      published_at: p.publishedAt ?? null, published_on: p.publishedAt ? p.publishedAt.slice(0, 10) : null, withdrawn_at: null, withdrawn_reason: null,
      due_on: p.due, due_explanation: null, late_working_days: p.late ?? null, author_id: null, created_at: now, updated_at: now,
    }).execute();
  };
  await record(GOV, { due: '2026-02-10', state: 'published', publishedAt: '2026-02-09T02:00:00.000Z', late: 0 }); // on time
  await record(DEPT, { due: '2026-02-20', state: 'published', publishedAt: '2026-02-25T02:00:00.000Z', late: 3 }); // late
  await record(DEPT, { due: '2026-03-05', state: 'draft' }); // unpublished past its due date: late
  await record(TOWN, { due: '2026-03-31', state: 'published', publishedAt: '2026-03-30T02:00:00.000Z', late: 0 }); // on time
  await record(GOV, { due: '2026-05-01', state: 'published', publishedAt: '2026-01-20T02:00:00.000Z', late: 0 }); // due after Q1: not in Q1
  await record(GOV, { due: '2026-01-15', state: 'withdrawn', publishedAt: null }); // withdrawn before ever public: not counted
  await record(GOV, { due: null, state: 'published', publishedAt: '2026-02-01T02:00:00.000Z' }); // imported, no due date: not counted
  await record(GOV, { due: '2026-04-20', state: 'submitted' }); // due in April, not yet: pending in April
  await record(OTHER, { due: '2026-02-10', state: 'published', publishedAt: '2026-02-09T02:00:00.000Z', late: 0 }); // other county

  // --- 依申请公开: due_on in Q1 counts; answered = decided_on ---
  const application = (o: Organisation, p: { due: string | null; decided: string | null; stage: string }) => {
    n++;
    return db.insertInto('application_case').values({
      reference: `A-${n}`, tracking_hash: 'x', org_code: o.code, org_path: o.path, registered_org_code: o.code, assigned_org_code: null, assigned_org_path: null,
      channel: 'in_person', submitted_on: '2026-01-02', received_on: '2026-01-02', applicant_type: 'natural_person', applicant_subtype: null,
      applicant_name: '申请人', applicant_id_number: null, applicant_phone: null, applicant_email: null, applicant_address: null, description: '测试', delivery: 'pickup',
      stage: p.stage, due_on: p.due, due_provisional: 0, due_explanation: '', days_left: null, outcome: p.decided ? 'disclose' : null, decided_on: p.decided, delivered_on: null,
      closed_on: p.decided, idempotency_key: null, created_at: now, updated_at: now,
    }).execute();
  };
  await application(GOV, { due: '2026-01-20', decided: '2026-01-18', stage: 'closed' }); // on time
  await application(GOV, { due: '2026-02-20', decided: '2026-02-25', stage: 'closed' }); // late
  await application(DEPT, { due: '2026-03-10', decided: null, stage: 'assigned' }); // overdue: late
  await application(DEPT, { due: '2026-03-10', decided: null, stage: 'withdrawn' }); // withdrawn: not counted
  await application(GOV, { due: null, decided: null, stage: 'in_consultation' }); // clock stopped: not counted
  await application(OTHER, { due: '2026-01-20', decided: '2026-01-19', stage: 'closed' }); // other county

  // --- 民心直通车/12345: the /interaction/statistics formula (deadline in the period) ---
  const message = (o: Organisation, p: { source?: string; assignee?: Organisation; received: string; due: string; closed: string | null; stage: string }) => {
    n++;
    return db.insertInto('message').values({
      reference: `M-${n}`, tracking_hash: 'x', source: p.source ?? 'web', org_code: o.code, org_path: o.path, routed_org: null,
      assignee_org: p.assignee?.code ?? null, assignee_path: p.assignee?.path ?? null, category_code: 'roads', region_code: null, title: '路灯', content: '路灯不亮',
      address: null, lat: null, lng: null, contact_name: null, contact_phone: null, contact_email: null, is_public: 0, sensitive: 0, stage: p.stage, class_code: 'normal',
      received_on: p.received, due_on: p.due, original_due_on: null, due_explanation: '', assigned_on: p.assignee ? p.received : null, replied_on: p.closed, closed_on: p.closed,
      rating: null, reopened: 0, response: null, responded_on: null, application_ref: null, idempotency_key: null, work_order_no: null, operator_no: null, order_type: null,
      called_at: null, planned_at: null, external_status: null, event_count: 0, created_at: now, updated_at: now,
    }).execute();
  };
  await message(GOV, { assignee: DEPT, received: '2026-01-05', due: '2026-01-20', closed: '2026-01-18', stage: 'closed' }); // on time, handled by the department
  await message(GOV, { received: '2026-02-01', due: '2026-02-15', closed: '2026-02-20', stage: 'closed' }); // late
  await message(GOV, { received: '2026-02-01', due: '2026-02-15', closed: '2026-02-03', stage: 'rejected' }); // rejected: never due
  await message(TOWN, { source: 'hotline', received: '2026-03-01', due: '2026-03-20', closed: null, stage: 'in_progress' }); // open past its deadline: late
  await message(OTHER, { received: '2026-01-05', due: '2026-01-20', closed: '2026-01-10', stage: 'closed' }); // other county

  // --- 好差评 ---
  const rating = (o: Organisation, level: number, p: { on?: string; calledBack?: string | null; excluded?: number; named?: boolean } = {}) => {
    n++;
    return db.insertInto('rating').values({
      public_id: `PJ${String(n).padStart(12, '0')}`, org_code: o.code, org_path: o.path, subject: 'item', venue_public_id: null, item_public_id: null, window_code: null, staff_no: null,
      case_ref: null, channel: 'web', level, is_bad: level <= 2 ? 1 : 0, indicators_json: '{}', reasons_json: '[]', text: '', rater_name: p.named ? '张三' : null, rater_phone: p.named ? '13800138000' : null,
      rated_on: p.on ?? '2026-02-01', rated_at: `${p.on ?? '2026-02-01'}T02:00:00.000Z`, entered_by: null, state: level <= 2 ? 'open' : 'none', callback_due_on: null,
      called_back_on: p.calledBack ?? null, rectify_due_on: null, rectified_on: null, replied_on: null, closed_on: null, excluded: p.excluded ?? 0, rerating_of: null, created_at: now, updated_at: now,
    }).execute();
  };
  await rating(DEPT, 5);
  await rating(DEPT, 4);
  await rating(DEPT, 3);
  await rating(DEPT, 2, { calledBack: '2026-02-02', named: true });
  await rating(DEPT, 1, { named: true });
  await rating(DEPT, 1, { excluded: 1 }); // upheld appeal: left out
  await rating(DEPT, 1, { on: '2026-04-02' }); // after Q1
  await rating(OTHER, 5);

  // --- 问题清单 (found_on in Q1) ---
  const problem = (o: Organisation, p: { found: string; due: string; closed: string | null; state: string }) => {
    n++;
    return db.insertInto('sv_problem').values({
      public_id: `WT-2026-00-${n}`, rule_code: 'late_publication', org_code: o.code, org_path: o.path, office_org_code: '130427', month: p.found.slice(0, 7), fingerprint: `f${n}`,
      open_key: p.closed || p.state === 'dismissed' ? null : `f${n}`, subject_ref: '', title: '问题', detail: '', evidence_url: null, severity: 'normal', state: p.state,
      found_on: p.found, due_on: p.due, measures: '', rectified_on: p.closed, verify_note: '', closed_on: p.closed, escalated_on: null, inspection_id: null,
      created_by: 'test', created_at: now, updated_at: now,
    }).execute();
  };
  await problem(DEPT, { found: '2026-01-10', due: '2026-02-10', closed: '2026-02-01', state: 'closed' }); // closed on time
  await problem(DEPT, { found: '2026-02-10', due: '2026-03-10', closed: '2026-03-20', state: 'closed' }); // closed late
  await problem(TOWN, { found: '2026-03-01', due: '2026-03-31', closed: null, state: 'open' }); // open, overdue
  await problem(TOWN, { found: '2026-03-20', due: '2026-05-20', closed: null, state: 'open' }); // open, not due yet
  await problem(GOV, { found: '2026-02-01', due: '2026-03-01', closed: null, state: 'dismissed' }); // false finding: left out
  await problem(OTHER, { found: '2026-02-01', due: '2026-03-01', closed: '2026-02-15', state: 'closed' }); // other county
}

const nd = (r: OrgFigures, k: FigureKey) => [r.figures[k].numerator, r.figures[k].denominator];

forEachDialect('supervision figures', (get) => {
  const deps = (): FigureDeps => ({ db: get().db, onTime: { extensionsMoveDeadline: true }, today: TODAY, nowIso: '2026-04-15T02:00:00.000Z' });

  test('per organisation over its subtree: every rate as worked out by hand; the other county is not counted', async () => {
    const rows = await organisationFigures(deps(), [GOV, DEPT, TOWN], Q1);
    const [gov, dept, town] = rows as [OrgFigures, OrgFigures, OrgFigures];
    assert.deepEqual(rows.map((r) => r.org.code), ['130427', '130427-mzj', '130427100']);
    // 主动公开: gov on time, dept late + unpublished overdue, town on time → 2/4; April's, withdrawn, undated left out.
    assert.deepEqual(nd(gov, 'disclosure_on_time'), [2, 4]);
    assert.equal(gov.figures.disclosure_on_time.rate, 0.5);
    assert.deepEqual(nd(dept, 'disclosure_on_time'), [0, 2]);
    assert.deepEqual(nd(town, 'disclosure_on_time'), [1, 1]);
    // 依申请公开: on time, late, overdue → 1/3; withdrawn and stopped clock left out.
    assert.deepEqual(nd(gov, 'application_on_time'), [1, 3]);
    assert.deepEqual(nd(dept, 'application_on_time'), [0, 1]);
    // 留言/12345: dept's on time (handled there), gov late, town overdue → 1/3; rejected left out.
    assert.deepEqual(nd(gov, 'message_on_time'), [1, 3]);
    assert.deepEqual(nd(dept, 'message_on_time'), [1, 1]);
    assert.deepEqual(nd(town, 'message_on_time'), [0, 1]);
    // 好差评: 5,4,3,2,1 in Q1 (the excluded 1 and April's 1 left out) → good 2/5; named bad 2, called back 1.
    assert.deepEqual(nd(gov, 'rating_good'), [2, 5]);
    assert.equal(gov.figures.rating_good.rate, 0.4);
    assert.deepEqual(nd(gov, 'rating_callback'), [1, 2]);
    assert.equal(town.figures.rating_good.rate, null);
    // 整改: 4 raised (dismissed left out), 2 closed; due = 2 closed + 1 overdue, 1 closed on time; 1 not due yet.
    assert.deepEqual(nd(gov, 'rectification_done'), [2, 4]);
    assert.deepEqual(nd(gov, 'rectification_on_time'), [1, 3]);
    assert.equal(gov.figures.rectification_on_time.pending, 1);
    assert.deepEqual(nd(town, 'rectification_done'), [0, 2]);
    assert.match(gov.figures.disclosure_on_time.definition, /第二十六条/);
    assert.equal(gov.figures.message_on_time.label, '民心直通车/12345按时办结率');
  });

  test('差评回访率 is the ratings module\'s 回访率: named 差评 called back ÷ named 差评 (an anonymous 差评 cannot be called back)', async () => {
    const db = get().db;
    const Y2025 = { from: '2025-01-01', to: '2025-12-31' };
    const put = (level: number, named: boolean, calledBack: string | null) => {
      n++;
      const on = '2025-06-02';
      return db.insertInto('rating').values({
        public_id: `PJ${String(n).padStart(12, '0')}`, org_code: DEPT.code, org_path: DEPT.path, subject: 'item', venue_public_id: null, item_public_id: null, window_code: null, staff_no: null,
        case_ref: null, channel: 'web', level, is_bad: level <= 2 ? 1 : 0, indicators_json: '{}', reasons_json: '[]', text: '', rater_name: named ? '张三' : null, rater_phone: named ? '13800138000' : null,
        rated_on: on, rated_at: `${on}T02:00:00.000Z`, entered_by: null, state: named ? (calledBack ? 'rectify_due' : 'callback_due') : 'rectify_due', callback_due_on: null,
        called_back_on: calledBack, rectify_due_on: null, rectified_on: null, replied_on: null, closed_on: null, excluded: 0, rerating_of: null, created_at: `${on}T02:00:00.000Z`, updated_at: `${on}T02:00:00.000Z`,
      }).execute();
    };
    await put(2, true, '2025-06-03'); // named, called back
    await put(1, false, null); // anonymous: goes straight to 整改, nobody to call
    await put(5, true, null);
    const [dept] = await organisationFigures(deps(), [DEPT], Y2025);
    assert.deepEqual(nd(dept!, 'rating_callback'), [1, 1]);
    const ratings = figuresOf(totalOf(await tallies(db, { paths: [DEPT.path], ...Y2025 }, 'org')), 4);
    assert.equal(dept!.figures.rating_callback.rate, ratings.callbackRate);
    assert.equal(dept!.figures.rating_good.rate, ratings.goodRate);
    await db.deleteFrom('rating').where('rated_on', '=', '2025-06-02').execute();
  });

  test('the other county alone: its own rows only', async () => {
    const [other] = await organisationFigures(deps(), [OTHER], Q1) as [OrgFigures];
    for (const k of ['disclosure_on_time', 'application_on_time', 'message_on_time'] as const) assert.deepEqual(nd(other, k), [1, 1], k);
    assert.deepEqual(nd(other, 'rating_good'), [1, 1]);
    assert.deepEqual(nd(other, 'rectification_done'), [1, 1]);
  });

  test('a period not yet over: a record still within its limit is pending, not late', async () => {
    const [gov] = await organisationFigures(deps(), [GOV], { from: '2026-04-01', to: '2026-04-30' }, ['disclosure_on_time']) as [OrgFigures];
    assert.deepEqual(nd(gov, 'disclosure_on_time'), [0, 0]);
    assert.equal(gov.figures.disclosure_on_time.pending, 1);
    assert.equal(gov.figures.disclosure_on_time.rate, null);
    // only the figures asked for are computed
    assert.deepEqual(nd(gov, 'application_on_time'), [0, 0]);
  });

  test('per month over a scope: the same counts split by the month they fall in, every month listed', async () => {
    const months = await monthlyFigures(deps(), ['/130427/'], Q1);
    assert.deepEqual(months.map((m) => m.month), ['2026-01', '2026-02', '2026-03']);
    assert.deepEqual(months.map((m) => [m.figures.disclosure_on_time.numerator, m.figures.disclosure_on_time.denominator]), [[0, 0], [1, 2], [1, 2]]);
    assert.deepEqual(months.map((m) => [m.figures.application_on_time.numerator, m.figures.application_on_time.denominator]), [[1, 1], [0, 1], [0, 1]]);
    assert.deepEqual(months.map((m) => [m.figures.message_on_time.numerator, m.figures.message_on_time.denominator]), [[1, 1], [0, 1], [0, 1]]);
    assert.deepEqual(months.map((m) => m.figures.rectification_done.denominator), [1, 1, 2]);
    // more than 20 separate subtrees: read as the whole table, the same figures for the scope
    const many = ['/130427/', ...Array.from({ length: 25 }, (_, i) => `/999${i}/`)];
    assert.deepEqual(await monthlyFigures(deps(), many, Q1), months);
    const [wide] = await organisationFigures(deps(), [GOV, ...Array.from({ length: 25 }, (_, i) => ({ code: `x${i}`, name: 'x', path: `/999${i}/` }))], Q1);
    assert.deepEqual(wide, (await organisationFigures(deps(), [GOV], Q1))[0]);
    const all = await monthlyFigures(deps(), ['/'], Q1);
    assert.deepEqual(all.map((m) => m.figures.rectification_done.denominator), [1, 2, 2]);
  });
}, seed);

test('period input: year, quarter, month, from/to; refusals name the field in Chinese', () => {
  assert.deepEqual(parseFigurePeriod({ period: '2026-Q1' }, '2026'), { ok: true, period: { key: '2026-Q1', label: '2026年第一季度', from: '2026-01-01', to: '2026-03-31' } });
  assert.deepEqual(parseFigurePeriod({}, '2025'), { ok: true, period: { key: '2025', label: '2025年', from: '2025-01-01', to: '2025-12-31' } });
  assert.equal((parseFigurePeriod({ period: '2026-02' }, '2026') as { period: { to: string } }).period.to, '2026-02-28');
  assert.deepEqual(parseFigurePeriod({ from: '2026-01-05', to: '2026-02-05' }, '2026'), { ok: true, period: { key: '2026-01-05~2026-02-05', label: '2026-01-05 至 2026-02-05', from: '2026-01-05', to: '2026-02-05' } });
  for (const [q, field] of [[{ period: '2026-13' }, 'period'], [{ period: '二〇二六' }, 'period'], [{ from: '2026-02-30', to: '2026-03-01' }, 'from'], [{ from: '2026-03-01', to: '2026-02-01' }, 'from'], [{ from: '2010-01-01', to: '2026-01-01' }, 'to'], [{ from: '2026-01-01' }, 'to']] as const) {
    const r = parseFigurePeriod(q, '2026');
    assert.equal(r.ok, false, JSON.stringify(q));
    if (!r.ok) { assert.equal(r.field, field, JSON.stringify(q)); assert.match(r.message, /[\u4e00-\u9fa5]/); }
  }
});
