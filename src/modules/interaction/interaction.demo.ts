// Shell: demo data for 磁县 — routing rules, a dispatcher and a department handler, a few dozen
// messages in every stage, and 12345 work orders like the seed's list.
import type { Clock } from '../../platform/clock/clock.ts';
import { addDays } from '../../platform/clock/local-date.ts';
import { inTransaction } from '../../platform/db/db.ts';
import type { Db } from '../../schema.ts';
import { findUserByUsername, identityService } from '../identity/index.ts';
import { act, createWorkOrders, invalidateConfig, submitMessage } from './interaction.service.ts';
import type { Command } from './workflow.ts';
import { parseHotlineCsv } from './hotline-csv.ts';

export const INTERACTION_DEMO_USERS = [
  { username: 'cixian.minhu', displayName: '磁县民呼回应中心', role: 'supervisor', org: '130427' },
  { username: 'cixian.mzj', displayName: '磁县民政局承办人', role: 'case_handler', org: '130427-mzj' },
];

const RULES: [string, string, string, string][] = [
  // category, region, organisation, deadline class — 「小事不出村、大事不出乡、难事不出县」
  ['*', '130427', '130427100', 'normal'],
  ['social_security', '130427', '130427-mzj', 'normal'],
  ['health', '130427', '130427-rsj', 'normal'],
  ['urban_construction', '130427', '130427-xzspj', 'complex'],
  ['street_lights', '130427', '130427100', 'simple'],
  ['sanitation', '130427100001', '130427100001', 'simple'], // 小事不出村: 阜才社区's own sanitation
];

type Script = { days: number; cat: string; title: string; content: string; region?: string; addr?: string; lat?: number; lng?: number; pub?: boolean; addrPub?: boolean; steps: string[] };

// addrPub: the citizen ticked 公开详细地址 (a road or a river, not a home); the others show only the
// township/village and rounded coordinates in public.
// Steps: a=accept r=reject g=assign s=sign x=return e=escalate p=reply o=respond(supervisor) h=respond(handler, to review)
// v=rate satisfied d=rate dissatisfied c=close t=extend u=supervise k=mark sensitive n=convert
const MESSAGES: Script[] = [
  { days: 40, cat: 'street_lights', title: '滏阳路路灯不亮', content: '滏阳路与时光街交叉口往北约200米，连续三个路灯晚上不亮，行人夜间出行不安全。', addr: '磁县磁州镇滏阳路与时光街交叉口', lat: 36.3745, lng: 114.3822, addrPub: true, steps: ['a', 'g', 's', 'p', 'o', 'v', 'c'] },
  { days: 38, cat: 'sanitation', title: '阜才社区垃圾清运不及时', content: '阜才社区3号楼旁的垃圾箱已经三天没有清运，气味很大，希望尽快处理。', region: '130427100001', addr: '磁县磁州镇阜才社区3号楼', lat: 36.3702, lng: 114.3790, steps: ['a', 'g', 's', 'p', 'o', 'v', 'c'] },
  { days: 36, cat: 'roads', title: '县道路面坑洼', content: '通往讲武城镇的县道有多处坑洼，雨天积水，车辆通行困难。', addr: '磁县讲武城镇县道', lat: 36.3931, lng: 114.4562, addrPub: true, steps: ['a', 'g', 's', 'e', 'p', 'o', 'd', 'p', 'o', 'v', 'c'] },
  { days: 35, cat: 'social_security', title: '高龄津贴如何申领', content: '我父亲今年满80周岁，请问高龄津贴需要准备哪些材料，到哪里办理？', steps: ['a', 'g', 's', 'p', 'o', 'v', 'c'] },
  { days: 33, cat: 'social_security', title: '低保复核进度咨询', content: '今年提交了低保复核材料，至今没有结果，想了解办理进度。联系电话13812345678。', pub: true, steps: ['a', 'g', 'p', 'h'] },
  { days: 30, cat: 'water_power', title: '小区停水无通知', content: '时光街某小区昨天下午突然停水，没有提前通知，请问何时恢复供水？', addr: '磁县磁州镇时光街', lat: 36.3721, lng: 114.3851, steps: ['a', 'g', 's', 'p', 'o', 'c'] },
  { days: 28, cat: 'environment', title: '夜间施工噪声扰民', content: '城南某工地每晚十一点后仍在施工，噪声很大，影响周边居民休息。', addr: '磁县磁州镇城南', lat: 36.3605, lng: 114.3811, steps: ['a', 'g', 's', 'u', 'p', 'o', 'v', 'c'] },
  { days: 26, cat: 'education', title: '幼儿园入园报名时间', content: '请问今年公办幼儿园秋季入园什么时候报名，需要哪些材料？', pub: true, steps: ['a', 'g', 's', 'p', 'o', 'v', 'c'] },
  { days: 25, cat: 'other', title: '建议增加公交班次', content: '建议增加县城至磁州镇各村的公交班次，早晚高峰等车时间太长。', steps: ['a', 'g', 's', 'p', 'o', 'c'] },
  { days: 24, cat: 'market', title: '超市销售过期食品', content: '在某超市购买的面包已过保质期，与超市协商未果，请市场监管部门处理。', steps: ['a', 'g', 'x', 'g', 's', 'p', 'o', 'v', 'c'] },
  { days: 22, cat: 'urban_construction', title: '楼顶违章搭建', content: '小区6号楼楼顶有人违章搭建彩钢房，存在安全隐患，请相关部门核查。', steps: ['a', 'g', 's', 't'] },
  { days: 20, cat: 'agriculture', title: '耕地地力保护补贴未到账', content: '今年的耕地地力保护补贴还没有到账，别的村已经发了，请帮忙查询。', steps: ['a', 'g', 's', 'p'] },
  { days: 18, cat: 'social_security', title: '家庭纠纷涉及个人隐私', content: '反映家庭成员赡养纠纷，涉及个人隐私，请工作人员电话联系。', pub: false, steps: ['a', 'k', 'g'] },
  { days: 15, cat: 'street_lights', title: '公园路灯损坏', content: '滏阳公园西门附近两盏路灯灯罩破损，存在安全隐患。', addr: '磁县滏阳公园西门', lat: 36.3760, lng: 114.3768, steps: ['a', 'g', 's'] },
  { days: 12, cat: 'roads', title: '学校门口缺少减速带', content: '磁州镇中心小学门口车辆速度较快，建议设置减速带和警示标志。', addr: '磁县磁州镇中心小学', lat: 36.3688, lng: 114.3835, steps: ['a', 'g'] },
  { days: 10, cat: 'health', title: '医保异地备案咨询', content: '长期在外地工作，请问医保异地就医备案怎么办理？', steps: ['a', 'g', 's', 'p', 'o'] },
  { days: 9, cat: 'disclosure', title: '申请公开村集体土地征收补偿标准', content: '申请公开本村集体土地征收的补偿标准文件。', steps: ['n'] },
  { days: 8, cat: 'other', title: '广告内容', content: '出售各类发票，联系电话略。', steps: ['r'] },
  { days: 7, cat: 'sanitation', title: '西城社区绿化带垃圾', content: '西城社区主干道绿化带内有大量建筑垃圾，影响环境。', region: '130427100002', addr: '磁县磁州镇西城社区', lat: 36.3710, lng: 114.3740, steps: ['a', 'g', 's', 'p'] },
  { days: 5, cat: 'water_power', title: '冬季供暖温度不达标', content: '家中暖气温度只有十四五度，达不到供暖标准，请供热公司检查。', steps: ['a'] },
  { days: 4, cat: 'environment', title: '河道漂浮垃圾', content: '滏阳河磁州镇段河面有漂浮垃圾，建议清理。', addr: '磁县滏阳河磁州镇段', lat: 36.3779, lng: 114.3904, addrPub: true, steps: ['a', 'g'] },
  { days: 3, cat: 'roads', title: '路口红绿灯时间过短', content: '滏阳路与磁州路口行人绿灯时间太短，老人过马路来不及。', addr: '磁县滏阳路与磁州路交叉口', lat: 36.3739, lng: 114.3866, steps: [] },
  { days: 2, cat: 'education', title: '校车安全问题', content: '孩子学校的校车经常超载，希望教育部门加强监管。', steps: [] },
  { days: 1, cat: 'street_lights', title: '新建小区路灯未通电', content: '新建小区周边道路路灯已安装但一直未通电。', steps: [] },
  { days: 1, cat: 'other', title: '<b>建议</b>延长政务服务中心周末开放时间', content: '建议政务服务中心周六全天开放，方便上班族办事。<script>alert(1)</script>', steps: [] },
];

const HOTLINE = `工单编号,创建工号,工单标题,工单内容,来电时间,计划完成时间,工单类型,工单状态
DH993211202511270001,8012,关于健康码问题,服务对象咨询健康码审核进度,DAY30 09:12:44,-,咨询,服务坐席结束工单
DH993211202511270002,8012,关于高龄津贴发放,服务对象反映高龄津贴未按时发放,DAY30 10:46:37,PLAN27 17:00:00,求助,满意
DH993211202511270003,8015,关于小区供暖不热,服务对象反映小区暖气不热,DAY20 14:40:22,PLAN17 17:00:00,投诉,基本满意
DH993211202511270004,8015,关于道路施工扰民,服务对象投诉夜间道路施工噪声扰民,DAY12 21:33:35,PLAN9 17:00:00,投诉,办理中
DH993211202511270005,8019,关于增设公交站点,服务对象建议在阜才社区增设公交站点,DAY6 08:21:48,PLAN3 17:00:00,建议,待签收
DH993211202511270006,8019,关于工作人员热情服务,服务对象对政务服务中心工作人员表示感谢,DAY2 16:16:40,-,感谢,服务坐席结束工单`;

export async function loadInteractionDemo(db: Db, clock: Clock): Promise<string> {
  const today = clock.today();
  const created = clock.now();
  const deps0 = { db, clock, sessionIdleMinutes: 120 };
  for (const u of INTERACTION_DEMO_USERS) {
    const r = await identityService.createUser(deps0, { cli: true }, { username: u.username, displayName: u.displayName, role: u.role, orgCode: u.org, password: 'demo-password-2026' });
    if (!r.ok) throw new Error(`演示用户 ${u.username}：${Object.values(r.errors).join('；')}`);
  }
  await inTransaction(db, async (trx) => {
    await trx.insertInto('message_routing_rule').values(RULES.map(([category_code, region_prefix, org_code, class_code]) => ({ category_code, region_prefix, org_code, class_code, created_at: created.toISOString() }))).execute();
  });
  invalidateConfig(db);

  const actorOf = async (username: string) => {
    const u = await findUserByUsername(db, username);
    const a = u ? await identityService.actorFor(db, u.id, 'token') : null;
    if (!a) throw new Error(`演示用户 ${username} 不存在`);
    return a;
  };
  const dispatcher = await actorOf('cixian.minhu');
  const handler = await actorOf('cixian.mzj');
  const at = (d: string): Clock => ({ now: () => new Date(`${d}T02:00:00Z`), today: () => d });

  let n = 0;
  for (const m of MESSAGES) {
    let day = addDays(today, -m.days);
    const r = await submitMessage({ db, clock: at(day) }, {
      org: '130427', category: m.cat, region: m.region ?? null, title: m.title, content: m.content, address: m.addr ?? '', addressPublic: m.addrPub ?? false, lat: m.lat ?? null, lng: m.lng ?? null,
      contactName: ['张先生', '李女士', '王先生', '赵女士'][n % 4] as string, contactPhone: `1380310${String(1000 + n).padStart(4, '0')}`, contactEmail: '',
      isPublic: m.pub ?? n % 5 !== 4, source: n % 6 === 5 ? 'kiosk' : 'web',
    });
    if (!r.ok) throw new Error(`演示留言 ${m.title}：${Object.values(r.errors).join('；')}`);
    n++;
    for (const step of m.steps) {
      day = day < today ? addDays(day, 1) : day;
      const cmd = stepCommand(step, day);
      // A converted demo message registers its 依申请公开 application with made-up (format-valid) identity data.
      const applicant = cmd.type === 'convert' ? { type: 'natural_person', id_number: '130427198001010014', delivery: 'pickup' } : undefined;
      await act({ db, clock: at(day) }, { actor: step === 'h' ? handler : dispatcher }, r.reference, cmd, applicant);
    }
  }
  const text = HOTLINE.replace(/DAY(\d+)/g, (_, d: string) => addDays(today, -Number(d))).replace(/PLAN(\d+)/g, (_, d: string) => addDays(today, -Number(d)));
  const parsed = parseHotlineCsv(text);
  if (parsed.errors.length) throw new Error(parsed.errors.join('；'));
  const w = await createWorkOrders({ db, clock }, { actorId: null, label: 'demo' }, '130427', parsed.rows);
  if (!w.ok) throw new Error(w.errors.join('；'));
  return `留言 ${MESSAGES.length} 条，12345 工单 ${parsed.rows.length} 件`;
}

function stepCommand(step: string, on: string): Command {
  switch (step) {
    case 'a': return { type: 'accept', on };
    case 'r': return { type: 'reject', on, reason: '留言内容为广告信息，与政务无关' };
    case 'g': return { type: 'assign', on };
    case 's': return { type: 'sign', on };
    case 'x': return { type: 'return', on, reason: '该事项属于市场监管部门职责，请重新交办' };
    case 'e': return { type: 'escalate', on, reason: '涉及县道养护，乡镇无法解决，报县级处理' };
    case 'p': return { type: 'reply', on, text: '已安排工作人员现场核实并处理，详见回应。' };
    case 'o': return { type: 'respond', on, text: '您好，您反映的问题已交承办单位核实处理，现已处理完毕。感谢您对我县工作的关心和支持。' };
    case 'h': return { type: 'respond', on, text: '您好，您的复核材料已收到，正在入户核查，核查完成后将电话告知结果。' };
    case 'v': return { type: 'rate', on, level: 'satisfied' };
    case 'd': return { type: 'rate', on, level: 'dissatisfied' };
    case 'c': return { type: 'close', on };
    case 't': return { type: 'extend', on, days: 5, approved_by: '县民呼回应中心主任' };
    case 'u': return { type: 'supervise', on, note: '群众反映强烈，请加快办理并及时反馈' };
    case 'k': return { type: 'mark_sensitive', on, reason: '涉及家庭纠纷和个人隐私，线下联系群众办理' };
    case 'n': return { type: 'convert', on };
    default: throw new Error(`unknown demo step ${step}`);
  }
}
