// Shell: demo records of proactive disclosure for 磁县, 海珠区 and 龙华区 and some of their
// streets, townships and communities — each taken through the real workflow (draft → 保密审查 →
// publish) by demo editors and reviewers at dates in 2025, several against the demo catalogue
// items; a 行政规范性文件 with its 政策解读, rules that are 失效/废止, one published late, one
// withdrawn, one scheduled, one awaiting review; and 磁县's 公开指南.
import { fixedClock, type Clock } from '../../platform/clock/clock.ts';
import type { Db } from '../../schema.ts';
import { findOrganisation, findUserByUsername, identityService, type Actor } from '../identity/index.ts';
import { DEFAULT_INDEX_FORMAT } from './index-number.ts';
import * as svc from './disclosures.service.ts';
import { emptyDetail, type DetailInput } from './genre-detail.ts';

export const DISCLOSURE_DEMO_USERS = [
  { username: 'haizhu.editor', displayName: '海珠区信息编辑', role: 'editor', org: '440105' },
  { username: 'haizhu.reviewer', displayName: '海珠区保密审查员', role: 'reviewer', org: '440105' },
  // 龙华区's records are entered at city level (深圳市), which covers the district's subtree.
  { username: 'shenzhen.editor', displayName: '深圳市信息编辑', role: 'editor', org: '4403' },
  { username: 'shenzhen.reviewer', displayName: '深圳市保密审查员', role: 'reviewer', org: '4403' },
] as const;

const CLEAN = { state_secret: 'no', commercial_privacy: 'no', security_risk: 'no', internal_process: 'no', basis_sufficient: 'yes' };

interface DemoRecord {
  key: string;
  org: string;
  title: string;
  genre: string;
  category: string;
  formed: string;
  /** Beijing time of publication 'YYYY-MM-DD HH:MM'; null = left in the given state. */
  published: string | null;
  body: string;
  documentNo?: string;
  item?: string; // substring of a catalogue item label
  interprets?: string; // key of the policy
  validity?: 'effective' | 'expired' | 'repealed';
  effective?: string;
  expires?: string;
  repealed?: string;
  end?: 'draft' | 'submitted' | 'withdrawn' | 'scheduled';
  withdrawReason?: string;
  /** 公开属性 when not 主动公开 (such a record stays a draft: it is never published). */
  openness?: { code: 'on_request' | 'withheld'; reason: string };
  /** A 新闻发布会's or 回应关切's own fields; `briefs` is the key of the policy a 发布会 announces. */
  detail?: Partial<DetailInput> & { briefs?: string };
}

const p = (...paras: string[]) => paras.map((x) => `<p>${x}</p>`).join('');

const RECORDS: DemoRecord[] = [
  // (the 新闻发布会 and the 回应关切 follow the records they refer to: see the end of 磁县's list)
  { key: 'cx-dibao', org: '130427', title: '磁县人民政府关于印发《磁县城乡居民最低生活保障实施办法》的通知', genre: 'normative', category: 'mzsh', formed: '2025-03-10', published: '2025-03-20 09:30', documentNo: '磁政规〔2025〕1号', effective: '2025-04-01',
    body: p('各乡镇人民政府，县政府各部门：', '现将《磁县城乡居民最低生活保障实施办法》印发给你们，请认真贯彻执行。', '<strong>第一条</strong> 为规范城乡居民最低生活保障工作，根据《社会救助暂行办法》等规定，结合本县实际，制定本办法。', '<strong>第二条</strong> 本办法自2025年4月1日起施行，有效期5年。') },
  { key: 'cx-dibao-jd', org: '130427', title: '《磁县城乡居民最低生活保障实施办法》政策解读', genre: 'interpretation', category: 'mzsh', formed: '2025-03-20', published: '2025-03-21 10:00', interprets: 'cx-dibao',
    body: p('一、制定背景：为进一步规范最低生活保障工作，切实保障困难群众基本生活。', '二、主要内容：明确了保障对象、申请条件、审核确认程序和动态管理要求。', '三、办理渠道：申请人可向户籍所在地乡镇人民政府（街道办事处）提出申请，也可通过“冀时办”线上申请。') },
  { key: 'cx-chunjie', org: '130427', title: '磁县人民政府办公室关于做好2025年春节期间安全生产工作的通知', genre: 'notice', category: 'scjg', formed: '2025-01-20', published: '2025-01-22 16:00', documentNo: '磁政办字〔2025〕3号',
    body: p('各乡镇人民政府，县政府有关部门：', '春节将至，为切实做好节日期间安全生产工作，现就有关事项通知如下：一、压实安全生产责任；二、开展隐患排查整治；三、严格值班值守。') },
  { key: 'cx-nianbao', org: '130427', title: '磁县人民政府2024年政府信息公开工作年度报告', genre: 'annual_report', category: 'zhzw', formed: '2025-01-15', published: '2025-01-24 09:00',
    body: p('本报告依据《中华人民共和国政府信息公开条例》第五十条规定编制。', '一、总体情况：2024年，磁县坚持以公开为常态、不公开为例外，全年主动公开政府信息1,236条。', '二、主动公开政府信息情况（见表格）。三、收到和处理政府信息公开申请情况。') },
  { key: 'cx-zhaijidi', org: '130427', title: '磁县农村宅基地管理暂行办法', genre: 'normative', category: 'gtzy', formed: '2025-01-06', published: '2025-01-10 09:00', documentNo: '磁政规〔2025〕2号', validity: 'repealed', effective: '2025-02-01', repealed: '2025-09-01',
    body: p('第一条 为加强农村宅基地管理，节约集约利用土地，制定本办法。', '（本办法已于2025年9月1日废止。）') },
  { key: 'cx-tingche', org: '130427', title: '磁县城区临时停车管理规定', genre: 'rule', category: 'gyjt', formed: '2025-01-06', published: '2025-01-10 10:00', validity: 'expired', effective: '2025-02-01', expires: '2025-12-31',
    body: p('第一条 为规范城区临时停车秩序，制定本规定。', '第十条 本规定有效期至2025年12月31日。') },
  { key: 'cx-jihua', org: '130427', title: '磁县2025年国民经济和社会发展计划', genre: 'plan', category: 'gmjj', formed: '2025-02-20', published: '2025-03-05 10:00',
    body: p('2025年全县经济社会发展的主要预期目标是：地区生产总值增长6%左右；一般公共预算收入增长5%；城乡居民人均可支配收入与经济增长基本同步。') },
  { key: 'cx-mzj-linshi', org: '130427-mzj', title: '磁县民政局2025年第三季度临时救助资金发放情况', genre: 'statistics', category: 'mzsh', formed: '2025-10-09', published: '2025-10-20 15:00',
    body: p('2025年第三季度，全县共实施临时救助312人次，发放临时救助资金48.6万元。', '<table><tr><th scope="col">乡镇</th><th scope="col">人次</th><th scope="col">金额（万元）</th></tr><tr><td>磁州镇</td><td>46</td><td>7.2</td></tr><tr><td>讲武城镇</td><td>38</td><td>5.9</td></tr></table>') },
  { key: 'cx-rsj-zhaopin', org: '130427-rsj', title: '磁县2025年公开招聘事业单位工作人员公告', genre: 'announcement', category: 'ldrs', formed: '2025-05-12', published: '2025-05-14 09:00',
    body: p('根据《事业单位公开招聘人员暂行规定》，经研究，决定面向社会公开招聘事业单位工作人员80名。', '报名时间：2025年5月20日至5月26日。报名方式：网上报名。') },
  { key: 'cx-xzsp-xuke', org: '130427-xzspj', title: '磁县行政审批局2025年9月行政许可决定公示', genre: 'announcement', category: 'scjg', formed: '2025-09-30', published: '2025-10-13 10:00',
    body: p('依据《中华人民共和国行政许可法》，现将2025年9月作出的行政许可决定予以公示：食品经营许可42件、建设工程规划许可7件、药品零售许可5件。') },
  { key: 'cx-cizhou-jinshao', org: '130427100', title: '磁州镇2025年秋季秸秆禁烧工作安排', genre: 'notice', category: 'csjs', formed: '2025-09-22', published: '2025-09-24 09:00',
    body: p('各村民委员会：为做好秋季秸秆禁烧工作，改善空气质量，现将有关工作安排如下：一、划定责任区；二、开展巡查；三、推进秸秆综合利用。') },
  { key: 'cx-butie-late', org: '130427', title: '磁县2025年耕地地力保护补贴发放情况', genre: 'statistics', category: 'nlsy', formed: '2025-08-01', published: '2025-09-15 11:00',
    body: p('2025年全县耕地地力保护补贴面积52.3万亩，补贴标准每亩103.6元，已通过“一卡通”全部发放到户。') },
  { key: 'cx-yibao-withdrawn', org: '130427', title: '磁县关于2026年度城乡居民基本医疗保险集中缴费的通知', genre: 'notice', category: 'whws', formed: '2025-09-01', published: '2025-09-05 09:00', end: 'withdrawn', withdrawReason: '文中缴费标准有误，已撤回，更正后的通知另行发布。',
    body: p('2026年度城乡居民基本医疗保险集中缴费期为2025年9月1日至12月31日，个人缴费标准为每人每年380元。') },
  { key: 'cx-gongkai-yaodian', org: '130427', title: '磁县2026年政务公开工作要点', genre: 'plan', category: 'zhzw', formed: '2025-12-29', published: null, end: 'submitted',
    body: p('2026年，全县政务公开工作以提升政策解读质量、推进基层政务公开标准化规范化为重点，做好以下工作：一、……') },
  { key: 'cx-wujia-scheduled', org: '130427', title: '磁县2026年元旦春节期间市场价格监督检查的公告', genre: 'announcement', category: 'scjg', formed: '2025-12-29', published: null, end: 'scheduled',
    body: p('为维护节日期间市场价格秩序，县市场监督管理局将于元旦春节期间开展市场价格专项检查。举报电话：12315。') },

  { key: 'cx-dibao-fbh', org: '130427', title: '磁县《城乡居民最低生活保障实施办法》新闻发布会', genre: 'press_conference', category: 'mzsh', formed: '2025-03-21', published: '2025-03-21 16:00',
    body: p('3月21日上午，磁县人民政府新闻办公室举行新闻发布会，介绍《磁县城乡居民最低生活保障实施办法》有关情况，并回答记者提问。'),
    detail: {
      heldOn: '2025-03-21', place: '磁县人民政府新闻发布厅', briefs: 'cx-dibao',
      speakers: [{ name: '王建国', title: '磁县民政局局长' }, { name: '刘晓梅', title: '磁县财政局副局长' }, { name: '陈立', title: '磁县人民政府新闻办公室主任（主持人）' }],
      transcriptHtml: p('陈立：各位记者朋友，上午好！今天我们邀请县民政局、县财政局负责同志，介绍《磁县城乡居民最低生活保障实施办法》有关情况。', '王建国：《办法》明确了低保对象的认定条件，城乡低保标准分别提高到每人每月780元和560元，并将申请审核时限由30个工作日压缩为20个工作日。', '记者：申请低保需要到哪里办理？', '王建国：可向户籍所在地乡镇人民政府（街道办事处）申请，也可以在本平台“政务服务”栏目查看办事指南。', '刘晓梅：县财政已足额安排2025年低保资金，按月社会化发放到户。'),
    } },
  { key: 'cx-ludeng-hy', org: '130427', title: '关于磁州镇部分路段路灯夜间不亮问题的回应', genre: 'response', category: 'csjs', formed: '2025-10-15', published: '2025-10-16 10:00',
    body: p('经县城市管理局现场核查，磁州镇滏阳路、兴华路共23盏路灯因线路老化不亮。县城市管理局已于10月14日完成线路更换，路灯全部恢复照明；今后将每月开展一次夜间巡查。感谢网民朋友的监督。'),
    detail: { concernSummary: '网民反映磁州镇滏阳路、兴华路部分路段路灯夜间长期不亮，影响群众夜间出行安全。', concernSource: 'online_message' } },
  { key: 'hz-gengxin', org: '440105', title: '广州市海珠区人民政府关于印发海珠区城市更新实施办法的通知', genre: 'normative', category: 'csjs', formed: '2025-04-15', published: '2025-04-25 10:00', documentNo: '海府规〔2025〕2号', effective: '2025-05-01',
    body: p('各街道办事处，区政府各部门、各直属机构：', '现将《海珠区城市更新实施办法》印发给你们，请认真组织实施。') },
  { key: 'hz-gengxin-jd', org: '440105', title: '《海珠区城市更新实施办法》解读', genre: 'interpretation', category: 'csjs', formed: '2025-04-25', published: '2025-04-27 10:00', interprets: 'hz-gengxin',
    body: p('一、出台背景；二、主要内容：明确更新方式、审批流程和公众参与机制；三、适用范围：海珠区行政区域内的城市更新活动。') },
  { key: 'hz-chigang-juzhuzheng', org: '440105001', title: '赤岗街居住证办理指南', genre: 'other', category: 'gajs', formed: '2025-03-03', published: '2025-03-10 09:00', item: '暂住登记',
    body: p('办理地点：赤岗街来穗人员服务管理中心。', '所需材料：居民身份证、居住登记凭证、近期免冠照片。', '办理时限：符合条件的，自受理之日起10个工作日内发放。') },
  { key: 'hz-chigang-dibao', org: '440105001', title: '赤岗街2025年第三季度最低生活保障资金发放情况', genre: 'statistics', category: 'mzsh', formed: '2025-10-10', published: '2025-10-17 10:00', item: '最低生活保障',
    body: p('2025年第三季度，赤岗街共有城市最低生活保障对象126户198人，发放低保金共计87.3万元。') },
  { key: 'hz-chigang-dibao-zhinan', org: '440105001', title: '赤岗街最低生活保障申请办理指南', genre: 'other', category: 'mzsh', formed: '2025-06-02', published: '2025-06-06 09:00', item: '最低生活保障',
    body: p('申请条件、申请材料、办理流程、办理时限及咨询电话。') },
  { key: 'hz-lsz-jifen', org: '440105-lsz', title: '海珠区2025年来穗人员随迁子女积分制入学工作公告', genre: 'announcement', category: 'kjjy', formed: '2025-04-01', published: '2025-04-03 09:00',
    body: p('根据广州市来穗人员随迁子女积分制入学有关规定，现将海珠区2025年积分制入学申请时间、条件和流程公告如下。') },
  // A work rule of the openness office: its own genre 政府信息公开制度, never counted as 行政规范性文件 in table 二.
  { key: 'hz-gongkai-zhidu', org: '440105', title: '广州市海珠区政府信息公开保密审查办法', genre: 'openness_rules', category: 'zhzw', formed: '2025-03-05', published: '2025-03-12 09:00',
    body: p('第一条 为规范本区政府信息公开保密审查工作，根据《中华人民共和国政府信息公开条例》第十七条，制定本办法。', '第二条 拟公开的政府信息，由起草单位在公文拟制时确定公开属性，发布前经保密审查。') },
  // Marked 不予公开 when drafted (内部事务信息, 第十六条第一款): kept as a draft, never published.
  { key: 'hz-neibu', org: '440105', title: '海珠区人民政府办公室2025年机关后勤保障工作安排', genre: 'notice', category: 'zhzw', formed: '2025-02-10', published: null, end: 'draft',
    openness: { code: 'withheld', reason: 'internal_affairs' },
    body: p('各科室：现将2025年机关车辆、会议室和办公用品管理安排通知如下。') },
  { key: 'hz-nianbao', org: '440105', title: '广州市海珠区人民政府2024年政府信息公开工作年度报告', genre: 'annual_report', category: 'zhzw', formed: '2025-01-10', published: '2025-01-20 09:00',
    body: p('本报告根据《中华人民共和国政府信息公开条例》编制，内容包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况等。') },

  { key: 'lh-chusheng', org: '440309', title: '龙华区出生登记办理指南', genre: 'other', category: 'gajs', formed: '2025-05-06', published: '2025-05-20 09:00', item: '出生登记',
    body: p('办理对象：在龙华区出生、父母一方户籍在龙华区的婴儿。', '办理地点：户籍所在地派出所户籍窗口。', '办理时限：即时办结。') },
  { key: 'lh-qianru', org: '440309', title: '龙华区户口迁入、迁出、变更登记办事指南', genre: 'other', category: 'gajs', formed: '2025-05-06', published: '2025-05-21 09:00', item: '迁入、迁出',
    body: p('受理部门、办理流程、办理时限、收费依据及标准。本事项不收费。') },
  { key: 'lh-shuishou', org: '440309', title: '国家税务总局深圳市龙华区税务局关于小规模纳税人减免增值税政策的公告', genre: 'announcement', category: 'czjr', formed: '2025-07-01', published: '2025-07-01 16:00', item: '税收法律规章',
    body: p('根据财政部、税务总局有关公告，现将小规模纳税人减免增值税政策有关事项公告如下。') },
  { key: 'lh-chanye', org: '440309', title: '深圳市龙华区人民政府关于印发《龙华区产业发展专项资金管理办法》的通知', genre: 'normative', category: 'gyjt', formed: '2025-06-10', published: '2025-06-20 10:00', documentNo: '深龙府规〔2025〕3号', effective: '2025-07-01', item: '规范性文件',
    body: p('各街道办事处，区政府直属各单位：', '《龙华区产业发展专项资金管理办法》已经区政府同意，现印发给你们，请遵照执行。') },
  { key: 'lh-longhua-jiedao', org: '440309003', title: '龙华街道办事处机构职能', genre: 'other', category: 'zhzw', formed: '2025-02-10', published: '2025-02-14 09:00', item: '机构职能',
    body: p('龙华街道办事处是龙华区人民政府的派出机关，负责辖区党的建设、经济发展服务、城市管理、社会事务等工作。') },
  { key: 'lh-liyuan-dongtai', org: '440309003001', title: '荔园社区2025年第三季度社区工作动态', genre: 'report', category: 'zhzw', formed: '2025-10-08', published: '2025-10-09 09:00', item: '工作动态',
    body: p('第三季度，荔园社区开展“邻里节”活动3场，走访独居老人86户，完成消防安全检查120处。') },
  { key: 'lh-gaj-jiaotong', org: '440309-gaj', title: '关于2025年国庆期间龙华区部分道路实施交通管制的通告', genre: 'announcement', category: 'gajs', formed: '2025-09-26', published: '2025-09-28 10:00',
    body: p('因国庆期间活动需要，2025年10月1日至10月3日，以下道路实施临时交通管制，请过往车辆绕行。') },
  { key: 'lh-nianbao', org: '440309', title: '深圳市龙华区人民政府2024年政府信息公开工作年度报告', genre: 'annual_report', category: 'zhzw', formed: '2025-01-13', published: '2025-01-21 09:00',
    body: p('本报告由龙华区政务公开办编制，全文包括总体情况、主动公开、依申请公开、行政复议和行政诉讼、存在问题及改进情况等。') },
];

/** Beijing 'YYYY-MM-DD HH:MM' → Date. */
const beijing = (t: string) => new Date(`${t.replace(' ', 'T')}:00+08:00`);

export async function loadDisclosureDemo(db: Db, clock: Clock, password: string): Promise<string> {
  const idDeps = { db, clock, sessionIdleMinutes: 120 };
  for (const u of DISCLOSURE_DEMO_USERS) {
    const r = await identityService.createUser(idDeps, { cli: true }, { username: u.username, displayName: u.displayName, role: u.role, orgCode: u.org, password });
    if (!r.ok) throw new Error(`演示用户 ${u.username}：${Object.values(r.errors).join('；')}`);
  }
  const actorOf = async (username: string): Promise<Actor> => {
    const u = await findUserByUsername(db, username);
    const a = u ? await identityService.actorFor(db, u.id, 'session') : null;
    if (!a) throw new Error(`演示用户 ${username} 不存在`);
    return a;
  };
  const team: Record<string, { editor: Actor; reviewer: Actor }> = {
    '130427': { editor: await actorOf('cixian.editor'), reviewer: await actorOf('cixian.reviewer') },
    '440105': { editor: await actorOf('haizhu.editor'), reviewer: await actorOf('haizhu.reviewer') },
    '440309': { editor: await actorOf('shenzhen.editor'), reviewer: await actorOf('shenzhen.reviewer') },
  };
  const ids = new Map<string, string>();
  let published = 0;
  for (const d of RECORDS) {
    const { editor, reviewer } = team[d.org.slice(0, 6)]!;
    const formedClock = fixedClock(beijing(`${d.formed} 09:00`));
    const base: svc.DisclosureDeps = { db, clock: d.published ? formedClock : clock, indexFormat: DEFAULT_INDEX_FORMAT, countStartDay: false };
    const org = (await findOrganisation(db, d.org))!;
    const items = d.item ? (await svc.pickableItems(db, org)).filter((i) => i.label.includes(d.item!)).slice(0, 1).map((i) => i.id) : [];
    const input: svc.RecordInput = {
      ...svc.emptyInput(d.org), title: d.title, bodyHtml: d.body, genre: d.genre, category: d.category, formedOn: d.formed, writtenOn: d.formed, documentNo: d.documentNo ?? '',
      validity: d.validity ?? 'effective', effectiveOn: d.effective ?? '', expiresOn: d.expires ?? '', repealedOn: d.repealed ?? '', catalogItemIds: items,
      linkedIndexNos: d.interprets ? [ids.get(d.interprets)!] : [],
      ...(d.openness ? { openness: d.openness.code, opennessReason: d.openness.reason } : {}),
      ...(d.detail ? { detail: { ...emptyDetail(), ...d.detail, policy: d.detail.briefs ? ids.get(d.detail.briefs)! : '' } } : {}),
    };
    const created = await svc.createDraft(base, { actor: editor }, input);
    if (!created.ok) throw new Error(`演示信息「${d.title}」：${Object.values(created.errors).join('；')}`);
    ids.set(d.key, created.indexNo);
    if (d.end === 'draft') continue;
    await svc.act(base, { actor: editor }, created.id, { type: 'submit' });
    if (d.end === 'submitted') continue;
    await svc.act(base, { actor: reviewer }, created.id, { type: 'approve', checklist: CLEAN, reasons: '不涉密，依据充分，同意公开' });
    if (d.end === 'scheduled') {
      await svc.act(base, { actor: editor }, created.id, { type: 'schedule', at: new Date(clock.now().getTime() + 7 * 86_400_000).toISOString() });
      continue;
    }
    const pubDeps = { ...base, clock: fixedClock(beijing(d.published!)) };
    await svc.act(pubDeps, { actor: editor }, created.id, { type: 'publish' });
    published++;
    if (d.end === 'withdrawn') {
      await svc.act({ ...base, clock: fixedClock(new Date(beijing(d.published!).getTime() + 3 * 86_400_000)) }, { actor: editor }, created.id, { type: 'withdraw', reason: d.withdrawReason ?? '' });
    }
  }

  await db.insertInto('disclosure_guide').values({
    org_code: '130427', office_name: '磁县人民政府办公室（县政务公开办）', address: '河北省邯郸市磁县磁州镇（演示地址）', hours: '工作日 上午8:30–12:00，下午14:30–17:30（法定节假日除外）',
    phone: '0310-0000000（演示）', fax: '0310-0000001（演示）', online_contact: '本平台“依申请公开”栏目', postcode: '056500',
    extra_html: '主动公开的政府信息按主题分类和体裁编排，可在“主动公开”栏目按单位、分类和目录事项浏览；未主动公开的信息可依申请公开。', updated_at: clock.now().toISOString(), // notes: plain text, like the form saves them
  }).execute();
  return `${RECORDS.length} 条政府信息（已发布 ${published} 条），${DISCLOSURE_DEMO_USERS.length} 个演示用户`;
}
