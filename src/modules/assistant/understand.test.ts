// analyseQuestion on questions as people type them: the search words left, the aspects asked, the
// life situation, for whom, the place named, 转人工 and small talk.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyseQuestion, normaliseQuestion } from './understand.ts';
import { findLifeSituation, LIFE_SITUATIONS } from './life-situations.ts';
import { LIFE_EVENT_STAGES } from '../service-map/service-map.ts';
import type { Aspect } from './vocabulary.ts';

// what the caller builds from the region table: full names and names without 省/市/县/区
const PLACES = new Map([['合肥市', '3401'], ['合肥', '3401'], ['磁县', '130427'], ['龙华区', '440309'], ['龙华', '440309'], ['深圳市', '4403'], ['深圳', '4403'], ['海珠区', '440105'], ['海珠', '440105'], ['磁州镇', '130427100']]);

type Row = [question: string, query: string, aspects: Aspect[], stage: string | null, audience: 'personal' | 'enterprise' | null, region: string | null];
const ROWS: Row[] = [
  ['我想开个饭店要办哪些证', '开饭店', [], 'permits', 'enterprise', null],
  ['退休了养老金怎么领', '退休 养老金 申领', [], 'retirement', null, null],
  ['孩子上户口要带什么', '孩子上户口', ['materials'], 'birth', null, null],
  ['低保需要什么条件', '低保', ['conditions'], null, null, null],
  ['社保', '社保', [], null, null, null],
  ['合肥公积金提取要多久', '公积金提取', ['time_limit'], null, null, '3401'],
  ['营业执照在哪办', '营业执照', ['where'], null, null, null],
  ['能网上办吗', '', ['online'], null, null, null],
  // one character left of an aspect question is no search word: a follow-up
  ['多久能办好', '', ['time_limit'], null, null, null],
  ['要花多少钱', '', ['fee'], null, null, null],
  ['请问身份证到期了怎么换', '身份证到期 换领', [], null, null, null],
  ['身份证丢了怎么补办', '身份证 补办', [], null, null, null],
  ['磁县政务服务中心几点上班', '政务服务中心', ['hours'], null, null, '130427'],
  ['龙华区社保证明怎么打印', '社保证明 打印', [], null, null, '440309'],
  ['公司注销需要什么材料', '公司注销', ['materials'], 'closure', 'enterprise', null],
  ['办居住证要多少钱', '居住证', ['fee'], null, null, null],
  ['失业金怎么领取', '失业金 申领', [], null, null, null],
  ['结婚登记需要带什么', '结婚登记', ['materials'], null, null, null],
  ['个人怎么交社保', '交社保', [], null, 'personal', null],
  ['单位社保怎么办理', '单位社保', [], null, 'enterprise', null],
  ['出生医学证明怎么办', '出生医学证明', [], null, null, null],
  ['生孩子要办什么手续', '生孩子', [], 'birth', null, null],
  ['老人去世了要办什么', '老人去世', [], 'after_death', null, null],
  ['我想注册个公司', '注册公司', [], 'start', 'enterprise', null],
  ['招员工要办哪些手续', '招员工', [], 'hiring', 'enterprise', null],
  ['深圳市居住证办理流程', '居住证', ['process'], null, null, '4403'],
  ['海珠区低保咨询电话是多少', '低保', ['phone'], null, null, '440105'],
  ['养老保险周末能办吗', '养老保险', ['hours'], null, null, null],
  ['公积金提取能不能在手机上办', '公积金提取', ['online'], null, null, null],
  ['驾驶证换证需要几天', '驾驶证换证', ['time_limit'], null, null, null],
  ['我想问一下护照怎么办理', '护照', [], null, null, null],
  ['磁州镇有没有便民服务中心', '便民服务中心', [], null, null, '130427100'],
  ['办理营业执照收费吗', '营业执照', ['fee'], null, null, null],
  ['你好，社保怎么交', '社保', [], null, null, null],
  ['低保申请的进度怎么查', '低保申请 查询', ['result'], null, null, null],
];

for (const [question, query, aspects, stage, audience, region] of ROWS) {
  test(`understands 「${question}」`, () => {
    const a = analyseQuestion(question, PLACES);
    assert.equal(a.query, query, 'search words');
    assert.deepEqual([...a.aspects].sort(), [...aspects].sort(), 'aspects');
    assert.equal(a.lifeSituation?.stage ?? null, stage, 'life situation');
    assert.equal(a.audience, audience, 'audience');
    assert.equal(a.regionMention?.code ?? null, region, 'place');
    assert.equal(a.wantsHuman, false);
    assert.equal(a.smalltalk, null);
  });
}

test('small talk alone is small talk; with a question it is a question', () => {
  const cases: [string, 'greeting' | 'thanks' | 'bye' | null][] = [
    ['你好', 'greeting'], ['您好！', 'greeting'], ['在吗？', 'greeting'], ['谢谢！', 'thanks'], ['好的，谢谢啦', 'thanks'], ['再见', 'bye'], ['拜拜~', 'bye'],
    ['你好，社保怎么交', null], ['谢谢，那要多少钱', null],
  ];
  for (const [text, kind] of cases) {
    const a = analyseQuestion(text, PLACES);
    assert.equal(a.smalltalk, kind, text);
    if (kind) assert.equal(a.query, '', text);
  }
  assert.equal(analyseQuestion('你好，社保怎么交').query, '社保');
});

test('转人工 in words', () => {
  for (const t of ['转人工', '我要找人工客服', '能不能找真人', '人工']) assert.equal(analyseQuestion(t).wantsHuman, true, t);
  for (const t of ['社保', '人工智能专业技术职务', '你好']) assert.equal(analyseQuestion(t).wantsHuman, false, t);
  assert.equal(analyseQuestion('转人工').query, '');
});

test('the longest place named wins and leaves the search words; one character is no place', () => {
  const a = analyseQuestion('合肥市公积金提取', PLACES);
  assert.deepEqual(a.regionMention, { code: '3401', name: '合肥市' });
  assert.equal(a.query, '公积金提取');
  assert.equal(analyseQuestion('磁社保', new Map([['磁', '130427']])).regionMention, null);
  assert.equal(analyseQuestion('龙华区社保', PLACES).regionMention?.name, '龙华区');
});

test('the text is normalised: full-width forms, control characters, spaces', () => {
  assert.equal(normaliseQuestion('  社保\u0000 \u200b 怎么交？ '), '社保 怎么交?');
  assert.equal(analyseQuestion('ＡＰＰ上能办吗').aspects.includes('online'), true);
  const long = analyseQuestion('社保'.repeat(5000));
  assert.ok(long.query.length > 0);
  const html = analyseQuestion('<script>alert(1)</script>低保');
  assert.ok(!/[<>]/.test(html.query), html.query);
});

test('a specific item is not a life situation; the situation named is', () => {
  assert.equal(analyseQuestion('出生医学证明怎么办').lifeSituation, null);
  assert.deepEqual(analyseQuestion('生孩子要办什么手续').lifeSituation, { audience: 'personal', stage: 'birth', phrase: '生孩子' });
  assert.equal(analyseQuestion('我想开个饭店要办哪些证').lifeSituation?.phrase, '开饭店'); // 个 between the verb and its object is not part of it
});

test('every life situation names a stage of the service map and key items', () => {
  for (const s of LIFE_SITUATIONS) {
    assert.ok(LIFE_EVENT_STAGES[s.audience].some((x) => x.slug === s.stage), `${s.audience}/${s.stage}`);
    assert.ok(s.items.length >= 2 && s.phrases.length >= 1);
  }
  assert.equal(findLifeSituation('给孩子上户口')?.situation.items[0], '出生登记');
  assert.equal(findLifeSituation('社保'), null);
});
