import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hotlineStatusAfter, parseCsvRows, parseHotlineCsv, parseLocalDateTime, ratingOfStatus, workOrderChanges, type WorkOrderInput } from './hotline-csv.ts';
import type { MessageEvent } from './workflow.ts';

const HEADER = '工单编号,创建工号,工单标题,工单内容,来电时间,计划完成时间,工单类型,工单状态';

test('rows with the seed fields parse; 「-」 means no planned time', () => {
  const r = parseHotlineCsv(`\uFEFF${HEADER}\r\nDH99321120200227,8012,关于健康码信息填写错误,"服务对象的小孩未实名, 需更正",2020-02-27 14:54:23,2020-02-28 13:40:02,咨询,满意\r\nDH99321120200228,,关于健康码问题,服务对象来电咨询,2020-02-27 14:40:22,-,咨询,服务坐席结束工单\r\n`);
  assert.deepEqual(r.errors, []);
  assert.equal(r.rows.length, 2);
  assert.equal(r.rows[0]!.content, '服务对象的小孩未实名, 需更正');
  assert.equal(r.rows[0]!.plannedAt, '2020-02-28 13:40:02');
  assert.equal(r.rows[1]!.plannedAt, null);
  assert.equal(r.rows[1]!.operatorNo, '');
});

test('every bad row is reported with its line number; nothing is returned as importable', () => {
  const r = parseHotlineCsv([
    HEADER,
    'DH0001,1,标题,内容,2020-02-30 10:00:00,-,咨询,满意',
    'DH0002,1,标题,内容,2020-02-27 10:00:00,2020-02-26 10:00:00,咨询,满意',
    'DH0003,1,标题,内容,2020-02-27 10:00:00,-,闲聊,满意',
    'DH0004,1,,内容,2020-02-27 10:00:00,-,投诉,',
    'DH0005,1,标题,内容,2020-02-27 10:00:00,-,投诉,办理中',
    'DH0005,1,标题,内容,2020-02-27 10:00:00,-,投诉,办理中',
  ].join('\n'));
  assert.match(r.errors.join('\n'), /第 2 行：来电时间/);
  assert.match(r.errors.join('\n'), /第 3 行：计划完成时间早于来电时间/);
  assert.match(r.errors.join('\n'), /第 4 行：工单类型“闲聊”/);
  assert.match(r.errors.join('\n'), /第 5 行：缺少工单标题/);
  assert.match(r.errors.join('\n'), /第 5 行：缺少工单状态/);
  assert.match(r.errors.join('\n'), /第 7 行：工单编号 DH0005 与第 6 行重复/);
});

test('a missing header column or an empty file is refused', () => {
  assert.match(parseHotlineCsv('工单编号,工单标题\nA,B').errors[0]!, /表头缺少 创建工号/);
  assert.match(parseHotlineCsv(`${HEADER}\n`).errors[0]!, /没有工单/);
});

test('CSV quoting and date-times', () => {
  assert.deepEqual(parseCsvRows('a,"b ""c""",d\n\n1,2,3'), [['a', 'b "c"', 'd'], ['1', '2', '3']]);
  assert.equal(parseLocalDateTime('2026-10-10 08:00'), '2026-10-10 08:00:00');
  assert.equal(parseLocalDateTime('2026-02-29 08:00:00'), null);
});

test('the optional 办结时间 column: read for finished orders; bad, too early or on an open order refused', () => {
  const h = `${HEADER},办结时间`;
  const ok = parseHotlineCsv(`${h}\nDH1001,1,标题,内容,2026-03-02 09:00:00,2026-03-05 17:00:00,投诉,已办结,2026-03-06 10:00\nDH1002,1,标题,内容,2026-03-02 09:00:00,-,咨询,服务坐席结束工单,-`);
  assert.deepEqual(ok.errors, []);
  assert.deepEqual(ok.rows.map((r) => r.closedAt), ['2026-03-06 10:00:00', null]);
  const bad = parseHotlineCsv([h,
    'DH2001,1,标题,内容,2026-03-02 09:00:00,-,投诉,已办结,2026-13-01 10:00:00',
    'DH2002,1,标题,内容,2026-03-02 09:00:00,-,投诉,已办结,2026-03-01 10:00:00',
    'DH2003,1,标题,内容,2026-03-02 09:00:00,-,投诉,办理中,2026-03-03 10:00:00',
  ].join('\n'));
  assert.match(bad.errors.join('\n'), /第 2 行：办结时间“2026-13-01 10:00:00”/);
  assert.match(bad.errors.join('\n'), /第 3 行：办结时间早于来电时间/);
  assert.match(bad.errors.join('\n'), /第 4 行：工单状态“办理中”不是办结状态/);
  // Without the column every order has no 办结时间.
  assert.equal(parseHotlineCsv(`${HEADER}\nDH3001,1,标题,内容,2026-03-02 09:00:00,-,咨询,满意`).rows[0]!.closedAt, null);
});

// Handling here moves 工单状态 in the hotline's words (regulations.md §5.5: 受理 → 转办/派单 → 签收 →
// 办理 → 回复 → 办结 → 回访); 督办/催办 leave it as it was.
const statusCases: [string, MessageEvent[], string | null][] = [
  ['受理', [{ type: 'accepted', on: '2026-12-01', classCode: 'normal', dueOn: '2026-12-08', explanation: '' }], '已受理'],
  ['交办', [{ type: 'assigned', on: '2026-12-01', org: '130427-mzj' }], '已派单'],
  ['签收', [{ type: 'signed', on: '2026-12-02' }], '办理中'],
  ['退单', [{ type: 'returned', on: '2026-12-02', reason: '非本单位职责', from: '130427-mzj' }], '已退单'],
  ['反馈 then 回应', [{ type: 'replied', on: '2026-12-03', text: '已处理' }, { type: 'responded', on: '2026-12-03', text: '已处理', approvedBy: '主任' }], '已回复'],
  ['回访 基本满意', [{ type: 'rated', on: '2026-12-04', level: 'basically_satisfied' }], '基本满意'],
  ['延期', [{ type: 'extended', on: '2026-12-04', days: 5, approvedBy: '主任', dueOn: '2026-12-11', explanation: '' }], '已延期'],
  ['办结', [{ type: 'closed', on: '2026-12-04', onTime: true }], '已办结'],
  ['督办 keeps the status', [{ type: 'supervised', on: '2026-12-04', note: '加快' }], '待签收'],
  ['催办 keeps the status', [{ type: 'chased', on: '2026-12-04', note: '催' }], '待签收'],
];
for (const [why, events, want] of statusCases) {
  test(`工单状态 after ${why}: ${want}`, () => assert.equal(hotlineStatusAfter(events, '待签收'), want));
}

test('a re-import lists exactly the changed fields, in the platform\'s column order', () => {
  const stored = { operatorNo: '8012', title: '关于供暖', content: '暖气不热', calledAt: '2026-12-01 09:00:00', plannedAt: '2026-12-04 17:00:00', orderType: '投诉', status: '待签收' };
  const input: WorkOrderInput = { workOrderNo: 'DH1', operatorNo: '8012', title: '关于供暖', content: '暖气不热', calledAt: '2026-12-01 09:00:00', plannedAt: '2026-12-04 17:00:00', orderType: '投诉', status: '待签收', closedAt: null };
  assert.deepEqual(workOrderChanges(stored, input), []);
  assert.deepEqual(workOrderChanges(stored, { ...input, status: '办理中', plannedAt: '2026-12-08 17:00:00', operatorNo: '' }), [
    { field: '创建工号', from: '8012', to: null },
    { field: '计划完成时间', from: '2026-12-04 17:00:00', to: '2026-12-08 17:00:00' },
    { field: '工单状态', from: '待签收', to: '办理中' },
  ]);
  assert.deepEqual(['满意', '基本满意', '不满意', '已办结'].map(ratingOfStatus), ['satisfied', 'basically_satisfied', 'dissatisfied', null]);
});
