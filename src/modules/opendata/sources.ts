// Every module's datasets (issue 23), read through their index files (those modules never import
// this one). Add a module's DatasetSources here, one line each.
import type { DatasetSource } from '../../platform/datasets/datasets.ts';
import type { Database } from '../../schema.ts';
import { SERVICE_MAP_DATASETS } from '../service-map/index.ts';

export const DATASET_SOURCES: readonly DatasetSource<Database>[] = [
  ...SERVICE_MAP_DATASETS,
];
