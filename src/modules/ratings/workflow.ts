// Pure: the 差评 workflow of 政务服务「好差评」 as one decide function over an append-only event log
// (rating_event). Sources (regulations.md §4.4, supervision.md §5.2):
// - 国办发〔2019〕51号 and the local rules that apply it: a 差评 (不满意/非常不满意) goes to the unit that
//   handled the service (谁办理、谁负责); the unit calls a named rater back to verify (回访; 太原: 24
//   hours — default 1 working day); a clear and reasonable demand is fixed at once (立行立改), a
//   complex one is put in a 台账 and fixed by a deadline (限期整改; 15 working days in a 四川 city,
//   5 in 德州, 10 in 太原 — so the county's setting, default 15); a demand without legal basis is
//   explained; the result is told to the rater (实名差评回访（整改）率 100 %), who may rate again.
// - 申诉复核: the unit may appeal a mistaken or malicious rating (误评、恶意差评); a supervisor of the
//   level above decides; an upheld appeal removes the rating from the statistics (excluded = 1) but
//   it stays in the log.
// Deadlines are counted in working days on the calendar (platform/calendar; 调休 days count).
// The numbers are UNCONFIRMED nationally and configurable per county (rating_setting).
import { addWorkingDays, type WorkingCalendar } from '../../platform/calendar/working-days.ts';
import { isLocalDate, type LocalDate } from '../../platform/clock/local-date.ts';
import { defineEnum, parseEnum } from '../../platform/web/enums.ts';
import { ratingStrings } from './ratings.strings.ts';

const w = ratingStrings.workflow;

export type RatingState = 'none' | 'callback_due' | 'rectify_due' | 'rectifying' | 'reply_due' | 'replied' | 'appealed' | 'closed' | 'excluded';
export const STATES = defineEnum<RatingState>((Object.keys(w.states) as RatingState[]).map((code) => ({ code, label: w.states[code]! })));
/** States in which the unit still has something to do. */
export const OPEN_STATES: readonly RatingState[] = ['callback_due', 'rectify_due', 'rectifying', 'reply_due'];

export type ActionKind = 'callback' | 'rectify' | 'reply' | 'appeal' | 'decide_appeal' | 'close';
export const ACTIONS = defineEnum<ActionKind>((Object.keys(w.actions) as ActionKind[]).map((code) => ({ code, label: w.actions[code]! })), { 回访: 'callback', 整改: 'rectify', 答复: 'reply', 申诉: 'appeal', 复核: 'decide_appeal', 办结: 'close' });

export type RectifyMode = 'immediate' | 'deadline';
export const RECTIFY_MODES = defineEnum<RectifyMode>([{ code: 'immediate', label: '立行立改' }, { code: 'deadline', label: '限期整改' }]);

export type Command =
  | { kind: 'callback'; on: LocalDate; note: string; reached: boolean }
  | { kind: 'rectify'; on: LocalDate; mode: RectifyMode; measures: string; dueOn?: LocalDate }
  | { kind: 'reply'; on: LocalDate; text: string }
  | { kind: 'appeal'; on: LocalDate; reason: string }
  | { kind: 'decide_appeal'; on: LocalDate; upheld: boolean; note: string }
  | { kind: 'close'; on: LocalDate };

export type EventKind = 'rated' | 'called_back' | 'rectify_planned' | 'rectified' | 'replied' | 'appealed' | 'appeal_upheld' | 'appeal_rejected' | 'closed';

/** An event of the log as the workflow reads it. */
export interface LogEvent {
  kind: string;
  on: LocalDate;
  payload: Record<string, unknown>;
  actor: string;
}

export interface NewEvent {
  kind: EventKind;
  on: LocalDate;
  payload: Record<string, unknown>;
}

export interface Limits {
  callbackDays: number;
  rectifyDays: number;
}

/** What the log says about a rating (the row's workflow columns are this, stored). */
export interface RatingFacts {
  state: RatingState;
  bad: boolean;
  named: boolean;
  ratedOn: LocalDate;
  /** The latest day of any event (a later step cannot be dated before it). */
  lastOn: LocalDate;
  callbackDueOn: LocalDate | null;
  calledBackOn: LocalDate | null;
  rectifyDueOn: LocalDate | null;
  rectifiedOn: LocalDate | null;
  repliedOn: LocalDate | null;
  closedOn: LocalDate | null;
  excluded: boolean;
  /** The state an appeal was made from (back to it when the appeal is rejected). */
  appealFrom: RatingState | null;
  appealBy: string | null;
  appeals: number;
}

export interface DecideContext {
  today: LocalDate;
  calendar: WorkingCalendar;
  limits: Limits;
  actor: {
    username: string;
    /** Holds a handling role on the responsible unit (its grant covers the unit). */
    inUnit: boolean;
    /** A supervisor of the level above: the grant (or the 政务公开办's government) covers the unit's parent. */
    aboveUnit: boolean;
  };
}

export interface Refusal {
  status: 400 | 403 | 409;
  code: string;
  message: string;
  reasons: string[];
}

export type Decision = { ok: true; events: NewEvent[] } | ({ ok: false } & Refusal);

/** The n-th working day after `from` (day 0 = `from`); years without holiday data count provisionally. */
export function workingDaysAfter(cal: WorkingCalendar, from: LocalDate, n: number): LocalDate {
  return addWorkingDays(cal, from, n, { provisional: true }).date;
}

/**
 * The state and due dates of a new rating received on `receivedOn`: a good rating needs nothing; a
 * 差评 from a named rater is called back first (回访, 1 working day by default); an anonymous one
 * cannot be called back and goes straight to rectification (整改, 15 working days by default).
 */
export function initialState(bad: boolean, named: boolean, receivedOn: LocalDate, limits: Limits, cal: WorkingCalendar): { state: RatingState; callbackDueOn: LocalDate | null; rectifyDueOn: LocalDate | null } {
  if (!bad) return { state: 'none', callbackDueOn: null, rectifyDueOn: null };
  if (named) return { state: 'callback_due', callbackDueOn: workingDaysAfter(cal, receivedOn, limits.callbackDays), rectifyDueOn: null };
  return { state: 'rectify_due', callbackDueOn: null, rectifyDueOn: workingDaysAfter(cal, receivedOn, limits.rectifyDays) };
}

/** The payload of the first event (`rated`): it carries the initial state and due dates so the log folds alone. */
export function ratedPayload(x: { level: number; channel: string; bad: boolean; named: boolean; state: RatingState; callbackDueOn: LocalDate | null; rectifyDueOn: LocalDate | null }): Record<string, unknown> {
  return { level: x.level, channel: x.channel, bad: x.bad, named: x.named, state: x.state, callback_due_on: x.callbackDueOn, rectify_due_on: x.rectifyDueOn };
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** Folds the log into the facts. The first event must be `rated`. */
export function fold(events: readonly LogEvent[]): RatingFacts {
  const first = events[0];
  if (!first || first.kind !== 'rated') throw new Error('rating log must start with rated');
  const p = first.payload;
  const f: RatingFacts = {
    state: (parseEnum(STATES, str(p.state) ?? '') ?? (p.bad ? 'rectify_due' : 'none')),
    bad: !!p.bad, named: !!p.named, ratedOn: first.on, lastOn: first.on,
    callbackDueOn: str(p.callback_due_on), calledBackOn: null, rectifyDueOn: str(p.rectify_due_on), rectifiedOn: null, repliedOn: null, closedOn: null,
    excluded: false, appealFrom: null, appealBy: null, appeals: 0,
  };
  for (const e of events.slice(1)) {
    if (e.on > f.lastOn) f.lastOn = e.on;
    const q = e.payload;
    switch (e.kind) {
      case 'called_back': f.state = 'rectify_due'; f.calledBackOn = e.on; f.rectifyDueOn = str(q.rectify_due_on) ?? f.rectifyDueOn; break;
      case 'rectify_planned': f.state = 'rectifying'; f.rectifyDueOn = str(q.due_on) ?? f.rectifyDueOn; break;
      case 'rectified': f.state = 'reply_due'; f.rectifiedOn = e.on; break;
      case 'replied': f.state = 'replied'; f.repliedOn = e.on; break;
      case 'appealed': f.appealFrom = f.state; f.appealBy = e.actor; f.appeals++; f.state = 'appealed'; break;
      case 'appeal_upheld': f.state = 'excluded'; f.excluded = true; f.closedOn = e.on; break;
      case 'appeal_rejected': f.state = f.appealFrom ?? 'rectify_due'; break;
      case 'closed': f.state = 'closed'; f.closedOn = e.on; break;
      default: break;
    }
  }
  return f;
}

/** Overdue: a callback or a rectification past its due date (the due day itself is still in time). */
export function isOverdue(f: Pick<RatingFacts, 'state' | 'callbackDueOn' | 'rectifyDueOn'>, today: LocalDate): boolean {
  if (f.state === 'callback_due') return !!f.callbackDueOn && f.callbackDueOn < today;
  if (f.state === 'rectify_due' || f.state === 'rectifying') return !!f.rectifyDueOn && f.rectifyDueOn < today;
  return false;
}

/** Which commands each state accepts. */
const ALLOWED: Record<ActionKind, readonly RatingState[]> = {
  callback: ['callback_due'],
  rectify: ['rectify_due', 'rectifying'],
  // reply: after the rectification, or in place of it when the demand has no legal basis (explained)
  reply: ['reply_due', 'rectify_due'],
  appeal: ['callback_due', 'rectify_due', 'rectifying', 'reply_due'],
  decide_appeal: ['appealed'],
  close: ['replied'],
};

export const MAX_NOTE = 1000;

function refuse(status: Refusal['status'], code: string, message: string, reasons: string[] = [message]): Decision {
  return { ok: false, status, code, message, reasons };
}

/** Judges one command against the log; returns the events to append or why it is refused. */
export function decide(f: RatingFacts, c: Command, ctx: DecideContext): Decision {
  const label = w.actions[c.kind] ?? c.kind;
  if (!f.bad) return refuse(409, 'rating_not_bad', w.notBad);
  // Who: the unit acts; a supervisor of the level above decides appeals, never the unit itself.
  if (c.kind === 'decide_appeal') {
    if (!ctx.actor.aboveUnit) return refuse(403, 'rating_not_above_unit', w.notAbove);
  } else if (!ctx.actor.inUnit) {
    return refuse(403, 'rating_not_your_unit', w.notYourUnit);
  }
  if (c.kind === 'callback' && !f.named) return refuse(409, 'rating_anonymous_no_callback', w.anonymousCallback);
  if (!ALLOWED[c.kind].includes(f.state)) return refuse(409, 'rating_wrong_state', w.wrongState(label, w.states[f.state] ?? f.state));
  // When: a real day, not in the future, not before the rating or the previous step.
  if (!isLocalDate(c.on)) return refuse(400, 'rating_date_invalid', w.dateInvalid);
  if (c.on > ctx.today) return refuse(409, 'rating_date_future', w.dateFuture);
  if (c.on < f.ratedOn) return refuse(409, 'rating_date_before_rating', w.dateBeforeRating(f.ratedOn));
  if (c.on < f.lastOn) return refuse(409, 'rating_date_before_previous', w.dateBeforePrevious(f.lastOn));

  switch (c.kind) {
    case 'callback': {
      if (!c.note.trim()) return refuse(400, 'rating_note_required', w.noteRequired);
      return { ok: true, events: [{ kind: 'called_back', on: c.on, payload: { note: c.note.trim(), reached: c.reached, rectify_due_on: workingDaysAfter(ctx.calendar, c.on, ctx.limits.rectifyDays) } }] };
    }
    case 'rectify': {
      if (!c.measures.trim()) return refuse(400, 'rating_measures_required', w.measuresRequired);
      if (c.mode === 'immediate') return { ok: true, events: [{ kind: 'rectified', on: c.on, payload: { mode: 'immediate', measures: c.measures.trim() } }] };
      if (f.state === 'rectifying') return refuse(409, 'rating_already_rectifying', w.alreadyRectifying);
      if (c.dueOn !== undefined && !isLocalDate(c.dueOn)) return refuse(400, 'rating_due_invalid', w.dueInvalid);
      const due = c.dueOn ?? workingDaysAfter(ctx.calendar, c.on, ctx.limits.rectifyDays);
      if (due < c.on) return refuse(409, 'rating_due_before_action', w.dueBeforeAction);
      return { ok: true, events: [{ kind: 'rectify_planned', on: c.on, payload: { mode: 'deadline', measures: c.measures.trim(), due_on: due } }] };
    }
    case 'reply': {
      if (!c.text.trim()) return refuse(400, 'rating_text_required', w.textRequired);
      return { ok: true, events: [{ kind: 'replied', on: c.on, payload: { text: c.text.trim(), ...(f.state === 'rectify_due' ? { explained: true } : {}) } }] };
    }
    case 'appeal': {
      if (!c.reason.trim()) return refuse(400, 'rating_reason_required', w.reasonRequired);
      if (f.appeals > 0) return refuse(409, 'rating_appeal_repeated', w.appealRepeated);
      return { ok: true, events: [{ kind: 'appealed', on: c.on, payload: { reason: c.reason.trim() } }] };
    }
    case 'decide_appeal': {
      if (f.appealBy && f.appealBy === ctx.actor.username) return refuse(403, 'rating_not_above_unit', w.sameAsAppellant);
      return { ok: true, events: [{ kind: c.upheld ? 'appeal_upheld' : 'appeal_rejected', on: c.on, payload: { note: c.note.trim() } }] };
    }
    case 'close':
      return { ok: true, events: [{ kind: 'closed', on: c.on, payload: {} }] };
  }
}

/** The fields of a command as they arrive (API JSON or a form). */
export type RawCommand = Record<string, unknown>;

const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

function yesNo(v: unknown): boolean | null {
  if (typeof v === 'boolean') return v;
  const t = text(v).trim().toLowerCase();
  if (['yes', 'true', '1', '是', '成立', '已联系上'].includes(t)) return true;
  if (['no', 'false', '0', '否', '不成立', '未联系上'].includes(t)) return false;
  return null;
}

/** Parses a command (action as code or Chinese label); 400 problems come back as a refusal. */
export function parseCommand(raw: RawCommand): { ok: true; command: Command } | ({ ok: false } & Refusal) {
  const actionRaw = text(raw.action).trim();
  const kind = parseEnum(ACTIONS, actionRaw);
  const bad = (code: string, message: string) => ({ ok: false as const, status: 400 as const, code, message, reasons: [message] });
  if (!kind) return bad('rating_action_invalid', w.unknownAction(actionRaw.slice(0, 30)));
  const on = text(raw.on).trim();
  if (!on) return bad('rating_date_invalid', w.dateRequired);
  if (!isLocalDate(on)) return bad('rating_date_invalid', w.dateInvalid);
  const long = (v: string) => [...v].length > MAX_NOTE;
  for (const k of ['note', 'measures', 'text', 'reason']) if (long(text(raw[k]))) return bad('rating_text_too_long', w.tooLong(MAX_NOTE));
  switch (kind) {
    case 'callback': {
      const reached = yesNo(raw.reached);
      if (reached === null) return bad('rating_reached_invalid', w.reachedInvalid);
      return { ok: true, command: { kind, on, note: text(raw.note), reached } };
    }
    case 'rectify': {
      const mode = parseEnum(RECTIFY_MODES, text(raw.mode));
      if (!mode) return bad('rating_mode_invalid', w.modeInvalid);
      const due = text(raw.due_on).trim();
      if (due && !isLocalDate(due)) return bad('rating_due_invalid', w.dueInvalid);
      return { ok: true, command: { kind, on, mode, measures: text(raw.measures), ...(due ? { dueOn: due } : {}) } };
    }
    case 'reply':
      return { ok: true, command: { kind, on, text: text(raw.text) } };
    case 'appeal':
      return { ok: true, command: { kind, on, reason: text(raw.reason) } };
    case 'decide_appeal': {
      const upheld = yesNo(raw.upheld);
      if (upheld === null) return bad('rating_upheld_invalid', w.upheldInvalid);
      return { ok: true, command: { kind, on, upheld, note: text(raw.note) } };
    }
    case 'close':
      return { ok: true, command: { kind, on } };
  }
}
