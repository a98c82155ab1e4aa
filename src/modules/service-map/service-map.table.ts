// Kysely table types of the service map (migration 0004_service_map).
import type { Generated } from 'kysely';

export interface SmVenueTable {
  id: Generated<number>;
  public_id: string;
  name: string;
  type: string;
  level: string;
  region_code: string;
  org_code: string;
  address: string;
  lat: number;
  lng: number;
  hours_json: string;
  is_24h: number;
  holiday_rule: string;
  phone: string;
  photos_json: string;
  verified_on: string | null;
  host_venue_id: string | null;
  rating: number | null;
  rating_count: number;
  queue_waiting: number | null;
  queue_wait_minutes: number | null;
  queue_updated_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface SmItemTable {
  id: Generated<number>;
  public_id: string;
  name: string;
  basic_code: string;
  implementing_code: string;
  type: string;
  department: string;
  implementing_body: string;
  region_code: string;
  level: string;
  keywords: string;
  online_url: string | null;
  mobile_url: string | null;
  channels: string;
  legal_limit: number | null;
  legal_unit: string | null;
  promised_limit: number | null;
  promised_unit: string | null;
  visits: number | null;
  guide_json: string | null;
  created_at: string;
  updated_at: string;
}

export interface SmVenueItemTable { venue_id: number; item_id: number }

export interface SmLifeEventStageTable {
  id: Generated<number>;
  region_code: string;
  audience: string;
  position: number;
  slug: string;
  name: string;
  description: string;
  catalogue_refs: string;
}

export interface SmLifeEventItemTable { stage_id: number; item_id: number; position: number }

/** A government's life-event set (migration 0039): its draft (JSON) and the published version's number, who and when. */
export interface SmLifeEventSetTable {
  id: Generated<number>;
  region_code: string;
  org_code: string;
  draft_json: string | null;
  draft_updated_at: string | null;
  draft_updated_by: string | null;
  published_version: number;
  published_at: string | null;
  published_by: string | null;
}

export interface SmImportRunTable {
  id: Generated<number>;
  kind: string;
  file_sha256: string;
  file_name: string;
  total_rows: number;
  done_rows: number;
  status: string;
  started_at: string;
  updated_at: string;
  /** host:pid of the process staging the run (migration 0011). */
  owner: string | null;
}

/** Staged rows of an import run (migration 0011): the live table's columns, no ids or times. */
export type SmImportStageItemTable = Omit<SmItemTable, 'id' | 'created_at' | 'updated_at'> & { run_id: number; seq: number };
export type SmImportStageVenueTable = Omit<SmVenueTable, 'id' | 'created_at' | 'updated_at' | 'queue_waiting' | 'queue_wait_minutes' | 'queue_updated_at'> & { run_id: number; seq: number };
export interface SmImportStageLinkTable { run_id: number; seq: number; venue_public_id: string; item_public_id: string }

/** Public totals per region prefix and metric (migration 0041; listing.repository.ts). */
export interface SmRegionTotalTable { region_prefix: string; metric: string; n: number }

/** Items per department of each venue (migration 0049), rewritten with every change of the venue's items. */
export interface SmVenueDepartmentTable { venue_id: number; department: string; item_count: number }

export interface SmStateTable { key: string; value: number }

export interface ServiceMapTables {
  sm_venue: SmVenueTable;
  sm_item: SmItemTable;
  sm_venue_item: SmVenueItemTable;
  sm_life_event_stage: SmLifeEventStageTable;
  sm_life_event_item: SmLifeEventItemTable;
  sm_life_event_set: SmLifeEventSetTable;
  sm_import_run: SmImportRunTable;
  sm_import_stage_item: SmImportStageItemTable;
  sm_import_stage_venue: SmImportStageVenueTable;
  sm_import_stage_link: SmImportStageLinkTable;
  sm_state: SmStateTable;
  sm_region_total: SmRegionTotalTable;
  sm_venue_department: SmVenueDepartmentTable;
}
