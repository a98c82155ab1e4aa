// Two editors change one government's draft at the same moment: each write reads the draft,
// changes it and writes it back, so without the per-government lock (PostgreSQL, READ COMMITTED)
// one edit would be lost. Both stages must be in the draft afterwards.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { changeDraft, editorState, startDraft, type Government } from '../../src/modules/service-map/life-events.service.ts';
import { withDemo } from '../support/app.ts';

const clock = fixedClock('2026-12-07T02:00:00Z');
const who = { cli: true } as const;

forEachDialect('life events: concurrent draft edits', (get) => {
  test('ten editors adding a stage each at once: all ten stages are kept', async () => {
    const { db } = get();
    const org = await db.selectFrom('organisation').select(['code', 'name', 'region_code', 'path']).where('kind', '=', 'government').where('region_code', '=', '440105000000').executeTakeFirstOrThrow();
    const gov: Government = { code: org.code, name: org.name, regionCode: org.region_code, path: org.path };
    const deps = { db, clock };
    await startDraft(deps, who, gov);
    const before = (await editorState(db, gov)).draft?.stages.length ?? 0;
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => changeDraft(deps, who, gov, (doc) => ({ ...doc, stages: [...doc.stages, { audience: 'enterprise' as const, slug: `extra_${i}`, name: `新增阶段${i}`, description: '', items: [], catalogue: [] }] }))));
    assert.ok(results.every((r) => r.ok));
    const after = (await editorState(db, gov)).draft?.stages ?? [];
    assert.equal(after.length, before + 10);
    assert.deepEqual(after.filter((st) => st.slug.startsWith('extra_')).map((st) => st.slug).sort(), Array.from({ length: 10 }, (_, i) => `extra_${i}`).sort());
  });
}, withDemo);
