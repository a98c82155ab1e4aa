// Shell: demo 意见征集 for 磁县 (the demo has no 恩施) — one closed consultation on the draft of the
// 最低生活保障实施办法, with moderated comments, per-comment adoption and the feedback report linked
// to the final policy (the demo's published record); and one open on a parking rule, with comments
// published and one waiting for moderation. Each step goes through the service at its own date.
import { fixedClock, type Clock } from '../../platform/clock/clock.ts';
import { addDays } from '../../platform/clock/local-date.ts';
import type { Db } from '../../schema.ts';
import { findUserByUsername, identityService } from '../identity/index.ts';
import * as svc from './participation.service.ts';

const at = (t: string) => fixedClock(new Date(`${t.replace(' ', 'T')}:00+08:00`));
const p = (...paras: string[]) => paras.map((x) => `<p>${x}</p>`).join('');

export async function loadParticipationDemo(db: Db, clock: Clock): Promise<string> {
  const u = await findUserByUsername(db, 'cixian.editor');
  const actor = u ? await identityService.actorFor(db, u.id, 'session') : null;
  if (!actor) throw new Error('演示用户 cixian.editor 不存在');
  const who = { actor };
  const fail = (what: string, e: Record<string, string>) => new Error(`演示意见征集「${what}」：${Object.values(e).join('；')}`);

  // 1. Closed, with its feedback report and final policy.
  const policy = await db.selectFrom('disclosure').select('index_no').where('title', '=', '磁县人民政府关于印发《磁县城乡居民最低生活保障实施办法》的通知').executeTakeFirst();
  const c1 = await svc.openConsultation({ db, clock: at('2025-02-10 09:00') }, who, {
    org: '130427', title: '关于《磁县城乡居民最低生活保障实施办法（征求意见稿）》公开征求意见的公告',
    summary: '为规范城乡居民最低生活保障工作，县民政局起草了《磁县城乡居民最低生活保障实施办法（征求意见稿）》，现公开征求社会各界意见。',
    draftHtml: p('第一条 为保障城乡困难群众基本生活，根据《社会救助暂行办法》等规定，结合本县实际，制定本办法。', '第二条 城乡低保标准由县人民政府确定并向社会公布，城市每人每月不低于750元，农村每人每月不低于540元。', '第三条 申请低保以家庭为单位，向户籍所在地乡镇人民政府（街道办事处）提出。', '第四条 乡镇人民政府应当自受理之日起30个工作日内完成审核。'),
    opensOn: '2025-02-10', closesOn: '2025-03-11', shortReason: '',
  });
  if (!c1.ok) throw fail('低保', c1.errors);
  const consult1 = (await db.selectFrom('consultation').selectAll().where('id', '=', c1.id).executeTakeFirstOrThrow());
  const comments1: [string, string, string, 'approve' | 'reject', string][] = [
    ['李先生', '13912340001', '建议将审核时限由30个工作日缩短为20个工作日，让困难群众早日领到保障金。', 'approve', ''],
    ['', '', '建议提高农村低保标准，缩小城乡差距。', 'approve', ''],
    ['张女士', 'zhang@example.com', '申请材料能否在网上提交？老人行动不便，跑一趟乡镇很远。', 'approve', ''],
    ['', '', '（与本次征求意见无关的广告内容）', 'reject', '与征求意见稿无关'],
  ];
  const ids1: number[] = [];
  for (const [i, [name, contact, content, decision, reason]] of comments1.entries()) {
    const r = await svc.submitComment({ db, clock: at(`2025-02-${String(12 + i * 3).padStart(2, '0')} 10:00`) }, consult1, { name, contact, content });
    if (!r.ok) throw fail('低保意见', r.errors);
    const k = await db.selectFrom('consultation_comment').select('id').where('reference', '=', r.reference).executeTakeFirstOrThrow();
    ids1.push(k.id);
    const m = await svc.moderate({ db, clock: at('2025-03-01 09:00') }, who, c1.id, k.id, decision, reason);
    if (!m.ok) throw fail('审核', m.errors);
  }
  const after = { db, clock: at('2025-03-13 09:00') };
  const decisions: [number, string, string][] = [[ids1[0]!, 'adopted', ''], [ids1[1]!, 'partly', '农村低保标准提高到每人每月560元，城乡统筹将分步推进。'], [ids1[2]!, 'not_adopted', '按现行规定申请须本人签字确认；行动不便的，可由乡镇工作人员上门受理。']];
  for (const [id, adoption, reason] of decisions) {
    const r = await svc.decideAdoption(after, who, c1.id, id, adoption, reason);
    if (!r.ok) throw fail('采纳情况', r.errors);
  }
  if (policy) {
    const f = await svc.publishFeedback({ db, clock: at('2025-03-20 10:00') }, who, c1.id,
      p('征求意见期间共收到意见4条，经审核公开3条（1条与征求意见稿无关，未予公开）。县民政局逐条研究，采纳1条、部分采纳1条、未采纳1条，并据此修改了《办法》第二条和第四条。'), policy.index_no);
    if (!f.ok) throw fail('采纳情况说明', f.errors);
  }

  // 2. Open now (a 90-day period from three days before the loading day), two comments published, one waiting.
  const today = clock.today();
  const opens = addDays(today, -3);
  const c2 = await svc.openConsultation({ db, clock: fixedClock(new Date(`${opens}T01:00:00Z`)) }, who, {
    org: '130427', title: '关于《磁县城区停车管理办法（征求意见稿）》公开征求意见的公告',
    summary: '为规范城区停车秩序，县城市管理局起草了《磁县城区停车管理办法（征求意见稿）》，欢迎社会各界提出意见建议。',
    draftHtml: p('第一条 为规范城区机动车停放秩序，方便群众出行，制定本办法。', '第二条 城区道路停车泊位实行分时段收费，首30分钟免费。', '第三条 居住区周边道路夜间（20:00至次日7:00）停车免费。', '第四条 占用消防通道、盲道停车的，依法予以处罚。'),
    opensOn: opens, closesOn: addDays(opens, 89), shortReason: '',
  });
  if (!c2.ok) throw fail('停车', c2.errors);
  const consult2 = (await db.selectFrom('consultation').selectAll().where('id', '=', c2.id).executeTakeFirstOrThrow());
  const comments2: [string, string, string, boolean][] = [
    ['王先生', '13912340002', '建议首30分钟免费延长到1小时，方便接送孩子。', true],
    ['', '', '希望在医院周边增设临时停车泊位。', true],
    ['赵女士', '', '夜间免费时段建议从19:00开始。', false],
  ];
  for (const [name, contact, content, publish] of comments2) {
    const r = await svc.submitComment({ db, clock: fixedClock(new Date(`${opens}T02:00:00Z`)) }, consult2, { name, contact, content });
    if (!r.ok) throw fail('停车意见', r.errors);
    if (!publish) continue;
    const k = await db.selectFrom('consultation_comment').select('id').where('reference', '=', r.reference).executeTakeFirstOrThrow();
    const m = await svc.moderate({ db, clock: fixedClock(new Date(`${opens}T06:00:00Z`)) }, who, c2.id, k.id, 'approve', '');
    if (!m.ok) throw fail('审核', m.errors);
  }
  return '意见征集：2 次（1 次征集中，1 次已公布采纳情况）';
}
