// Public surface of the opendata module (数据开放, issue 23).
export { openDataRoutes } from './opendata.routes.ts';
export { DatasetCatalogue, datasetId, type DatasetEntry } from './catalogue.ts';
export { loadOpenDataDemo } from './opendata.demo.ts';
