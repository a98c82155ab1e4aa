// Kysely table types of the ratings module (migration 0024_ratings).
import type { Generated } from 'kysely';

export interface RatingTable {
  id: Generated<number>;
  /** Public id: PJ + 12 characters. */
  public_id: string;
  /** The responsible unit (谁办理、谁负责). */
  org_code: string;
  org_path: string;
  /** What is rated: item | online | venue | window | staff | hotline | message (ratings/levels.ts). */
  subject: string;
  venue_public_id: string | null;
  item_public_id: string | null;
  window_code: string | null;
  /** 工号 — never a person's name in public. */
  staff_no: string | null;
  /** 办件号, 12345 order number or 民心直通车 message reference. */
  case_ref: string | null;
  channel: string;
  /** 5 非常满意 … 1 非常不满意. */
  level: number;
  /** 1 when level <= 2 (差评). */
  is_bad: number;
  /** {indicator code: level 1–5}. */
  indicators_json: string;
  /** [reason code] — at least one for a 差评. */
  reasons_json: string;
  text: string;
  rater_name: string | null;
  rater_phone: string | null;
  rated_on: string;
  rated_at: string;
  /** Staff who entered a paper form or a 12345 callback. */
  entered_by: string | null;
  /** 差评 workflow state (ratings/workflow.ts); 'none' for a good rating. */
  state: string;
  callback_due_on: string | null;
  called_back_on: string | null;
  rectify_due_on: string | null;
  rectified_on: string | null;
  replied_on: string | null;
  closed_on: string | null;
  /** 1 when an upheld appeal removed it from the statistics (kept in the log). */
  excluded: number;
  /** Public id of the rating this one re-rates after the reply. */
  rerating_of: string | null;
  created_at: string;
  updated_at: string;
  /** 0035: the resident's or enterprise's account that made or claimed it (issue 21), null = none. */
  account_id: number | null;
}

export interface RatingEventTable {
  id: Generated<number>;
  rating_id: number;
  seq: number;
  kind: string;
  on_date: string;
  payload_json: string;
  actor: string;
  actor_org_code: string | null;
  at: string;
}

export interface RatingLinkTable {
  id: Generated<number>;
  token_hash: string;
  case_ref: string;
  org_code: string;
  subject: string;
  venue_public_id: string | null;
  item_public_id: string | null;
  window_code: string | null;
  staff_no: string | null;
  rater_name: string | null;
  rater_phone: string | null;
  rater_email: string | null;
  expires_at: string;
  used_at: string | null;
  rating_public_id: string | null;
  created_by: string;
  created_at: string;
}

export interface RatingWindowTable {
  id: Generated<number>;
  public_id: string;
  venue_public_id: string;
  code: string;
  name: string;
  org_code: string;
  org_path: string;
  active: number;
  created_at: string;
  updated_at: string;
}

export interface RatingReasonTable {
  code: string;
  label: string;
  position: number;
  active: number;
  updated_at: string;
}

export interface RatingSettingTable {
  org_code: string;
  callback_days: number;
  rectify_days: number;
  link_valid_days: number;
  updated_by: string;
  updated_at: string;
}

export interface RatingTables {
  rating: RatingTable;
  rating_event: RatingEventTable;
  rating_link: RatingLinkTable;
  rating_window: RatingWindowTable;
  rating_reason: RatingReasonTable;
  rating_setting: RatingSettingTable;
}
