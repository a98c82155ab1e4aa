// Kysely table types of the live queue (migration 0038_appointments_queue).
import type { Generated } from 'kysely';

export interface QuGroupTable {
  id: Generated<number>;
  venue_id: number;
  code: string;
  name: string;
  /** JSON array of sm_item public ids */
  item_ids: Generated<string>;
  remote: Generated<number>;
  position: number;
}

export interface QuVenueTokenTable {
  id: Generated<number>;
  /** The token's public id (QT…): the revoke form and the audit name it (migration 0047). */
  public_id: string;
  venue_id: number;
  token_hash: string;
  label: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface QuTicketTable {
  id: Generated<number>;
  public_id: string;
  venue_id: number;
  group_code: string;
  day_on: string;
  number: string;
  /** remote | hall */
  source: string;
  account_id: number | null;
  /** waiting | called | finished | no_show | cancelled */
  status: string;
  issued_at: string;
  called_at: string | null;
  finished_at: string | null;
}

export interface QuEventTable {
  id: Generated<number>;
  venue_id: number;
  ticket_id: number | null;
  group_code: string;
  /** issued | called | finished | no_show */
  kind: string;
  at: string;
  received_at: string;
  wait_min: number | null;
}

export interface QuHourlyTable {
  venue_id: number;
  day_on: string;
  hour: number;
  issued: Generated<number>;
  called: Generated<number>;
  wait_sum_min: Generated<number>;
  max_waiting: Generated<number>;
}

/** The stored forecast of a venue (migration 0049; forecast.service.ts). */
export interface QuForecastTable {
  venue_id: number;
  /** Grows when the venue's history before today changes. */
  version: Generated<number>;
  /** The version the stored forecast was computed from (0: never). */
  computed_version: Generated<number>;
  /** `today:calendar fingerprint` of the stored forecast. */
  basis: string | null;
  /** JSON VenueForecast */
  body: string | null;
  computed_at: string | null;
}

export interface QueueTables {
  qu_forecast: QuForecastTable;
  qu_group: QuGroupTable;
  qu_venue_token: QuVenueTokenTable;
  qu_ticket: QuTicketTable;
  qu_event: QuEventTable;
  qu_hourly: QuHourlyTable;
}
