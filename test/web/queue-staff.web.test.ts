// Issue 22 review leftovers of the queue: the staff queue page confirms a saved group and a revoked
// token after the 303 (?done=); the revoke form names a token by its public id (QT…, migration
// 0047), never its row number; 正在叫号 shows no number once that person was skipped (过号).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { buildTestApp, CSRF, signIn, withDemo, type TestApp } from '../support/app.ts';
import { fixedClock } from '../../src/platform/clock/clock.ts';
import { createVenueToken } from '../../src/modules/queue/tokens.service.ts';
import { insertVenue } from '../support/venue.ts';

const MONDAY_10 = fixedClock('2026-03-02T02:00:00Z'); // Mon 10:00 Beijing

forEachDialect('queue staff page and live calls', (get) => {
  let t: TestApp;
  let cookie = '';
  before(async () => {
    t = await buildTestApp(get(), MONDAY_10);
    cookie = await signIn(t.app, 'admin');
  });
  after(async () => { await t.app.close(); });
  const page = async (url: string) => (await t.app.inject({ url, headers: { cookie } }));
  const post = (url: string, payload: Record<string, string>) => t.app.inject({ method: 'POST', url, headers: { cookie }, payload: { _csrf: CSRF, ...payload } });

  test('saving a group: 303 to ?done=group, and the page says it was saved (only then)', async () => {
    const r = await post('/staff/venues/CX-ZWFW/queue/groups', { code: 'Z', name: '测试分组', remote: '1' });
    assert.equal(r.statusCode, 303, r.body.slice(0, 300));
    assert.equal(r.headers.location, '/staff/venues/CX-ZWFW/queue?done=group');
    const after303 = await page(r.headers.location as string);
    assert.equal(after303.statusCode, 200);
    assert.match(after303.body, /<div class="notice" role="status"><p>分组已保存。<\/p><\/div>/);
    assert.doesNotMatch((await page('/staff/venues/CX-ZWFW/queue')).body, /分组已保存/);
    assert.doesNotMatch((await page('/staff/venues/CX-ZWFW/queue?done=%3Cscript%3E')).body, /分组已保存|令牌已撤销|&lt;script/);
  });

  test('the revoke form posts the token\'s public id; revoking answers 303 to ?done=revoked with a notice; a row number is refused', async () => {
    const issued = await post('/staff/venues/CX-ZWFW/queue/tokens', { label: '叫号机二号' });
    assert.equal(issued.statusCode, 200);
    const html = (await page('/staff/venues/CX-ZWFW/queue')).body;
    const ids = [...html.matchAll(/<input type="hidden" name="token" value="([^"]*)"\/?>/g)].map((m) => m[1]!);
    assert.ok(ids.length >= 1, 'a revoke form');
    for (const id of ids) assert.match(id, /^QT[A-Za-z0-9]{12}$/);
    const row = await get().db.selectFrom('qu_venue_token').select(['id', 'public_id']).where('label', '=', '叫号机二号').executeTakeFirstOrThrow();
    assert.ok(ids.includes(row.public_id));
    assert.equal((await post('/staff/venues/CX-ZWFW/queue/revoke', { token: String(row.id) })).statusCode, 404); // the row number is no id
    const r = await post('/staff/venues/CX-ZWFW/queue/revoke', { token: row.public_id });
    assert.equal(r.statusCode, 303);
    assert.equal(r.headers.location, '/staff/venues/CX-ZWFW/queue?done=revoked');
    assert.match((await page(r.headers.location as string)).body, /令牌已撤销/);
    const audit = await get().db.selectFrom('audit_log').select('entity_id').where('action', '=', 'queue.token.revoke').orderBy('id', 'desc').executeTakeFirstOrThrow();
    assert.equal(audit.entity_id, `CX-ZWFW/${row.public_id}`);
  });

  test('a group may hold any item of a big venue, not only the first 200 by name; an item of another venue is refused', async () => {
    const { db } = get();
    const v = await insertVenue(db, { publicId: 'V-QBIG' });
    const at = '2026-01-01T00:00:00.000Z';
    const ids = await db.insertInto('sm_item').values(Array.from({ length: 205 }, (_, i) => ({
      public_id: `I-QBIG-${i}`, name: `大厅事项${String(i).padStart(3, '0')}`, type: 'public_service', region_code: '130427000000', level: 'county', channels: 'window', keywords: '', department: '测试局', basic_code: '', implementing_code: '', implementing_body: '测试局', created_at: at, updated_at: at,
    }))).returning('id').execute();
    await db.insertInto('sm_venue_item').values(ids.map((r) => ({ venue_id: v.venueId, item_id: r.id }))).execute();
    const r = await post('/staff/venues/V-QBIG/queue/groups', { code: 'K', name: '大厅', remote: '1', items: 'I-QBIG-204' });
    assert.equal(r.statusCode, 303, r.body.slice(0, 400));
    const g = await db.selectFrom('qu_group').selectAll().where('venue_id', '=', v.venueId).executeTakeFirstOrThrow();
    assert.equal(g.item_ids, JSON.stringify(['I-QBIG-204']));
    const other = await post('/staff/venues/V-QBIG/queue/groups', { code: 'L', name: '别处', remote: '1', items: 'LH-SFZ-HL' });
    assert.equal(other.statusCode, 400);
  });

  test('正在叫号: the latest call of the group, and no number once that person was skipped (过号)', async () => {
    const venue = await get().db.selectFrom('sm_venue').select('id').where('public_id', '=', 'CX-ZWFW').executeTakeFirstOrThrow();
    const { token } = await createVenueToken(get().db, Number(venue.id), '测试', MONDAY_10.now());
    const events = async (evs: unknown[]) => {
      const r = await t.app.inject({ method: 'POST', url: '/api/v1/staff/venues/CX-ZWFW/queue/events', headers: { authorization: `Bearer ${token}` }, payload: { events: evs } as never });
      assert.equal(r.statusCode, 200, r.body);
    };
    const calling = async () => ((await t.app.inject({ url: '/api/v1/venues/CX-ZWFW/queue' })).json().groups as { code: string; calling: string | null }[]).find((g) => g.code === 'Z')!.calling;
    await events([{ kind: 'issued', number: 'Z301', group: 'Z', at: '2026-03-02T09:50:00+08:00' }, { kind: 'issued', number: 'Z302', group: 'Z', at: '2026-03-02T09:51:00+08:00' }, { kind: 'called', number: 'Z301', group: 'Z', at: '2026-03-02T09:55:00+08:00' }]);
    assert.equal(await calling(), 'Z301');
    await events([{ kind: 'no_show', number: 'Z301', group: 'Z', at: '2026-03-02T09:58:00+08:00' }]);
    assert.equal(await calling(), null);
    await events([{ kind: 'called', number: 'Z302', group: 'Z', at: '2026-03-02T09:59:00+08:00' }]);
    assert.equal(await calling(), 'Z302');
  });
}, withDemo);
