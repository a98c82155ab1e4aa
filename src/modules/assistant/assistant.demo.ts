// Shell: demo data of the 7×24 assistant's FAQ (issue 20 §3) — question–answer pairs of 磁县 (130427)
// and 龙华区 (440309) written through the service as their staff would (audited), and a few
// conversations whose questions were answered badly (nothing found, or 没有帮助), so the
// 答得不好的问题 list is not empty. One of them already has its pair (resolved in one step).
import type { Clock } from '../../platform/clock/clock.ts';
import type { Db } from '../../schema.ts';
import { identityService } from '../identity/index.ts';
import { appendTurns, createConversation } from './conversations.repository.ts';
import { createFaq } from './faq.service.ts';
import { questionKey } from './faq-input.ts';
import { faqStrings } from './faq.strings.ts';

interface DemoPair { question: string; variants: string[]; answer: string; links: { title: string; url: string }[] }

const CIXIAN: DemoPair[] = [
  {
    question: '不动产登记中心几点上班',
    variants: ['不动产登记办公时间', '不动产登记周末能办吗', '办房产证几点上班'],
    answer: '磁县不动产登记窗口设在县政务服务中心二楼，法定工作日上午 8:30—12:00、下午 14:30—17:30 办公（夏季下午 15:00—18:00）。周六上午提供预约办理，请提前一个工作日拨打 0310-2321234 预约。',
    links: [{ title: '磁县政务服务中心', url: '/services/venues/CX-ZWFW' }],
  },
  {
    question: '社保卡丢了怎么补办',
    variants: ['社保卡补办', '社保卡挂失', '社会保障卡坏了怎么换'],
    answer: '先通过河北人社 App、12333 电话或到任一合作银行网点办理挂失。补办请本人携带身份证到县政务服务中心社保窗口或合作银行网点申请，即时制卡的网点当场领卡，其余 15 个工作日内领取。补卡工本费按规定免收。',
    links: [{ title: '磁县政务服务中心', url: '/services/venues/CX-ZWFW' }],
  },
  {
    question: '政务服务中心可以停车吗',
    variants: ['政务服务中心停车', '办事大厅停车场在哪', '去政务大厅怎么停车'],
    answer: '县政务服务中心东侧有免费停车场，约 120 个车位，办事群众可免费停放。工作日上午车位较紧张，建议乘坐 3 路、8 路公交到政务服务中心站下车。',
    links: [{ title: '磁县政务服务中心', url: '/services/venues/CX-ZWFW' }],
  },
  {
    question: '社保缴费证明怎么打印',
    variants: ['打印社保缴费证明', '参保证明在哪里开'],
    answer: '可在河北人社 App 或河北人社公共服务平台自助打印参保缴费证明，也可到县政务服务中心的社保自助机凭身份证打印，不收费。',
    links: [{ title: '社会保险参保缴费证明', url: '/services/items/CX-SB-ZM' }],
  },
];

const LONGHUA: DemoPair[] = [
  {
    question: '龙华区政务服务中心几点上班',
    variants: ['龙华政务服务中心办公时间', '政务服务中心周六上班吗'],
    answer: '龙华区政务服务中心周一至周五 9:00—12:00、14:00—18:00 办公，周六 9:00—12:00、14:00—17:00 提供部分事项的延时服务，法定节假日休息。',
    links: [{ title: '龙华区政务服务中心', url: '/services/venues/LH-ZWFW' }],
  },
  {
    question: '政务服务中心可以停车吗',
    variants: ['政务服务中心停车', '政务大厅停车收费吗'],
    answer: '龙华区政务服务中心地下停车场对办事群众开放，办事期间前 2 小时免费，凭窗口办件回执在出口核销。车位紧张时建议乘坐地铁 4 号线到龙华站步行前往。',
    links: [{ title: '龙华区政务服务中心', url: '/services/venues/LH-ZWFW' }],
  },
  {
    question: '居住证怎么办理',
    variants: ['深圳居住证办理', '办居住证要什么材料'],
    answer: '在龙华区居住满 6 个月、有合法稳定就业或住所的，可通过「i 深圳」App 或社区工作站申领居住证。需身份证、近期照片和居住登记信息，材料齐全的 10 个工作日内制证。',
    links: [{ title: '居住证申领', url: '/services/items/LH-JZZ' }],
  },
];

/** Questions the assistant could not answer (or was told were not helpful), per county: [question, how often, no_match or unhelpful]. */
const BAD: Record<string, [string, number, 'no_match' | 'unhelpful'][]> = {
  130427: [
    ['农村宅基地怎么申请', 3, 'no_match'],
    ['孩子上学需要开居住证明吗', 2, 'no_match'],
    ['独生子女费在哪里领', 1, 'unhelpful'],
    ['社保卡丢了怎么补办', 2, 'unhelpful'],
  ],
  440309: [
    ['人才房怎么申请', 2, 'no_match'],
    ['新生儿医保怎么办', 1, 'unhelpful'],
  ],
};

export async function loadAssistantDemo(db: Db, clock: Clock): Promise<string> {
  const users = await db.selectFrom('staff_user').select(['id', 'username']).where('username', 'in', ['cixian.gkb', 'longhua.admin']).execute();
  const orgs = await db.selectFrom('organisation').select(['code', 'path', 'region_code']).where('code', 'in', ['130427', '440309']).execute();
  const cixian = users.find((u) => u.username === 'cixian.gkb');
  const longhua = users.find((u) => u.username === 'longhua.admin');
  if (!cixian || !longhua || orgs.length < 2) return faqStrings.demo.skipped;
  const now = clock.now();
  const day = 86_400_000;

  // the badly answered conversations, over the last weeks (before the pairs that answer some of them)
  let asked = 0;
  for (const org of orgs) {
    let n = 0;
    for (const [question, times, how] of BAD[org.code] ?? []) {
      for (let i = 0; i < times; i++) {
        const at = new Date(now.getTime() - (3 + ((n++ * 5) % 25)) * day - i * 3_600_000);
        await db.transaction().execute(async (trx) => {
          const conv = await createConversation(trx, at, { channel: i % 2 ? 'mobile' : 'web', regionCode: org.region_code, venuePublicId: null, orgCode: org.code, orgPath: org.path });
          const reply = how === 'no_match' ? '抱歉，暂时没有找到相关的办事指南。您可以换个说法，或转人工咨询。' : '可以在政务服务中心办理，详情请查看办事指南。';
          const r = await appendTurns(trx, conv, at, [{ role: 'user', text: question }, { role: 'assistant', text: reply, outcome: how === 'no_match' ? 'no_match' : 'answer' }]);
          if (!r.ok) throw new Error('demo conversation');
          if (how === 'unhelpful') await trx.updateTable('as_turn').set({ helpful: 0 }).where('conversation_id', '=', conv.id).where('seq', '=', r.firstSeq + 1).execute();
        });
        asked += 1;
      }
    }
  }

  let pairs = 0;
  for (const [user, list, code] of [[cixian, CIXIAN, '130427'], [longhua, LONGHUA, '440309']] as const) {
    const actor = (await identityService.actorFor(db, user.id, 'session'))!;
    for (const p of list) {
      // 社保卡丢了怎么补办 was asked badly before its pair: answered in one step (the turns marked resolved)
      const resolveKey = (BAD[code] ?? []).some(([q]) => questionKey(q) === questionKey(p.question)) ? p.question : undefined;
      const r = await createFaq({ db, clock }, { actor }, { org: code, question: p.question, variants: p.variants, answer: p.answer, links: p.links }, { resolveKey });
      if (!r.ok) throw new Error(`演示问答「${p.question}」：${Object.values(r.errors).join('；')}`);
      pairs += 1;
    }
  }
  return faqStrings.demo.loaded(pairs, asked);
}
