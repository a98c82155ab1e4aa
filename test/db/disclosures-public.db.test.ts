// The public lists' reads (SQLite and PostgreSQL): an organisation subtree lists exactly its
// visible records, newest first, page after page — whichever way the dialect reads the subtree
// (a merge of per-organisation index walks for a few organisations, one walk otherwise).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { withDemo } from '../support/app.ts';
import { clearDisclosures, insertRecord } from '../support/disclosures.ts';
import { listVisible, countVisible, findOrg } from '../../src/modules/disclosures/disclosures.queries.ts';

const NOW = '2026-03-02T02:00:00.000Z';
const ORGS = ['130427', '130427-mzj', '130427100', '130427-gkb', '440105', '440105001', '13'];
const STATES = ['published', 'published', 'published', 'scheduled', 'draft', 'withdrawn'] as const;

forEachDialect('disclosure public lists', (get) => {
  const expected: { id: number; orgPath: string; at: string; visible: boolean }[] = [];
  before(async () => {
    const db = get().db;
    await withDemo(get());
    await clearDisclosures(db);
    for (let i = 0; i < 90; i++) {
      const orgCode = ORGS[i % ORGS.length]!;
      const state = STATES[i % STATES.length]!;
      // Times interleave across organisations; some share an instant (ties break on id); some schedules are still ahead.
      const at = new Date(Date.parse('2026-01-01T00:00:00Z') + ((i * 7919) % 61) * 86_400_000 + (i % 3) * 3600_000).toISOString();
      const id = await insertRecord(db, { indexNo: `T/${i}`, orgCode, state, publishedAt: state === 'draft' ? null : at });
      const org = (await findOrg(db, orgCode))!;
      expected.push({ id, orgPath: org.path, at, visible: (state === 'published' || state === 'scheduled') && at <= NOW });
    }
  });

  test('an organisation subtree pages through exactly its visible records, newest first', async () => {
    const db = get().db;
    for (const code of ['130427', '130427100', '440105', '13', '4403']) {
      const org = (await findOrg(db, code))!;
      const want = expected.filter((e) => e.visible && e.orgPath.startsWith(org.path))
        .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : b.id - a.id)).map((e) => e.id);
      const got: number[] = [];
      for (let offset = 0; ; offset += 7) {
        const { items, more } = await listVisible(db, NOW, { orgPath: org.path }, { limit: 7, offset });
        got.push(...items.map((r) => r.id));
        assert.equal(more, offset + 7 < want.length, `${code} more at ${offset}`);
        if (!more) break;
      }
      assert.deepEqual(got, want, code);
      assert.equal(await countVisible(db, NOW, { orgPath: org.path }), want.length, `${code} count`);
      const since = '2026-02-01T00:00:00.000Z';
      const { items } = await listVisible(db, NOW, { orgPath: org.path, since }, { limit: 100, offset: 0 });
      assert.deepEqual(items.map((r) => r.id), want.filter((id) => expected.find((e) => e.id === id)!.at >= since), `${code} since`);
    }
  });
});
