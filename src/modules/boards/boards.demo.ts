// Shell: demo boards — a 磁县 village (纪庄村, 村务公开栏) and a 海珠区 community (下渡社区, 基层通),
// each with a few published posts and a draft, written through the service (checked, audited).
import { fixedClock, type Clock } from '../../platform/clock/clock.ts';
import type { Db } from '../../schema.ts';
import type { BoardColumn } from './board-templates.ts';
import * as svc from './boards.service.ts';

interface DemoPost { org: string; column: BoardColumn; title: string; period: string; body?: string; rows?: Record<string, string>[]; publishedAt?: string }

const VILLAGE = '130427100205'; // 磁县磁州镇纪庄村村民委员会
const COMMUNITY = '440105001101'; // 海珠区赤岗街道下渡社区居委会

const POSTS: DemoPost[] = [
  {
    org: VILLAGE, column: 'finance', title: '纪庄村2025年第四季度财务收支公开', period: '2025-Q4', publishedAt: '2026-01-06T01:30:00Z',
    body: '经村务监督委员会审核，现将本村2025年第四季度集体财务收支情况公布如下，接受村民监督。',
    rows: [
      { date: '2025-10-08', item: '上级转移支付（村级组织运转经费）', income: '30000', expense: '', handler: '王丽娟', voucher: '记-041' },
      { date: '2025-10-15', item: '村委会办公用品', income: '', expense: '1260.50', handler: '王丽娟', voucher: '记-042' },
      { date: '2025-11-03', item: '村内道路路灯维修', income: '', expense: '4800', handler: '李建军', voucher: '记-047' },
      { date: '2025-11-20', item: '集体机动地发包收入', income: '56000', expense: '', handler: '王丽娟', voucher: '记-051' },
      { date: '2025-12-10', item: '冬季环境整治和垃圾清运', income: '', expense: '3250', handler: '李建军', voucher: '记-058' },
      { date: '2025-12-28', item: '村干部误工补贴（第四季度）', income: '', expense: '18000', handler: '王丽娟', voucher: '记-063' },
    ],
  },
  {
    org: VILLAGE, column: 'relief_subsidy', title: '纪庄村2025年12月救助和补贴发放情况', period: '2025年12月', publishedAt: '2026-01-06T01:40:00Z',
    rows: [
      { name: '张建华', category: '城乡低保', amount: '1230', month: '2025-12', note: '' },
      { name: '李桂英', category: '特困人员供养', amount: '1058', month: '2025-12', note: '分散供养' },
      { name: '王秀兰', category: '城乡低保', amount: '820', month: '2025-12', note: '' },
      { name: '赵德明', category: '残疾人两项补贴', amount: '180', month: '2025-12', note: '' },
    ],
  },
  {
    org: VILLAGE, column: 'agri_subsidy', title: '纪庄村2025年耕地地力保护补贴发放明细', period: '2025年度', publishedAt: '2025-12-20T02:00:00Z',
    rows: [
      { name: '刘振国', project: '耕地地力保护补贴', area: '12.5', rate: '118', amount: '1475', paid_on: '2025-12-15' },
      { name: '孙保平', project: '耕地地力保护补贴', area: '8.2', rate: '118', amount: '967.60', paid_on: '2025-12-15' },
      { name: '张志强', project: '农机购置补助', area: '', rate: '', amount: '6800', paid_on: '2025-12-15' },
    ],
  },
  {
    org: VILLAGE, column: 'land', title: '纪庄村2025年土地流转情况公示', period: '2025年度',
    rows: [
      { kind: '土地流转', holder: '张志强', counterparty: '磁县丰收农业专业合作社', plot: '村北一组', area: '15.6', term: '2025-10-01至2030-09-30', amount: '14040' },
      { kind: '土地流转', holder: '刘振国', counterparty: '磁县丰收农业专业合作社', plot: '村北二组', area: '6.4', term: '2025-10-01至2030-09-30', amount: '5760' },
    ],
  },
  {
    org: COMMUNITY, column: 'community_meeting', title: '下渡社区2026年1月居民议事会会议情况', period: '2026年1月', publishedAt: '2026-01-05T02:00:00Z',
    body: '2026年1月3日，下渡社区召开居民议事会，居民代表、辖区单位代表共23人参加。\n\n会议议定：一、启动下渡路12号至20号楼道照明改造，费用由社区公益金支出；二、春节期间组织志愿者走访独居老人；三、加装电梯意向征集延长至1月31日。',
  },
  {
    org: COMMUNITY, column: 'policy', title: '广州市最低生活保障标准调整', period: '', publishedAt: '2025-12-30T02:00:00Z',
    body: '根据广州市民政局通知，本市城乡最低生活保障标准自2026年1月1日起调整。具体标准、申请条件和办理流程可到社区党群服务中心咨询，或拨打社区服务电话。',
  },
  {
    org: COMMUNITY, column: 'finance', title: '下渡社区2025年12月党群服务经费收支', period: '2025-12', publishedAt: '2026-01-05T02:10:00Z',
    rows: [
      { date: '2025-12-01', item: '街道拨付党群服务经费', income: '20000', expense: '', handler: '陈晓燕', voucher: '' },
      { date: '2025-12-12', item: '长者饭堂助餐补贴', income: '', expense: '6480', handler: '陈晓燕', voucher: '' },
      { date: '2025-12-20', item: '社区消防演练物资', income: '', expense: '1350.80', handler: '黄志明', voucher: '' },
    ],
  },
  {
    org: COMMUNITY, column: 'services', title: '下渡社区居住证办理指引', period: '', publishedAt: '2025-12-15T02:00:00Z',
    body: '办理地点：下渡社区党群服务中心一楼来穗人员服务窗口。\n\n所需材料：居民身份证、近期照片、居住证明（租赁合同或房产证明）。符合条件的，窗口受理后按规定时限制证。',
  },
  {
    org: COMMUNITY, column: 'party_affairs', title: '下渡社区党委2026年1月主题党日安排', period: '2026年1月',
    body: '1月10日上午9:30，社区党员活动室，学习新修订的党内法规并开展志愿服务。',
  },
];

const PHONES: Record<string, string> = { [VILLAGE]: '0310-2300000', [COMMUNITY]: '020-84000000' };

/** Loads the demo boards; returns a summary line. Posts without publishedAt stay drafts. */
export async function loadBoardDemo(db: Db, clock: Clock): Promise<string> {
  let published = 0;
  let drafts = 0;
  for (const p of POSTS) {
    const org = await svc.findBoardOrg(db, p.org);
    if (!org) continue; // the region files changed: no such organisation
    const at: Clock = p.publishedAt ? fixedClock(p.publishedAt) : clock;
    const checked = svc.checkPost(p.column, { title: p.title, period: p.period, body: p.body ?? '', rows: p.rows ?? [] });
    if (!checked.post) throw new Error(`演示公开栏「${p.title}」：${[...Object.values(checked.errors), ...checked.cells.map((c) => c.message)].join('；')}`);
    const post = await svc.createPost({ db, clock: at }, { cli: true }, org, p.column, checked.post);
    if (p.publishedAt) { await svc.publishPost({ db, clock: at }, { cli: true }, post.id); published++; } else drafts++;
  }
  for (const [code, phone] of Object.entries(PHONES)) {
    const org = await svc.findBoardOrg(db, code);
    if (org) await svc.setSupervisionPhone({ db, clock }, { cli: true }, org, phone);
  }
  return `公开栏：${published} 条已发布，${drafts} 条草稿`;
}
