// Region import on both databases: all or nothing, re-import updates names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { importRegions, parseRegionCsv, countRegions, findAncestry } from '../../src/modules/regions/index.ts';

const csv = (lines: string[]) => ['code,name,level,parent_code', ...lines].join('\n');

forEachDialect('region import', (get) => {
  test('imports a subtree with its ancestors, and the ancestry reads back', async () => {
    const { rows, errors } = parseRegionCsv(csv([
      '410000000000,河南省,province,',
      '410100000000,郑州市,city,410000000000',
      '410102000000,中原区,county,410100000000',
      '410102001000,林山寨街道,township,410102000000',
      '410102001001,百花社区,village,410102001000',
    ]));
    assert.deepEqual(errors, []);
    assert.deepEqual(await importRegions(get().db, rows), { inserted: 5, updated: 0 });
    assert.deepEqual((await findAncestry(get().db, '410102001001')).map((r) => r.name), ['河南省', '郑州市', '中原区', '林山寨街道', '百花社区']);
  });

  test('re-importing updates names and inserts nothing twice', async () => {
    const { rows } = parseRegionCsv(csv(['410102001001,百花社区居委会,village,410102001000']));
    assert.deepEqual(await importRegions(get().db, rows), { inserted: 0, updated: 1 });
  });

  test('a row whose parent is unknown fails the whole import and writes nothing', async () => {
    const before = await countRegions(get().db);
    const { rows } = parseRegionCsv(csv([
      '420000000000,湖北省,province,',
      '422800000000,恩施土家族苗族自治州,city,420000000000',
      '430102000000,芙蓉区,county,430100000000',
    ]));
    await assert.rejects(importRegions(get().db, rows), /上级区划 430100000000/);
    assert.equal(await countRegions(get().db), before);
  });
});
