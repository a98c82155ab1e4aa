// Disclosure records in the database (SQLite and PostgreSQL): 索引号 serials are unique under
// concurrent creation and count per scope of the configured scheme; a lost workflow race is a
// 409, not a double publication; due dates are stored with their explanation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { withDemo } from '../support/app.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { findUserByUsername, identityService } from '../../src/modules/identity/index.ts';
import { createDraft, emptyInput } from '../../src/modules/disclosures/index.ts';
import { act, inputOf, revise } from '../../src/modules/disclosures/disclosures.service.ts';
import { HttpError } from '../../src/platform/web/http-error.ts';

const clock = fixedClock('2026-10-09T02:00:00Z');

forEachDialect('disclosure records', (get) => {
  const deps = (format = '{org}-{year}-{category}-{serial:5}') => ({ db: get().db, clock, indexFormat: format, countStartDay: false });
  const actor = async (u: string) => (await identityService.actorFor(get().db, (await findUserByUsername(get().db, u))!.id, 'token'))!;
  const input = (over: Partial<ReturnType<typeof emptyInput>> = {}) => ({ ...emptyInput('130427-mzj'), title: '并发测试', bodyHtml: '<p>正文</p>', genre: 'notice', category: 'mzsh', formedOn: '2026-09-28', ...over });

  test('twelve drafts created at once get twelve different serials, 1..12 in their scope', async () => {
    const editor = await actor('cixian.editor');
    const results = await Promise.all(Array.from({ length: 12 }, () => createDraft(deps(), { actor: editor }, input())));
    const numbers = results.map((r) => (r.ok ? r.indexNo : 'error')).sort();
    assert.equal(new Set(numbers).size, 12);
    assert.deepEqual(numbers, Array.from({ length: 12 }, (_, i) => `130427-mzj-2026-mzsh-${String(i + 1).padStart(5, '0')}`));
    // Another category starts again at 1; a scheme without {category} counts per org and year.
    const other = await createDraft(deps(), { actor: editor }, input({ category: 'zhzw' }));
    assert.ok(other.ok && other.indexNo === '130427-mzj-2026-zhzw-00001');
    const plain = await createDraft(deps('{org}/{year}-{serial:4}'), { actor: editor }, input());
    assert.ok(plain.ok && plain.indexNo === '130427-mzj/2026-0001');
  });

  test('due date across 国庆 2026 stored with its explanation', async () => {
    const r = await createDraft(deps(), { actor: await actor('cixian.editor') }, input({ formedOn: '2026-09-28' }));
    assert.ok(r.ok);
    const row = await get().db.selectFrom('disclosure').select(['due_on', 'due_explanation', 'body_text', 'updated_at']).where('id', '=', r.ok ? r.id : 0).executeTakeFirstOrThrow();
    assert.equal(row.due_on, '2026-10-30');
    assert.match(row.due_explanation ?? '', /第二十六条.*国庆节.*2026-10-10/);
    assert.equal(row.body_text, '正文');
  });

  test('two publications racing: one wins, the other is refused with a reason', async () => {
    const editor = await actor('cixian.editor');
    const reviewer = await actor('cixian.reviewer');
    const r = await createDraft(deps(), { actor: editor }, input());
    assert.ok(r.ok);
    const id = r.ok ? r.id : 0;
    await act(deps(), { actor: editor }, id, { type: 'submit' });
    await act(deps(), { actor: reviewer }, id, { type: 'approve', checklist: { state_secret: 'no', commercial_privacy: 'no', security_risk: 'no', internal_process: 'no', basis_sufficient: 'yes' }, reasons: '' });
    const outcomes = await Promise.allSettled([act(deps(), { actor: editor }, id, { type: 'publish' }), act(deps(), { actor: editor }, id, { type: 'publish' })]);
    assert.equal(outcomes.filter((o) => o.status === 'fulfilled').length, 1);
    const failed = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    assert.ok(failed.reason instanceof HttpError && failed.reason.status === 409, String(failed.reason));
    const events = await get().db.selectFrom('disclosure_event').select('type').where('disclosure_id', '=', id).where('type', '=', 'published').execute();
    assert.equal(events.length, 1);
    const versions = await get().db.selectFrom('disclosure_version').select('version_no').where('disclosure_id', '=', id).execute();
    assert.equal(versions.length, 1);
    // A correction posted twice at once (a double click on 发布更正): each is saved as the next
    // version or refused with a 409 — never a unique-constraint error.
    const row = (await get().db.selectFrom('disclosure').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
    const typed = { ...(await inputOf(deps(), row)), title: '并发测试（更正）' };
    const twice = await Promise.allSettled([revise(deps(), { actor: editor }, id, typed, '更正标题'), revise(deps(), { actor: editor }, id, typed, '更正标题')]);
    for (const o of twice) if (o.status === 'rejected') assert.ok(o.reason instanceof HttpError && o.reason.status === 409, String(o.reason));
    const saved = twice.filter((o) => o.status === 'fulfilled').length;
    assert.ok(saved >= 1);
    const after = await get().db.selectFrom('disclosure_version').select('version_no').where('disclosure_id', '=', id).orderBy('version_no').execute();
    assert.deepEqual(after.map((v) => v.version_no), Array.from({ length: saved + 1 }, (_, i) => i + 1));
    const current = await get().db.selectFrom('disclosure').select('version_no').where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(current.version_no, saved + 1);
  });
}, withDemo);
