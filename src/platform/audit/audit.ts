// Shell: the audit log of every staff write (who, when, what, before → after). Call it inside the
// same transaction as the write, so neither exists without the other.
import type { Kysely, Selectable } from 'kysely';
import { maskDeep } from '../log/mask.ts';
import type { PlatformDatabase } from '../db/platform-database.ts';
import type { AuditLogTable } from './audit.table.ts';

export interface AuditEntry {
  actorId: number | null;
  actorLabel: string;
  action: string;
  entity: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
  requestId?: string | null;
  /**
   * The organisation (code) of the row written: a case's, a record's, a rule's target, a user's
   * granted organisation. Leave it out for install-wide data; only platform administrators see those.
   */
  orgCode?: string | null;
}

/** Appends one audit row. ID numbers and phones in before/after are masked. */
export async function recordAudit(db: Kysely<PlatformDatabase>, at: Date, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at: at.toISOString(),
      actor_id: entry.actorId,
      actor_label: entry.actorLabel,
      action: entry.action,
      entity: entry.entity,
      entity_id: entry.entityId,
      before_json: entry.before === undefined ? null : JSON.stringify(maskDeep(entry.before)),
      after_json: entry.after === undefined ? null : JSON.stringify(maskDeep(entry.after)),
      request_id: entry.requestId ?? null,
      org_code: entry.orgCode ?? null,
    })
    .execute();
}

export interface AuditRow {
  id: number;
  at: string;
  actorLabel: string;
  action: string;
  entity: string;
  entityId: string;
  before: string | null;
  after: string | null;
  /** The organisation of the row written (null for install-wide data). */
  orgCode: string | null;
}

/** The newest entries first, optionally for one entity. */
export async function listAudit(db: Kysely<PlatformDatabase>, opts: { entity?: string; entityId?: string; limit: number; offset?: number }): Promise<AuditRow[]> {
  let q = db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(opts.limit).offset(opts.offset ?? 0);
  if (opts.entity) q = q.where('entity', '=', opts.entity);
  if (opts.entityId) q = q.where('entity_id', '=', opts.entityId);
  const rows = await q.execute();
  return rows.map(toAuditRow);
}

/** One audit_log row as listed (also for scoped lists that select audit_log.* elsewhere). */
export function toAuditRow(r: Selectable<AuditLogTable>): AuditRow {
  return { id: r.id, at: r.at, actorLabel: r.actor_label, action: r.action, entity: r.entity, entityId: r.entity_id, before: r.before_json, after: r.after_json, orgCode: r.org_code };
}
