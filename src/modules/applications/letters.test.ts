// Letters: every 答复书 ends with the remedy notice; the DOCX is a real OOXML package.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inflateRawSync } from 'node:zlib';
import { buildLetter, LETTER_KINDS, letterAvailable, type LetterCase } from './letters.ts';
import { renderLetterDocx } from './letters-docx.ts';
import { fold, OUTCOMES, registrationEvent, type CaseEvent } from './workflow.ts';

function caseWith(events: CaseEvent[]): LetterCase {
  return {
    reference: 'YSQ-20260918-7KQ3M', trackingCode: 'ABCDEFGH', orgName: '磁县人民政府', reviewBody: '邯郸市人民政府', court: '邯郸市中级人民法院',
    applicant: { type: 'natural_person', subtype: null, name: '张三', idNumber: '130427199001011230', phone: '13800001111', email: null, address: null },
    channel: 'in_person', submittedOn: '2026-09-18', receivedOn: '2026-09-18', description: '2025年低保资金发放情况', delivery: 'email', dueOn: '2026-10-22', docNumber: '磁县政依公〔2026〕7号',
    state: fold([registrationEvent('in_person', '130427', '2026-09-18'), ...events]), dated: '2026-10-20',
  };
}

for (const o of OUTCOMES) {
  test(`答复书 for ${o.code} cites its basis and ends with the remedy notice`, () => {
    const l = buildLetter('reply', caseWith([{ type: 'decide', on: '2026-10-20', data: { outcome: o.code, reasons: o.reasonTexts.slice(0, 1), withheld_reason: o.family === 'partial' ? '涉及个人隐私' : undefined } }]));
    assert.equal(l.recipient, '张三：');
    assert.ok(l.paragraphs.some((p) => p.includes(o.basis)));
    assert.match(l.paragraphs[l.paragraphs.length - 1]!, /60日内向邯郸市人民政府申请行政复议.*6个月内向邯郸市中级人民法院提起行政诉讼/);
    if (o.family === 'partial') assert.ok(l.paragraphs.some((p) => p.includes('不予公开部分的理由：涉及个人隐私')));
  });
}

test('补正告知书 lists the items and the deadline; 延期告知书 states the days', () => {
  const c = caseWith([
    { type: 'request_correction', on: '2026-09-21', data: { items: ['请写明文件名称', '请提供身份证明'], deadline_on: '2026-10-13' } },
    { type: 'receive_correction', on: '2026-09-24', data: {} },
    { type: 'extend', on: '2026-10-15', data: { days: 20, approved_by: 'cixian.gkb', reason: '需调取档案' } },
  ]);
  const corr = buildLetter('correction', c);
  assert.ok(corr.paragraphs.includes('1. 请写明文件名称'));
  assert.match(corr.paragraphs.join(), /2026年10月13日前补正/);
  assert.match(buildLetter('extension', c).paragraphs.join(), /延长20个工作日/);
});

test('letters that need a step are not available before it', () => {
  const s = fold([registrationEvent('in_person', '130427', '2026-09-18')]);
  assert.deepEqual(LETTER_KINDS.filter((k) => letterAvailable(k.code, s)).map((k) => k.code), ['application_form', 'receipt']);
});

test('DOCX is an OOXML zip with the title, 仿宋_GB2312 body and A4 margins', async () => {
  const buf = await renderLetterDocx(buildLetter('receipt', caseWith([])));
  assert.equal(buf.subarray(0, 2).toString(), 'PK');
  // Find document.xml in the zip's local headers and inflate it.
  const name = 'word/document.xml';
  const at = buf.indexOf(name);
  assert.ok(at > 0);
  const header = at - 30;
  const method = buf.readUInt16LE(header + 8);
  const size = buf.readUInt32LE(header + 18);
  const extra = buf.readUInt16LE(header + 28);
  const data = buf.subarray(at + name.length + extra, at + name.length + extra + size);
  const xml = method === 8 ? inflateRawSync(data).toString('utf8') : data.toString('utf8');
  assert.match(xml, /政府信息公开申请登记回执/);
  assert.match(xml, /仿宋_GB2312/);
  assert.match(xml, /ABCDEFGH/);
  assert.ok(xml.includes('w:top="2097"'), "37 mm top margin"); // 37 mm
  assert.ok(xml.includes('w:w="11905"'), "A4 width");
});

test('答复书 for information already published names its title, date and 索引号 (Art. 36 (一)), or just the 索引号', () => {
  const withRecord = buildLetter('reply', caseWith([{ type: 'decide', on: '2026-10-20', data: { outcome: 'disclose', reasons: [], record_index_no: '130427-2026-mzsh-00003', record_title: '磁县2026年城乡低保标准', record_published_on: '2026-03-05' } }]));
  assert.ok(withRecord.paragraphs.includes('您申请的信息已于2026年3月5日主动公开，标题为《磁县2026年城乡低保标准》，索引号：130427-2026-mzsh-00003。您可以在本机关政府信息公开平台“主动公开”栏目按索引号或标题查阅、下载。'));
  const bare = buildLetter('reply', caseWith([{ type: 'decide', on: '2026-10-20', data: { outcome: 'disclose', reasons: [], record_index_no: 'X-1' } }]));
  assert.ok(bare.paragraphs.includes('该信息已主动公开，索引号：X-1，可在本机关政府信息公开平台查阅。'));
});
