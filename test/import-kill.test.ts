// Imports are all or nothing even under `kill -9`: the real CLI (src/cli.ts, built once: test/support/spawn.ts)
// runs as a child process on a generated file, is sent SIGKILL in the middle of its import, and
// the live rows and public pages (the real app over the same database) must be exactly as before.
// The next run then resumes (service map: same files) or starts again, and switches everything.
// SQLite always; PostgreSQL too when TEST_DATABASE_URL is set (a schema of its own per suite,
// passed to the CLI through the connection string's `options=-c search_path=…`).
// This file: the service map's import (staged, resumable); test/import-kill-tables.test.ts: the
// catalogue, region and hotline imports (one transaction each). Helpers: test/support/import-kill.ts.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS, itemLines, killed, makeTarget, ok, snapshot, venueLines, write, type Target } from './support/import-kill.ts';

for (const dialect of DIALECTS) {
  describe(`services import killed with SIGKILL [${dialect}]`, () => {
    let t: Target;
    before(async () => { t = await makeTarget(dialect); });
    after(async () => { await t.close(); });
    const tables = ['sm_item', 'sm_venue', 'sm_venue_item', 'search_change'] as const;
    // Sizes: large enough that the CLI is still staging (or switching) when the kill lands —
    // progress is printed every 2,000 rows and staged 1,000 a batch: the first line at or over 10%
    // is row 2,000's (25%), 6,000 rows before the end of the file — and no larger (each row is CPU,
    // in the CLI, in the switch and in the search index each snapshot's app builds).
    const N = 8_000;
    const V = 250;
    const urls = ['/services/items/B-1', '/services/venues/BV-0', '/api/v1/venues?near=36.38,114.39&radius_km=50&limit=100', '/api/v1/items/B-1', '/api/v1/search?q=%E6%9D%80%E8%BF%9B%E7%A8%8B'];

    test('killed while staging or while switching: the public site is exactly as before; the next run resumes and switches all at once', async () => {
      // Before: 30 items and 3 venues live.
      const baseItems = write(t, 'base-items.jsonl', itemLines('B', 30, (i) => `基线事项${i}`));
      const baseVenues = write(t, 'base-venues.jsonl', venueLines('BV', 3, (i) => [`B-${i}`, `B-${i + 10}`]));
      await ok(t, ['services', 'import', '--items', baseItems, '--venues', baseVenues]);
      const before = await snapshot(t, [...tables], urls);
      assert.deepEqual([before.counts.sm_item, before.counts.sm_venue, before.counts.sm_venue_item], [30, 3, 6]);
      assert.match(before.pages['/services/items/B-1'] as string, /基线事项1/);

      // A large import that renames B-1, re-links BV-0 and adds N items and V venues.
      const bigItems = write(t, 'big-items.jsonl', [...itemLines('B', 30, (i) => (i === 1 ? '改名后的事项' : `基线事项${i}`)), ...itemLines('K', N, (i) => `杀进程测试事项${i}`)]);
      const bigVenues = write(t, 'big-venues.jsonl', [...venueLines('BV', 3, (i) => (i === 0 ? ['K-1', 'K-2', 'K-3'] : [`B-${i}`, `B-${i + 10}`])), ...venueLines('KV', V, (i) => [`K-${i}`, `K-${i + V}`, `K-${i + 2 * V}`])]);

      // 1. Killed while writing the staging rows (after at least one tenth of the items).
      const k1 = await killed(t, ['services', 'import', '--items', bigItems, '--venues', bigVenues], /解析并写入暂存事项 \[[█░]+\]\s+[1-9]\d%/);
      assert.doesNotMatch(k1.out, /已导入/);
      assert.deepEqual(await snapshot(t, [...tables], urls), before, 'after a kill while staging');
      {
        const db = t.open();
        const run = await db.selectFrom('sm_import_run').select(['status', 'done_rows']).where('kind', '=', 'map').orderBy('id', 'desc').executeTakeFirstOrThrow();
        await db.destroy();
        assert.equal(run.status, 'staging');
        assert.ok(Number(run.done_rows) >= 1000 && Number(run.done_rows) < N + 30, `staged ${run.done_rows} rows: killed after a batch and before the end`);
      }

      // 2. Resumed, and killed as the switch transaction starts.
      const k2 = await killed(t, ['services', 'import', '--items', bigItems, '--venues', bigVenues], /切换 \[[█░]+\]\s+0%/);
      assert.match(k2.out, /发现未完成的导入（第 \d+ 次，big-items\.jsonl \+ big-venues\.jsonl，已暂存 \d+ 条）：文件相同，续传/);
      assert.deepEqual(await snapshot(t, [...tables], urls), before, 'after a kill during the switch');

      // 3. Run again to the end: everything staged is resumed and switched live together.
      const done = await ok(t, ['services', 'import', '--items', bigItems, '--venues', bigVenues]);
      assert.match(done.out, /发现未完成的导入.*文件相同，续传/);
      assert.match(done.out, new RegExp(`已导入事项 ${N + 30} 条（从第 ${N + 31} 条续传），场所 ${V + 3} 个（从第 ${V + 4} 条续传）`));
      assert.match(done.err, /切换 \[█+\] 100% 4\/4/);
      const end = await snapshot(t, [...tables], urls);
      assert.deepEqual([end.counts.sm_item, end.counts.sm_venue, end.counts.sm_venue_item], [N + 30, V + 3, 3 + 2 * 2 + 3 * V]);
      assert.equal(end.counts.search_change, (before.counts.search_change as number) + N + 30 + V + 3, 'each item and venue reaches the search change log once, at the switch');
      assert.match(end.pages['/services/items/B-1'] as string, /改名后的事项/);
      assert.doesNotMatch(end.pages['/services/items/B-1'] as string, /基线事项1</);
      assert.match(end.pages['/api/v1/search?q=%E6%9D%80%E8%BF%9B%E7%A8%8B'] as string, /杀进程测试事项/);
      const db = t.open();
      try {
        for (const s of ['sm_import_stage_item', 'sm_import_stage_venue', 'sm_import_stage_link'] as const) {
          assert.equal(Number((await db.selectFrom(s).select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n), 0, `${s} emptied`);
        }
      } finally {
        await db.destroy();
      }
    });

    test('a killed run of other files is discarded, saying so, and none of it goes live', async () => {
      const other = write(t, 'other-items.jsonl', itemLines('Z', N, (i) => `丢弃测试事项${i}`));
      await killed(t, ['services', 'import', '--items', other], /解析并写入暂存事项 \[[█░]+\]\s+[1-9]\d%/);
      const small = write(t, 'small-items.jsonl', itemLines('S', 5, (i) => `小文件事项${i}`));
      const r = await ok(t, ['services', 'import', '--items', small]);
      assert.match(r.out, /发现未完成的导入（第 \d+ 次，other-items\.jsonl，已暂存 \d+ 条）：文件不同，已丢弃，从头导入/);
      const db = t.open();
      try {
        assert.equal(Number((await db.selectFrom('sm_item').select(db.fn.countAll<number>().as('n')).where('public_id', 'like', 'Z-%').executeTakeFirstOrThrow()).n), 0);
        assert.equal(Number((await db.selectFrom('sm_item').select(db.fn.countAll<number>().as('n')).where('public_id', 'like', 'S-%').executeTakeFirstOrThrow()).n), 5);
        assert.equal(Number((await db.selectFrom('sm_import_stage_item').select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n), 0);
      } finally {
        await db.destroy();
      }
    });
  });
}
