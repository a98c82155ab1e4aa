// Public surface of the regions module.
export { regionRoutes } from './regions.routes.tsx';
export { findRegion, findAncestry, findChildren, importRegions, countRegions, type Region } from './region.repository.ts';
export { parseRegionCsv, levelOfCode, REGION_LEVEL_LABELS, type RegionRow } from './region-csv.ts';
export type { RegionLevel } from './region.table.ts';
export { regionsDataset } from './regions.datasets.ts';
