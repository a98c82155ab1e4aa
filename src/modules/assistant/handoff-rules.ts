// Pure: the rules of 转人工 (issue 20 §4) — when a human can be asked for, which moves of a
// conversation's state each action makes, how long to wait, what an untaken hand-off becomes, and
// the transcript handed over. No clock, no database: the caller passes the day's opening status.
import type { Period, OpenStatus } from '../service-map/index.ts';
import { defineEnum } from '../../platform/web/enums.ts';
import type { ConversationState, HandoffFallback, HandoffReason } from './vocabulary.ts';
import { DEFAULT_HANDOFF_WAIT_MINUTES } from './vocabulary.ts';

/** Without a hand-off venue: the working-day calendar with 09:00–12:00, 13:30–17:30 Beijing time. */
const DAY: readonly Period[] = [{ from: 9 * 60, to: 12 * 60 }, { from: 13 * 60 + 30, to: 17 * 60 + 30 }];
export const DEFAULT_HANDOFF_HOURS = { mon: [...DAY], tue: [...DAY], wed: [...DAY], thu: [...DAY], fri: [...DAY], sat: [] as Period[], sun: [] as Period[] };

/** Wait limits (minutes) a setting may hold. */
export const WAIT_MIN = 1;
export const WAIT_MAX = 60;

export interface HandoffSettingView {
  enabled: boolean;
  venuePublicId: string | null;
  waitMinutes: number;
  fallback: HandoffFallback;
}

/**
 * Whether 转人工 is offered now: the conversation's state first (a hand-off in progress or done is
 * not offered again), then the organisation and its setting, then the hours. A day without any
 * opening (a holiday, a weekend that is not a 调休 working day) is `non_working_day`; a working day
 * outside its periods is `outside_hours`.
 */
export function availability(input: {
  state: ConversationState;
  hasOrganisation: boolean;
  setting: Pick<HandoffSettingView, 'enabled'> | null;
  open: Pick<OpenStatus, 'openNow' | 'todayPeriods'> | null;
}): { available: boolean; reason: HandoffReason } {
  if (input.state === 'waiting' || input.state === 'staff') return { available: false, reason: 'in_progress' };
  if (input.state === 'converted') return { available: false, reason: 'converted' };
  if (!input.hasOrganisation) return { available: false, reason: 'no_organisation' };
  if (!input.setting || !input.setting.enabled || !input.open) return { available: false, reason: 'disabled' };
  if (input.open.openNow) return { available: true, reason: 'open' };
  return { available: false, reason: input.open.todayPeriods.length ? 'outside_hours' : 'non_working_day' };
}

/** The actions on a hand-off and the states each may start from (moveState's `from`). */
export const MOVES = {
  /** The person asks for a human now. */
  request: { from: ['bot'], to: 'waiting' },
  /** The person leaves a message or an enquiry (after hours, or by choice). */
  leave: { from: ['bot'], to: 'converted' },
  /** A staff member takes a waiting conversation: one only. */
  take: { from: ['waiting'], to: 'staff' },
  /** A staff member (or the person) ends it. */
  close: { from: ['waiting', 'staff'], to: 'closed' },
  /** By hand (转为咨询登记), also after the chat ended; the deadline job converts `waiting` only. */
  convert: { from: ['waiting', 'staff', 'closed'], to: 'converted' },
} as const satisfies Record<string, { from: readonly ConversationState[]; to: ConversationState }>;

/** A stored wait clamped to its limits (a damaged row never means "wait forever"). */
export function waitMinutesOf(n: number | null | undefined): number {
  if (typeof n !== 'number' || !Number.isInteger(n)) return DEFAULT_HANDOFF_WAIT_MINUTES;
  return Math.min(WAIT_MAX, Math.max(WAIT_MIN, n));
}

/** The wait as typed on the settings form: an integer 1–60, else null. */
export function parseWaitMinutes(input: string): number | null {
  const t = input.trim();
  if (!/^\d{1,3}$/.test(t)) return null;
  const n = Number(t);
  return n >= WAIT_MIN && n <= WAIT_MAX ? n : null;
}

/** The instant the wait ends. */
export function deadlineAfter(at: Date, waitMinutes: number): string {
  return new Date(at.getTime() + waitMinutesOf(waitMinutes) * 60_000).toISOString();
}

/** What an untaken hand-off becomes: a message only when the organisation says so and a contact was given. */
export function fallbackKind(fallback: HandoffFallback, hasContact: boolean): HandoffFallback {
  return fallback === 'message' && hasContact ? 'message' : 'enquiry';
}

export interface TranscriptTurn { role: string; text: string; staffLabel?: string | null }

const ROLE_NAMES: Record<string, string> = { user: '群众', assistant: '智能客服', staff: '人工客服', system: '系统' };

/**
 * The conversation as plain text for an enquiry or a message: one line per turn, the person's
 * questions first collected as the topic. `max` characters at most (the newest lines dropped
 * last: a long chat keeps its beginning and its end).
 */
export function transcriptOf(turns: readonly TranscriptTurn[], max: number): string {
  const lines = turns.filter((t) => t.text.trim()).map((t) => `${t.role === 'staff' && t.staffLabel ? t.staffLabel : ROLE_NAMES[t.role] ?? t.role}：${t.text.replace(/\s+/g, ' ').trim()}`);
  const whole = lines.join('\n');
  if ([...whole].length <= max) return whole;
  const chars = [...whole];
  const head = Math.floor(max / 2) - 2;
  return `${chars.slice(0, head).join('')}\n……\n${chars.slice(chars.length - (max - head - 4)).join('')}`;
}

/** The topic of an enquiry made from a conversation: the person's first question (or a fixed line). */
export function topicOf(turns: readonly TranscriptTurn[], max: number, fallback: string): string {
  const first = turns.find((t) => t.role === 'user' && t.text.trim());
  const text = first ? first.text.replace(/\s+/g, ' ').trim() : fallback;
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** How the person asks: wait for a human now, or leave the question (an enquiry or a message). */
export type HandoffMode = 'live' | 'leave';
export const HANDOFF_MODES = defineEnum<HandoffMode>([
  { code: 'live', label: '等待人工客服' },
  { code: 'leave', label: '留下问题' },
]);
