import { test } from 'node:test';
import assert from 'node:assert/strict';
import { incompleteSections, prefillTexts } from './annual-report.ts';
import { sampleReport } from '../../../test/fixtures/annual-report.ts';

test('the pre-filled Art. 50 note for governments is itself a placeholder: a report still carrying it is not published', () => {
  const r = sampleReport();
  const t = prefillTexts({ orgName: r.orgName, year: r.year, table2: r.table2!, table3: r.table3, table4: r.table4!, previous: null });
  // Staff complete the obvious gaps (「（请填写）」) and sections 五 and 六 …
  const filled = { section1: t.section1.replaceAll('（请填写）', '已填写。'), section5: '问题与改进。', section6: '未收取信息处理费。' };
  assert.match(filled.section1, /工作考核、社会评议和责任追究结果/);
  // … but the editorial note would be published verbatim: section 一 is still incomplete.
  assert.deepEqual(incompleteSections(filled), ['一、总体情况']);
  assert.deepEqual(incompleteSections({ ...filled, section1: filled.section1.replace(/（请填写；[^）]*）[^）]*）/, '本年开展绩效考核一次。') }), []);
});
