// Every module's datasets (issue 23), read through their index files (those modules never import
// this one). Add a module's DatasetSources here, one line each.
import type { DatasetSource } from '../../platform/datasets/datasets.ts';
import type { Database } from '../../schema.ts';
import { regionsDataset } from '../regions/index.ts';
import { organisationsDataset } from '../identity/index.ts';
import { catalogsDataset } from '../catalogs/index.ts';
import { disclosuresDataset } from '../disclosures/index.ts';
import { applicationStatisticsDataset } from '../reports/index.ts';
import { messageStatisticsDataset } from '../interaction/index.ts';
import { ratingStatisticsDataset } from '../ratings/index.ts';
import { supervisionResultsDataset } from '../supervision/index.ts';
import { SERVICE_MAP_DATASETS } from '../service-map/index.ts';

export const DATASET_SOURCES: readonly DatasetSource<Database>[] = [
  regionsDataset,
  organisationsDataset,
  catalogsDataset,
  disclosuresDataset(),
  applicationStatisticsDataset(),
  messageStatisticsDataset,
  ratingStatisticsDataset,
  supervisionResultsDataset,
  ...SERVICE_MAP_DATASETS,
];
