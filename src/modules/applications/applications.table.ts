// Kysely table types of the applications module (migration 0003_applications).
import type { Generated } from 'kysely';

export interface ApplicationCaseTable {
  id: Generated<number>;
  reference: string;
  tracking_hash: string;
  org_code: string;
  org_path: string;
  registered_org_code: string;
  assigned_org_code: string | null;
  assigned_org_path: string | null;
  channel: string;
  submitted_on: string;
  received_on: string | null;
  applicant_type: string;
  applicant_subtype: string | null;
  applicant_name: string;
  applicant_id_number: string | null;
  applicant_phone: string | null;
  applicant_email: string | null;
  applicant_address: string | null;
  description: string;
  delivery: string;
  stage: string;
  due_on: string | null;
  due_provisional: number;
  due_explanation: string;
  days_left: number | null;
  outcome: string | null;
  decided_on: string | null;
  delivered_on: string | null;
  closed_on: string | null;
  idempotency_key: string | null;
  created_at: string;
  updated_at: string;
  /** The 政务公开专区 / venue a walk-in application was registered at (migration 0032). */
  venue_public_id: string | null;
  /** 0035: the resident's or enterprise's account that made or claimed it (issue 21), null = none. */
  account_id: number | null;
}

export interface ApplicationEventTable {
  id: Generated<number>;
  case_id: number;
  seq: number;
  type: string;
  event_on: string;
  data_json: string;
  actor_id: number | null;
  actor_label: string;
  created_at: string;
}

export interface ApplicationAttachmentTable {
  id: Generated<number>;
  case_id: number;
  kind: string;
  filename: string;
  mime: string;
  content_base64: string;
  created_at: string;
}

export interface ApplicationTargetTable {
  org_code: string;
  register_days: number;
  assign_days: number;
  draft_days: number;
  reply_days: number;
  review_body: string | null;
  court: string | null;
  updated_at: string;
}

/** A letter as issued (migration 0016): its number, date and the facts outside the event log. */
export interface ApplicationLetterTable {
  id: Generated<number>;
  case_id: number;
  kind: string;
  event_seq: number;
  org_code: string;
  doc_year: number;
  doc_serial: number | null;
  doc_number: string | null;
  dated_on: string;
  facts_json: string;
  /** The issued text (JSON of `Letter`); null for letters issued before migration 0017. */
  letter_json: string | null;
  created_at: string;
}

export interface ApplicationTables {
  application_case: ApplicationCaseTable;
  application_event: ApplicationEventTable;
  application_attachment: ApplicationAttachmentTable;
  application_target: ApplicationTargetTable;
  application_letter: ApplicationLetterTable;
  application_letter_counter: { scope_key: string; last_serial: number };
  application_letter_prefix: { org_code: string; prefix: string; updated_at: string };
}
