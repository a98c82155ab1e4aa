// Kysely table types of the interaction module (migration 0005_interaction).
import type { Generated } from 'kysely';

export interface MessageDeadlineClassTable { code: string; label: string; working_days: number }

export interface MessageCategoryTable {
  code: string;
  name: string;
  description: string;
  group_name: string;
  keywords: string;
  attributes_json: string;
  default_class: string;
  is_disclosure: number;
  sort_order: number;
  active: number;
}

export interface MessageRoutingRuleTable {
  id: Generated<number>;
  category_code: string;
  region_prefix: string;
  org_code: string;
  class_code: string;
  created_at: string;
}

export interface MessageTable {
  id: Generated<number>;
  reference: string;
  tracking_hash: string;
  source: string;
  org_code: string;
  org_path: string;
  routed_org: string | null;
  assignee_org: string | null;
  assignee_path: string | null;
  category_code: string;
  region_code: string | null;
  title: string;
  content: string;
  address: string | null;
  lat: number | null;
  lng: number | null;
  /** 1 when the citizen ticked 公开详细地址: the typed address and exact point are public; else only region names and rounded coordinates. */
  address_public: Generated<number>;
  contact_name: string | null;
  contact_phone: string | null;
  contact_email: string | null;
  is_public: number;
  sensitive: number;
  stage: string;
  class_code: string;
  received_on: string;
  due_on: string | null;
  original_due_on: string | null;
  due_explanation: string;
  /** 1 when the deadline was counted into a year without a holiday notice (暂定; recomputed when the year is loaded, migration 0018). */
  due_provisional: Generated<number>;
  assigned_on: string | null;
  replied_on: string | null;
  closed_on: string | null;
  /** 1 for a 12345 order imported closed without 办结时间 (closing date estimated; left out of 按时办结率). */
  closed_on_estimated: Generated<number>;
  rating: string | null;
  reopened: number;
  response: string | null;
  responded_on: string | null;
  application_ref: string | null;
  idempotency_key: string | null;
  work_order_no: string | null;
  operator_no: string | null;
  order_type: string | null;
  called_at: string | null;
  planned_at: string | null;
  external_status: string | null;
  event_count: number;
  created_at: string;
  updated_at: string;
  /** 0035: the resident's or enterprise's account that made or claimed it (issue 21), null = none. */
  account_id: number | null;
}

export interface MessageEventTable {
  id: Generated<number>;
  message_id: number;
  seq: number;
  type: string;
  happened_on: string;
  at: string;
  actor_id: number | null;
  actor_label: string;
  data_json: string;
}

export interface MessagePhotoTable {
  id: Generated<number>;
  message_id: number;
  content_type: string;
  size: number;
  data: Buffer;
  created_at: string;
}

export interface NotificationOutboxTable {
  id: Generated<number>;
  channel: string;
  recipient: string;
  subject: string;
  body: string;
  message_id: number | null;
  reason: string;
  status: string;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

export interface InteractionTables {
  message_deadline_class: MessageDeadlineClassTable;
  message_category: MessageCategoryTable;
  message_routing_rule: MessageRoutingRuleTable;
  message: MessageTable;
  message_event: MessageEventTable;
  message_photo: MessagePhotoTable;
  notification_outbox: NotificationOutboxTable;
}
