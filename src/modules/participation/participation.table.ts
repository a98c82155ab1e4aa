// Kysely table types of the participation module (migrations/0020_participation.ts).
import type { Generated } from 'kysely';

export interface ConsultationTable {
  id: Generated<number>;
  reference: string;
  org_code: string;
  org_path: string;
  title: string;
  summary: string;
  draft_html: string;
  draft_text: string;
  attachment_name: string | null;
  attachment_mime: string | null;
  attachment_base64: string | null;
  opens_on: string;
  closes_on: string;
  short_reason: string | null;
  feedback_html: string | null;
  feedback_published_at: string | null;
  final_index_no: string | null;
  author_id: number | null;
  created_at: string;
  updated_at: string;
}

export interface ConsultationCommentTable {
  id: Generated<number>;
  consultation_id: number;
  reference: string;
  name: string | null;
  contact: string | null;
  content: string;
  state: string;
  reject_reason: string | null;
  moderated_by: string | null;
  moderated_at: string | null;
  adoption: string | null;
  adoption_reason: string | null;
  created_at: string;
}

export interface ParticipationTables {
  consultation: ConsultationTable;
  consultation_comment: ConsultationCommentTable;
}
