// Kysely table types of the portal module (migrations/0023_portal.ts).
import type { Generated } from 'kysely';

/** An entrance to another government portal shown on the home page (platform-wide, platform administrators keep it). */
export interface PortalLinkTable {
  id: Generated<number>;
  level: string;
  name: string;
  url: string;
  sort_order: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface PortalTables {
  portal_link: PortalLinkTable;
}
