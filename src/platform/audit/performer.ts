// Shell: who performs a write — a staff member (session or API token), or the command line run by
// the server's operator — and how the audit log names them.
import type { Actor } from '../auth/actor.ts';

export type Performer = { actor: Actor; requestId?: string } | { cli: true };

export function auditActor(p: Performer): { actorId: number | null; actorLabel: string; requestId: string | null } {
  return 'cli' in p
    ? { actorId: null, actorLabel: '命令行', requestId: null }
    : { actorId: p.actor.userId, actorLabel: `${p.actor.displayName}（${p.actor.username}）`, requestId: p.requestId ?? null };
}
