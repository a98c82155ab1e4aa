// Shell: demo 咨询登记 at 磁县's three 政务公开专区 (county CX-GKZQ, 磁州镇 CX-GKZQ-130427100, 阜才社区
// CX-GKZQ-130427100001) and the 磁州镇便民服务中心 (CX-BM-130427100) over the
// last three months — recorded through the service as their staff would (audited), a few needing a
// follow-up, and two turned into a message and an application in one step.
import type { Clock } from '../../platform/clock/clock.ts';
import { localDateOf } from '../../platform/clock/local-date.ts';
import type { Db } from '../../schema.ts';
import { identityService } from '../identity/index.ts';
import { registerOffline } from '../applications/index.ts';
import { convertEnquiry, createEnquiry, updateEnquiry, type EnquiryDeps } from './enquiries.service.ts';
import type { ApplicationIntake } from '../interaction/index.ts';

const TOPICS = [
  '社保参保缴费证明怎么打印',
  '低保申请需要准备哪些材料',
  '如何申请政府信息公开',
  '居住证办理流程和时限',
  '社保参保缴费证明怎么打印',
  '惠民惠农补贴发放名单在哪里查',
  '退休人员养老金资格认证怎么办',
  '老旧小区改造计划是否已公开',
  '如何申请政府信息公开',
  '营业执照办理需要多久',
  '村务公开栏多久更新一次',
  '低保申请需要准备哪些材料',
];
const ANSWERS = [
  '已指导在自助机上打印，并告知也可在河北人社 App 打印。',
  '已提供办事指南，告知需户口簿、身份证、收入证明等材料。',
  '已介绍依申请公开的申请方式和答复期限（二十个工作日）。',
  '已说明需先办理居住登记，满半年后可申领居住证。',
  '已告知在县政府门户网站“惠民惠农财政补贴”栏目查询。',
  '已告知可在手机上刷脸认证，或到社保窗口现场认证。',
  '已告知改造计划在县住建局栏目公开，并当场查询打印。',
  '已告知承诺时限为一个工作日，材料齐全可当日办结。',
];
const CONTACTS: ([string, string] | null)[] = [null, ['王先生', '13903101234'], null, ['李女士', '0310-7512345'], null, null, ['赵先生', '13831012345'], null];
const ZONES = ['CX-GKZQ', 'CX-GKZQ-130427100', 'CX-GKZQ-130427100001', 'CX-BM-130427100'];
/** Which zone the i-th demo question was asked at (most at the county's 专区). */
const ZONE_OF = [0, 0, 1, 0, 2, 3] as const;

/** A 居民身份证号码 with its GB 11643 check digit (demo applicant). */
function idNumber(body17: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body17].reduce((a, d, i) => a + Number(d) * w[i]!, 0);
  return body17 + '10X98765432'[sum % 11]!;
}

export async function loadEnquiriesDemo(db: Db, clock: Clock): Promise<string> {
  const users = await db.selectFrom('staff_user').select(['id', 'username']).where('username', 'in', ['cixian.gkb', 'cizhou.handler']).execute();
  const gkb = users.find((u) => u.username === 'cixian.gkb');
  const town = users.find((u) => u.username === 'cizhou.handler');
  const venues = await db.selectFrom('sm_venue').select('public_id').where('public_id', 'in', ZONES).execute();
  if (!gkb || !town || venues.length < ZONES.length) return '咨询登记：跳过（缺少磁县演示用户或专区）';
  const gkbActor = (await identityService.actorFor(db, gkb.id, 'session'))!;
  const townActor = (await identityService.actorFor(db, town.id, 'session'))!;
  const windows = await db.selectFrom('rating_window').select(['venue_public_id', 'public_id']).where('venue_public_id', 'in', ZONES).where('active', '=', 1).orderBy('id').execute();
  const intake: ApplicationIntake = async (trx, actor, input) => {
    const r = await registerOffline({ db: trx, clock }, actor, input);
    return r.ok ? { ok: true, reference: r.result.reference, trackingCode: r.result.trackingCode } : r;
  };
  const now = clock.now().getTime();
  const ids: { id: string; zone: string; contact: boolean; followUp: boolean }[] = [];
  const N = 36;
  for (let i = 0; i < N; i++) {
    const zone = ZONES[ZONE_OF[i % ZONE_OF.length]!]!;
    // spread over the last ~85 days, working hours (Beijing 09:00–17:00 = 01:00–09:00 UTC)
    const day = Math.floor((i * 85) / N) + 1;
    const at = new Date(now - day * 86_400_000);
    at.setUTCHours(1 + (i * 5) % 8, (i * 17) % 60, 0, 0);
    const channel = (['window', 'window', 'phone', 'self_service', 'window'] as const)[i % 5]!;
    const window = channel === 'window' ? windows.find((w) => w.venue_public_id === zone)?.public_id : undefined;
    const contact = CONTACTS[i % CONTACTS.length] ?? null;
    const followUp = i % 6 === 1;
    const followedUp = followUp && day > 20;
    const atClock: Clock = { now: () => new Date(at), today: () => clock.today() };
    const deps: EnquiryDeps = { db, clock: atClock };
    const r = await createEnquiry(deps, { actor: zone === 'CX-GKZQ' ? gkbActor : townActor }, {
      channel, venue: zone, window, topic: TOPICS[i % TOPICS.length], answer: ANSWERS[i % ANSWERS.length],
      follow_up: followUp ? 'yes' : '', contact_name: contact?.[0], contact_phone: contact?.[1],
    });
    if (!r.ok) throw new Error(`演示咨询 ${i}：${Object.values(r.errors).join('；')}`);
    if (followedUp) {
      // followed up three days later (recorded then, as staff would)
      const later = new Date(at.getTime() + 3 * 86_400_000);
      const u = await updateEnquiry({ db, clock: { now: () => new Date(later), today: () => localDateOf(later) } }, { actor: zone === 'CX-GKZQ' ? gkbActor : townActor }, r.publicId, { follow_up: 'yes', followed_up_on: localDateOf(later) });
      if (!u.ok) throw new Error(`演示咨询跟进 ${i}：${Object.values(u.errors).join('；')}`);
    }
    ids.push({ id: r.publicId, zone, contact: !!contact, followUp });
  }
  // Two converted in one step: a message about a 惠农 list, and an application for the renovation plan.
  const deps: EnquiryDeps = { db, clock, applicationIntake: intake };
  const withContact = ids.filter((x) => x.contact && x.zone === 'CX-GKZQ');
  let converted = 0;
  if (withContact[0]) {
    const m = await convertEnquiry(deps, { actor: gkbActor }, withContact[0].id, 'message', { category: 'social_security', is_public: 'no' });
    if (!m.ok) throw new Error(`演示咨询转留言：${Object.values(m.errors).join('；')}`);
    converted++;
  }
  if (withContact[1]) {
    const a = await convertEnquiry(deps, { actor: gkbActor }, withContact[1].id, 'application', { applicant_type: 'natural_person', applicant_id_number: idNumber('13042719850312103'), delivery: 'pickup' });
    if (!a.ok) throw new Error(`演示咨询转申请：${Object.values(a.errors).join('；')}`);
    converted++;
  }
  return `咨询登记：${N} 条（${ids.filter((x) => x.followUp).length} 条需跟进，${converted} 条已转办）`;
}
