// Kysely table types of the supervision module (migration 0025_supervision).
import type { Generated } from 'kysely';

export interface SvRuleSettingTable {
  office_org_code: string;
  rule_code: string;
  active: number;
  updated_by: string;
  updated_at: string;
}

export interface SvCheckItemTable {
  id: Generated<number>;
  code: string;
  office_org_code: string;
  office_org_path: string;
  title: string;
  basis: string;
  severity: string;
  deadline_class: string;
  active: number;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface SvInspectionTable {
  id: Generated<number>;
  /** YYYY-MM */
  month: string;
  scope_org_code: string;
  /** schedule | manual | cli */
  trigger: string;
  started_at: string;
  finished_at: string | null;
  found: number;
  raised: number;
  summary_json: string;
  started_by: string;
}

export interface SvProblemTable {
  id: Generated<number>;
  /** Public id: WT-2026-11-00001. */
  public_id: string;
  /** A shipped rule's code or a manual check item's code. */
  rule_code: string;
  org_code: string;
  org_path: string;
  office_org_code: string;
  /** YYYY-MM of the inspection that found it. */
  month: string;
  /** rule + subject. */
  fingerprint: string;
  /** = fingerprint while the problem is not closed/dismissed, else null (unique: not raised twice). */
  open_key: string | null;
  subject_ref: string;
  title: string;
  detail: string;
  evidence_url: string | null;
  severity: string;
  state: string;
  found_on: string;
  due_on: string;
  measures: string;
  rectified_on: string | null;
  verify_note: string;
  closed_on: string | null;
  escalated_on: string | null;
  inspection_id: number | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface SvProblemEventTable {
  id: Generated<number>;
  problem_id: number;
  seq: number;
  kind: string;
  on_date: string;
  payload_json: string;
  actor: string;
  actor_org_code: string | null;
  at: string;
}

export interface SvProblemFileTable {
  id: Generated<number>;
  problem_id: number;
  public_id: string;
  /** evidence | screenshot */
  kind: string;
  file_name: string;
  media_type: string;
  size: number;
  content: Uint8Array;
  uploaded_by: string;
  uploaded_at: string;
}

export interface SvBulletinTable {
  id: Generated<number>;
  public_id: string;
  office_org_code: string;
  office_org_path: string;
  year: number;
  quarter: number;
  title: string;
  content_json: string;
  state: string;
  disclosure_ref: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface SvAssessmentTable {
  office_org_code: string;
  year: number;
  office_org_path: string;
  scheme_json: string;
  locked_at: string | null;
  locked_by: string | null;
  updated_by: string;
  updated_at: string;
}

export interface SvAssessmentScoreTable {
  office_org_code: string;
  year: number;
  org_code: string;
  indicator_code: string;
  points: number;
  note: string;
  scored_by: string;
  scored_at: string;
}

export interface SupervisionTables {
  sv_rule_setting: SvRuleSettingTable;
  sv_check_item: SvCheckItemTable;
  sv_inspection: SvInspectionTable;
  sv_problem: SvProblemTable;
  sv_problem_event: SvProblemEventTable;
  sv_problem_file: SvProblemFileTable;
  sv_bulletin: SvBulletinTable;
  sv_assessment: SvAssessmentTable;
  sv_assessment_score: SvAssessmentScoreTable;
}
