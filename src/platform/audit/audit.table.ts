import type { Generated } from 'kysely';

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actor_id: number | null;
  actor_label: string;
  action: string;
  entity: string;
  entity_id: string;
  before_json: string | null;
  after_json: string | null;
  request_id: string | null;
  /**
   * The organisation the written row belongs to (its code), so a county admin's audit log shows
   * their subtree only; null for install-wide data (calendar, categories, synonyms) and commands.
   */
  org_code: string | null;
}
