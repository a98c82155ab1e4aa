// Pure: everyday life situations (开饭店, 生孩子, 退休 …) as people say them → the life-event stage they
// mean (LIFE_EVENT_STAGES slugs of service-map) and the key items such a situation needs, named by words
// the search index finds in item names. The key words give an answer even where a region has no
// life-event data of its own (issue 20 §1). Written from common usage, never from benchmark queries.
import type { Audience } from './types.ts';

export interface LifeSituation {
  audience: Audience;
  /** A stage slug of LIFE_EVENT_STAGES (src/modules/service-map/service-map.ts). */
  stage: string;
  /** The phrases people say (the longest found in a question wins). */
  phrases: readonly string[];
  /** Words of the items this situation needs, most important first (each is one search). */
  items: readonly string[];
}

export const LIFE_SITUATIONS: readonly LifeSituation[] = [
  // ---------------------------------------------------------------- enterprise
  { audience: 'enterprise', stage: 'permits', phrases: ['开饭店', '开餐馆', '开饭馆', '开餐厅', '开个饭店', '开个餐馆', '开个饭馆', '开小吃店', '开早餐店', '开奶茶店', '开面馆', '开火锅店', '开烧烤店', '开个店', '开店', '开超市', '开便利店', '开小卖部', '开食品店'],
    items: ['开餐馆一件事', '食品经营许可', '营业执照', '公共场所卫生许可', '消防安全检查'] },
  { audience: 'enterprise', stage: 'start', phrases: ['开公司', '开个公司', '注册公司', '注册个公司', '成立公司', '开办企业', '开办公司', '办企业', '办公司', '创办企业', '办厂', '开厂', '办个厂', '开工厂', '新办企业', '注册企业'],
    items: ['企业开办一件事', '企业设立登记', '营业执照', '公章刻制', '发票', '社会保险登记'] },
  { audience: 'enterprise', stage: 'hiring', phrases: ['招员工', '招新员工', '新员工入职', '员工入职', '招工', '招人', '招聘员工', '雇人', '雇员工', '请员工', '招个人', '新招员工', '给员工交社保', '给员工缴社保'],
    items: ['员工录用一件事', '就业登记', '社会保险登记', '招聘', '住房公积金单位缴存'] },
  { audience: 'enterprise', stage: 'change', phrases: ['公司搬家', '公司搬到', '公司要搬', '公司改名', '公司迁址', '换法人', '变更法人', '公司变更', '企业变更'],
    items: ['企业变更登记', '税务登记信息变更', '社会保险登记（变更登记）'] },
  { audience: 'enterprise', stage: 'closure', phrases: ['注销公司', '关闭公司', '公司注销', '关公司', '公司不开了', '公司不做了', '公司不干了', '关掉公司', '公司关掉', '公司关了', '公司倒闭', '企业注销', '注销企业', '关厂', '店不开了', '注销个体户'],
    items: ['企业注销一件事', '企业注销登记', '注销税务登记', '社会保险注销登记'] },
  { audience: 'enterprise', stage: 'construction', phrases: ['盖厂房', '建厂房', '建厂', '盖楼', '工程开工'],
    items: ['建设工程规划许可', '建筑工程施工许可', '建设用地规划许可', '竣工验收备案'] },
  { audience: 'enterprise', stage: 'trade', phrases: ['做外贸', '搞外贸', '进出口', '做进出口', '出口货物', '进口货物'],
    items: ['对外贸易经营者备案', '报关单位备案', '出口退税'] },
  { audience: 'enterprise', stage: 'finance', phrases: ['企业贷款', '公司贷款', '企业融资', '公司融资'],
    items: ['创业担保贷款', '融资'] },
  // ---------------------------------------------------------------- personal
  { audience: 'personal', stage: 'birth', phrases: ['上户口', '报户口', '落户口', '给孩子上户口', '新生儿落户', '新生儿上户口'],
    items: ['出生登记', '新生儿出生一件事', '出生医学证明', '社会保障卡'] },
  { audience: 'personal', stage: 'birth', phrases: ['生孩子', '生小孩', '生宝宝', '生二胎', '生三胎', '孩子出生', '小孩出生', '宝宝出生', '刚出生', '出生', '新生儿', '怀孕', '生育'],
    items: ['新生儿出生一件事', '出生医学证明', '出生登记', '生育津贴', '社会保障卡'] },
  { audience: 'personal', stage: 'school', phrases: ['上幼儿园', '入园', '入托', '托儿所', '托育'],
    items: ['幼儿园入园', '托育'] },
  { audience: 'personal', stage: 'school', phrases: ['上小学', '上初中', '孩子上学', '小孩上学', '入学', '上学', '转学', '读书', '小升初'],
    items: ['义务教育入学一件事', '义务教育入学', '转学', '学籍'] },
  { audience: 'personal', stage: 'work', phrases: ['失业', '没工作', '丢了工作', '被辞退', '被裁员', '辞职', '离职', '下岗', '找工作', '就业', '求职'],
    items: ['灵活就业一件事', '失业保险金申领', '失业登记', '就业登记', '求职'] },
  { audience: 'personal', stage: 'residence', phrases: ['落户', '迁户口', '户口迁移', '户口迁入', '户口迁出', '搬家', '打工', '外来务工', '到城里'],
    items: ['户口迁移', '居住证', '居民身份证换领', '居住登记'] },
  { audience: 'personal', stage: 'marriage', phrases: ['结婚', '领结婚证', '办结婚证', '离婚', '再婚'],
    items: ['结婚登记', '离婚登记', '生育登记', '婚姻登记'] },
  { audience: 'personal', stage: 'housing', phrases: ['买房', '买房子', '购房', '买二手房', '卖房', '交房'],
    items: ['二手房转移登记', '不动产登记', '公积金贷款', '公积金提取', '契税', '公共租赁住房'] },
  { audience: 'personal', stage: 'travel', phrases: ['出国', '出国留学', '出境', '去香港', '去澳门', '去台湾'],
    items: ['普通护照', '往来港澳通行证', '签注', '公证'] },
  { audience: 'personal', stage: 'travel', phrases: ['买车', '买新车', '买二手车', '新车上牌', '考驾照', '学车'],
    items: ['机动车注册登记', '车辆购置税', '机动车驾驶证申领', '机动车转移登记'] },
  { audience: 'personal', stage: 'health', phrases: ['看病', '生病', '住院', '就医', '外地看病', '异地看病', '看病报销', '大病'],
    items: ['异地就医备案', '医疗费用报销', '基本医疗保险参保', '医疗救助', '门诊慢特病'] },
  { audience: 'personal', stage: 'business', phrases: ['创业', '回乡创业', '返乡创业', '做生意', '做点小生意', '做小生意', '小买卖', '做买卖', '摆摊', '开网店'],
    items: ['个体工商户设立登记', '营业执照', '创业担保贷款', '一次性创业补贴', '食品经营许可'] },
  { audience: 'personal', stage: 'military', phrases: ['当兵', '参军', '入伍', '征兵', '退伍', '退役', '复员', '转业'],
    items: ['军人退役一件事', '兵役登记', '退役士兵', '优待证'] },
  { audience: 'personal', stage: 'assistance', phrases: ['生活困难', '家里困难', '家庭困难', '困难户', '没钱看病', '没有收入', '吃不上饭', '揭不开锅', '救助'],
    items: ['最低生活保障', '临时救助', '特困人员救助供养', '医疗救助'] },
  { audience: 'personal', stage: 'retirement', phrases: ['退休', '办退休', '领养老金', '养老金', '退休金', '到退休年龄', '养老'],
    items: ['退休一件事', '职工退休', '养老金申领', '养老保险待遇', '高龄津贴'] },
  { audience: 'personal', stage: 'retirement', phrases: ['老人补贴', '老年人补贴', '年纪大了', '上了年纪', '老人没人照顾', '老人照顾', '养老服务', '老年人优待'],
    items: ['高龄津贴', '养老服务补贴', '老年人优待证', '居家养老服务', '特困人员'] },
  { audience: 'personal', stage: 'assistance', phrases: ['残疾了', '残疾人', '落下残疾'],
    items: ['残疾人服务一件事', '残疾人证', '困难残疾人生活补贴', '重度残疾人护理补贴'] },
  { audience: 'personal', stage: 'housing', phrases: ['房子过户', '过户房子', '房屋过户', '卖房子'],
    items: ['二手房转移登记', '房屋所有权转移登记', '不动产变更登记', '契税'] },
  { audience: 'personal', stage: 'after_death', phrases: ['去世', '过世', '死亡', '病故', '人走了', '老人走了', '丧葬', '办丧事', '办后事', '火化', '殡葬'],
    items: ['身后一件事', '死亡注销户口', '丧葬补助', '殡葬', '个人账户一次性待遇'] },
];

/**
 * Kinds of business people open (开个网吧, 开家民宿, 办个养猪场): the words that name the kind and
 * the permits it needs besides the business licence. Written from the common 准营 permits.
 */
const BUSINESS_KINDS: readonly { words: RegExp; items: readonly string[] }[] = [
  { words: /饭|餐|面馆|小吃|奶茶|烧烤|火锅|早餐|饮品|咖啡|蛋糕|烘焙|快餐|酒楼|食堂|包子|饺子|熟食|卤/, items: ['开餐馆一件事', '食品经营许可', '小餐饮经营登记', '公共场所卫生许可'] },
  { words: /超市|便利店|小卖部|商店|杂货|烟酒|副食|零售|水果|粮油/, items: ['食品经营许可', '烟草专卖零售许可'] },
  { words: /药店|药房|大药房/, items: ['药品经营许可'] },
  { words: /美容|美发|理发|美甲|足浴|洗浴|按摩|浴室|发廊|洗脚/, items: ['公共场所卫生许可'] },
  { words: /宾馆|旅馆|酒店|民宿|招待所|客栈|旅社|公寓/, items: ['旅馆业特种行业许可', '公共场所卫生许可'] },
  { words: /网吧|网咖/, items: ['互联网上网服务营业场所经营许可'] },
  { words: /KTV|ktv|歌厅|酒吧|舞厅|游戏厅|游艺|棋牌/, items: ['娱乐场所经营许可'] },
  { words: /培训|辅导|补习|教育|托管|学校/, items: ['校外培训机构', '民办学校办学许可'] },
  { words: /幼儿园|托育|托儿所|早教/, items: ['民办学校办学许可', '托育机构'] },
  { words: /诊所|医院|门诊|牙科|卫生室/, items: ['医疗机构执业登记'] },
  { words: /养猪|养鸡|养鸭|养牛|养羊|养殖|猪场|鸡场|牛场|羊场/, items: ['动物防疫条件合格证', '畜禽养殖'] },
  { words: /物流|货运|运输|搬家公司/, items: ['道路货物运输经营许可', '道路运输证'] },
  { words: /快递/, items: ['快递业务经营许可'] },
  { words: /印刷|打印店|复印/, items: ['印刷经营许可'] },
  { words: /加油站/, items: ['成品油零售经营许可'] },
  { words: /书店|书屋/, items: ['出版物经营'] },
  { words: /宠物医院|动物医院/, items: ['动物诊疗'] },
  { words: /旅行社/, items: ['旅行社设立许可'] },
  { words: /烟花|鞭炮/, items: ['烟花爆竹经营（零售）许可'] },
];
const OPEN_BUSINESS = /(?:开|办|经营|做|搞|弄|干)(?:个|家|一家|一个|间|一间|了个|了一家)?(\p{Script=Han}{0,6}?(?:店|馆|铺|厅|吧|所|院|场|班|摊|厂|站|房|室|公司|社|园|超市|诊所|网咖|KTV|ktv))/u;

/** 开个民宿, 办养殖场: a kind of business named without 店/馆 …. */
const OPEN_KIND = new RegExp(`(?:开|办|经营|做|搞)(\\p{Script=Han}{0,3}?(?:${['民宿', '网咖', '托管', '早教', '养殖', '诊所', '物流', '快递', '印刷', '加油站', '旅行社'].join('|')}))`, 'u');

export interface SituationMatch { situation: LifeSituation; phrase: string; business?: boolean }

/**
 * The life situation a text names: the longest phrase found in it (earlier table rows win a tie);
 * else a business being opened (开个网吧, 办个养猪场) with the permits of its kind.
 */
export function findLifeSituation(text: string): SituationMatch | null {
  let best: SituationMatch | null = null;
  for (const s of LIFE_SITUATIONS) {
    for (const p of s.phrases) {
      if (text.includes(p) && (!best || p.length > best.phrase.length)) best = { situation: s, phrase: p };
    }
  }
  const m = OPEN_BUSINESS.exec(text) ?? OPEN_KIND.exec(text);
  // the kind of business (开网吧) says more than a phrase of the table (开店) it contains
  if (m && (!best || (m[0] as string).length >= best.phrase.length)) {
    const what = m[1] as string;
    const kind = BUSINESS_KINDS.find((k) => k.words.test(what));
    if (kind) {
      return { phrase: m[0] as string, business: true, situation: { audience: 'enterprise', stage: 'permits', phrases: [m[0] as string], items: [...kind.items.slice(0, 2), '营业执照', ...kind.items.slice(2)] } };
    }
    if (!best && /公司|厂$/.test(what)) best = { situation: LIFE_SITUATIONS.find((s) => s.stage === 'start') as LifeSituation, phrase: m[0] as string };
    else if (!best && /店|铺|摊$/.test(what)) best = { situation: { audience: 'enterprise', stage: 'permits', phrases: [m[0] as string], items: ['个体工商户登记', '营业执照', '食品经营许可'] }, phrase: m[0] as string };
  }
  return best;
}

/** Every phrase of every situation, longest first (the analyser removes them to see what is left). */
export const ALL_SITUATION_PHRASES: readonly string[] = [...new Set(LIFE_SITUATIONS.flatMap((s) => s.phrases))].sort((a, b) => b.length - a.length);

/** The situation of a stage (its first table row), for a question clarified by stage. */
export function situationOf(audience: Audience, stage: string): LifeSituation | null {
  return LIFE_SITUATIONS.find((s) => s.audience === audience && s.stage === stage) ?? null;
}
