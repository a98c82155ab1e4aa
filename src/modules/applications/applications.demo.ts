// Shell: demo applications for 磁县 in different stages, dated back from the demo clock's today,
// registered and handled through the real service (so every event, due date and audit row is real).
import { addDays } from '../../platform/clock/local-date.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import type { Db } from '../../schema.ts';
import { findUserByUsername, identityService } from '../identity/index.ts';
import * as service from './applications.service.ts';
import type { Action } from './workflow.ts';

interface DemoCase {
  input: service.RegistrationInput;
  /** Actions with `on` as days before today. */
  actions: (Omit<Action, 'on'> & { ago: number })[];
}

const person = (name: string, id: string, phone: string) => ({ type: 'natural_person', name, id_number: id, phone, address: '河北省邯郸市磁县磁州镇滏阳路 1 号' });

const CASES: (DemoCase & { ago: number })[] = [
  { ago: 40, input: { org: '130427', channel: 'in_person', applicant: person('张建国', '130427196505121237', '13831012345'), description: '申请公开磁县2025年城乡居民最低生活保障资金发放情况（分乡镇汇总）。', delivery: 'pickup' },
    actions: [{ type: 'assign', org: '130427-mzj', ago: 39 }, { type: 'decide', outcome: 'disclose', reasons: [], ago: 20 }, { type: 'deliver', method: 'pickup', ago: 19 }, { type: 'close', ago: 19 }] },
  { ago: 35, input: { org: '130427', channel: 'letter', applicant: { type: 'legal_person', subtype: '商业企业', name: '邯郸市磁县恒达建材有限公司', id_number: '91130427MA0A1B2C3L', phone: '0310-2312345', address: '磁县经济开发区' }, description: '申请公开磁县2025年第3批次建设用地征收补偿安置方案及批复文件。', delivery: 'mail' },
    actions: [{ type: 'assign', org: '130427-xzspj', ago: 34 }, { type: 'start_consultation', party: '磁县某置业有限公司', kind: 'third_party', ago: 30 }, { type: 'end_consultation', result: '第三方逾期未答复', ago: 12 }, { type: 'decide', outcome: 'partial', reasons: [], withheld_reason: '补偿明细中涉及个人身份信息和银行账号，属于个人隐私（第十五条），已作区分处理。', ago: 5 }] },
  { ago: 3, input: { org: '130427', channel: 'hotline_12345', applicant: { ...person('李秀英', '130427198803154327', '15903101234'), email: 'lixiuying@example.com' }, description: '申请公开磁州镇2026年农村危房改造补助对象名单。', delivery: 'email' },
    actions: [] },
  { ago: 2, input: { org: '130427', channel: 'online', applicant: person('王磊', '130427199001011118', '13700001111'), description: '申请公开磁县人民政府2026年第一次常务会议纪要。', delivery: 'online' },
    actions: [] },
  { ago: 12, input: { org: '130427', channel: 'in_person', applicant: person('赵敏', '13042719920808228X', '13911112222'), description: '申请公开关于我村土地的文件。', delivery: 'pickup' },
    actions: [{ type: 'request_correction', items: ['请写明所需文件的名称、文号或形成时间', '请写明所在村的名称'], ago: 10 }] },
  { ago: 32, input: { org: '130427', channel: 'letter', applicant: person('刘洋', '130427197711113339', '13633334444'), description: '申请公开磁县人力资源和社会保障局2025年度招聘事业单位工作人员的成绩及录用名单。', delivery: 'mail' },
    actions: [{ type: 'assign', org: '130427-rsj', ago: 31 }] },
  { ago: 18, input: { org: '130427', channel: 'in_person', applicant: { type: 'legal_person', subtype: '法律服务机构', name: '河北磁州律师事务所', id_number: '31130000MD0123456C', email: 'office@example.com', phone: '0310-2300000' }, description: '申请公开磁县2025年行政复议案件受理与办理情况统计。', delivery: 'email' },
    actions: [{ type: 'assign', org: '130427-gkb', ago: 17 }, { type: 'extend', days: 15, approved_by: 'cixian.gkb', reason: '需向多个部门调取数据核对', ago: 2 }] },
];

/** Loads the demo cases; returns how many. */
export async function loadApplicationsDemo(db: Db, clock: Clock): Promise<number> {
  const user = await findUserByUsername(db, 'cixian.gkb');
  const actor = user ? await identityService.actorFor(db, user.id, 'session') : null;
  if (!actor) return 0;
  const deps: service.ApplicationDeps = { db, clock };
  const today = clock.today();
  let n = 0;
  for (const c of CASES) {
    const r = await service.registerOffline(deps, actor, { ...c.input, received_on: addDays(today, -c.ago) });
    if (!r.ok) throw new Error(`演示申请：${Object.values(r.errors).join('；')}`);
    for (const a of c.actions) {
      const { ago, ...rest } = a;
      await service.applyAction(deps, actor, r.result.reference, { ...rest, on: addDays(today, -ago) } as Action);
    }
    n++;
  }
  return n;
}
