// Kysely table types of the reports module (migrations/0007_annual_reports.ts).
import type { Generated } from 'kysely';

export interface AnnualReportTable {
  id: Generated<number>;
  org_code: string;
  org_path: string;
  year: number;
  include_subtree: number;
  state: string;
  source: string;
  section1_text: string | null;
  section5_text: string | null;
  section6_text: string | null;
  licensing_count: number;
  penalty_count: number;
  coercion_count: number;
  fees_wan: string;
  carry_reason: string | null;
  snapshot_json: string | null;
  published_at: string | null;
  disclosure_id: number | null;
  created_at: string;
  updated_at: string;
}

export interface ReportTables {
  annual_report: AnnualReportTable;
}
