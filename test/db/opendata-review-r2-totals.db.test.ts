// Review R2 (issue 23): service-map-totals.csv has one row per region. sm_region_total also holds
// the prefixes that prefixesOf cuts from a county's (or city's, province's) own 12-digit code
// ('130427000', '130427000000' beside '130427'): they pad to the same region code and come out as
// extra rows of that region with other numbers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/db.ts';
import { withDemo } from '../support/app.ts';
import { parseCsv } from '../../src/platform/csv/csv.ts';
import { SERVICE_MAP_DATASETS } from '../../src/modules/service-map/index.ts';

const serviceMapTotalsDataset = SERVICE_MAP_DATASETS.find((s) => s.key === 'service-map-totals')!;

forEachDialect('open data review R2: service-map totals', (get) => {
  test('totals.csv: one row per region code', async () => {
    // facts() fills sm_region_total when it was never computed (as the catalogue does before any download).
    assert.ok(await serviceMapTotalsDataset.facts(get().db, { kind: 'installation' }, new Date('2026-03-02T02:00:00Z')));
    let raw = '';
    for await (const c of serviceMapTotalsDataset.open(get().db, { kind: 'installation' }, 'totals.csv', new Date('2026-03-02T02:00:00Z'))) raw += c;
    const [, ...rows] = parseCsv(raw);
    assert.ok(rows.length > 0);
    const seen = new Map<string, number>();
    for (const r of rows) seen.set(r[0]!, (seen.get(r[0]!) ?? 0) + 1);
    const dup = [...seen].filter(([, n]) => n > 1).map(([c, n]) => `${c}×${n}`);
    assert.deepEqual(dup, [], `region codes listed more than once: ${dup.slice(0, 8).join(', ')} (${dup.length} in all)`);
  });
}, async (t) => withDemo(t));
