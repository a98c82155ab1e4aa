// 季度通报 generation on both dialects: the per-unit figures come from the supervision figures over
// the seeded records (a record published late and one on time in the quarter), the problems of the
// quarter count per unit, and the figures stay frozen — a record published late after generation
// changes neither the content nor the DOCX bytes until the draft is regenerated.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { withDemo } from '../support/app.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { findUserByUsername, identityService, type Actor } from '../../src/modules/identity/index.ts';
import { createAndPublish, DEFAULT_INDEX_FORMAT, emptyInput } from '../../src/modules/disclosures/index.ts';
import * as svc from '../../src/modules/supervision/bulletin.service.ts';
import { organisationFigures } from '../../src/modules/supervision/figures.ts';

const ON_TIME = { basis: 'deadline' as const, extensionsMoveDeadline: true };
const clock = fixedClock('2026-01-10T02:00:00Z');

forEachDialect('季度通报 generation', (get) => {
  let actor: Actor;
  const deps = () => ({ db: get().db, clock, indexFormat: DEFAULT_INDEX_FORMAT, countStartDay: false, figures: svc.supervisionFigures(ON_TIME, clock) });
  const publishAt = async (at: string, formedOn: string, title: string) => {
    const d = { db: get().db, clock: fixedClock(at), indexFormat: DEFAULT_INDEX_FORMAT, countStartDay: false };
    await createAndPublish(d, 'test', { ...emptyInput('130427-mzj'), title, bodyHtml: `<p>${title}</p>`, genre: 'notice', category: 'zhzw', formedOn });
  };

  before(async () => {
    const db = get().db;
    actor = (await identityService.actorFor(db, (await findUserByUsername(db, 'cixian.gkb'))!.id, 'session'))!;
    await publishAt('2025-12-20T02:00:00Z', '2025-10-09', '磁县民政局迟发的通知'); // due early November: late
    await publishAt('2025-10-22T02:00:00Z', '2025-10-20', '磁县民政局按时的通知');
    const o = await db.selectFrom('organisation').select('path').where('code', '=', '130427-rsj').executeTakeFirstOrThrow();
    await db.insertInto('sv_problem').values({
      public_id: 'WT-2025-11-00001', rule_code: 'late_publication', org_code: '130427-rsj', org_path: o.path, office_org_code: '130427-gkb', month: '2025-11', fingerprint: 'fp', open_key: 'fp',
      subject_ref: '', title: '人社局信息超期公开', detail: '', evidence_url: null, severity: 'major', state: 'open', found_on: '2025-11-05', due_on: '2025-12-05', measures: '', rectified_on: null,
      verify_note: '', closed_on: null, escalated_on: null, inspection_id: null, created_by: 'test', created_at: '2025-11-05T00:00:00Z', updated_at: '2025-11-05T00:00:00Z',
    }).execute();
  });

  test('figures per unit from the supervision figures; problems of the quarter; frozen on reprint until regenerated', async () => {
    const db = get().db;
    const made = await svc.create(deps(), { actor }, { office: '130427-gkb', year: '2025', quarter: '4' });
    assert.ok(made.ok, JSON.stringify(made));
    const b = await svc.loadForStaff(deps(), actor, made.publicId);
    const mzj = b.content.rows.find((r) => r.code === '130427-mzj')!;
    const org = await db.selectFrom('organisation').select(['code', 'name', 'path']).where('code', '=', '130427-mzj').executeTakeFirstOrThrow();
    const [expected] = await organisationFigures({ db, onTime: ON_TIME, today: clock.today(), nowIso: clock.now().toISOString() }, [org], { from: '2025-10-01', to: '2025-12-31' });
    const f = expected!.figures.disclosure_on_time;
    assert.ok(f.denominator >= 2, `two records due in the quarter (${f.denominator})`);
    assert.ok(f.numerator <= f.denominator - 1, 'the late one is not on time');
    assert.deepEqual(mzj.disclosures, { total: f.denominator, onTime: f.numerator });
    assert.equal(mzj.rank !== null, true, 'a unit with a figure is ranked');
    const rsj = b.content.rows.find((r) => r.code === '130427-rsj')!;
    assert.deepEqual([rsj.found, rsj.rectified], [1, 0]);
    assert.equal(b.content.totals.found, 1);

    const docx = (await svc.docxOf(b)).bytes;
    await publishAt('2025-12-28T02:00:00Z', '2025-10-10', '磁县民政局又一条迟发的通知');
    const reprint = await svc.loadForStaff(deps(), actor, made.publicId);
    assert.deepEqual(reprint.content, b.content);
    assert.equal(Buffer.compare((await svc.docxOf(reprint)).bytes, docx), 0, 'the same DOCX byte for byte');

    await svc.regenerate(deps(), { actor }, made.publicId);
    const after = (await svc.loadForStaff(deps(), actor, made.publicId)).content.rows.find((r) => r.code === '130427-mzj')!;
    assert.deepEqual(after.disclosures, { total: f.denominator + 1, onTime: f.numerator });
  });
}, withDemo);
