// Pure: the life of a government information record (政府信息) — one decide function that takes the
// record as it is, who acts and what they ask, and answers with the events to append and the new
// state, or a refusal with a stable code and Chinese reasons.
//
//   draft ──submit──▶ submitted ──approve (保密审查通过)──▶ approved ──publish──▶ published
//     ▲   edit           │                                   │ schedule(at > now)
//     │                  └──reject──▶ rejected ──edit/submit──┘        ▼
//     │                                                            scheduled (public from `at`)
//   published / scheduled ──withdraw(public reason)──▶ withdrawn (tombstone)
//   scheduled, not yet public ──withdraw──▶ approved (the schedule is cancelled: never public, no tombstone)
//   published ──revise(change note)──▶ published, version n+1
//
// Legal frame: 《政府信息公开条例》第十七条 (行政机关应当建立健全政府信息公开审查机制 — the
// confidentiality review before publication); 第十四条 (国家秘密, and information whose disclosure
// may endanger national, public, economic security or social stability, is not disclosed);
// 第十五条 (商业秘密、个人隐私 — not disclosed unless the party agrees or the public interest
// weighs more); 第十六条 (内部事务信息 and 过程性信息 may be withheld); 第二十六条 (publication
// within 20 working days, see timeliness.ts).
//
// Roles (three-level entry, the service checks them over the record's organisation subtree):
// editors (and supervisors) write, submit, publish/schedule an approved record, withdraw and
// revise; reviewers answer the 保密审查 checklist; a reviewer is never the record's author.
import { opennessLabel } from './openness.ts';

export type State = 'draft' | 'submitted' | 'rejected' | 'approved' | 'scheduled' | 'published' | 'withdrawn';

export const STATE_LABELS: Record<State, string> = {
  draft: '草稿', submitted: '待保密审查', rejected: '审查未通过', approved: '审查通过待发布', scheduled: '定时发布', published: '已发布', withdrawn: '已撤回',
};

/** The 保密审查 questions; `safe` is the answer that lets the record be published. */
export const CHECKLIST = [
  { key: 'state_secret', question: '是否涉及国家秘密或工作秘密', safe: 'no', article: '第十四条' },
  { key: 'commercial_privacy', question: '是否涉及商业秘密或个人隐私', safe: 'no', article: '第十五条' },
  { key: 'security_risk', question: '是否可能危及国家安全、公共安全、经济安全、社会稳定', safe: 'no', article: '第十四条' },
  { key: 'internal_process', question: '是否属于内部事务或过程性信息', safe: 'no', article: '第十六条' },
  { key: 'basis_sufficient', question: '公开依据是否充分', safe: 'yes', article: '第十九条、第二十条' },
] as const;

export type ChecklistKey = (typeof CHECKLIST)[number]['key'];
export type Checklist = Partial<Record<ChecklistKey, 'yes' | 'no'>>;

export interface RecordView {
  state: State;
  authorId: number | null;
  /** ISO instant it is (or will be) public. */
  publishedAt: string | null;
  /** Everyone else who wrote or submitted the content (edits, attachments, submission): they may not review it either. */
  contributorIds?: readonly number[];
  /** 公开属性 (openness.ts): only a 主动公开 record is published; absent = 主动公开. */
  openness?: string;
}

export interface ActorView {
  id: number;
  label: string;
  /** May write, submit, publish and withdraw records of this organisation (editor, supervisor). */
  canEdit: boolean;
  /** May answer the 保密审查 of this organisation (reviewer). */
  canReview: boolean;
}

export type Command =
  | { type: 'edit' }
  | { type: 'submit' }
  | { type: 'approve'; checklist: Checklist; reasons: string }
  | { type: 'reject'; checklist: Checklist; reasons: string }
  | { type: 'publish' }
  | { type: 'schedule'; at: string }
  | { type: 'withdraw'; reason: string }
  | { type: 'revise'; changeNote: string };

export const COMMAND_TYPES = ['edit', 'submit', 'approve', 'reject', 'publish', 'schedule', 'withdraw', 'revise'] as const;

export interface WorkflowEvent {
  type: 'edited' | 'submitted' | 'approved' | 'rejected' | 'published' | 'scheduled' | 'unscheduled' | 'withdrawn' | 'revised';
  data: Record<string, unknown>;
}

export type Decision =
  | { ok: true; state: State; events: WorkflowEvent[]; publishedAt?: string }
  | { ok: false; code: string; message: string; reasons: string[] };

/** How far ahead a publication may be scheduled. */
export const MAX_SCHEDULE_DAYS = 366;

/** The longest 审查理由 kept with a review. */
export const MAX_REVIEW_REASONS = 2000;

const refuse = (code: string, message: string, reasons: string[] = [message]): Decision => ({ ok: false, code, message, reasons });

/** Is a scheduled record's time past (it is public now)? */
export function isLive(r: RecordView, nowIso: string): boolean {
  return r.state === 'published' || (r.state === 'scheduled' && !!r.publishedAt && r.publishedAt <= nowIso);
}


/**
 * 公开属性 other than 主动公开: the record is never made public here (第二十七条: 依申请公开 information
 * is given to the applicant; 第十四—十六条: 不予公开). To publish it, its 公开属性 must first be
 * changed to 主动公开 (a new decision, recorded by the edit).
 */
function notProactive(openness: string, what: string): Decision {
  const word = opennessLabel(openness);
  return refuse('not_proactive', `公开属性为「${word}」的信息不能${what}`, [
    `该信息拟制时确定的公开属性为「${word}」，只有「主动公开」的信息可以在平台公开（《政府信息公开条例》第十九条、第二十七条）`,
    '如经重新审定可以主动公开，请先在草稿中将公开属性改为「主动公开」，再提交保密审查',
  ]);
}

function checkChecklist(c: Checklist): string[] {
  return CHECKLIST.filter((q) => c[q.key] !== 'yes' && c[q.key] !== 'no').map((q) => `请回答审查项「${q.question}」`);
}

/**
 * Decides a command. `now` is the current instant (ISO). Refusals carry a stable code:
 * not_permitted, author_cannot_review, wrong_state, checklist_incomplete, checklist_blocks,
 * reasons_required, reasons_too_long, schedule_in_past, schedule_too_far, schedule_invalid, reason_required, reason_too_long, change_note_required,
 * change_note_too_long.
 */
export function decide(record: RecordView, actor: ActorView, command: Command, nowIso: string): Decision {
  const s = record.state;
  const wrongState = (allowed: State[], what: string) =>
    refuse('wrong_state', `当前状态为「${STATE_LABELS[s]}」，不能${what}`, [`当前状态为「${STATE_LABELS[s]}」，只有「${allowed.map((x) => STATE_LABELS[x]).join('」「')}」状态可以${what}`]);
  switch (command.type) {
    case 'edit': {
      if (!actor.canEdit) return refuse('not_permitted', '只有本单位（或上级单位）的信息编辑可以修改记录');
      if (s !== 'draft' && s !== 'rejected') return wrongState(['draft', 'rejected'], '直接修改（已发布的记录请用「更正」并填写更正说明）');
      return { ok: true, state: s, events: [{ type: 'edited', data: {} }] };
    }
    case 'submit': {
      if (!actor.canEdit) return refuse('not_permitted', '只有本单位（或上级单位）的信息编辑可以提交审查');
      if (s !== 'draft' && s !== 'rejected') return wrongState(['draft', 'rejected'], '提交保密审查');
      // The 保密审查 here is the review before proactive publication (第十七条): nothing to review for a record that stays unpublished.
      if (record.openness && record.openness !== 'proactive') return notProactive(record.openness, '提交发布前的保密审查');
      return { ok: true, state: 'submitted', events: [{ type: 'submitted', data: {} }] };
    }
    case 'approve':
    case 'reject': {
      if (!actor.canReview) return refuse('not_permitted', '只有本单位（或上级单位）的保密审查员可以审查');
      // 第十七条: the review is a check by someone else — the author never reviews their own record.
      if (record.authorId !== null && record.authorId === actor.id) return refuse('author_cannot_review', '起草人不能审查自己起草的记录，请由其他审查员审查');
      if (record.contributorIds?.includes(actor.id)) return refuse('author_cannot_review', '修改或提交过该记录的人不能审查它，请由其他审查员审查');
      if (s !== 'submitted') return wrongState(['submitted'], command.type === 'approve' ? '审查通过' : '退回');
      const missing = checkChecklist(command.checklist);
      if (missing.length) return refuse('checklist_incomplete', '保密审查清单未填写完整', missing);
      const reasons = command.reasons.trim();
      if (reasons.length > MAX_REVIEW_REASONS) return refuse('reasons_too_long', `审查理由不能超过 ${MAX_REVIEW_REASONS} 字`);
      if (command.type === 'reject') {
        if (!reasons) return refuse('reasons_required', '审查不通过时须写明理由');
        return { ok: true, state: 'rejected', events: [{ type: 'rejected', data: { checklist: command.checklist, reasons } }] };
      }
      const blocks = CHECKLIST.filter((q) => command.checklist[q.key] !== q.safe).map((q) => `审查项「${q.question}」的回答为「${command.checklist[q.key] === 'yes' ? '是' : '否'}」，不能通过（《政府信息公开条例》${q.article}）`);
      if (blocks.length) return refuse('checklist_blocks', '保密审查清单的回答不允许公开，请选择「不通过」并写明理由', blocks);
      return { ok: true, state: 'approved', events: [{ type: 'approved', data: { checklist: command.checklist, reasons } }] };
    }
    case 'publish': {
      if (!actor.canEdit) return refuse('not_permitted', '只有本单位（或上级单位）的信息编辑或负责人可以发布');
      if (record.openness && record.openness !== 'proactive') return notProactive(record.openness, '发布');
      if (s !== 'approved') {
        return s === 'draft' || s === 'submitted' || s === 'rejected'
          ? refuse('review_required', '未经保密审查通过，不能发布', [`当前状态为「${STATE_LABELS[s]}」：须先提交保密审查并审查通过（《政府信息公开条例》第十七条）`])
          : wrongState(['approved'], '发布');
      }
      return { ok: true, state: 'published', publishedAt: nowIso, events: [{ type: 'published', data: { at: nowIso } }] };
    }
    case 'schedule': {
      if (!actor.canEdit) return refuse('not_permitted', '只有本单位（或上级单位）的信息编辑或负责人可以定时发布');
      if (record.openness && record.openness !== 'proactive') return notProactive(record.openness, '定时发布');
      if (s !== 'approved') {
        return s === 'draft' || s === 'submitted' || s === 'rejected'
          ? refuse('review_required', '未经保密审查通过，不能定时发布', [`当前状态为「${STATE_LABELS[s]}」：须先提交保密审查并审查通过（《政府信息公开条例》第十七条）`])
          : wrongState(['approved'], '定时发布');
      }
      const at = new Date(command.at);
      if (!/^\d{4}-\d{2}-\d{2}T/.test(command.at) || Number.isNaN(at.getTime())) return refuse('schedule_invalid', '定时发布时间格式不正确，应为 ISO 8601（如 2026-10-08T09:00:00+08:00）');
      if (at.toISOString() <= nowIso) return refuse('schedule_in_past', '定时发布时间不能早于当前时间', [`所填时间 ${command.at} 已过去；如需立即公开请直接发布`]);
      // A year typed wrong (2062 for 2026) would hide an approved record for decades.
      if (at.getTime() - new Date(nowIso).getTime() > MAX_SCHEDULE_DAYS * 86_400_000) return refuse('schedule_too_far', `定时发布时间不能晚于当前时间 ${MAX_SCHEDULE_DAYS} 天以后，请检查年份`);
      return { ok: true, state: 'scheduled', publishedAt: at.toISOString(), events: [{ type: 'scheduled', data: { at: at.toISOString() } }] };
    }
    case 'withdraw': {
      if (!actor.canEdit) return refuse('not_permitted', '只有本单位（或上级单位）的信息编辑或负责人可以撤回');
      if (s !== 'published' && s !== 'scheduled') return wrongState(['published', 'scheduled'], '撤回');
      const reason = command.reason.trim();
      // A scheduled record whose time has not come was never public: withdrawing it cancels the
      // schedule (back to approved, to publish now or at another time) and leaves no public tombstone.
      if (s === 'scheduled' && !isLive(record, nowIso)) {
        if (reason.length > 500) return refuse('reason_too_long', '撤回理由不能超过 500 字');
        return { ok: true, state: 'approved', events: [{ type: 'unscheduled', data: { was: record.publishedAt, reason } }] };
      }
      if (!reason) return refuse('reason_required', '撤回须填写向公众说明的理由');
      if (reason.length > 500) return refuse('reason_too_long', '撤回理由不能超过 500 字');
      return { ok: true, state: 'withdrawn', events: [{ type: 'withdrawn', data: { reason } }] };
    }
    case 'revise': {
      if (!actor.canEdit) return refuse('not_permitted', '只有本单位（或上级单位）的信息编辑或负责人可以更正已发布的记录');
      if (!isLive(record, nowIso)) return wrongState(['published'], '更正');
      const note = command.changeNote.trim();
      if (!note) return refuse('change_note_required', '更正已发布的记录须填写更正说明（公开显示在版本记录中）');
      if (note.length > 500) return refuse('change_note_too_long', '更正说明不能超过 500 字');
      return { ok: true, state: 'published', events: [{ type: 'revised', data: { change_note: note } }] };
    }
  }
}
