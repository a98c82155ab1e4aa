// The test fixture that keeps Fastify's compiled route schemas per test process
// (test/support/schema-cache.ts): a second app built in the same process takes its validators and
// serializers from the first instead of compiling them, and they still refuse bad input and shape
// the answers exactly as the first app's do.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestDb } from '../support/db.ts';
import { buildTestApp, withDemo } from '../support/app.ts';
import { schemaCacheStats } from '../support/schema-cache.ts';

test('a second app reuses the compiled schemas: same validation (400s) and the same answers', { skip: process.env.GONGKAI_TEST_SCHEMA_CACHE === 'off' && 'GONGKAI_TEST_SCHEMA_CACHE=off' }, async () => {
  const db = await openTestDb('sqlite');
  try {
    await withDemo(db);
    const urls = ['/api/v1/search?q=%E7%A4%BE%E4%BF%9D&limit=0', '/api/v1/search?q=%E7%A4%BE%E4%BF%9D&type=bogus', '/api/v1/search?q=%E7%A4%BE%E4%BF%9D&limit=3', '/api/v1/regions/130427000000'];
    const answers = async () => {
      const { app } = await buildTestApp(db);
      try {
        const out: { status: number; body: string }[] = [];
        for (const url of urls) {
          const res = await app.inject({ method: 'GET', url });
          out.push({ status: res.statusCode, body: res.body.replace(/"took_ms":[\d.]+/g, '"took_ms":0') });
        }
        return out;
      } finally {
        await app.close();
      }
    };
    const first = await answers();
    const hits = schemaCacheStats.hits;
    const misses = schemaCacheStats.misses;
    const second = await answers();
    assert.deepEqual(first.map((a) => a.status), [400, 400, 200, 200]);
    assert.deepEqual(second, first);
    assert.ok(schemaCacheStats.hits - hits > 100, `the second app took ${schemaCacheStats.hits - hits} compiled schemas from the first`);
    assert.equal(schemaCacheStats.misses, misses, 'the second app compiled nothing');
  } finally {
    await db.close();
  }
});
