// Catalogue, region and hotline imports are all or nothing even under `kill -9` (see
// test/import-kill.test.ts, which tests the service map's import the same way): the real CLI is
// sent SIGKILL inside its one transaction, the public pages must be exactly as before, and the
// next run imports everything. SQLite always; PostgreSQL too when TEST_DATABASE_URL is set.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS, killed, ok, snapshot, withDemoTarget, write, type Target } from './support/import-kill.ts';

for (const dialect of DIALECTS) {
  describe(`catalogue, region and hotline imports killed with SIGKILL [${dialect}]`, () => {
    let t: Target;
    before(async () => {
      t = await withDemoTarget(dialect);
    });
    after(async () => { await t.close(); });

    test('regions import: killed inside its transaction, the region pages are as before; run again, every region is there', async () => {
      const urls = ['/data/regions/130427', '/api/v1/regions/130427000000', '/api/v1/regions/130427100000'];
      const before = await snapshot(t, ['region'], urls);
      // 80 new townships × 100 villages of 磁县, and 磁州镇 renamed.
      const TOWNS = 80;
      const rows = ['code,name,level,parent_code', '130427100000,磁州镇（新名）,township,130427000000'];
      for (let tw = 700; tw < 700 + TOWNS; tw++) {
        rows.push(`130427${tw}000,测试乡${tw},township,130427000000`);
        for (let v = 1; v <= 100; v++) rows.push(`130427${tw}${String(v).padStart(3, '0')},测试村${tw}-${v},village,130427${tw}000`);
      }
      const file = write(t, 'regions.csv', rows);
      await killed(t, ['regions', 'import', file], /导入区划（一个事务） \[/);
      assert.deepEqual(await snapshot(t, ['region'], urls), before);
      const r = await ok(t, ['regions', 'import', file]);
      assert.match(r.out, new RegExp(`已导入 ${TOWNS * 101 + 1} 条区划：新增 ${TOWNS * 101}，更新 1`));
      const end = await snapshot(t, ['region'], urls);
      assert.equal(end.counts.region, (before.counts.region as number) + TOWNS * 101);
      assert.match(end.pages['/data/regions/130427'] as string, new RegExp(`测试乡${700 + TOWNS - 1}`));
    });

    test('catalog import --publish: killed inside its transaction, the public catalogue is as before; run again, it is published', async () => {
      const urls = ['/openness/catalogs/org/440105002', '/api/v1/catalogs?org=440105002'];
      const before = await snapshot(t, ['catalog_version', 'catalog_item'], urls);
      const rows = ['新港街道社会救助领域基层政务公开标准目录,,,,,,,,,,', '序号,公开事项,,公开内容(要素),公开依据,公开时限,公开主体,公开渠道和载体,公开对象,公开方式,公开层级', ',一级事项,二级事项,,,,,,,,'];
      const M = 3_000;
      for (let i = 1; i <= M; i++) rows.push(`${i},最低生活保障${i},政策法规文件,测试内容${i},《信息公开条例》,制定或获取信息之日起20个工作日内,社会事务科,■政府网站,✓,✓,✓`);
      const file = write(t, '440105002-社会救助.csv', rows);
      await killed(t, ['catalog', 'import', file, '--org', '440105002', '--domain', '社会救助', '--publish'], /导入目录事项（一个事务） \[/);
      assert.deepEqual(await snapshot(t, ['catalog_version', 'catalog_item'], urls), before);
      const r = await ok(t, ['catalog', 'import', file, '--org', '440105002', '--domain', '社会救助', '--publish']);
      assert.match(r.out, new RegExp(`已导入「社会救助」第1版：${M} 项，已发布`));
      const end = await snapshot(t, ['catalog_version', 'catalog_item'], urls);
      assert.equal(end.counts.catalog_item, (before.counts.catalog_item as number) + M);
      assert.notEqual(end.pages['/openness/catalogs/org/440105002'], before.pages['/openness/catalogs/org/440105002']);
    });

    test('hotline import: killed inside its transaction, no work order exists; run again, every order is imported once', async () => {
      const urls = ['/interaction/messages', '/interaction'];
      const before = await snapshot(t, ['message', 'message_event'], urls);
      const rows = ['工单编号,创建工号,工单标题,工单内容,来电时间,计划完成时间,工单类型,工单状态'];
      const W = 2_000;
      for (let i = 1; i <= W; i++) rows.push(`KILL${String(i).padStart(6, '0')},8012,关于路灯${i},路灯不亮,2026-03-02 09:00:00,-,求助,待签收`);
      const file = write(t, 'hotline.csv', rows);
      await killed(t, ['hotline', 'import', file, '--org', '130427'], /导入工单（一个事务） \[/);
      assert.deepEqual(await snapshot(t, ['message', 'message_event'], urls), before);
      const r = await ok(t, ['hotline', 'import', file, '--org', '130427']);
      assert.match(r.out, new RegExp(`已导入 ${W} 件 12345 工单`));
      const end = await snapshot(t, ['message', 'message_event'], urls);
      assert.equal(end.counts.message, (before.counts.message as number) + W);
    });
  });
}
