// Pure: the message (留言) and 12345 work-order workflow as one decide function over an append-only
// event log.
//
// 磁县 民心直通车: 「留言—受理—交办—反馈—回应」, simple items in 2 days, 敏感事项线下联系群众办理
// (seed). 国办发〔2020〕53号 asks for 受理、调度、办理、回复、督办、办结、回访、评价 as a closed loop
// with 即时转办、限时办理、满意度测评 (regulations.md §5.1); local rules add 签收, 延期申请, 退单,
// 督办, 催办 and 重办 after an unsatisfactory callback (§5.5). 民呼回应 network: 「小事不出村、大事
// 不出乡、难事不出县」 — escalation goes village → township → county and no further.
//
// decide(state, command, context) returns the events to append or the reasons for refusal; evolve
// folds one event into the state. Nothing here reads the clock or the database: the shell passes
// `today`, the calendar, the deadline classes, the caller's roles and the organisations involved.
import { isLocalDate, type LocalDate } from '../../platform/clock/local-date.ts';
import type { WorkingCalendar } from '../../platform/calendar/working-days.ts';
import { computeDeadline, type DeadlineClass } from './deadlines.ts';

export const STAGES = [
  'submitted', // 留言（待受理）
  'rejected', // 不予受理
  'accepted', // 已受理，待交办（退单后也回到这里）
  'assigned', // 已交办，待签收
  'in_progress', // 已签收，办理中（重办也回到这里）
  'replied', // 已反馈（承办单位的办理情况）
  'awaiting_review', // 回应待审核
  'responded', // 已回应（公开答复已发布），待评价
  'rated', // 已评价，待办结
  'closed', // 已办结
  'converted_to_application', // 已转为依申请公开（申请编号存于 applicationRef）
] as const;
export type Stage = (typeof STAGES)[number];

export const TERMINAL: readonly Stage[] = ['rejected', 'closed', 'converted_to_application'];
export const OPEN_STAGES: readonly Stage[] = ['accepted', 'assigned', 'in_progress', 'replied', 'awaiting_review'];

export const RATINGS = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const;
export type Rating = (typeof RATINGS)[number];

export type StaffRole = 'admin' | 'supervisor' | 'editor' | 'reviewer' | 'case_handler';

export interface MessageState {
  stage: Stage;
  org: string;
  assigneeOrg: string | null;
  classCode: string;
  receivedOn: LocalDate;
  dueOn: LocalDate | null;
  originalDueOn: LocalDate | null;
  dueExplanation: string;
  /**
   * 暂定: the deadline was counted into a year without a State Council holiday notice (weekends and
   * statutory holidays only); recomputed when that year is loaded. Null for a log written before the
   * flag existed (migration 0018 set the stored column; the shell keeps it).
   */
  dueProvisional: boolean | null;
  extensions: number;
  /** Working days added by approved extensions in the current period. */
  extensionDays: number;
  /** Where the current period counts from: the day of receipt, or of the 重办. */
  periodStart: LocalDate;
  sensitive: boolean;
  isPublic: boolean;
  reopened: boolean;
  pendingResponse: string | null;
  response: string | null;
  reply: string | null;
  rating: Rating | null;
  closedOn: LocalDate | null;
  lastOn: LocalDate;
  applicationRef: string | null;
}

export type MessageEvent =
  | { type: 'submitted'; on: LocalDate; org: string; classCode: string; dueOn: LocalDate; explanation: string; isPublic: boolean; /** 暂定 (see MessageState.dueProvisional); absent in logs written before it existed. */ provisional?: boolean; /** A 12345 order: the 工单状态 the platform sent at the first import. */ platformStatus?: string }
  | { type: 'accepted'; on: LocalDate; classCode: string; dueOn: LocalDate; explanation: string; provisional?: boolean }
  | { type: 'rejected'; on: LocalDate; reason: string }
  | { type: 'assigned'; on: LocalDate; org: string }
  | { type: 'signed'; on: LocalDate }
  | { type: 'returned'; on: LocalDate; reason: string; from: string }
  | { type: 'escalated'; on: LocalDate; from: string; to: string; reason: string }
  | { type: 'replied'; on: LocalDate; text: string }
  | { type: 'response_submitted'; on: LocalDate; text: string }
  | { type: 'responded'; on: LocalDate; text: string; approvedBy: string }
  | { type: 'rated'; on: LocalDate; level: Rating }
  | { type: 'reopened'; on: LocalDate; dueOn: LocalDate; explanation: string; provisional?: boolean }
  | { type: 'extended'; on: LocalDate; days: number; approvedBy: string; dueOn: LocalDate; explanation: string; provisional?: boolean }
  | { type: 'supervised'; on: LocalDate; note: string }
  | { type: 'chased'; on: LocalDate; note: string }
  | { type: 'marked_sensitive'; on: LocalDate; reason: string }
  | { type: 'closed'; on: LocalDate; onTime: boolean }
  | { type: 'converted'; on: LocalDate; applicationRef: string | null }
  /** A 12345 work order imported again with the same 工单编号: what the hotline platform changed (hotline-csv.ts). */
  | {
    type: 'hotline_updated'; on: LocalDate; status: string; changes: HotlineChange[]; dueOn?: LocalDate; explanation?: string; rating?: Rating;
    /** With `dueOn`: whether the new deadline is 暂定 (a 计划完成时间 never is). */
    provisional?: boolean;
    /** A new 来电时间 of an open order: its day of receipt (the deadline counts from it when the platform sent no 计划完成时间). */
    receivedOn?: LocalDate;
    /** The deadline was recounted from the new day of receipt: approved extensions stay (a 计划完成时间 replaces them). */
    recounted?: boolean;
    /** With `recounted`: the recounted deadline before extensions. */
    originalDueOn?: LocalDate;
    /** What the import did not do and why (shown in the order's log). */
    warning?: string;
    /** The platform's 办结时间 (day) of an order closed here on an estimated day (imported finished without one). */
    closedOn?: LocalDate;
  }
  /** A 12345 order closed here that the platform sent back open (重办 on the platform): handled again, with a new deadline. */
  | { type: 'hotline_reopened'; on: LocalDate; status: string; dueOn: LocalDate; explanation: string; provisional?: boolean }
  /**
   * A 暂定 deadline recounted on the working-day calendar after a year was loaded (or changed):
   * why, and the deadline before and after. Approved extensions stay; a 计划完成时间 is never recounted.
   */
  | {
    type: 'due_recomputed'; on: LocalDate; reason: string;
    before: { dueOn: LocalDate | null; provisional: boolean };
    after: { dueOn: LocalDate; provisional: boolean };
    originalDueOn: LocalDate; explanation: string;
  };

/** One field of a 12345 work order changed by a re-import (field = the platform's column name). */
export interface HotlineChange { field: string; from: string | null; to: string | null }

export type Command =
  | { type: 'accept'; on: string; class?: string }
  | { type: 'reject'; on: string; reason?: string }
  | { type: 'assign'; on: string; org?: string }
  | { type: 'sign'; on: string }
  | { type: 'return'; on: string; reason?: string }
  | { type: 'escalate'; on: string; reason?: string }
  | { type: 'reply'; on: string; text?: string }
  | { type: 'respond'; on: string; text?: string }
  | { type: 'approve'; on: string }
  | { type: 'rate'; on: string; level?: string }
  | { type: 'extend'; on: string; days?: number; approved_by?: string }
  | { type: 'supervise'; on: string; note?: string }
  | { type: 'chase'; on: string; note?: string }
  | { type: 'mark_sensitive'; on: string; reason?: string }
  | { type: 'close'; on: string }
  | { type: 'convert'; on: string; application_ref?: string | null };

export const COMMAND_TYPES = ['accept', 'reject', 'assign', 'sign', 'return', 'escalate', 'reply', 'respond', 'approve', 'rate', 'extend', 'supervise', 'chase', 'mark_sensitive', 'close', 'convert'] as const;
export type CommandType = (typeof COMMAND_TYPES)[number];
/** Each command's Chinese name (the staff page's buttons): the API accepts it as well as the code. */
export const COMMAND_LABELS: Record<CommandType, string> = {
  accept: '受理', reject: '不予受理', assign: '交办', sign: '签收', return: '退单', escalate: '上报上级', reply: '反馈', respond: '回应',
  approve: '审核通过并发布回应', rate: '登记回访评价', extend: '延期', supervise: '督办', chase: '催办', mark_sensitive: '标记为敏感事项', close: '办结', convert: '转为依申请公开',
};

/** An organisation as the workflow needs to see it. */
export interface OrgRef {
  code: string;
  name: string;
  disabled: boolean;
}

export interface DecideContext {
  today: LocalDate;
  cal: WorkingCalendar;
  classes: readonly DeadlineClass[];
  /** Who acts: a staff member (with the roles held over the message's org and over the assignee) or the citizen. */
  actor:
    | { kind: 'staff'; label: string; rolesOverOrg: readonly StaffRole[]; rolesOverAssignee: readonly StaffRole[] }
    | { kind: 'citizen' };
  /** For assign: the target organisation and whether it lies inside the message org's subtree. */
  target?: (OrgRef & { withinOrg: boolean }) | null;
  /** For escalate: the next government up from the assignee (village → township → county), or null at county level. */
  escalationTarget?: OrgRef | null;
  /** Most extensions allowed per message (default 1). */
  maxExtensions?: number;
  /** Most working days one extension may add (default 15). */
  maxExtensionDays?: number;
}

export type Decision = { ok: true; events: MessageEvent[] } | { ok: false; code: 'forbidden' | 'invalid_action'; reasons: string[] };

export const STAGE_LABELS: Record<Stage, string> = {
  submitted: '待受理',
  rejected: '不予受理',
  accepted: '已受理，待交办',
  assigned: '已交办，待签收',
  in_progress: '办理中',
  replied: '已反馈',
  awaiting_review: '回应待审核',
  responded: '已回应',
  rated: '已评价',
  closed: '已办结',
  converted_to_application: '已转依申请公开',
};

export const RATING_LABELS: Record<Rating, string> = { satisfied: '满意', basically_satisfied: '基本满意', dissatisfied: '不满意' };

export const EVENT_LABELS: Record<MessageEvent['type'], string> = {
  submitted: '留言',
  accepted: '受理',
  rejected: '不予受理',
  assigned: '交办',
  signed: '签收',
  returned: '退单',
  escalated: '上报上级',
  replied: '反馈',
  response_submitted: '回应（待审核）',
  responded: '回应',
  rated: '评价',
  reopened: '重办',
  extended: '延期',
  supervised: '督办',
  chased: '催办',
  marked_sensitive: '标记为敏感事项',
  closed: '办结',
  converted: '转为依申请公开',
  hotline_updated: '12345 平台更新工单',
  hotline_reopened: '12345 平台重新交办（重办）',
  due_recomputed: '按工作日历重新计算办理期限',
};

const HANDLERS: readonly StaffRole[] = ['supervisor', 'case_handler'];
const SUPERVISORS: readonly StaffRole[] = ['supervisor'];

/** The state of a message whose log starts with `submitted`. */
export function initialState(e: Extract<MessageEvent, { type: 'submitted' }>): MessageState {
  return {
    stage: 'submitted', org: e.org, assigneeOrg: null, classCode: e.classCode, receivedOn: e.on, dueOn: e.dueOn, originalDueOn: e.dueOn,
    dueExplanation: e.explanation, dueProvisional: e.provisional ?? null, extensions: 0, extensionDays: 0, periodStart: e.on, sensitive: false, isPublic: e.isPublic, reopened: false, pendingResponse: null,
    response: null, reply: null, rating: null, closedOn: null, lastOn: e.on, applicationRef: null,
  };
}

export function evolve(s: MessageState, e: MessageEvent): MessageState {
  const n: MessageState = { ...s, lastOn: e.on > s.lastOn ? e.on : s.lastOn };
  switch (e.type) {
    case 'submitted': return initialState(e);
    case 'accepted': return { ...n, stage: 'accepted', classCode: e.classCode, dueOn: e.dueOn, originalDueOn: e.dueOn, dueExplanation: e.explanation, dueProvisional: e.provisional ?? null };
    case 'rejected': return { ...n, stage: 'rejected', dueOn: null, dueProvisional: false };
    case 'assigned': return { ...n, stage: 'assigned', assigneeOrg: e.org };
    case 'signed': return { ...n, stage: 'in_progress' };
    case 'returned': return { ...n, stage: 'accepted', assigneeOrg: null };
    case 'escalated': return { ...n, stage: 'assigned', assigneeOrg: e.to };
    case 'replied': return { ...n, stage: 'replied', reply: e.text };
    case 'response_submitted': return { ...n, stage: 'awaiting_review', pendingResponse: e.text };
    case 'responded': return { ...n, stage: 'responded', pendingResponse: null, response: e.text };
    case 'rated': return { ...n, stage: 'rated', rating: e.level };
    case 'reopened': return { ...n, stage: 'in_progress', reopened: true, dueOn: e.dueOn, originalDueOn: e.dueOn, dueExplanation: e.explanation, dueProvisional: e.provisional ?? null, extensions: 0, extensionDays: 0, periodStart: e.on, rating: null };
    case 'extended': return { ...n, extensions: s.extensions + 1, extensionDays: s.extensionDays + e.days, dueOn: e.dueOn, dueExplanation: e.explanation, dueProvisional: e.provisional ?? null };
    case 'supervised':
    case 'chased': return n;
    case 'marked_sensitive': return { ...n, sensitive: true, isPublic: false };
    case 'closed': return { ...n, stage: 'closed', closedOn: e.on };
    case 'converted': return { ...n, stage: 'converted_to_application', applicationRef: e.applicationRef, dueOn: null, dueProvisional: false };
    case 'due_recomputed': return TERMINAL.includes(s.stage) ? n : { ...n, dueOn: e.after.dueOn, originalDueOn: e.originalDueOn, dueExplanation: e.explanation, dueProvisional: e.after.provisional };
    case 'hotline_updated': {
      const open = !TERMINAL.includes(s.stage);
      return {
        ...n,
        // A new 来电时间 of an open order moves its day of receipt (and the period, unless it is a 重办's).
        ...(e.receivedOn && open ? { receivedOn: e.receivedOn, periodStart: s.reopened ? s.periodStart : e.receivedOn } : {}),
        // The platform's new 计划完成时间 is the order's deadline (as at the first import), unless it is
        // finished; a deadline recounted from a new 来电时间 keeps the approved extensions.
        ...(e.dueOn && open
          ? e.recounted
            ? { dueOn: e.dueOn, originalDueOn: e.originalDueOn ?? e.dueOn, dueExplanation: e.explanation ?? s.dueExplanation, dueProvisional: e.provisional ?? null }
            : { dueOn: e.dueOn, originalDueOn: e.dueOn, dueExplanation: e.explanation ?? s.dueExplanation, dueProvisional: e.provisional ?? null, extensions: 0, extensionDays: 0 }
          : {}),
        ...(e.rating ? { rating: e.rating } : {}),
        ...(e.closedOn && s.stage === 'closed' ? { closedOn: e.closedOn } : {}),
      };
    }
    case 'hotline_reopened': return {
      ...n, stage: s.assigneeOrg ? 'in_progress' : 'accepted', reopened: true, closedOn: null, rating: null,
      dueOn: e.dueOn, originalDueOn: e.dueOn, dueExplanation: e.explanation, dueProvisional: e.provisional ?? null, extensions: 0, extensionDays: 0, periodStart: e.on,
    };
  }
}

/**
 * Whether a stored deadline is shown 暂定: counted into a year without a holiday notice, on a
 * message still open (a closed one keeps the date it was judged by and is no longer recounted).
 */
export function showsProvisional(m: { due_on: string | null; due_provisional: number | string; stage: string }): boolean {
  return !!m.due_on && Number(m.due_provisional) === 1 && !TERMINAL.includes(m.stage as Stage);
}

/** Folds a whole log (the first event must be `submitted`). */
export function fold(events: readonly MessageEvent[]): MessageState {
  const [first, ...rest] = events;
  if (!first || first.type !== 'submitted') throw new Error('留言事件记录必须以“留言”开始');
  return rest.reduce(evolve, initialState(first));
}

function needText(value: unknown, label: string, reasons: string[], max = 2000): string {
  const t = typeof value === 'string' ? value.trim() : '';
  if (t.length < 2) reasons.push(`请填写${label}（至少 2 个字）`);
  else if (t.length > max) reasons.push(`${label}不能超过 ${max} 个字`);
  return t;
}

const stageList = (stages: readonly Stage[]) => stages.map((x) => `“${STAGE_LABELS[x]}”`).join('、');

/** Decides one command against the current state. */
export function decide(s: MessageState, cmd: Command, ctx: DecideContext): Decision {
  const reasons: string[] = [];
  const on = cmd.on;
  if (!isLocalDate(on)) return { ok: false, code: 'invalid_action', reasons: ['请填写办理日期（YYYY-MM-DD）'] };
  if (on > ctx.today) reasons.push(`办理日期 ${on} 不能晚于今天 ${ctx.today}`);
  if (on < s.lastOn) reasons.push(`办理日期 ${on} 不能早于上一步的日期 ${s.lastOn}`);
  if (TERMINAL.includes(s.stage)) {
    return { ok: false, code: 'invalid_action', reasons: [`该留言${STAGE_LABELS[s.stage]}，不能再办理`] };
  }

  // Who may act (roles over the message's organisation = the dispatcher; over the assignee = the handling unit).
  const a = ctx.actor;
  const over = (roles: readonly StaffRole[], which: 'org' | 'assignee' | 'either') => {
    if (a.kind !== 'staff') return false;
    const held = which === 'org' ? a.rolesOverOrg : which === 'assignee' ? a.rolesOverAssignee : [...a.rolesOverOrg, ...a.rolesOverAssignee];
    return held.some((r) => roles.includes(r));
  };
  const forbid = (who: string): Decision => ({ ok: false, code: 'forbidden', reasons: [`此操作需要${who}`] });
  const inStage = (allowed: readonly Stage[]) => {
    if (!allowed.includes(s.stage)) reasons.push(`该留言当前为“${STAGE_LABELS[s.stage]}”，只有${stageList(allowed)}的留言可以执行此操作`);
  };
  const done = (...events: MessageEvent[]): Decision => (reasons.length ? { ok: false, code: 'invalid_action', reasons } : { ok: true, events });
  const deadline = (classCode: string, from: LocalDate, extra = 0) => computeDeadline(ctx.cal, ctx.classes, classCode, from, extra);

  switch (cmd.type) {
    case 'accept': {
      if (!over(HANDLERS, 'org')) return forbid('受理单位的督办员或承办人');
      inStage(['submitted']);
      const classCode = cmd.class ?? s.classCode;
      if (!ctx.classes.some((c) => c.code === classCode)) reasons.push(`未知的办理时限类别：${classCode}`);
      if (reasons.length) return done();
      // The deadline runs from receipt (day 0 = the day of the message), in the class's working days.
      const d = deadline(classCode, s.receivedOn);
      return done({ type: 'accepted', on, classCode, dueOn: d.dueOn, explanation: d.explanation, provisional: d.provisional });
    }
    case 'reject': {
      if (!over(HANDLERS, 'org')) return forbid('受理单位的督办员或承办人');
      inStage(['submitted']);
      const reason = needText(cmd.reason, '不予受理的理由', reasons);
      return done({ type: 'rejected', on, reason });
    }
    case 'assign': {
      if (!over(HANDLERS, 'org')) return forbid('受理单位的督办员或承办人');
      inStage(['accepted']);
      const t = ctx.target;
      if (!cmd.org) reasons.push('请选择承办单位');
      else if (!t) reasons.push(`找不到承办单位 ${cmd.org}`);
      else {
        if (t.disabled) reasons.push(`承办单位“${t.name}”已停用`);
        if (!t.withinOrg) reasons.push(`承办单位“${t.name}”不在受理单位的下属范围内`);
      }
      return done({ type: 'assigned', on, org: t?.code ?? '' });
    }
    case 'sign': {
      if (!over(HANDLERS, 'assignee')) return forbid('承办单位的督办员或承办人');
      inStage(['assigned']);
      return done({ type: 'signed', on });
    }
    case 'return': {
      if (!over(HANDLERS, 'assignee')) return forbid('承办单位的督办员或承办人');
      inStage(['assigned', 'in_progress']);
      const reason = needText(cmd.reason, '退单理由', reasons);
      return done({ type: 'returned', on, reason, from: s.assigneeOrg ?? '' });
    }
    case 'escalate': {
      if (!over(HANDLERS, 'assignee')) return forbid('承办单位的督办员或承办人');
      inStage(['assigned', 'in_progress']);
      const reason = needText(cmd.reason, '上报理由', reasons);
      const t = ctx.escalationTarget;
      if (!t) reasons.push('承办单位已是县级，不能再上报（难事不出县）');
      else if (t.disabled) reasons.push(`上级单位“${t.name}”已停用`);
      return done({ type: 'escalated', on, from: s.assigneeOrg ?? '', to: t?.code ?? '', reason });
    }
    case 'reply': {
      if (!over(HANDLERS, 'assignee')) return forbid('承办单位的督办员或承办人');
      inStage(['assigned', 'in_progress']);
      const text = needText(cmd.text, '反馈内容', reasons, 5000);
      return done({ type: 'replied', on, text });
    }
    case 'respond': {
      if (!over(HANDLERS, 'either')) return forbid('督办员或承办人');
      inStage(['replied', 'awaiting_review']);
      const text = needText(cmd.text, '回应内容', reasons, 5000);
      // A public reply is reviewed: a supervisor's reply is published at once, anyone else's waits for approval.
      if (over(SUPERVISORS, 'either')) return done({ type: 'responded', on, text, approvedBy: a.kind === 'staff' ? a.label : '' });
      return done({ type: 'response_submitted', on, text });
    }
    case 'approve': {
      if (!over(SUPERVISORS, 'either')) return forbid('督办员（审核回应）');
      inStage(['awaiting_review']);
      return done({ type: 'responded', on, text: s.pendingResponse ?? '', approvedBy: a.kind === 'staff' ? a.label : '' });
    }
    case 'rate': {
      if (a.kind === 'staff' && !over(HANDLERS, 'org')) return forbid('受理单位的督办员或承办人（登记回访评价）');
      inStage(['responded']);
      const level = RATINGS.find((r) => r === cmd.level);
      if (!level) reasons.push('请选择评价：满意、基本满意或不满意');
      if (reasons.length || !level) return done();
      // 不满意 reopens once as 重办 (§5.5: 「重办 is possible after an unsatisfactory callback」); a second 不满意 stands.
      if (level === 'dissatisfied' && !s.reopened) {
        const d = deadline(s.classCode, on);
        return done({ type: 'rated', on, level }, { type: 'reopened', on, dueOn: d.dueOn, explanation: `重办：${d.explanation}`, provisional: d.provisional });
      }
      return done({ type: 'rated', on, level });
    }
    case 'extend': {
      if (!over(SUPERVISORS, 'org')) return forbid('受理单位的督办员（批准延期）');
      inStage(['assigned', 'in_progress', 'replied']);
      const max = ctx.maxExtensionDays ?? 15;
      const days = cmd.days;
      if (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > max) reasons.push(`延期天数应为 1 至 ${max} 个工作日`);
      const approvedBy = needText(cmd.approved_by, '批准人', reasons, 40);
      if (s.extensions >= (ctx.maxExtensions ?? 1)) reasons.push(`已延期 ${s.extensions} 次，不能再延期`);
      // §5.5: extensions must be requested before the deadline expires.
      if (s.dueOn && on > s.dueOn) reasons.push(`办理期限 ${s.dueOn} 已过，延期须在期限届满前申请`);
      if (reasons.length || typeof days !== 'number') return done();
      // The period is recomputed from its start with the class's days plus every approved extension.
      const d = deadline(s.classCode, s.periodStart, s.extensionDays + days);
      return done({ type: 'extended', on, days, approvedBy, dueOn: d.dueOn, explanation: d.explanation, provisional: d.provisional });
    }
    case 'supervise': {
      if (!over(SUPERVISORS, 'org')) return forbid('受理单位或其上级的督办员');
      inStage(OPEN_STAGES);
      const note = needText(cmd.note, '督办意见', reasons);
      return done({ type: 'supervised', on, note });
    }
    case 'chase': {
      if (!over(SUPERVISORS, 'org')) return forbid('受理单位或其上级的督办员');
      inStage(OPEN_STAGES);
      const note = needText(cmd.note, '催办意见', reasons);
      // §5.5: a 《催办通知书》 goes out the day after expiry.
      if (s.dueOn && on <= s.dueOn) reasons.push(`办理期限 ${s.dueOn} 尚未届满，逾期后才能催办（可先督办）`);
      return done({ type: 'chased', on, note });
    }
    case 'mark_sensitive': {
      if (!over(HANDLERS, 'either')) return forbid('督办员或承办人');
      if (s.sensitive) reasons.push('该留言已标记为敏感事项');
      const reason = needText(cmd.reason, '标记理由', reasons);
      return done({ type: 'marked_sensitive', on, reason });
    }
    case 'close': {
      if (!over(HANDLERS, 'org')) return forbid('受理单位的督办员或承办人');
      inStage(['responded', 'rated']);
      return done({ type: 'closed', on, onTime: !s.dueOn || on <= s.dueOn });
    }
    case 'convert': {
      if (!over(HANDLERS, 'org')) return forbid('受理单位的督办员或承办人');
      // §5.2: disclosure requests go to the 依申请公开 process, not the hotline workflow.
      inStage(['submitted', 'accepted']);
      return done({ type: 'converted', on, applicationRef: cmd.application_ref ?? null });
    }
  }
}


/** A routing rule (data, edited by administrators): category × region → organisation and deadline class. */
export interface RoutingRule {
  id: number;
  /** A category code, or '*' for every category. */
  categoryCode: string;
  /** A short region code (e.g. '130427' or '130427100'); the rule covers that region and everything under it. */
  regionPrefix: string;
  orgCode: string;
  classCode: string;
}

/**
 * The rule for a message of `categoryCode` about `regionCode`: the most specific region wins
 * (village over township over county), then a rule naming the category over a '*' rule.
 */
export function route(rules: readonly RoutingRule[], categoryCode: string, regionCode: string): RoutingRule | null {
  let best: RoutingRule | null = null;
  const score = (r: RoutingRule) => r.regionPrefix.length * 2 + (r.categoryCode === '*' ? 0 : 1);
  for (const r of rules) {
    if (r.categoryCode !== '*' && r.categoryCode !== categoryCode) continue;
    if (!regionCode.startsWith(r.regionPrefix)) continue;
    if (!best || score(r) > score(best) || (score(r) === score(best) && r.id < best.id)) best = r;
  }
  return best;
}

/** Open311 has only two statuses (anchors.md §6): finer states go to status_notes. */
export function open311Status(stage: Stage): 'open' | 'closed' {
  return TERMINAL.includes(stage) ? 'closed' : 'open';
}
