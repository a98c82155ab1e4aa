// Kysely table type of the 咨询登记 (enquiry log, migration 0032_channels).
import type { Generated } from 'kysely';

export interface EnquiryTable {
  id: Generated<number>;
  public_id: string;
  org_code: string;
  org_path: string;
  venue_public_id: string | null;
  window_public_id: string | null;
  channel: string;
  asked_at: string;
  asked_on: string;
  topic: string;
  item_public_id: string | null;
  record_ref: string | null;
  answer: string;
  follow_up: number;
  followed_up_on: string | null;
  contact_name: string | null;
  contact_phone: string | null;
  source: string;
  converted_kind: string | null;
  converted_ref: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  /** 0035: the resident's or enterprise's account that made or claimed it (issue 21), null = none. */
  account_id: number | null;
}

export interface EnquiryTables {
  enquiry: EnquiryTable;
}
