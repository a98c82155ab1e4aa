// Kysely table types of the proactive-disclosure module (migrations/0006_disclosures.ts).
import type { ExpressionBuilder, Generated } from 'kysely';

/** 体裁 codes. `rule` 规章 and `normative` 行政规范性文件 feed table 二 of the annual report; `openness_rules`
 * (政府信息公开制度, a body's own work rules) is its own genre so it is never counted there. */
export const GENRES = ['notice', 'announcement', 'rule', 'normative', 'interpretation', 'annual_report', 'plan', 'statistics', 'report', 'press_conference', 'response', 'openness_rules', 'bulletin', 'other'] as const;
export type Genre = (typeof GENRES)[number];

/** 有效性. */
export const VALIDITIES = ['effective', 'expired', 'repealed'] as const;
export type Validity = (typeof VALIDITIES)[number];

export const DISCLOSURE_STATES = ['draft', 'submitted', 'rejected', 'approved', 'scheduled', 'published', 'withdrawn'] as const;
export type DisclosureState = (typeof DISCLOSURE_STATES)[number];

export interface DisclosureCategoryTable {
  code: string;
  name: string;
  sort_order: number;
  active: Generated<number>;
}

export interface DisclosureTable {
  id: Generated<number>;
  index_no: string;
  index_serial: number;
  org_code: string;
  org_path: string;
  publisher: string;
  title: string;
  document_no: string | null;
  summary: Generated<string>;
  body_html: Generated<string>;
  body_text: Generated<string>;
  genre: string;
  category_code: string;
  validity: Generated<string>;
  effective_on: string | null;
  expires_on: string | null;
  repealed_on: string | null;
  written_on: string | null;
  formed_on: string;
  state: string;
  published_at: string | null;
  published_on: string | null;
  withdrawn_at: string | null;
  withdrawn_reason: string | null;
  due_on: string | null;
  due_explanation: string | null;
  late_working_days: number | null;
  version_no: Generated<number>;
  author_id: number | null;
  created_at: string;
  updated_at: string;
  /** 公开属性 (openness.ts; migration 0021): proactive | on_request | withheld, with its ground. */
  openness: Generated<string>;
  openness_reason: string | null;
}

export interface DisclosureCatalogItemTable {
  disclosure_id: number;
  catalog_id: number;
  item_key: string;
}

export interface DisclosureLinkTable {
  from_id: number;
  to_id: number;
  kind: string;
}

export interface DisclosureAttachmentTable {
  id: Generated<number>;
  disclosure_id: number;
  filename: string;
  mime: string;
  size_bytes: number;
  content_base64: string;
  created_at: string;
}

export interface DisclosureReviewTable {
  id: Generated<number>;
  disclosure_id: number;
  reviewer_id: number;
  reviewer_label: string;
  checklist_json: string;
  conclusion: string;
  reasons: string;
  created_at: string;
}

export interface DisclosureEventTable {
  id: Generated<number>;
  disclosure_id: number;
  seq: number;
  type: string;
  data_json: string;
  actor_id: number | null;
  actor_label: string;
  created_at: string;
}

export interface DisclosureVersionTable {
  id: Generated<number>;
  disclosure_id: number;
  version_no: number;
  title: string;
  body_html: string;
  metadata_json: string;
  change_note: string;
  created_at: string;
}

export interface DisclosureGuideTable {
  org_code: string;
  office_name: string;
  address: string;
  hours: string;
  phone: string;
  fax: string;
  online_contact: string;
  postcode: Generated<string>;
  extra_html: Generated<string>;
  updated_at: string;
}

export interface DisclosureIndexCounterTable {
  scope_key: string;
  last_serial: number;
}

/** The fields of a 新闻发布会 or 回应关切 record (migrations/0019_disclosure_genre_detail.ts). */
export interface DisclosureDetailTable {
  disclosure_id: number;
  held_on: string | null;
  place: string | null;
  speakers_json: string | null;
  transcript_html: string | null;
  transcript_text: string | null;
  concern_summary: string | null;
  concern_source: string | null;
  message_ref: string | null;
}

export interface DisclosureTables {
  disclosure_index_counter: DisclosureIndexCounterTable;
  disclosure_category: DisclosureCategoryTable;
  disclosure: DisclosureTable;
  disclosure_catalog_item: DisclosureCatalogItemTable;
  disclosure_link: DisclosureLinkTable;
  disclosure_attachment: DisclosureAttachmentTable;
  disclosure_review: DisclosureReviewTable;
  disclosure_event: DisclosureEventTable;
  disclosure_version: DisclosureVersionTable;
  disclosure_guide: DisclosureGuideTable;
  disclosure_detail: DisclosureDetailTable;
}

/** The same rule for a row already in hand (the SQL form is `publiclyVisible` below). */
export function isPubliclyVisible(r: { state: string; published_at: string | null }, nowIso: string): boolean {
  return (r.state === 'published' || r.state === 'scheduled') && r.published_at !== null && r.published_at <= nowIso;
}

/**
 * The one rule for "the public can see this record now": published, or scheduled and its time has
 * come (a scheduled record needs no job runner: it becomes visible when `published_at` passes).
 * Withdrawn records are not listed; their page is a tombstone.
 */
export function publiclyVisible<DB extends { disclosure: DisclosureTable }>(eb: ExpressionBuilder<DB, 'disclosure'>, nowIso: string) {
  const e = eb as unknown as ExpressionBuilder<{ disclosure: DisclosureTable }, 'disclosure'>;
  return e.and([e('disclosure.state', 'in', ['published', 'scheduled']), e('disclosure.published_at', '<=', nowIso)]);
}
