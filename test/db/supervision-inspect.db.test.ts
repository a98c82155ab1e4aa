// 月检查 (supervision inspection) on SQLite and PostgreSQL: each shipped rule finds its seeded row
// in 磁县 and not the on-time one nor 海珠's; a re-run raises nothing new; a rule switched off by an
// office finds nothing there; the monthly job runs once per month across two runners; problems get
// a public id, a due date on the working-day calendar and a first event `raised`.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { forEachDialect, type TestDb } from '../support/db.ts';
import { withDemo } from '../support/app.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { openDb } from '../../src/platform/db/db.ts';
import { JobRunner } from '../../src/platform/jobs/jobs.ts';
import { platformView, type Database, type Db } from '../../src/schema.ts';
import { inspect, supervisionJobs, InspectError, RULES } from '../../src/modules/supervision/index.ts';
import { rectificationDue } from '../../src/modules/supervision/deadline-classes.ts';
import { loadCalendar } from '../../src/platform/calendar/calendar.repository.ts';

const clock = fixedClock('2026-03-02T02:00:00Z');
const MONTH = '2026-02';
const AT = '2026-03-01T00:00:00Z';

async function orgPath(db: Db, code: string): Promise<string> {
  return (await db.selectFrom('organisation').select('path').where('code', '=', code).executeTakeFirstOrThrow()).path;
}

let serial = 90_000;
async function record(db: Db, o: { org: string; indexNo: string; title: string; genre?: string; state?: string; publishedOn?: string | null; dueOn: string; late?: number | null; validity?: string; expiresOn?: string | null }): Promise<number> {
  const cat = (await db.selectFrom('disclosure_category').select('code').executeTakeFirstOrThrow()).code;
  const published = o.publishedOn ?? null;
  const r = await db.insertInto('disclosure').values({
    index_no: o.indexNo, index_serial: serial++, org_code: o.org, org_path: await orgPath(db, o.org), publisher: o.org, title: o.title, document_no: null,
    genre: o.genre ?? 'notice', category_code: cat, validity: o.validity ?? 'effective', effective_on: null, expires_on: o.expiresOn ?? null, repealed_on: null, written_on: null,
    formed_on: '2026-01-05', state: o.state ?? 'published', published_at: published ? `${published}T02:00:00.000Z` : null, published_on: published,
    withdrawn_at: null, withdrawn_reason: null, due_on: o.dueOn, due_explanation: '测试', late_working_days: o.late ?? null, author_id: null, created_at: AT, updated_at: AT, openness_reason: null,
  }).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

async function application(db: Db, o: { org: string; reference: string; dueOn: string; decidedOn?: string | null; stage?: string }): Promise<void> {
  await db.insertInto('application_case').values({
    reference: o.reference, tracking_hash: `h-${o.reference}`, org_code: o.org, org_path: await orgPath(db, o.org), registered_org_code: o.org, assigned_org_code: null, assigned_org_path: null,
    channel: 'online', submitted_on: '2026-01-10', received_on: '2026-01-10', applicant_type: 'citizen', applicant_subtype: null, applicant_name: '测试', applicant_id_number: null, applicant_phone: null,
    applicant_email: null, applicant_address: null, description: '测试', delivery: 'email', stage: o.stage ?? 'assigned', due_on: o.dueOn, due_provisional: 0, due_explanation: '', days_left: null,
    outcome: o.decidedOn ? 'disclosed' : null, decided_on: o.decidedOn ?? null, delivered_on: null, closed_on: null, idempotency_key: null, created_at: AT, updated_at: AT,
  }).execute();
}

async function message(db: Db, o: { org: string; reference: string; dueOn: string; closedOn?: string | null; source?: string; originalDueOn?: string }): Promise<void> {
  const cls = (await db.selectFrom('message_deadline_class').select('code').executeTakeFirstOrThrow()).code;
  const cat = (await db.selectFrom('message_category').select('code').executeTakeFirstOrThrow()).code;
  await db.insertInto('message').values({
    reference: o.reference, tracking_hash: `h-${o.reference}`, source: o.source ?? 'web', org_code: o.org, org_path: await orgPath(db, o.org), routed_org: null, assignee_org: null, assignee_path: null,
    category_code: cat, region_code: null, title: '测试留言', content: '测试', address: null, lat: null, lng: null, contact_name: null, contact_phone: null, contact_email: null,
    is_public: 0, sensitive: 0, stage: o.closedOn ? 'closed' : 'in_progress', class_code: cls, received_on: '2026-02-01', due_on: o.dueOn, original_due_on: o.originalDueOn ?? o.dueOn, due_explanation: '',
    assigned_on: null, replied_on: null, closed_on: o.closedOn ?? null, rating: null, reopened: 0, response: null, responded_on: null, application_ref: null, idempotency_key: null,
    created_at: AT, updated_at: AT,
  } as never).execute();
}

async function rating(db: Db, o: { org: string; publicId: string; callbackDueOn: string; calledBackOn?: string | null }): Promise<void> {
  await sql`insert into rating (public_id, org_code, org_path, subject, channel, level, is_bad, rated_on, rated_at, state, callback_due_on, called_back_on, created_at, updated_at)
    values (${o.publicId}, ${o.org}, ${await orgPath(db, o.org)}, 'service', 'web', 1, 1, '2026-02-01', ${AT}, 'open', ${o.callbackDueOn}, ${o.calledBackOn ?? null}, ${AT}, ${AT})`.execute(db);
}

const subjects = async (db: Db, rule: string) => (await db.selectFrom('sv_problem').select(['subject_ref', 'org_code']).where('rule_code', '=', rule).where('month', '=', MONTH).execute()).map((r) => r.subject_ref);

forEachDialect('supervision inspection', (get) => {
  before(async () => {
    const { db } = get();
    // 磁县 (130427, office 130427-gkb) and 海珠 (440105, office 440105-gkb)
    await record(db, { org: '130427-mzj', indexNo: 'T-LATE', title: '逾期公开的通知', publishedOn: '2026-02-10', dueOn: '2026-02-05', late: 3 });
    await record(db, { org: '130427-mzj', indexNo: 'T-ONTIME', title: '按时公开的通知', publishedOn: '2026-02-10', dueOn: '2026-02-12', late: 0 });
    await record(db, { org: '440105-lsz', indexNo: 'T-OTHER', title: '海珠逾期公开的通知', publishedOn: '2026-02-10', dueOn: '2026-02-05', late: 3 });
    await record(db, { org: '130427-mzj', indexNo: 'T-UNPUB', title: '超期未公开的通知', state: 'submitted', dueOn: '2026-02-20' });
    await record(db, { org: '130427-mzj', indexNo: 'T-EXPIRED', title: '已过有效期的文件', publishedOn: '2025-06-01', dueOn: '2025-06-01', late: 0, expiresOn: '2026-02-15' });
    await record(db, { org: '130427-mzj', indexNo: 'T-VALID', title: '尚在有效期的文件', publishedOn: '2025-06-01', dueOn: '2025-06-01', late: 0, expiresOn: '2026-12-31' });
    await record(db, { org: '130427-mzj', indexNo: 'T-NORM', title: '无解读的规范性文件', genre: 'normative', publishedOn: '2026-02-11', dueOn: '2026-02-20', late: 0 });
    const normWith = await record(db, { org: '130427-mzj', indexNo: 'T-NORM2', title: '有解读的规范性文件', genre: 'normative', publishedOn: '2026-02-11', dueOn: '2026-02-20', late: 0 });
    const jd = await record(db, { org: '130427-mzj', indexNo: 'T-JD', title: '解读', genre: 'interpretation', publishedOn: '2026-02-12', dueOn: '2026-02-20', late: 0 });
    await db.insertInto('disclosure_link').values({ from_id: jd, to_id: normWith, kind: 'interprets' }).execute();
    await application(db, { org: '130427-mzj', reference: 'TA-OVERDUE', dueOn: '2026-02-10' });
    await application(db, { org: '130427-mzj', reference: 'TA-OPEN', dueOn: '2026-03-20' });
    await application(db, { org: '130427-mzj', reference: 'TA-LATE', dueOn: '2026-02-10', decidedOn: '2026-02-13', stage: 'decided' });
    await application(db, { org: '440105-lsz', reference: 'TA-OTHER', dueOn: '2026-02-10' });
    await message(db, { org: '130427-mzj', reference: 'TM-OVERDUE', dueOn: '2026-02-10' });
    await message(db, { org: '130427-mzj', reference: 'TM-CLOSEDLATE', dueOn: '2026-02-10', closedOn: '2026-02-12', source: 'hotline' });
    await message(db, { org: '130427-mzj', reference: 'TM-ONTIME', dueOn: '2026-02-10', closedOn: '2026-02-09' });
    await message(db, { org: '440105-lsz', reference: 'TM-OTHER', dueOn: '2026-02-10' });
    await rating(db, { org: '130427-mzj', publicId: 'PJTEST0001', callbackDueOn: '2026-02-10' });
    await rating(db, { org: '130427-mzj', publicId: 'PJTEST0002', callbackDueOn: '2026-02-10', calledBackOn: '2026-02-09' });
  }, undefined);

  test('a bad month is refused with a Chinese message', async () => {
    await assert.rejects(inspect({ db: get().db, clock }, { month: '2026-13', trigger: 'cli', by: 'cli' }), (e: unknown) => e instanceof InspectError && e.code === 'month_invalid' && /月份/.test(e.message));
    // a month that has not begun (after the clock's) is refused too, and leaves no inspection row
    await assert.rejects(inspect({ db: get().db, clock }, { month: '2099-01', trigger: 'cli', by: 'cli' }), (e: unknown) => e instanceof InspectError && e.code === 'month_future' && /尚未开始/.test(e.message));
    assert.equal((await get().db.selectFrom('sv_inspection').select('id').where('month', '=', '2099-01').execute()).length, 0);
  });

  test('each rule finds the seeded row of 磁县, not the on-time one nor 海珠 (outside the scope)', async () => {
    const { db } = get();
    const probed: string[] = [];
    const probe = async (p: string) => { probed.push(p); return p.includes('T-JD') ? 500 : 200; };
    const r = await inspect({ db, clock, probe }, { month: MONTH, scopeOrgCode: '130427-gkb', trigger: 'manual', by: 'tester' });
    assert.ok(r.raised > 0);
    assert.deepEqual((await subjects(db, 'disclosure_late')).sort(), ['disclosure:T-LATE', 'disclosure:T-UNPUB']);
    assert.ok((await subjects(db, 'validity_past')).includes('disclosure:T-EXPIRED'));
    assert.ok(!(await subjects(db, 'validity_past')).includes('disclosure:T-VALID'));
    const interp = await subjects(db, 'interpretation_missing');
    assert.ok(interp.includes('disclosure:T-NORM') && !interp.includes('disclosure:T-NORM2'));
    const overdue = await subjects(db, 'application_overdue');
    assert.ok(overdue.includes('application:TA-OVERDUE') && !overdue.includes('application:TA-OPEN') && !overdue.includes('application:TA-OTHER') && !overdue.includes('application:TA-LATE'));
    const late = await subjects(db, 'application_late');
    assert.ok(late.includes('application:TA-LATE') && !late.includes('application:TA-OVERDUE'));
    assert.ok((await subjects(db, 'message_overdue')).includes('message:TM-OVERDUE'));
    assert.ok(!(await subjects(db, 'message_overdue')).includes('message:TM-OTHER'));
    const noLetter = await subjects(db, 'application_no_letter');
    assert.ok(noLetter.includes('application:TA-LATE') && !noLetter.includes('application:TA-OVERDUE'));
    const closedLate = await subjects(db, 'message_closed_late');
    assert.ok(closedLate.includes('message:TM-CLOSEDLATE') && !closedLate.includes('message:TM-ONTIME'));
    // (the demo's own 差评 may be found too: only the two seeded here are judged)
    const callbacks = (await subjects(db, 'rating_callback')).filter((x) => x.startsWith('rating:PJTEST'));
    assert.deepEqual(callbacks, ['rating:PJTEST0001']);
    // departments' 2025 report was due 2026-01-31 (第四十九条); the county government's is due 03-31
    const reports = await db.selectFrom('sv_problem').select('org_code').where('rule_code', '=', 'annual_report_late').where('month', '=', MONTH).execute();
    assert.ok(reports.some((x) => x.org_code === '130427-mzj'));
    assert.ok(!reports.some((x) => x.org_code === '130427'));
    // the feed of each organisation and the month's record pages were asked; the failing page is a finding
    assert.ok(probed.includes('/openness/disclosures/feeds/org/130427-mzj/rss.xml'));
    assert.deepEqual(await subjects(db, 'site_error'), ['page:T-JD']);
    // nothing of 海珠
    const foreign = await db.selectFrom('sv_problem').select('public_id').where('org_path', 'like', '/44/%').where('month', '=', MONTH).execute();
    assert.equal(foreign.length, 0);
    // the problem row: public id, office, state, due date from its deadline class, first event
    const p = await db.selectFrom('sv_problem').selectAll().where('subject_ref', '=', 'application:TA-OVERDUE').executeTakeFirstOrThrow();
    assert.match(p.public_id, /^WT-2026-02-\d{5}$/);
    assert.equal(p.office_org_code, '130427-gkb');
    assert.equal(p.state, 'open');
    assert.equal(p.open_key, p.fingerprint);
    assert.equal(p.found_on, '2026-03-02');
    assert.equal(p.due_on, rectificationDue(await loadCalendar(platformView(db)), '2026-03-02', 'immediate').dueOn);
    const ev = await db.selectFrom('sv_problem_event').selectAll().where('problem_id', '=', p.id).execute();
    assert.deepEqual(ev.map((e) => [e.seq, e.kind]), [[1, 'raised']]);
    const run = await db.selectFrom('sv_inspection').selectAll().where('id', '=', r.inspectionId).executeTakeFirstOrThrow();
    assert.equal(run.raised, r.raised);
    assert.ok(run.finished_at);
  });

  test('a re-run raises nothing new; a closed problem is not raised again for the same month', async () => {
    const { db } = get();
    const before = Number((await db.selectFrom('sv_problem').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const r = await inspect({ db, clock }, { month: MONTH, scopeOrgCode: '130427', trigger: 'manual', by: 'tester' });
    assert.ok(r.found > 0);
    assert.equal(r.raised, 0);
    await db.updateTable('sv_problem').set({ open_key: null, state: 'closed' }).where('subject_ref', '=', 'application:TA-OVERDUE').execute();
    const again = await inspect({ db, clock }, { month: MONTH, scopeOrgCode: '130427', trigger: 'manual', by: 'tester' });
    assert.equal(again.raised, 0);
    const after = Number((await db.selectFrom('sv_problem').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    assert.equal(after, before);
  });

  test('a rule switched off by 海珠\'s office finds nothing there; on in 磁县 it still runs', async () => {
    const { db } = get();
    await db.insertInto('sv_rule_setting').values({ office_org_code: '440105-gkb', rule_code: 'application_overdue', active: 0, updated_by: 't', updated_at: AT }).execute();
    const rules = RULES.filter((x) => x.code === 'application_overdue' || x.code === 'disclosure_late');
    const r = await inspect({ db, clock }, { month: MONTH, scopeOrgCode: '440105-gkb', trigger: 'manual', by: 'tester', rules });
    const byRule = Object.fromEntries(r.rules.map((x) => [x.rule, x]));
    assert.equal(byRule.application_overdue!.found, 0);
    assert.equal(byRule.disclosure_late!.found, 1);
    assert.ok(!(await subjects(db, 'application_overdue')).includes('application:TA-OTHER'));
    assert.ok((await subjects(db, 'disclosure_late')).includes('disclosure:T-OTHER'));
  });

  test('照单公开: a catalogue item of 海珠 with no public record is found, one with a record is not', async () => {
    const { db } = get();
    const items = await db.selectFrom('catalog as c').innerJoin('organisation as o', 'o.code', 'c.org_code')
      .innerJoin('catalog_version as v', 'v.catalog_id', 'c.id').innerJoin('catalog_item as i', 'i.version_id', 'v.id')
      .select(['c.id as catalogId', 'i.item_key as itemKey', 'c.org_code as org', 'v.version_no'])
      .where('o.path', 'like', '/44/4401/440105/%').where('c.kind', '=', 'local').where('v.status', '=', 'published').where('i.mode_proactive', '=', 1)
      .orderBy('c.id').orderBy('v.version_no', 'desc').orderBy('i.seq').execute();
    const latest = items.filter((x) => x.version_no === Math.max(...items.filter((y) => y.catalogId === x.catalogId).map((y) => y.version_no)));
    const [covered, blank] = latest;
    assert.ok(covered && blank, 'the demo has a published catalogue in 海珠');
    const id = await record(db, { org: covered.org, indexNo: 'T-ITEM', title: '照单公开的信息', publishedOn: '2026-02-03', dueOn: '2026-02-20', late: 0 });
    await db.insertInto('disclosure_catalog_item').values({ disclosure_id: id, catalog_id: covered.catalogId, item_key: covered.itemKey }).execute();
    // the rule itself (the demo's own inspection already raised 海珠's blank items, so a run would dedupe them)
    const rule = RULES.find((x) => x.code === 'catalog_blank')!;
    const findings = await rule.find({ db, month: MONTH, from: '2026-02-01', to: '2026-02-28', today: clock.today(), asOf: '2026-02-28', nowIso: clock.now().toISOString(), paths: ['/44/4401/440105/'], orgs: new Map() });
    const found = findings.map((f) => f.subjectRef);
    // not in 磁县's scope
    const cixian = await rule.find({ db, month: MONTH, from: '2026-02-01', to: '2026-02-28', today: clock.today(), asOf: '2026-02-28', nowIso: clock.now().toISOString(), paths: ['/13/1304/130427/'], orgs: new Map() });
    assert.ok(!cixian.some((f) => f.subjectRef === `catalog:${blank.catalogId}:${blank.itemKey}`));
    assert.ok(found.includes(`catalog:${blank.catalogId}:${blank.itemKey}`));
    assert.ok(!found.includes(`catalog:${covered.catalogId}:${covered.itemKey}`));
  });

  test('the monthly job inspects the previous month once across two runners, however often it is asked', async () => {
    const t = get();
    const other = t.dialect === 'postgres' ? openDb<Database>({ databaseUrl: process.env.TEST_DATABASE_URL as string, pgSchema: (await sql<{ s: string }>`select current_schema() as s`.execute(t.db)).rows[0]!.s, poolSize: 2 }) : t.db;
    try {
      let now = Date.parse('2026-03-02T02:00:00Z');
      const a = new JobRunner(platformView(t.db), { owner: 'A', now: () => new Date(now) });
      const b = new JobRunner(platformView(other), { owner: 'B', now: () => new Date(now) });
      for (const j of supervisionJobs({ db: t.db, clock })) a.register(j);
      for (const j of supervisionJobs({ db: other, clock })) b.register(j);
      await Promise.all([a.runDue(), b.runDue()]);
      now += 7 * 3_600_000; // the next period: asked again
      await Promise.all([a.runDue(), b.runDue()]);
      const runs = await t.db.selectFrom('sv_inspection').select(['month', 'trigger']).where('trigger', '=', 'schedule').execute();
      assert.deepEqual(runs, [{ month: MONTH, trigger: 'schedule' }]);
    } finally {
      if (other !== t.db) await other.destroy();
    }
  });

  test('messages closed late: judged with the installation\'s 按时办结 options, as the figures are (extension not moving the deadline)', async () => {
    const t = get();
    // extended to 02-20, closed 02-15: on time when extensions move the deadline, late against the original 02-10
    await message(t.db, { org: '130427-mzj', reference: 'LY-EXT-1', dueOn: '2026-02-20', originalDueOn: '2026-02-10', closedOn: '2026-02-15' });
    const rule = RULES.filter((r) => r.code === 'message_closed_late');
    const run = (onTime?: { extensionsMoveDeadline: boolean }) => inspect({ db: t.db, clock, onTime }, { month: MONTH, scopeOrgCode: '130427-gkb', trigger: 'manual', by: 'test', rules: rule, audit: false });
    const refs = async () => (await t.db.selectFrom('sv_problem').select('subject_ref').where('rule_code', '=', 'message_closed_late').where('subject_ref', '=', 'message:LY-EXT-1').execute()).length;
    await run();
    assert.equal(await refs(), 0, 'default: the extended deadline counts, closed on time');
    await run({ extensionsMoveDeadline: false });
    assert.equal(await refs(), 1, 'the original deadline counts: closed late, raised');
  });

  test('a scheduled run cut short (no finished_at) does not count: the job runs the month again', async () => {
    const t = get();
    const april = fixedClock('2026-04-02T02:00:00Z'); // previous month 2026-03, not run by the tests above
    await t.db.insertInto('sv_inspection').values({ month: '2026-03', scope_org_code: 'all', trigger: 'schedule', started_at: '2026-04-01T02:00:00.000Z', started_by: 'system', found: 0, raised: 0, summary_json: '{"done":1,"total":12}' }).execute();
    const [job] = supervisionJobs({ db: t.db, clock: april });
    const out = await job!.run();
    assert.equal((out as { month?: string } | undefined)?.month, '2026-03', 'the month is inspected again');
    const runs = await t.db.selectFrom('sv_inspection').select(['finished_at']).where('month', '=', '2026-03').where('trigger', '=', 'schedule').orderBy('id').execute();
    assert.equal(runs.length, 2);
    assert.ok(runs[1]!.finished_at, 'the new run finished');
    assert.equal(await job!.run(), undefined, 'asked again: the finished run counts');
  });
}, async (t: TestDb) => { await withDemo(t); });
