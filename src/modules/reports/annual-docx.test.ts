import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderReportDocx } from './annual-docx.ts';
import { documentXml, sampleReport } from '../../../test/fixtures/annual-report.ts';

test('DOCX has the six sections and the official table layout with merged header cells', async () => {
  const buf = await renderReportDocx(sampleReport());
  assert.equal(buf.subarray(0, 2).toString(), 'PK');
  const xml = documentXml(buf);
  assert.match(xml, /磁县人民政府2025年政府信息公开工作年度报告/);
  for (const h of ['一、总体情况', '二、主动公开政府信息情况', '三、收到和处理政府信息公开申请情况', '四、政府信息公开行政复议、行政诉讼情况', '五、存在的主要问题及改进情况', '六、其他需要报告的事项']) assert.ok(xml.includes(h), h);
  for (const label of ['第二十条第（一）项', '本年制发件数', '本年收费金额（单位：万元）', '申请人情况', '法人或其他组织', '社会公益组织', '三、本年度办理结果', '（三）不予公开', '8.属于行政查询事项', '四、结转下年度继续办理', '未经复议直接起诉', '复议后起诉', '尚未审结']) assert.ok(xml.includes(label), label);
  assert.ok(xml.includes('（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）'));
  // Merged cells: 申请人情况 spans 7 columns, 法人或其他组织 5, 行政诉讼 10; the header note and the
  // result heading span rows (vMerge restart + continue).
  assert.match(xml, /<w:gridSpan w:val="7"\/>(?:(?!<\/w:tc>).)*申请人情况/s);
  assert.match(xml, /<w:gridSpan w:val="5"\/>(?:(?!<\/w:tc>).)*法人或其他组织/s);
  assert.match(xml, /<w:gridSpan w:val="10"\/>(?:(?!<\/w:tc>).)*行政诉讼/s);
  assert.match(xml, /<w:vMerge w:val="restart"\/>(?:(?!<\/w:tc>).)*三、本年度办理结果/s);
  assert.ok((xml.match(/<w:vMerge w:val="continue"\/>/g) ?? []).length >= 21 + 7 + 2 + 4 + 2 + 5, 'continuation cells of the row spans');
  assert.match(xml, /12\.6/);
  assert.match(xml, /总体情况第一段。/);
});

test('DOCX tables are well formed: every row fills the grid (4, 10 and 15 columns) once merges are counted', async () => {
  const xml = documentXml(await renderReportDocx(sampleReport()));
  const tables = xml.split('<w:tbl>').slice(1).map((t) => t.split('</w:tbl>')[0] as string);
  const shape = tables.map((t) => {
    const grid = (t.match(/<w:gridCol /g) ?? []).length;
    const widths = t.split('<w:tr>').slice(1).map((r) => r.split('<w:tc>').slice(1).reduce((sum, c) => sum + Number(/<w:gridSpan w:val="(\d+)"/.exec(c)?.[1] ?? 1), 0));
    return { grid, rows: widths.length, uniform: widths.every((w) => w === grid) };
  });
  // Table 二: 4 blocks (heading + header + rows) = 14 rows; table 三: 3 header rows + 25; table 四: 3 header rows + 1.
  assert.deepEqual(shape, [{ grid: 4, rows: 14, uniform: true }, { grid: 10, rows: 28, uniform: true }, { grid: 15, rows: 4, uniform: true }]);
});

test('DOCX stays well-formed XML when texts hold control characters pasted from other programs', async () => {
  const r = sampleReport();
  r.texts.section1 = '第一段\u000b手动换行<b>&amp;\u0001控制\u0008字符\uFFFE结束';
  r.texts.section5 = '问题\fＡ';
  const xml = documentXml(await renderReportDocx(r));
  // XML 1.0 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]; Word refuses a file with others.
  const bad = Array.from(xml).filter((ch) => { const cp = ch.codePointAt(0) as number; return !(cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || cp >= 0x10000); });
  assert.deepEqual(bad, []);
  assert.match(xml, /<w:t[^>]*>第一段<\/w:t>/, 'a vertical tab (Word manual line break) starts a new paragraph');
  assert.match(xml, /手动换行&lt;b&gt;&amp;amp;控制字符结束/);
  assert.match(xml, /<w:t[^>]*>Ａ<\/w:t>/);
});

test('table 三 has the label widths of the 30号 template: no label column narrower than two characters of 五号 per line', async () => {
  const xml = documentXml(await renderReportDocx(sampleReport()));
  const t3 = xml.split('<w:tbl>')[2]!.split('</w:tbl>')[0]!;
  const grid = [...t3.matchAll(/<w:gridCol w:w="(\d+)"\/>/g)].map((m) => Number(m[1]));
  assert.equal(grid.length, 10);
  assert.match(t3, /<w:tblLayout w:type="fixed"\/>/);
  const mm = (tw: number) => (tw / 1440) * 25.4;
  // the text width of the page (210 − 28 − 26 mm)
  assert.ok(Math.abs(mm(grid.reduce((a, b) => a + b, 0)) - 156) < 0.5);
  // 五号 is 10.5 pt ≈ 3.7 mm a character; cell margins are 1 mm a side
  const charsPerLine = grid.map((w) => Math.floor((mm(w) - 2) / 3.7));
  assert.ok(charsPerLine.every((n) => n >= 2), `characters per line: ${charsPerLine.join(',')}`);
  assert.ok(charsPerLine[1]! >= '（三）不予公开'.length, 'a group label on one line');
  assert.ok(charsPerLine[2]! >= 10, 'item labels of ten characters on one line');
  // no row breaks across pages: every body row (after the three header rows) is cantSplit
  const body = t3.split('</w:tr>').slice(3, -1);
  assert.ok(body.length > 20 && body.every((row) => row.includes('<w:cantSplit/>')), 'every row of table 三 is kept on one page');
});
