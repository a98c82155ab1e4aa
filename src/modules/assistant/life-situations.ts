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
  { audience: 'enterprise', stage: 'permits', phrases: ['开药店', '开药房', '开诊所', '开理发店', '开美容院', '开美发店', '开宾馆', '开旅馆', '开酒店', '开网吧', '开KTV', '开歌厅', '开培训班', '开幼儿园', '开驾校'],
    items: ['营业执照', '药品经营许可', '医疗机构执业登记', '公共场所卫生许可', '特种行业许可', '娱乐场所经营许可', '民办学校办学许可'] },
  { audience: 'enterprise', stage: 'start', phrases: ['开公司', '开个公司', '注册公司', '注册个公司', '成立公司', '开办企业', '开办公司', '办企业', '办公司', '创办企业', '办厂', '开厂', '办个厂', '开工厂', '新办企业', '注册企业'],
    items: ['企业开办一件事', '企业设立登记', '营业执照', '公章刻制', '发票', '社会保险登记'] },
  { audience: 'enterprise', stage: 'hiring', phrases: ['招员工', '招工', '招人', '招聘员工', '雇人', '雇员工', '请员工', '招个人', '新招员工', '给员工交社保', '给员工缴社保'],
    items: ['员工录用一件事', '就业登记', '社会保险登记', '招聘', '住房公积金单位缴存'] },
  { audience: 'enterprise', stage: 'change', phrases: ['公司搬家', '公司改名', '公司迁址', '换法人', '变更法人', '公司变更', '企业变更'],
    items: ['企业变更登记', '税务登记信息变更', '社会保险登记（变更登记）'] },
  { audience: 'enterprise', stage: 'closure', phrases: ['注销公司', '关闭公司', '公司注销', '关公司', '公司不开了', '公司不做了', '企业注销', '注销企业', '关厂', '店不开了', '注销个体户'],
    items: ['企业注销一件事', '企业注销登记', '注销税务登记', '社会保险注销登记'] },
  { audience: 'enterprise', stage: 'construction', phrases: ['盖厂房', '建厂房', '建厂', '盖楼', '工程开工'],
    items: ['建设工程规划许可', '建筑工程施工许可', '建设用地规划许可', '竣工验收备案'] },
  { audience: 'enterprise', stage: 'trade', phrases: ['做外贸', '搞外贸', '进出口', '做进出口', '出口货物'],
    items: ['对外贸易经营者备案', '报关单位备案', '出口退税'] },
  { audience: 'enterprise', stage: 'finance', phrases: ['企业贷款', '公司贷款', '企业融资', '公司融资'],
    items: ['创业担保贷款', '融资'] },
  // ---------------------------------------------------------------- personal
  { audience: 'personal', stage: 'birth', phrases: ['上户口', '报户口', '落户口', '给孩子上户口', '新生儿落户', '新生儿上户口'],
    items: ['出生登记', '新生儿出生一件事', '出生医学证明', '社会保障卡'] },
  { audience: 'personal', stage: 'birth', phrases: ['生孩子', '生小孩', '生宝宝', '生二胎', '生三胎', '孩子出生', '小孩出生', '宝宝出生', '刚出生', '出生', '新生儿', '怀孕', '生育'],
    items: ['新生儿出生一件事', '出生医学证明', '出生登记', '生育津贴', '社会保障卡'] },
  { audience: 'personal', stage: 'childcare', phrases: ['上幼儿园', '入园', '入托', '托儿所', '托育'],
    items: ['幼儿园入园', '托育'] },
  { audience: 'personal', stage: 'school', phrases: ['上小学', '上初中', '孩子上学', '小孩上学', '入学', '上学', '转学', '读书', '小升初'],
    items: ['义务教育入学一件事', '义务教育入学', '转学', '学籍'] },
  { audience: 'personal', stage: 'work', phrases: ['失业', '没工作', '丢了工作', '被辞退', '被裁员', '辞职', '离职', '下岗', '找工作', '就业', '求职'],
    items: ['灵活就业一件事', '失业保险金申领', '失业登记', '就业登记', '求职'] },
  { audience: 'personal', stage: 'residence', phrases: ['落户', '迁户口', '户口迁移', '户口迁入', '户口迁出', '搬家'],
    items: ['户口迁移', '居住证', '居民身份证换领', '居住登记'] },
  { audience: 'personal', stage: 'marriage', phrases: ['结婚', '领结婚证', '办结婚证', '离婚', '再婚'],
    items: ['结婚登记', '离婚登记', '生育登记', '婚姻登记'] },
  { audience: 'personal', stage: 'housing', phrases: ['买房', '买房子', '购房', '买二手房', '卖房', '租房', '公租房', '交房'],
    items: ['二手房转移登记', '不动产登记', '公积金贷款', '公积金提取', '契税', '公共租赁住房'] },
  { audience: 'personal', stage: 'travel', phrases: ['出国', '出境', '去香港', '去澳门', '去台湾', '考驾照', '办驾照'],
    items: ['普通护照', '往来港澳通行证', '签注', '机动车驾驶证'] },
  { audience: 'personal', stage: 'health', phrases: ['看病', '生病', '住院', '就医', '外地看病', '异地看病', '看病报销', '大病'],
    items: ['异地就医备案', '医疗费用报销', '基本医疗保险参保', '医疗救助', '门诊慢特病'] },
  { audience: 'personal', stage: 'business', phrases: ['创业', '做生意', '做点小生意', '个体户', '摆摊', '开网店'],
    items: ['个体工商户设立登记', '营业执照', '创业担保贷款', '一次性创业补贴', '食品经营许可'] },
  { audience: 'personal', stage: 'military', phrases: ['当兵', '参军', '入伍', '征兵', '退伍', '退役'],
    items: ['军人退役一件事', '兵役登记', '退役士兵', '优待证'] },
  { audience: 'personal', stage: 'assistance', phrases: ['生活困难', '家里困难', '家庭困难', '困难户', '没钱看病', '没有收入', '吃不上饭', '救助'],
    items: ['最低生活保障', '临时救助', '特困人员救助供养', '医疗救助'] },
  { audience: 'personal', stage: 'retirement', phrases: ['退休', '办退休', '领养老金', '养老金', '退休金', '到退休年龄', '养老'],
    items: ['退休一件事', '职工退休', '养老金申领', '养老保险待遇', '高龄津贴'] },
  { audience: 'personal', stage: 'after_death', phrases: ['去世', '过世', '死亡', '病故', '人走了', '老人走了', '丧葬', '办丧事', '办后事', '火化', '殡葬'],
    items: ['身后一件事', '死亡注销户口', '丧葬补助', '殡葬', '个人账户一次性待遇'] },
];

export interface SituationMatch { situation: LifeSituation; phrase: string }

/** The life situation a text names: the longest phrase found in it (earlier table rows win a tie). */
export function findLifeSituation(text: string): SituationMatch | null {
  let best: SituationMatch | null = null;
  for (const s of LIFE_SITUATIONS) {
    for (const p of s.phrases) {
      if (text.includes(p) && (!best || p.length > best.phrase.length)) best = { situation: s, phrase: p };
    }
  }
  return best;
}

/** Every phrase of every situation, longest first (the analyser removes them to see what is left). */
export const ALL_SITUATION_PHRASES: readonly string[] = [...new Set(LIFE_SITUATIONS.flatMap((s) => s.phrases))].sort((a, b) => b.length - a.length);

/** The situation of a stage (its first table row), for a question clarified by stage. */
export function situationOf(audience: Audience, stage: string): LifeSituation | null {
  return LIFE_SITUATIONS.find((s) => s.audience === audience && s.stage === stage) ?? null;
}
