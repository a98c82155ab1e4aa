// Shell: demo data of 好差评 for 磁县, 海珠区 and 龙华区 — the shipped 差评 reasons, three windows in
// each main hall, and a few hundred ratings over the six months before the demo day (deterministic:
// a seeded generator), across levels, subjects and channels, with 差评 in every workflow state:
// some overdue, one appeal upheld by 磁县政务公开办 (kept in the log, excluded from statistics) and one
// waiting for its decision. The workflow steps go through the pure decide(). Called from src/demo.ts.
import { loadCalendar } from '../../platform/calendar/calendar.repository.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import { addDays, type LocalDate } from '../../platform/clock/local-date.ts';
import { inTransaction } from '../../platform/db/db.ts';
import { insertRows } from '../../platform/db/bulk-insert.ts';
import { platformView, type Db } from '../../schema.ts';
import { findOrganisation } from '../identity/index.ts';
import { DEFAULT_SETTINGS, isBad, OFFLINE_INDICATORS, ONLINE_INDICATORS, type ChannelCode, type SubjectCode } from './levels.ts';
import { seedReasons } from './ratings.repository.ts';
import { decide, fold, initialState, ratedPayload, workingDaysAfter, type Command, type LogEvent } from './workflow.ts';

const COUNTIES = [
  { prefix: 'CX', code: '130427', unitUser: 'cizhou.handler', staff: 'CX' },
  { prefix: 'HZ', code: '440105', unitUser: 'demo.haizhu', staff: 'HZ' },
  { prefix: 'LH', code: '440309', unitUser: 'demo.longhua', staff: 'LH' },
];
const WINDOWS = [
  { code: 'A01', name: '综合受理窗口 1 号' },
  { code: 'A02', name: '综合受理窗口 2 号' },
  { code: 'B01', name: '企业开办专窗' },
];
const NAMES = ['王先生', '李女士', '张先生', '刘女士', '陈先生', '杨女士', '赵先生', '黄女士'];
const TEXTS_GOOD = ['窗口人员很耐心，一次就办好了。', '指引清楚，等候时间短。', '', '', '服务热情，点赞！', ''];
const TEXTS_BAD = ['排队一个多小时才轮到。', '材料清单和窗口要求不一致，跑了两趟。', '工作人员态度生硬。', '网上系统提交时总是报错。'];
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A small deterministic generator (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface DemoVenue { publicId: string; orgCode: string; type: string; items: string[] }

/** Loads the ratings demo (once: nothing is written when ratings exist). Returns a summary line. */
export async function loadRatingsDemo(db: Db, clock: Clock): Promise<string> {
  const now = clock.now();
  const at = now.toISOString();
  const today = clock.today();
  await seedReasons(db, at);
  const existing = await db.selectFrom('rating').select('id').limit(1).executeTakeFirst();
  if (existing) return '好差评：已有评价，未载入演示评价';
  const cal = await loadCalendar(platformView(db));
  const rand = rng(20191203); // 国办发〔2019〕51号, 2019-12-03
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const publicId = () => `PJ${Array.from({ length: 12 }, () => ALPHABET[Math.floor(rand() * ALPHABET.length)]).join('')}`;

  const venues = await db.selectFrom('sm_venue').select(['id', 'public_id', 'org_code', 'type']).where((eb) => eb.or(COUNTIES.map((c) => eb('public_id', 'like', `${c.prefix}-%`)))).orderBy('public_id').execute();
  const links = await db.selectFrom('sm_venue_item').innerJoin('sm_item', 'sm_item.id', 'sm_venue_item.item_id').select(['sm_venue_item.venue_id', 'sm_item.public_id']).orderBy('sm_item.public_id').execute();
  const orgPath = new Map<string, string>();
  const demoVenues: DemoVenue[] = [];
  for (const v of venues) {
    if (v.type === '政务公开专区') continue;
    if (!orgPath.has(v.org_code)) {
      const o = await findOrganisation(db, v.org_code);
      if (!o) continue;
      orgPath.set(v.org_code, o.path);
    }
    demoVenues.push({ publicId: v.public_id, orgCode: v.org_code, type: v.type, items: links.filter((l) => Number(l.venue_id) === Number(v.id)).map((l) => l.public_id) });
  }
  if (!demoVenues.length) return '好差评：没有服务场所，未载入演示评价';

  // Windows: three in each main hall (政务服务中心).
  const windowRows: unknown[][] = [];
  const hallWindows = new Map<string, string[]>();
  for (const c of COUNTIES) {
    const hall = demoVenues.find((v) => v.publicId === `${c.prefix}-ZWFW`);
    if (!hall) continue;
    hallWindows.set(hall.publicId, WINDOWS.map((w) => w.code));
    for (const w of WINDOWS) windowRows.push([`${hall.publicId}-${w.code}`, hall.publicId, w.code, w.name, hall.orgCode, orgPath.get(hall.orgCode)!, 1, at, at]);
  }

  interface Made { row: unknown[]; events: LogEvent[] }
  const made: Made[] = [];
  const from = addDays(today, -182);
  let appealUpheld = false;
  let appealPending = false;
  for (const v of demoVenues) {
    const county = COUNTIES.find((c) => v.publicId.startsWith(`${c.prefix}-`))!;
    const n = v.type === '政务服务中心' ? 120 : v.type === '便民服务中心' ? 35 : 12;
    for (let i = 0; i < n; i++) {
      const ratedOn: LocalDate = addDays(from, Math.floor(rand() * 183));
      if (ratedOn > today) continue;
      const roll = rand();
      const level = roll < 0.52 ? 5 : roll < 0.76 ? 4 : roll < 0.88 ? 3 : roll < 0.95 ? 2 : 1;
      const bad = isBad(level);
      // what is rated and through which channel
      const windows = hallWindows.get(v.publicId) ?? [];
      const s = rand();
      let subject: SubjectCode; let channel: ChannelCode; let windowCode: string | null = null; let item: string | null = null; let staffNo: string | null = null; let caseRef: string | null = null;
      if (v.type === '自助终端') { subject = 'venue'; channel = 'kiosk'; }
      else if (windows.length && s < 0.35) { subject = 'window'; channel = 'window_qr'; windowCode = pick(windows); }
      else if (v.items.length && s < 0.6) { subject = 'item'; channel = pick(['link', 'paper', 'venue_qr'] as const); item = pick(v.items); caseRef = `BJ${ratedOn.replaceAll('-', '')}${String(i).padStart(4, '0')}`; }
      else if (v.items.length && s < 0.75) { subject = 'online'; channel = pick(['web', 'link'] as const); item = pick(v.items); }
      else if (windows.length && s < 0.85) { subject = 'staff'; channel = 'paper'; staffNo = `${county.staff}${String(1001 + Math.floor(rand() * 12))}`; }
      else if (s < 0.9) { subject = 'hotline'; channel = 'hotline_callback'; caseRef = `12345${ratedOn.replaceAll('-', '')}${String(i).padStart(3, '0')}`; }
      else { subject = 'venue'; channel = 'venue_qr'; }
      const venue = subject === 'online' || subject === 'hotline' ? null : v.publicId;
      const indicatorDef = subject === 'online' ? ONLINE_INDICATORS : OFFLINE_INDICATORS;
      const indicators = rand() < 0.6 ? Object.fromEntries(indicatorDef.values.map((x) => [x.code, Math.max(1, Math.min(5, level + (rand() < 0.2 ? -1 : rand() < 0.2 ? 1 : 0)))])) : {};
      const reasons = bad ? [pick(['slow', 'guide_unclear', 'many_visits', 'attitude', 'not_done', 'system'])] : [];
      const named = bad ? rand() < 0.65 : rand() < 0.2;
      const raterName = named ? pick(NAMES) : null;
      const raterPhone = named ? `13${String(8 + Math.floor(rand() * 2))}${String(Math.floor(rand() * 1e8)).padStart(8, '0')}` : null;
      const start = initialState(bad, named, ratedOn, DEFAULT_SETTINGS, cal);
      const ratedAt = `${ratedOn}T${String(1 + Math.floor(rand() * 8)).padStart(2, '0')}:${String(Math.floor(rand() * 60)).padStart(2, '0')}:00.000Z`;
      const events: LogEvent[] = [{ kind: 'rated', on: ratedOn, actor: channel === 'paper' || channel === 'hotline_callback' ? county.unitUser : 'public', payload: ratedPayload({ level, channel, bad, named, ...start }) }];
      if (bad) progress(events, named, ratedOn, v.orgCode, county.code);
      const text = bad ? pick(TEXTS_BAD) : pick(TEXTS_GOOD);
      made.push({
        events,
        row: [publicId(), v.orgCode, orgPath.get(v.orgCode)!, subject, venue, item, windowCode, staffNo, caseRef, channel, level, bad ? 1 : 0, JSON.stringify(indicators), JSON.stringify(reasons), text,
          raterName, raterPhone, ratedOn, ratedAt, channel === 'paper' || channel === 'hotline_callback' ? county.unitUser : null],
      });
    }
  }

  /** Moves a 差评 along the workflow (through decide) as far as its age and a draw allow. */
  function progress(events: LogEvent[], named: boolean, ratedOn: LocalDate, orgCode: string, countyCode: string): void {
    const unit = { username: COUNTIES.find((c) => c.code === countyCode)!.unitUser, inUnit: true, aboveUnit: false };
    const step = (c: Command, actor = unit) => {
      if (c.on > today) return false;
      const d = decide(fold(events), c, { today, calendar: cal, limits: DEFAULT_SETTINGS, actor });
      if (!d.ok) return false;
      for (const e of d.events) events.push({ ...e, actor: actor.username });
      return true;
    };
    const day = (n: number) => workingDaysAfter(cal, ratedOn, n);
    // one appeal upheld by the level above (磁县政务公开办 over a 磁县 town's unit), one still pending
    if (countyCode === '130427' && /^\d{9}$/.test(orgCode) && ratedOn < addDays(today, -30)) {
      if (!appealUpheld) {
        appealUpheld = true;
        step({ kind: 'appeal', on: day(1), reason: '经调取监控，评价人当日未到本中心办理业务，系误评。' });
        step({ kind: 'decide_appeal', on: day(3), upheld: true, note: '经核实，评价人未在该场所办理业务，属误评，申诉成立。' }, { username: 'cixian.gkb', inUnit: false, aboveUnit: true });
        return;
      }
      if (!appealPending && ratedOn > addDays(today, -60)) {
        appealPending = true;
        step({ kind: 'appeal', on: day(1), reason: '同一评价人同日连续提交多条相同差评，疑似恶意差评。' });
        return;
      }
    }
    const r = rand();
    const age = ratedOn < addDays(today, -3);
    if (!age || r < 0.08) return; // waiting (old ones are overdue)
    if (named && !step({ kind: 'callback', on: day(1), note: '已电话回访，核实了评价人反映的情况。', reached: rand() < 0.85 })) return;
    if (r < 0.16) return; // called back, rectification not decided (overdue when old)
    if (r < 0.28) {
      step({ kind: 'rectify', on: day(2), mode: 'deadline', measures: '纳入整改台账：优化窗口排班，补充办事指南。', dueOn: day(2 + (rand() < 0.5 ? 5 : 15)) });
      return; // 限期整改 in progress (overdue when past due)
    }
    if (!step({ kind: 'rectify', on: day(2), mode: 'immediate', measures: '已当场向评价人说明并更正办事指南，窗口人员已批评教育。' })) return;
    if (r < 0.36) return;
    if (!step({ kind: 'reply', on: day(3), text: '已将整改情况电话告知评价人。' })) return;
    if (r < 0.46) return;
    step({ kind: 'close', on: day(4) });
  }

  const cols = ['public_id', 'org_code', 'org_path', 'subject', 'venue_public_id', 'item_public_id', 'window_code', 'staff_no', 'case_ref', 'channel', 'level', 'is_bad', 'indicators_json', 'reasons_json', 'text',
    'rater_name', 'rater_phone', 'rated_on', 'rated_at', 'entered_by', 'state', 'callback_due_on', 'called_back_on', 'rectify_due_on', 'rectified_on', 'replied_on', 'closed_on', 'excluded', 'rerating_of', 'created_at', 'updated_at'] as const;
  const rows = made.map((m) => {
    const f = fold(m.events);
    const ratedAt = m.row[18] as string;
    return [...m.row, f.state, f.callbackDueOn, f.calledBackOn, f.rectifyDueOn, f.rectifiedOn, f.repliedOn, f.closedOn, f.excluded ? 1 : 0, null, ratedAt, at];
  });
  await inTransaction(db, async (trx) => {
    await insertRows(trx, 'rating_window', ['public_id', 'venue_public_id', 'code', 'name', 'org_code', 'org_path', 'active', 'created_at', 'updated_at'], windowRows);
    await insertRows(trx, 'rating', cols, rows);
    const ids = new Map((await trx.selectFrom('rating').select(['id', 'public_id']).execute()).map((r) => [r.public_id, Number(r.id)]));
    const eventRows: unknown[][] = [];
    made.forEach((m, i) => {
      const id = ids.get(rows[i]![0] as string)!;
      m.events.forEach((e, k) => eventRows.push([id, k + 1, e.kind, e.on, JSON.stringify(e.payload), e.actor, null, k === 0 ? (m.row[18] as string) : `${e.on}T02:00:00.000Z`]));
    });
    await insertRows(trx, 'rating_event', ['rating_id', 'seq', 'kind', 'on_date', 'payload_json', 'actor', 'actor_org_code', 'at'], eventRows);
  });
  const badCount = made.filter((m) => m.row[11] === 1).length;
  return `好差评：${made.length} 条评价（差评 ${badCount} 条），${windowRows.length} 个窗口`;
}
