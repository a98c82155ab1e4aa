// Kysely table types of the 7×24 assistant (migration 0033_assistant).
import type { Generated } from 'kysely';

export interface AsConversationTable {
  id: Generated<number>;
  public_id: string;
  channel: string;
  region_code: string | null;
  venue_public_id: string | null;
  org_code: string | null;
  org_path: string | null;
  context_json: string;
  state: string;
  turn_count: number;
  reference: string | null;
  tracking_hash: string | null;
  handoff_requested_at: string | null;
  handoff_deadline_at: string | null;
  taken_by_id: number | null;
  taken_by_label: string | null;
  taken_at: string | null;
  closed_at: string | null;
  converted_kind: string | null;
  converted_ref: string | null;
  created_at: string;
  last_active_at: string;
  expires_at: string;
  /** 0034: {name, phone} given with a hand-off, cleared once it is taken, closed or converted. */
  handoff_contact_json: string | null;
  /** 0035: the resident's or enterprise's account that made or claimed it (issue 21), null = none. */
  account_id: number | null;
}

export interface AsTurnTable {
  id: Generated<number>;
  conversation_id: number;
  seq: number;
  role: string;
  text: string;
  sources_json: string;
  choices_json: string;
  outcome: string | null;
  faq_public_id: string | null;
  helpful: number | null;
  region_code: string | null;
  org_path: string | null;
  resolved_faq_public_id: string | null;
  staff_label: string | null;
  created_at: string;
}

export interface AsFaqTable {
  id: Generated<number>;
  public_id: string;
  org_code: string;
  org_path: string;
  question: string;
  variants_json: string;
  answer: string;
  links_json: string;
  status: string;
  hits: number;
  created_by: string;
  updated_by: string;
  created_at: string;
  updated_at: string;
}

export interface AsSettingTable {
  org_code: string;
  org_path: string;
  handoff_enabled: number;
  handoff_venue_public_id: string | null;
  wait_minutes: number;
  fallback: string;
  updated_by: string;
  updated_at: string;
}

export interface AssistantTables {
  as_conversation: AsConversationTable;
  as_turn: AsTurnTable;
  as_faq: AsFaqTable;
  as_setting: AsSettingTable;
}
