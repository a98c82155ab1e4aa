// Kysely types of the catalogue tables (migrations/0002_catalogs.ts).
import type { Generated } from 'kysely';

export interface CatalogDomainTable {
  id: Generated<number>;
  name: string;
  sort_order: number;
  standard: number;
  created_at: string;
}

export interface CatalogTable {
  id: Generated<number>;
  org_code: string;
  kind: 'local' | 'guideline';
  level: 'county' | 'township' | 'village';
  domain_id: number;
  title: string;
  created_at: string;
}

export interface CatalogVersionTable {
  id: Generated<number>;
  catalog_id: number;
  version_no: number;
  status: 'draft' | 'published';
  origin: 'manual' | 'import' | 'derived' | 'copy';
  baseline_version_id: number | null;
  note: Generated<string>;
  created_at: string;
  created_by: string;
  published_at: string | null;
  published_by: string | null;
}

export interface CatalogItemTable {
  id: Generated<number>;
  version_id: number;
  item_key: string;
  seq: number;
  level1: string;
  level2: string;
  content: string;
  basis: string;
  deadline_text: string;
  deadline_kind: string;
  deadline_trigger: string | null;
  deadline_days: number | null;
  deadline_unit: string | null;
  deadline_period: string | null;
  body: string;
  body_org_code: string | null;
  channels: string;
  audience_public: number;
  audience_specific: number;
  mode_proactive: number;
  mode_on_request: number;
  tier_county: number;
  tier_township: number;
  tier_village: number;
}

export interface CatalogTables {
  catalog_domain: CatalogDomainTable;
  catalog: CatalogTable;
  catalog_version: CatalogVersionTable;
  catalog_item: CatalogItemTable;
}
