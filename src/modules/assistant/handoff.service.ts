// 转人工 (issue 20 §4) — owned by the `handoff` part. STUB until it lands.
import type { AssistantDeps } from './deps.ts';
import type { Conversation } from './conversations.repository.ts';
import type { HandoffStatus } from './types.ts';

/** Whether a human can be asked for now in this conversation (working-day calendar and the venue's hours). */
export async function handoffStatus(deps: Pick<AssistantDeps, 'db' | 'clock' | 'finder'>, conv: Pick<Conversation, 'orgCode' | 'state' | 'venuePublicId'>): Promise<HandoffStatus> {
  void deps;
  if (conv.state === 'waiting' || conv.state === 'staff') return { available: false, reason: 'in_progress' };
  if (conv.state === 'converted') return { available: false, reason: 'converted' };
  if (!conv.orgCode) return { available: false, reason: 'no_organisation' };
  return { available: false, reason: 'disabled' };
}

export type HandoffRequest =
  /** live: wait for a staff member now (only when available); leave: become an enquiry (anonymous) or a message (name and phone needed). */
  { mode: 'live' } | { mode: 'leave'; kind: 'enquiry' | 'message'; contact?: { name: string; phone: string } | null };

export type HandoffResult =
  | { ok: true; state: 'waiting' | 'converted'; reference: string; trackingCode: string; convertedKind: 'enquiry' | 'message' | null; convertedRef: string | null }
  | { ok: false; status: 400 | 404 | 409; code: string; message: string; fields?: Record<string, string> };

/** Asks for a human in a conversation (its holder). STUB: the `handoff` part implements it. */
export async function requestHandoff(deps: AssistantDeps, conversationId: string, req: HandoffRequest): Promise<HandoffResult> {
  void deps; void conversationId; void req;
  return { ok: false, status: 409, code: 'handoff_unavailable', message: '暂未开通人工客服' };
}

/** What the person sees with the reference and tracking code (after the conversation's 30 minutes too). */
export interface HandoffTrack {
  reference: string;
  state: string;
  stateLabel: string;
  /** The staff members' answers and, once converted, the enquiry's answer or the message's reference. */
  answers: { at: string; text: string }[];
  convertedKind: 'enquiry' | 'message' | null;
  convertedRef: string | null;
}

/** null for an unknown reference or a wrong code (the same answer for both). STUB. */
export async function trackHandoff(deps: Pick<AssistantDeps, 'db' | 'clock'>, reference: string, trackingCode: string): Promise<HandoffTrack | null> {
  void deps; void reference; void trackingCode;
  return null;
}
