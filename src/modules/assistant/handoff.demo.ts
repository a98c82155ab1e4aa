// Demo data of 转人工 (issue 20 §4): 磁县 answers hand-offs by its 政务服务中心's hours (CX-ZWFW) and
// makes untaken ones 咨询登记; 龙华区 by its centre's hours (LH-ZWFW), untaken ones with a contact
// become 民心直通车 messages; and one 磁县 conversation is waiting, so the staff queue is not empty.
// It waits like a real one: its deadline is the setting's wait after the request, so staff who open
// it see a real time, and if no one takes it the deadline job makes it a 咨询登记 (as it would).
import type { Clock } from '../../platform/clock/clock.ts';
import { hashTrackingCode, newReference, newTrackingCode } from '../../platform/public-refs/public-refs.ts';
import { inTransaction } from '../../platform/db/db.ts';
import type { Db } from '../../schema.ts';
import { appendTurns, createConversation } from './conversations.repository.ts';
import { handoffStrings as hs } from './handoff.strings.ts';
import { HANDOFF_REFERENCE_PREFIX } from './vocabulary.ts';
import { deadlineAfter } from './handoff-rules.ts';

const SETTINGS = [
  { org: '130427', venue: 'CX-ZWFW', wait: 5, fallback: 'enquiry' },
  { org: '440309', venue: 'LH-ZWFW', wait: 10, fallback: 'message' },
] as const;

export async function loadHandoffDemo(db: Db, clock: Clock): Promise<string> {
  const now = clock.now();
  let settings = 0;
  for (const s of SETTINGS) {
    const org = await db.selectFrom('organisation').select(['code', 'path']).where('code', '=', s.org).executeTakeFirst();
    const venue = await db.selectFrom('sm_venue').select('public_id').where('public_id', '=', s.venue).executeTakeFirst();
    if (!org) continue;
    await db.insertInto('as_setting').values({
      org_code: org.code, org_path: org.path, handoff_enabled: 1, handoff_venue_public_id: venue ? s.venue : null, wait_minutes: s.wait, fallback: s.fallback,
      updated_by: 'demo', updated_at: now.toISOString(),
    }).execute();
    settings++;
  }
  const cx = await db.selectFrom('organisation').select(['code', 'path']).where('code', '=', '130427').executeTakeFirst();
  if (cx) {
    const conv = await createConversation(db, now, { channel: 'web', regionCode: '130427', venuePublicId: null, orgCode: cx.code, orgPath: cx.path });
    const requested = now;
    await inTransaction(db, async (trx) => {
      await appendTurns(trx, conv, now, [
        { role: 'user', text: '灵活就业人员的社保断缴了，还能补缴吗？' },
        { role: 'assistant', text: '没有找到完全对应的办事指南。您可以转人工，由工作人员为您解答。', outcome: 'no_match' },
      ]);
      await appendTurns(trx, { ...conv, turnCount: 2 }, requested, [{ role: 'system', text: hs.turns.waiting, outcome: 'handoff' }]);
      // an honest deadline (the county's wait after the request), never a far-off date staff would read as real
      await trx.updateTable('as_conversation').set({
        state: 'waiting', reference: newReference(HANDOFF_REFERENCE_PREFIX, clock.today()), tracking_hash: hashTrackingCode(newTrackingCode()),
        handoff_requested_at: requested.toISOString(), handoff_deadline_at: deadlineAfter(requested, SETTINGS[0].wait),
      }).where('id', '=', conv.id).execute();
    });
  }
  return `智能客服转人工：${settings} 个单位的设置，1 个等待人工的会话`;
}
