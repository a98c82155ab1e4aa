import type { RegionLevel } from '../../platform/geo/region-code.ts';

export type { RegionLevel };

export interface RegionTable {
  code: string;
  name: string;
  level: RegionLevel;
  parent_code: string | null;
}

export interface RegionTables {
  region: RegionTable;
}
