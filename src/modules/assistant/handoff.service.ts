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
