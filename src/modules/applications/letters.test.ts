// Letters: every 答复书 ends with the remedy notice; the DOCX is a real OOXML package.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mock } from 'node:test';
import { docxText, documentXml, zipEntries } from '../../../test/support/docx.ts';
import {
  blankApplicationForm, buildLetter, defaultDocPrefix, docPrefixProblem, formatDocNumber, issuingEventIndex, LETTER_KINDS, letterAvailable, lettersIssuedBy, namesWithDefaultPrefix, quoted, type LetterCase,
} from './letters.ts';
import { PROCESS_STEPS, processChartSvg, wrapText } from './process-chart.ts';
import { estimatedLines, linePitch, renderLetterDocx } from './letters-docx.ts';
import { fold, OUTCOMES, registrationEvent, type CaseEvent } from './workflow.ts';

function caseWith(events: CaseEvent[], over: Partial<LetterCase> = {}): LetterCase {
  return {
    reference: 'YSQ-20260918-7KQ3M', trackingCode: 'ABCDEFGH', orgName: '磁县人民政府', reviewBody: '邯郸市人民政府', court: '邯郸市中级人民法院',
    applicant: { type: 'natural_person', subtype: null, name: '张三', idNumber: '130427199001011230', phone: '13800001111', email: null, address: null },
    channel: 'in_person', submittedOn: '2026-09-18', receivedOn: '2026-09-18', description: '2025年低保资金发放情况', delivery: 'email', dueOn: '2026-10-22', docNumber: '磁县政依公〔2026〕7号',
    state: fold([registrationEvent('in_person', '130427', '2026-09-18'), ...events]), dated: '2026-10-20', ...over,
  };
}

for (const o of OUTCOMES) {
  test(`答复书 for ${o.code} cites its basis and ends with the remedy notice`, () => {
    const l = buildLetter('reply', caseWith([{ type: 'decide', on: '2026-10-20', data: { outcome: o.code, reasons: o.reasonTexts.slice(0, 1), withheld_reason: o.family === 'partial' ? '涉及个人隐私' : undefined } }]));
    assert.equal(l.recipient, '张三：');
    // 第三十六条: a plain 予以公开 cites 第（二）项 (第（一）项 only for information already published).
    const basis = o.family === 'disclose' ? '《中华人民共和国政府信息公开条例》第三十六条第（二）项' : o.basis;
    assert.ok(l.paragraphs.some((p) => p.includes(`根据${basis}的规定`)), l.paragraphs.join('\n'));
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
  assert.match(corr.paragraphs.join(), /请于2026年10月13日（含当日）前补正/);
  assert.match(buildLetter('extension', c).paragraphs.join(), /延长20个工作日/);
});

test('letters that need a step are not available before it', () => {
  const s = fold([registrationEvent('in_person', '130427', '2026-09-18')]);
  assert.deepEqual(LETTER_KINDS.filter((k) => letterAvailable(k.code, s)).map((k) => k.code), ['application_form', 'receipt']);
  // 第三十一条: an online application has no receipt until both sides confirm it.
  const online = fold([registrationEvent('online', '130427', '2026-09-18')]);
  assert.deepEqual(LETTER_KINDS.filter((k) => letterAvailable(k.code, online)).map((k) => k.code), ['application_form']);
});

test('DOCX is an OOXML zip with the title, 仿宋_GB2312 body and A4 margins', async () => {
  const buf = await renderLetterDocx(buildLetter('receipt', caseWith([])));
  assert.equal(buf.subarray(0, 2).toString(), 'PK');
  const xml = documentXml(buf);
  assert.match(xml, /政府信息公开申请登记回执/);
  assert.match(xml, /仿宋_GB2312/);
  assert.match(xml, /ABCDEFGH/);
  assert.ok(xml.includes('w:top="2097"'), "37 mm top margin"); // 37 mm
  assert.ok(xml.includes('w:w="11905"'), "A4 width");
});

test('答复书 for information already published names its title, date and 索引号 (Art. 36 (一)), or just the 索引号', () => {
  const withRecord = buildLetter('reply', caseWith([{ type: 'decide', on: '2026-10-20', data: { outcome: 'disclose', reasons: [], record_index_no: '130427-2026-mzsh-00003', record_title: '磁县2026年城乡低保标准', record_published_on: '2026-03-05' } }]));
  assert.ok(withRecord.paragraphs.includes('经审查，根据《中华人民共和国政府信息公开条例》第三十六条第（一）项的规定，现答复如下：'));
  assert.ok(!withRecord.paragraphs.join().includes('第（二）项'));
  assert.ok(withRecord.paragraphs.includes('您申请的信息已于2026年3月5日主动公开，标题为《磁县2026年城乡低保标准》，索引号：130427-2026-mzsh-00003。您可以在本机关政府信息公开平台“主动公开”栏目按索引号或标题查阅、下载。'));
  const bare = buildLetter('reply', caseWith([{ type: 'decide', on: '2026-10-20', data: { outcome: 'disclose', reasons: [], record_index_no: 'X-1' } }]));
  assert.ok(bare.paragraphs.includes('该信息已主动公开，索引号：X-1，可在本机关政府信息公开平台查阅。'));
});


test('答复书 states the original receipt date and, after a correction, the day the corrected application came', () => {
  const l = buildLetter('reply', caseWith([
    { type: 'request_correction', on: '2026-09-21', data: { items: ['请写明文件名称'], deadline_on: '2026-10-13' } },
    { type: 'receive_correction', on: '2026-09-24', data: {} },
    { type: 'decide', on: '2026-10-20', data: { outcome: 'disclose', reasons: [] } },
  ]));
  assert.equal(l.paragraphs[0], '本机关于2026年9月18日收到您提出的政府信息公开申请（申请编号：YSQ-20260918-7KQ3M），经告知补正，于2026年9月24日收到补正后的申请，您申请获取“2025年低保资金发放情况”。');
  const plain = buildLetter('reply', caseWith([{ type: 'decide', on: '2026-10-20', data: { outcome: 'disclose', reasons: [] } }]));
  assert.equal(plain.paragraphs[0], '本机关于2026年9月18日收到您提出的政府信息公开申请（申请编号：YSQ-20260918-7KQ3M），您申请获取“2025年低保资金发放情况”。');
});

test('a quoted description does not double its final punctuation', () => {
  assert.equal(quoted('关于磁县2025年某项目的批复文件。'), '“关于磁县2025年某项目的批复文件”');
  assert.equal(quoted('预算表！？ '), '“预算表”');
  const l = buildLetter('reply', caseWith([{ type: 'decide', on: '2026-10-20', data: { outcome: 'disclose', reasons: [] } }], { description: '关于磁县2025年某项目的批复文件。' }));
  assert.ok(l.paragraphs[0]!.endsWith('您申请获取“关于磁县2025年某项目的批复文件”。'), l.paragraphs[0]);
  assert.ok(!l.paragraphs.join('').includes('。”'));
});

test('征求意见书 cites 第三十二条 for a third party and 第三十四条 for a co-producing agency, without the garbled label', () => {
  const third = buildLetter('consultation', caseWith([{ type: 'start_consultation', on: '2025-11-05', data: { party: '磁县某建材有限公司', kind: 'third_party', answer_due_on: '2025-11-26' } }]));
  const text = third.paragraphs.join('');
  assert.ok(!text.includes('（第三方（第三十二条））'));
  assert.match(text, /根据《中华人民共和国政府信息公开条例》第三十二条的规定，现书面征求你方意见。请自收到本意见书之日起15个工作日内提出意见，即2025年11月26日（含当日）前；逾期未提出意见的，由本机关依照条例的规定决定是否公开。/);
  assert.equal(third.recipient, '磁县某建材有限公司：');
  const agency = buildLetter('consultation', caseWith([{ type: 'start_consultation', on: '2025-11-05', data: { party: '磁县财政局', kind: 'co_producer', answer_due_on: '2025-11-26' } }]));
  assert.match(agency.paragraphs.join(''), /第三十四条.*视为同意公开/);
  assert.equal(third.title, '政府信息公开征求第三方意见书');
  assert.equal(agency.title, '政府信息公开征求意见函');
  assert.ok(!agency.paragraphs.join('').includes('（共同制作机关（第三十四条））'));
  // 第三十二条: by post the 15 working days run from the day the party receives the letter
  const posted = buildLetter('consultation', caseWith([{ type: 'start_consultation', on: '2025-11-05', data: { party: '磁县某建材有限公司', kind: 'third_party', sent_via: 'mail', received_on: '2025-11-08', answer_due_on: '2025-11-28' } }]));
  assert.match(posted.paragraphs.join(''), /15个工作日内提出意见，按预计2025年11月8日收到计算，为2025年11月28日（含当日）前；/);
  // no brackets inside brackets (the garbled 「（第三方（第三十二条））」 of issue 15)
  for (const l of [third, agency, posted]) assert.ok(!/（[^）]*（/u.test(l.paragraphs.join('')), l.paragraphs.join(''));
});

test('a provisional due date is printed with 暂定 on the receipt and the extension notice', () => {
  const provisional = caseWith([{ type: 'extend', on: '2026-12-28', data: { days: 20, approved_by: 'x', reason: '需调取档案' } }], { receivedOn: '2026-12-04', dueOn: '2027-01-04', dueProvisional: true });
  assert.match(buildLetter('receipt', provisional).paragraphs.join(''), /本机关将于2027年1月4日（暂定，含当日）前作出答复/);
  assert.match(buildLetter('extension', provisional).paragraphs.join(''), /本机关将于2027年1月4日（暂定，含当日）前作出答复/);
  const firm = caseWith([], { dueOn: '2026-10-22', dueProvisional: false });
  assert.ok(!buildLetter('receipt', firm).paragraphs.join('').includes('暂定'));
});

test('转办函 is signed by the transferring office and addressed to the receiving one', () => {
  const c = caseWith([{ type: 'transfer', on: '2026-09-22', data: { from_org: '130427', org: '130427-mzj', reason: '该信息由民政局制作并保存。' } }], { orgName: '磁县人民政府', transferTargetName: '磁县民政局' });
  const l = buildLetter('transfer', c);
  assert.equal(l.signatory, '磁县人民政府');
  assert.equal(l.recipient, '磁县民政局：');
  assert.match(l.paragraphs[1]!, /^因该信息由民政局制作并保存，现将该申请转你单位办理/);
});

test('发文字号: prefix + 〔year〕 + serial; a default prefix from the name; prefixes checked', () => {
  assert.equal(formatDocNumber('磁政依公', 2026, 15), '磁政依公〔2026〕15号');
  assert.equal(defaultDocPrefix('磁县人民政府', 'government'), '磁县政依公');
  assert.equal(defaultDocPrefix('磁县民政局', 'department'), '磁县民政局依公');
  assert.equal(docPrefixProblem('磁政依公'), null);
  assert.equal(docPrefixProblem('磁'), 'length');
  assert.equal(docPrefixProblem('磁政〔依公'), 'characters');
  assert.equal(docPrefixProblem('磁政 依公'), 'characters');
  assert.equal(docPrefixProblem('磁政依公号'), 'characters');
});

test('each letter is issued by its own event, and the newest issuing event is the one printed', () => {
  const events: CaseEvent[] = [
    registrationEvent('in_person', '130427', '2025-11-03'),
    { type: 'start_consultation', on: '2025-11-05', data: { party: '甲公司', kind: 'third_party', answer_due_on: '2025-11-26' } },
    { type: 'end_consultation', on: '2025-11-20', data: { result: '同意' } },
    { type: 'start_consultation', on: '2025-11-21', data: { party: '乙公司', kind: 'third_party', answer_due_on: '2025-12-12' } },
    { type: 'decide', on: '2025-12-15', data: { outcome: 'disclose', reasons: [] } },
  ];
  const upTo = (n: number) => fold(events.slice(0, n));
  assert.deepEqual(lettersIssuedBy(events[0]!, upTo(1)), ['application_form', 'receipt']);
  assert.deepEqual(lettersIssuedBy(events[4]!, upTo(5)), ['reply', 'delivery_receipt', 'confidentiality']);
  assert.equal(issuingEventIndex('consultation', events, upTo), 3);
  assert.equal(issuingEventIndex('receipt', events, upTo), 0);
  assert.equal(issuingEventIndex('extension', events, upTo), -1);
  // online: the receipt comes with the confirmation, not with the registration
  const online: CaseEvent[] = [registrationEvent('online', '130427', '2026-09-18'), { type: 'confirm_receipt', on: '2026-09-21', data: {} }];
  assert.deepEqual(lettersIssuedBy(online[0]!, fold(online.slice(0, 1))), ['application_form']);
  assert.equal(issuingEventIndex('receipt', online, (n) => fold(online.slice(0, n))), 1);
});

test('a DOCX is the same bytes on any day: core.xml and ZIP dates are the letter date', async () => {
  const letter = buildLetter('reply', caseWith([{ type: 'decide', on: '2026-11-30', data: { outcome: 'disclose', reasons: ['经审查，您申请的信息属于可以公开的政府信息。'] } }], { dated: '2026-11-30' }));
  mock.timers.enable({ apis: ['Date'], now: new Date('2026-12-01T08:00:00Z') });
  let first: Buffer;
  try { first = await renderLetterDocx(letter); } finally { mock.timers.reset(); }
  mock.timers.enable({ apis: ['Date'], now: new Date('2027-06-15T17:45:13Z') });
  let second: Buffer;
  try { second = await renderLetterDocx(letter); } finally { mock.timers.reset(); }
  assert.ok(first.equals(second), 'two renders on different days are byte-for-byte equal');
  const core = zipEntries(first).get('docProps/core.xml')!.toString('utf8');
  assert.match(core, /<dcterms:created xsi:type="dcterms:W3CDTF">2026-11-30T00:00:00Z<\/dcterms:created>/);
  // every entry's DOS date is 2026-11-30 (central directory, offset 14)
  const eocd = first.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const cd = first.readUInt32LE(eocd + 16);
  assert.equal(first.readUInt16LE(cd + 14), ((2026 - 1980) << 9) | (11 << 5) | 30);
});

test('GB/T 9704: the last paragraph keeps with the signature, seal and date (never a page with only the seal)', async () => {
  const letter = buildLetter('reply', caseWith([{ type: 'decide', on: '2026-11-30', data: { outcome: 'disclose', reasons: ['经审查，您申请的信息属于可以公开的政府信息。'] } }], { dated: '2026-11-30' }));
  const xml = documentXml(await renderLetterDocx(letter));
  const paras = xml.split('</w:p>');
  const idx = (needle: string) => paras.findIndex((p) => p.includes(needle));
  const lastBody = idx('申请行政复议');
  const sign = paras.findIndex((p, i) => i > lastBody && p.includes('>磁县人民政府<'));
  assert.ok(lastBody > 0 && sign === lastBody + 1, 'the signature follows the last paragraph');
  for (const i of [lastBody, sign, sign + 1]) assert.ok(paras[i]!.includes('<w:keepNext/>'), `paragraph ${i} keeps with the next`);
  assert.ok(paras[sign + 2]!.includes('2026年11月30日'));
  const text = docxText(await renderLetterDocx(letter));
  assert.match(text, /磁县政依公〔2026〕7号/);
});

test('the blank 申请表 has every Art. 29 field and no personal data', async () => {
  const form = blankApplicationForm();
  assert.equal(form.docNumber, null);
  assert.ok(form.table!.every(([, v]) => v === '' || /^□/.test(v)), 'blank or choices to tick');
  // the choices are the methods the office records (获取方式 as on the registration form), short
  // enough to stay on one line of the form (「□ 自行领取 … □ 网上获」/「取」 wrapped in LibreOffice)
  assert.equal(form.table!.find(([k]) => k === '获取方式')![1], '□ 自取　□ 邮寄　□ 电子邮件　□ 网上获取');
  const text = docxText(await renderLetterDocx(form));
  for (const label of ['姓名或名称', '身份证号码／统一社会信用代码', '联系电话', '通信地址', '所需政府信息（名称、文号或特征性描述）', '获取方式', '□ 电子邮件']) assert.ok(text.includes(label), label);
  assert.ok(!/\d{17}[\dX]|1[3-9]\d{9}/.test(text), 'no ID number or phone');
  assert.ok((await renderLetterDocx(form)).equals(await renderLetterDocx(form)));
});

test('办理流程图: an SVG image with a title and a description naming every step and its deadline', () => {
  const svg = processChartSvg();
  assert.match(svg, /^<svg [^>]*role="img" aria-labelledby="ysq-flow-title ysq-flow-desc"/);
  assert.match(svg, /<title id="ysq-flow-title">依申请公开办理流程图<\/title>/);
  const desc = /<desc id="ysq-flow-desc">([^<]*)<\/desc>/.exec(svg)![1]!;
  for (const s of PROCESS_STEPS) assert.ok(desc.includes(s.title), s.title);
  for (const d of ['7 个工作日', '15 个工作日', '20 个工作日', '延长 20 个工作日']) assert.ok(svg.includes(d), d);
  assert.deepEqual(wrapText('一二三四五六', 4), ['一二三四', '五六']);
  assert.deepEqual(wrapText('一二三，四', 3), ['一二三，', '四'], 'punctuation stays on its line');
});

test('line pitch: 28 pt, tightened (not below 24 pt) only when that keeps a letter that just overflows on one page', () => {
  const one = '经审查，您申请获取的信息依法可以公开，现将相关文件的电子版通过电子邮件发送给您，请注意查收。';
  const two = '如对提供的信息有疑问，可以在工作日内与本机关政府信息公开工作机构联系，联系电话：0310-2312345。';
  const reply = (reasons: string[]) => buildLetter('reply', caseWith([{ type: 'decide', on: '2026-11-30', data: { outcome: 'disclose', reasons } }], { dated: '2026-11-30' }));
  assert.equal(estimatedLines('一'.repeat(25)), 1);
  assert.equal(estimatedLines('一'.repeat(26)), 2);
  assert.equal(estimatedLines('1234567890', 0), 1);
  assert.equal(linePitch(reply([one])), 560);
  // the two-paragraph reply that put 「磁县人民政府（印章）2026年11月30日」 alone on page 2 (checked in LibreOffice: one page)
  const tight = linePitch(reply([one, two]));
  assert.ok(tight < 560 && tight >= 480, String(tight));
  assert.equal(linePitch(reply(Array(6).fill(one))), 560, 'two pages anyway: normal spacing');
  assert.equal(linePitch(blankApplicationForm()), 560);
});

test('free text ending in punctuation is not doubled in any letter (「因需调取档案。，」)', () => {
  const c = caseWith([
    { type: 'request_correction', on: '2026-09-21', data: { items: ['请写明文件名称。'], deadline_on: '2026-10-13' } },
    { type: 'receive_correction', on: '2026-09-24', data: {} },
    { type: 'start_consultation', on: '2026-09-25', data: { party: '磁县某建材有限公司', kind: 'third_party', answer_due_on: '2026-10-23' } },
    { type: 'extend', on: '2026-10-15', data: { days: 20, approved_by: 'cixian.gkb', reason: '需调取档案。' } },
    { type: 'transfer', on: '2026-10-16', data: { from_org: '130427', org: '130427-mzj', reason: '该信息由民政局制作并保存；' } },
    { type: 'issue_fee_notice', on: '2026-10-19', data: { basis: 'count', amount: 100, explanation: '超出数量标准！', pay_by: '2026-11-03' } },
    { type: 'decide', on: '2026-10-20', data: { outcome: 'disclose', reasons: ['经审查，该信息可以公开。'] } },
  ], { description: '关于磁县2025年某项目的批复文件？' });
  for (const kind of ['correction', 'extension', 'consultation', 'transfer', 'fee', 'reply'] as const) {
    const text = buildLetter(kind, c).paragraphs.join('\n');
    assert.ok(!/[。，；：、！？.,;:!?][。，；：、！？]/u.test(text), `${kind}: ${text}`);
  }
  assert.match(buildLetter('extension', c).paragraphs[0]!, /因需调取档案，不能在法定期限内作出答复。/);
  assert.match(buildLetter('transfer', c).paragraphs[1]!, /^因该信息由民政局制作并保存，现将该申请转你单位办理/);
});

test('namesWithDefaultPrefix finds every name whose default 机关代字 is the prefix', () => {
  for (const [name, kind] of [['磁县人民政府', 'government'], ['磁县民政局', 'department'], ['城关街道办事处', 'street'], ['某某办事处', 'street'], ['磁州镇人民政府', 'government']] as const) {
    assert.ok(namesWithDefaultPrefix(defaultDocPrefix(name, kind)).includes(name), name);
  }
  assert.deepEqual(namesWithDefaultPrefix('磁政'), []);
});

test('every deadline a letter prints says the day itself counts (「（含当日）前」, as the case page and due_explanation)', () => {
  const c = caseWith([
    { type: 'request_correction', on: '2026-09-21', data: { items: ['请写明文件名称'], deadline_on: '2026-10-13' } },
    { type: 'receive_correction', on: '2026-09-24', data: {} },
    { type: 'extend', on: '2026-10-15', data: { days: 20, approved_by: 'x', reason: '需调取档案' } },
    { type: 'issue_fee_notice', on: '2026-10-19', data: { basis: 'count', amount: 100, explanation: '', pay_by: '2026-11-03' } },
  ], { dueOn: '2026-11-19' });
  assert.match(buildLetter('receipt', c).paragraphs.join(''), /本机关将于2026年11月19日（含当日）前作出答复/);
  assert.match(buildLetter('extension', c).paragraphs.join(''), /本机关将于2026年11月19日（含当日）前作出答复/);
  assert.match(buildLetter('correction', c).paragraphs.join(''), /请于2026年10月13日（含当日）前补正/);
  assert.match(buildLetter('fee', c).paragraphs.join(''), /请于2026年11月3日（含当日）前缴纳/);
  for (const kind of ['receipt', 'extension', 'correction', 'fee'] as const) assert.ok(!/\d日前/u.test(buildLetter(kind, c).paragraphs.join('')), kind);
});
