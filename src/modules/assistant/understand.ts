// Pure: what a question is about (issue 20 §1) — the words to search for once the question words,
// politeness and aspect words are gone; what is asked (材料, 多久, 多少钱 …); for whom (个人/单位);
// where (a place named in the question); a life situation (开饭店, 生孩子, 退休); 转人工; small talk.
// No database and no segmenter here: fixed word lists, longest first. See docs/model/assistant-understanding.md.
import type { Aspect } from './vocabulary.ts';
import type { Audience, QuestionAnalysis } from './types.ts';
import { ALL_SITUATION_PHRASES, findLifeSituation } from './life-situations.ts';

// Control characters, zero-width and bidi marks, private-use code points.
const JUNK = /[\p{Cc}\p{Cf}\p{Co}\p{Cs}]/gu;
const PUNCT = /[\p{P}\p{S}]/gu;

/** NFKC, control characters removed, spaces collapsed (what QuestionAnalysis.text holds). */
export function normaliseQuestion(text: string): string {
  return text.normalize('NFKC').replace(JUNK, ' ').replace(/\s+/g, ' ').trim();
}

/**
 * What is asked about an item, and the words that say it. The words are removed from the search
 * words; a pattern is a regular expression source (most are plain words).
 */
const ASPECT_WORDS: readonly { aspect: Aspect; words: readonly string[] }[] = [
  { aspect: 'materials', words: ['申请材料', '办理材料', '所需材料', '需要材料', '什么材料', '哪些材料', '材料', '资料', '带什么', '带啥', '带哪些', '带些什么', '拿什么', '拿哪些', '准备什么', '准备啥', '准备哪些', '准备些什么', '要什么证件', '什么证件', '哪些证件', '提交什么', '提供什么', '交什么资料', '携带', '要带', '带上', '带'] },
  { aspect: 'time_limit', words: ['多长时间', '多久', '几天', '多少天', '几个工作日', '多少个工作日', '多少工作日', '时限', '期限', '啥时候能拿到', '什么时候能拿到', '什么时候拿到', '什么时候能好', '什么时候能办好', '多久能下来', '多久下来', '多久能拿到', '多久拿到', '多快', '几个月', '当天能', '当场能', '当天', '当场'] },
  { aspect: 'fee', words: ['多少钱', '收费吗', '收费', '收不收费', '收不收钱', '要不要钱', '要钱吗', '要钱', '花钱', '花多少', '免费吗', '免费', '工本费', '费用是多少', '费用多少', '什么费用', '哪些费用', '贵不贵', '交钱'] },
  { aspect: 'where', words: ['在哪里', '在哪儿', '在哪', '去哪里', '去哪儿', '去哪', '到哪里', '到哪儿', '到哪', '哪里办', '哪儿办', '哪里', '哪儿', '地址', '地点', '什么地方', '哪个部门', '哪个窗口', '找谁', '怎么走', '位置'] },
  { aspect: 'hours', words: ['几点上班', '几点下班', '几点开门', '几点关门', '几点', '上班时间', '办公时间', '工作时间', '营业时间', '办理时间', '开放时间', '什么时候上班', '周末', '星期六', '星期天', '星期日', '礼拜天', '礼拜六', '周六', '周日', '节假日', '放假', '午休', '中午'] },
  { aspect: 'online', words: ['能不能在网上', '可以在网上', '网上办理', '网上办', '在网上', '网上', '线上', '手机上', '用手机', '手机', '在线', '网办', '掌上', '不用跑', '不跑腿', '不去现场', '不用去', '小程序', 'app', 'APP', '电子版'] },
  { aspect: 'conditions', words: ['申请条件', '办理条件', '什么条件', '哪些条件', '条件', '能不能申请', '能申请吗', '可以申请吗', '符合', '谁可以', '什么人可以', '哪些人可以', '够不够', '有资格', '什么资格', '申请资格', '资格条件'] },
  { aspect: 'process', words: ['办理流程', '流程', '步骤', '程序', '怎么操作', '操作'] },
  { aspect: 'phone', words: ['咨询电话', '联系电话', '电话号码', '电话', '联系方式', '热线', '怎么联系'] },
  { aspect: 'result', words: ['办理进度', '进度', '办好了没', '办好没有', '结果'] },
];

/** 转人工 in words. */
const HUMAN = /转人工|人工客服|人工服务|人工坐席|人工台|找真人|真人客服|真人|找人工|要人工|接人工|转接人工|找客服|转客服|^(我要|我想要|要)?人工(吧|啊|呀)?$/;

const SMALLTALK: readonly { kind: 'greeting' | 'thanks' | 'bye'; words: readonly string[] }[] = [
  { kind: 'greeting', words: ['你好', '您好', '你们好', '在吗', '在不在', '有人吗', '哈喽', '哈罗', 'hello', 'hi', '嗨', '早上好', '上午好', '中午好', '下午好', '晚上好', '早', '喂', '小助手', '客服'] },
  { kind: 'thanks', words: ['谢谢', '谢谢你', '谢谢您', '多谢', '感谢', '非常感谢', '十分感谢', '谢了', '好的谢谢', '好谢谢', '明白了谢谢', '知道了谢谢', '辛苦了', 'thanks', 'thankyou', '好的', '明白了', '知道了', '收到'] },
  { kind: 'bye', words: ['再见', '拜拜', 'bye', 'byebye', '没事了', '好的再见', '谢谢再见', '再会', '先这样'] },
];
/** Every small-talk word, lower case, longest first (built once). */
const SMALLTALK_WORDS = SMALLTALK.flatMap((s) => s.words.map((w) => ({ kind: s.kind, w: w.toLowerCase() }))).sort((a, b) => b.w.length - a.w.length);
const SMALLTALK_TAIL = /[啊呀哈啦了哦喔嘛吧呢]+$/;

/** 个人 / 单位 in words (both named: neither). */
const PERSONAL = /个人|本人|自己|自然人|居民|职工本人|灵活就业/;
const ENTERPRISE = /单位|企业|公司|法人|用人单位|机构|个体工商户|商户|店铺|厂/;

/**
 * Question and politeness words, removed from the search words (longest first; plain words).
 * Single characters are handled by FILLER_CHARS below, where they are not part of a word.
 */
const FILLERS: readonly string[] = [
  '请问一下', '请问下', '请问', '麻烦问一下', '麻烦问下', '麻烦您', '麻烦你', '麻烦', '问一下', '问下', '咨询一下', '咨询下', '我想咨询', '想咨询', '咨询',
  '我想问问', '我想问', '想问问', '想问一下', '想问', '我想知道', '想知道', '想了解', '了解一下', '了解', '我想要', '我想', '我要', '我需要', '我们要', '我们想',
  '我应该', '应该', '我该', '该怎么', '怎么样才能', '怎么样', '怎么才能', '怎样才能', '如何才能', '怎么办理', '怎么办', '怎么弄', '怎么搞', '怎么申请', '怎么做', '怎么', '怎样', '如何', '咋办', '咋弄', '咋',
  '办理', '办一下', '去办', '来办', '能办', '可以办', '要办', '需要办', '得办', '办个', '哪些', '哪个', '哪种', '哪家', '哪', '什么样', '什么', '啥',
  '需不需要', '要不要', '能不能', '可不可以', '可以吗', '可以', '能否', '是否', '是不是', '有没有', '有哪些', '需要', '必须', '一定要',
  '一下', '手续', '相关', '有关', '具体', '一般', '大概', '大约', '现在', '目前', '今年', '本地', '当地', '这边', '这里', '我们这', '咱们', '我们', '你们', '您', '我家', '俺',
  '帮我', '帮忙', '告诉我', '请教', '是多少', '是什么', '多少', '有没有', '有什么', '打算', '计划', '考虑', '希望', '准备开', '准备办', '能下来', '下来', '拿到', '谢谢', '你好', '您好', '好的', '一个', '这个', '那个', '东西', '事情', '的话', '还是', '就是', '还有', '以及', '然后', '那么', '那边', '那里',
];
/** Single characters that are question words unless part of a word (lookbehind / lookahead guards). */
const FILLER_CHARS: readonly RegExp[] = [
  /[吗呢吧啊呀哦嘛啦了的么]/g,
  /(?<!需|主|重|摘|纪)要(?!件|素|点)/g,
  /想/g,
  /(?<!必)需(?!求)/g,
  /(?<![新民补代承开创举协督])办(?![学法公结事])/g,
  /去(?!世|向)/g,
  /(?<![技节功智体动])能(?![力源])/g,
  /(?<!申|邀|聘)请(?!假|愿|示)/g,
  /我|你|他|她/g,
  /(?<!一)个(?![人体税性])/g,
  /(?<!获|取|记)得(?!到)/g,
];

/** Words that say nothing once a life situation is found (孩子上户口 is the situation 上户口). */
const SITUATION_NOISE = /孩子|小孩|宝宝|老人|家里人|家里|家人|父母|爸爸|妈妈|爸|妈|老公|老婆|证件|证|手续|东西|事情|事|领|申请|一些|些|回家|回来|以后|之后|刚|享受|生活|过不下|照顾|没人|关掉|关了|关门|不干|不做|不开|别的|其他|外地|城市|老家|地方|生意|做点|农村|城里/g;

/** A lone verb left over is written as the items write it (领 → 申领). */
const LONE_VERBS: ReadonlyMap<string, string> = new Map([
  ['领', '申领'], ['领取', '申领'], ['取', '提取'], ['查', '查询'], ['补', '补办'], ['换', '换领'], ['转', '转移'],
  ['丢', '补办'], ['丢失', '补办'], ['弄丢', '补办'], ['掉', '补办'], ['坏', '损坏'], ['过期', '到期'],
]);

/** 丢了 / 坏了 said of a document: what the items call 补办 (补领, 补发) / 损坏. */
const LOST = /弄丢了|弄丢|丢了|丢失了|丢失|掉了|找不到了|不见了/g;
const BROKEN = /弄坏了|坏了|损坏了|破了|烂了/g;
/** A word that alone says only "to do something". */
const GENERIC_WORD = /^(申请|办理|手续|操作|提交|登记一下)$/;
/** An audience word standing alone among the search words. */
const AUDIENCE_ALONE = /^(个人|本人|自己|单位|企业|公司|我们公司|我公司|用人单位|法人)$/;
/** Measure words between a verb and its object (注册一家公司, 买了台车) are not part of the situation. */
const MEASURE = /(开|注册|成立|办|买|卖|招|生|养|请|雇|盖|建)(?:了一家|了一个|了一台|了一辆|了个|了台|了辆|一家|一个|一台|一辆|一套|一间|一条|一只|个|家|台|辆|套|间|条|只|头|了)/g;

/** One character left alone that says nothing. */
const LONE_NOISE = /^[证件事个下在是有没给把被和与或都也还就再又才让对从到上里那这交缴]$/;

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
const ASPECT_RES = ASPECT_WORDS.map((a) => ({ aspect: a.aspect, re: new RegExp([...a.words].sort((x, y) => y.length - x.length).map(escapeRe).join('|'), 'gi') }));
const FILLER_RE = new RegExp([...FILLERS].sort((x, y) => y.length - x.length).map(escapeRe).join('|'), 'g');

/** The words left to search for once question, politeness and aspect words are gone. */
function searchWords(text: string): string {
  let s = text.replace(PUNCT, ' ').replace(LOST, ' 补办 ').replace(BROKEN, ' 损坏 ').replace(MEASURE, '$1');
  for (const a of ASPECT_RES) s = s.replace(a.re, ' ');
  s = s.replace(FILLER_RE, ' ');
  for (const re of FILLER_CHARS) s = s.replace(re, ' ');
  const parts = s.split(/\s+/).filter(Boolean).map((w) => LONE_VERBS.get(w) ?? w);
  // a lone 证 (要办哪些证) or function word (在手机上 → 在) says nothing
  let kept = [...new Set(parts.filter((w) => !LONE_NOISE.test(w)))];
  // 申请 / 办理 beside what is applied for says nothing more (驾驶证换证 … 申请)
  if (kept.length > 1) kept = kept.filter((w) => !GENERIC_WORD.test(w));
  // 个人 / 单位 said alone is for whom (the audience), not what: 「公司怎么开公积金账户」
  const what = kept.filter((w) => !AUDIENCE_ALONE.test(w));
  return (what.length ? what : kept).join(' ');
}

function smalltalkOf(text: string): QuestionAnalysis['smalltalk'] {
  const c = text.replace(PUNCT, '').replace(/\s+/g, '').toLowerCase().replace(SMALLTALK_TAIL, '');
  if (!c) return null;
  for (const s of SMALLTALK) if (s.words.some((w) => w.toLowerCase() === c)) return s.kind;
  // 你好你好, 谢谢谢谢, 你好，谢谢 → the last one said
  let rest = c;
  let last: QuestionAnalysis['smalltalk'] = null;
  for (let guard = 0; rest && guard < 8; guard++) {
    const hit = SMALLTALK_WORDS.find((x) => rest.startsWith(x.w));
    if (!hit) return null;
    last = hit.kind;
    rest = rest.slice(hit.w.length).replace(SMALLTALK_TAIL, '');
  }
  return rest ? null : last;
}

function regionOf(text: string, places: ReadonlyMap<string, string>): { code: string; name: string } | null {
  let best: { code: string; name: string } | null = null;
  for (const [name, code] of places) {
    if ([...name].length < 2 || !text.includes(name)) continue;
    if (!best || name.length > best.name.length) best = { code, name };
  }
  return best;
}

/**
 * Analyses a question without the database. `places` maps place names as people write them
 * (合肥, 合肥市, 磁县) to region codes; the analyser reports the one named in the question.
 */
export function analyseQuestion(text: string, places: ReadonlyMap<string, string> = new Map()): QuestionAnalysis {
  const t = normaliseQuestion(text);
  const wantsHuman = HUMAN.test(t.replace(/\s+/g, ''));
  const smalltalk = wantsHuman ? null : smalltalkOf(t);
  const regionMention = regionOf(t, places);
  const body = regionMention ? t.split(regionMention.name).join(' ') : t;
  const aspects: Aspect[] = [];
  for (const a of ASPECT_RES) {
    a.re.lastIndex = 0;
    if (a.re.test(body) && !aspects.includes(a.aspect)) aspects.push(a.aspect);
  }
  const personal = PERSONAL.test(body);
  const enterprise = ENTERPRISE.test(body);
  let audience: Audience | null = personal === enterprise ? null : personal ? 'personal' : 'enterprise';
  const words = smalltalk ? '' : searchWords(wantsHuman ? body.replace(HUMAN, ' ').replace(/转|人工|客服/g, ' ') : body);
  // what is left of an aspect question as one character (多久能办「好」, 要花多少「钱」) names nothing:
  // the question is a follow-up about the last items
  const query = aspects.length && [...words.replace(/\s+/g, '')].length === 1 ? '' : words;
  let lifeSituation: QuestionAnalysis['lifeSituation'] = null;
  const said = body.replace(/\s+/g, '').replace(MEASURE, '$1');
  const found = smalltalk ? null : findLifeSituation(said);
  if (found) {
    // a situation only when it is what the question is about: 出生医学证明 names an item, 生孩子要办什么 a situation
    let rest = said.split(found.phrase).join(' ');
    for (const p of ALL_SITUATION_PHRASES) rest = rest.split(p).join(' ');
    rest = searchWords(rest).replace(/\s+/g, '').replace(SITUATION_NOISE, '').replace(/个人|单位|企业|公司/g, '');
    // a business being opened (开个物流公司跑货运) may say a little more about itself
    if ([...rest].length < (found.business ? 4 : 2)) {
      lifeSituation = { audience: found.situation.audience, stage: found.situation.stage, phrase: found.phrase };
      if (!audience && found.situation.audience === 'enterprise') audience = 'enterprise';
    }
  }
  return { text: t, query, aspects, lifeSituation, audience, regionMention, wantsHuman, smalltalk };
}
