// Pure: the 问题清单 / 整改台账 workflow of one supervision problem as one decide function over its
// append-only event log (sv_problem_event), like the applications workflow.
//
//   raised → open ──rectify──▶ rectified ──verify──▶ closed (销号)
//              ▲                  │
//              └──── reject ◀─────┘ (rejected: back to the organisation with a reason)
//   open / rejected / rectified ──dismiss──▶ dismissed (a false finding, by the office)
//   open / rejected, past due ──escalate (system)──▶ escalated_on set (shown to the level above)
//
// Who: the responsible organisation (its editors, administrators, supervisors) rectifies; the
// supervising 政务公开办 (or the office above it) verifies, rejects and dismisses; nobody verifies
// their own rectification or their own organisation's problem. Practice followed: 问题清单 →
// 逐条整改 → 复核 → 销号 (domain/supervision.md §4; 郑州惠济 「定期跟踪督办、对账销号」).
import { isLocalDate, type LocalDate } from '../../platform/clock/local-date.ts';
import { defineEnum } from '../../platform/web/enums.ts';

export type ProblemStateCode = 'open' | 'rectified' | 'rejected' | 'closed' | 'dismissed';
export const PROBLEM_STATES = defineEnum<ProblemStateCode>([
  { code: 'open', label: '待整改' },
  { code: 'rectified', label: '待复核' },
  { code: 'rejected', label: '退回整改' },
  { code: 'closed', label: '已销号' },
  { code: 'dismissed', label: '已撤销' },
]);
/** States in which the organisation still owes a rectification (these can be overdue). */
export const TO_RECTIFY: readonly ProblemStateCode[] = ['open', 'rejected'];
export const FINISHED: readonly ProblemStateCode[] = ['closed', 'dismissed'];

export type ProblemAction = 'rectify' | 'verify' | 'reject' | 'dismiss';
export const PROBLEM_ACTIONS = defineEnum<ProblemAction>([
  { code: 'rectify', label: '整改' },
  { code: 'verify', label: '复核通过' },
  { code: 'reject', label: '退回整改' },
  { code: 'dismiss', label: '撤销' },
]);

export type EventKind = 'raised' | 'rectified' | 'verified' | 'rejected' | 'dismissed' | 'escalated';
export const EVENT_LABELS: Record<string, string> = {
  raised: '发现问题', rectified: '报送整改', verified: '复核通过（销号）', rejected: '复核退回', dismissed: '撤销（误报）', escalated: '逾期，提请上级督办',
};

export interface ProblemEvent {
  kind: string;
  on: LocalDate;
  payload: Record<string, unknown>;
  actor: string;
}

export interface ProblemFacts {
  foundOn: LocalDate;
  dueOn: LocalDate;
}

export interface ProblemState extends ProblemFacts {
  state: ProblemStateCode;
  lastOn: LocalDate;
  measures: string;
  rectifiedOn: LocalDate | null;
  /** Username of who recorded the last rectification. */
  rectifiedBy: string | null;
  verifyNote: string;
  closedOn: LocalDate | null;
  escalatedOn: LocalDate | null;
}

/** The state after the events (the raised event opens it; unknown kinds change nothing). */
export function fold(facts: ProblemFacts, events: readonly ProblemEvent[]): ProblemState {
  const s: ProblemState = { ...facts, state: 'open', lastOn: facts.foundOn, measures: '', rectifiedOn: null, rectifiedBy: null, verifyNote: '', closedOn: null, escalatedOn: null };
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  for (const e of events) {
    switch (e.kind) {
      case 'raised': s.state = 'open'; break;
      case 'rectified': s.state = 'rectified'; s.measures = str(e.payload.measures); s.rectifiedOn = e.on; s.rectifiedBy = e.actor; break;
      case 'verified': s.state = 'closed'; s.closedOn = e.on; s.verifyNote = str(e.payload.note); break;
      case 'rejected': s.state = 'rejected'; s.verifyNote = str(e.payload.reason); break;
      case 'dismissed': s.state = 'dismissed'; s.closedOn = e.on; s.verifyNote = str(e.payload.reason); break;
      case 'escalated': s.escalatedOn = e.on; break;
      default: break;
    }
    if (e.kind !== 'escalated' && e.on > s.lastOn) s.lastOn = e.on;
  }
  return s;
}

/** Is the problem overdue on `today` (rectification still owed after its due date)? */
export function isOverdue(s: Pick<ProblemState, 'state' | 'dueOn'>, today: LocalDate): boolean {
  return TO_RECTIFY.includes(s.state) && s.dueOn < today;
}

export interface Command {
  action: ProblemAction | 'escalate';
  on: string;
  measures?: string;
  evidence?: string;
  links?: string[];
  files?: string[];
  note?: string;
  reason?: string;
}

/** Who acts, as the shell found it (the pure rule cannot look up grants). */
export interface ActorSide {
  username: string;
  /** Holds editor/admin/supervisor over the problem's organisation. */
  responsible: boolean;
  /** Holds supervisor/admin in a 政务公开办 whose government's subtree holds the problem (or a platform administrator). */
  office: boolean;
}

export interface DecideContext {
  today: LocalDate;
  actor: ActorSide | 'system';
}

export interface Refusal { code: string; message: string }
export type Decision = { ok: true; events: ProblemEvent[] } | { ok: false; refusals: Refusal[] };

export const LIMITS = { measures: 4000, evidence: 4000, note: 2000, reason: 2000, links: 10, link: 500 } as const;

/** A link of the evidence: http(s) only. */
export function isEvidenceLink(v: string): boolean {
  return /^https?:\/\/[^\s/?#]+[^\s]*$/i.test(v) && v.length <= LIMITS.link;
}

const clean = (v: unknown) => (typeof v === 'string' ? v.replace(/\r\n/g, '\n').trim() : '');

export function decide(s: ProblemState, c: Command, ctx: DecideContext): Decision {
  const refusals: Refusal[] = [];
  const refuse = (code: string, message: string) => { if (!refusals.some((r) => r.code === code)) refusals.push({ code, message }); };
  const on = typeof c.on === 'string' ? c.on.trim() : '';
  if (!isLocalDate(on)) return { ok: false, refusals: [{ code: 'problem_date_invalid', message: '日期应为 YYYY-MM-DD 格式的有效日期' }] };
  if (on > ctx.today) refuse('problem_date_in_future', `日期 ${on} 晚于今天（${ctx.today}），不能登记将来的事项`);
  if (FINISHED.includes(s.state)) {
    refuse('problem_finished', s.state === 'closed' ? '该问题已复核销号，不能再办理' : '该问题已撤销，不能再办理');
    return { ok: false, refusals };
  }
  const actor = ctx.actor;

  if (c.action === 'escalate') {
    if (actor !== 'system') refuse('problem_escalate_system', '逾期督办由系统按日自动提请，不能手工操作');
    if (s.escalatedOn) refuse('problem_already_escalated', `该问题已于 ${s.escalatedOn} 提请上级督办`);
    if (!isOverdue(s, on)) refuse('problem_not_overdue', `该问题的整改时限为 ${s.dueOn}，尚未逾期或已报送整改`);
    return refusals.length ? { ok: false, refusals } : { ok: true, events: [{ kind: 'escalated', on, payload: { due_on: s.dueOn }, actor: 'system' }] };
  }
  if (actor === 'system') return { ok: false, refusals: [{ code: 'problem_action_unknown', message: '系统只能提请逾期督办' }] };

  switch (c.action) {
    case 'rectify': {
      if (!actor.responsible) refuse('problem_not_responsible', '只有责任单位的信息编辑、系统管理员或负责人可以报送整改');
      if (s.state === 'rectified') refuse('problem_awaiting_verification', `已于 ${s.rectifiedOn} 报送整改，正在等待复核`);
      if (on < s.foundOn) refuse('problem_date_before_finding', `整改完成日期 ${on} 早于发现问题的日期 ${s.foundOn}`);
      const measures = clean(c.measures);
      const evidence = clean(c.evidence);
      if (!measures) refuse('problem_measures_required', '请填写整改措施');
      else if (measures.length > LIMITS.measures) refuse('problem_text_too_long', `整改措施不能超过 ${LIMITS.measures} 个字`);
      if (evidence.length > LIMITS.evidence) refuse('problem_text_too_long', `完成情况说明不能超过 ${LIMITS.evidence} 个字`);
      const links = (c.links ?? []).map((l) => l.trim()).filter(Boolean);
      if (links.length > LIMITS.links) refuse('problem_links_too_many', `整改链接不能超过 ${LIMITS.links} 个`);
      const bad = links.find((l) => !isEvidenceLink(l));
      if (bad) refuse('problem_link_invalid', `整改链接「${bad.slice(0, 80)}」不是有效的 http(s) 网址`);
      if (refusals.length) return { ok: false, refusals };
      return { ok: true, events: [{ kind: 'rectified', on, actor: actor.username, payload: { measures, evidence, links, files: c.files ?? [] } }] };
    }
    case 'verify':
    case 'reject': {
      if (!actor.office) refuse(actor.responsible ? 'problem_self_verify' : 'problem_not_office', actor.responsible ? '责任单位不能复核本单位的整改，应由政务公开办复核' : '只有负责督查的政务公开办可以复核');
      else if (actor.username === s.rectifiedBy) refuse('problem_self_verify', '不能复核自己报送的整改，请由政务公开办的其他人员复核');
      if (s.state !== 'rectified') refuse('problem_not_rectified', '该问题尚未报送整改，不能复核');
      else if (s.rectifiedOn && on < s.rectifiedOn) refuse('problem_date_before_rectification', `复核日期 ${on} 早于整改完成日期 ${s.rectifiedOn}`);
      if (on < s.foundOn) refuse('problem_date_before_finding', `日期 ${on} 早于发现问题的日期 ${s.foundOn}`);
      if (c.action === 'verify') {
        const note = clean(c.note);
        if (note.length > LIMITS.note) refuse('problem_text_too_long', `复核意见不能超过 ${LIMITS.note} 个字`);
        if (refusals.length) return { ok: false, refusals };
        return { ok: true, events: [{ kind: 'verified', on, actor: actor.username, payload: { note: note || '整改到位，同意销号' } }] };
      }
      const reason = clean(c.reason);
      if (!reason) refuse('problem_reason_required', '请写明退回的理由');
      else if (reason.length > LIMITS.reason) refuse('problem_text_too_long', `退回理由不能超过 ${LIMITS.reason} 个字`);
      if (refusals.length) return { ok: false, refusals };
      return { ok: true, events: [{ kind: 'rejected', on, actor: actor.username, payload: { reason } }] };
    }
    case 'dismiss': {
      if (!actor.office) refuse(actor.responsible ? 'problem_self_verify' : 'problem_not_office', actor.responsible ? '责任单位不能撤销本单位的问题，应由政务公开办认定' : '只有负责督查的政务公开办可以撤销问题');
      if (on < s.foundOn) refuse('problem_date_before_finding', `撤销日期 ${on} 早于发现问题的日期 ${s.foundOn}`);
      const reason = clean(c.reason);
      if (!reason) refuse('problem_reason_required', '请写明撤销的理由（为何属于误报）');
      else if (reason.length > LIMITS.reason) refuse('problem_text_too_long', `撤销理由不能超过 ${LIMITS.reason} 个字`);
      if (refusals.length) return { ok: false, refusals };
      return { ok: true, events: [{ kind: 'dismissed', on, actor: actor.username, payload: { reason } }] };
    }
    default:
      return { ok: false, refusals: [{ code: 'problem_action_unknown', message: '未知的操作（可填 rectify 整改、verify 复核通过、reject 退回整改、dismiss 撤销）' }] };
  }
}

/** The row's columns after the state (open_key released once closed or dismissed). */
export function rowChanges(s: ProblemState, fingerprint: string) {
  return {
    state: s.state, measures: s.measures, rectified_on: s.rectifiedOn, verify_note: s.verifyNote, closed_on: s.closedOn,
    escalated_on: s.escalatedOn, open_key: FINISHED.includes(s.state) ? null : fingerprint,
  };
}
