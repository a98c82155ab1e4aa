// Kysely table types of the search module (migrations/0008_search.ts).
import type { Generated } from 'kysely';

export interface SearchChangeTable {
  id: Generated<number>;
  source: string;
  source_id: string;
  at: string;
}

export interface SearchSynonymTable {
  id: Generated<number>;
  /** Equivalent terms separated by 、 or spaces; the first is the formal term. */
  terms: string;
  note: Generated<string>;
  /** 'general' (seeded dictionary) or 'editor'. */
  origin: Generated<string>;
  created_at: string;
  updated_at: string;
}

/** Anonymous: no user, session, IP or region of the searcher. */
export interface SearchEventTable {
  id: Generated<number>;
  kind: 'search' | 'click';
  query: string;
  result_count: Generated<number>;
  doc_type: string | null;
  doc_id: string | null;
  doc_title: string | null;
  at: string;
}

/** The log's totals per UTC day, kind and key (query, or opened result's title), kept by a trigger (migration 0052). */
export interface SearchEventDayTable {
  day_on: string;
  kind: 'search' | 'click';
  doc_type: string;
  key: string;
  has_results: number;
  n: number;
  last_at: string;
}

export interface SearchZeroStatusTable {
  query: string;
  status: 'resolved' | 'ignored';
  decided_at: string;
  decided_by: string;
}

export interface SearchTables {
  search_change: SearchChangeTable;
  search_synonym: SearchSynonymTable;
  search_event: SearchEventTable;
  search_event_day: SearchEventDayTable;
  search_zero_status: SearchZeroStatusTable;
}
