// Public surface of the catalogue module.
export * as catalogService from './catalog.service.ts';
export { listDomains, listCatalogs, countPublishedCatalogs, findCatalog, itemsOf, listVersions, resolveItemRefs, type Catalog, type Domain, type Version } from './catalog.repository.ts';
export type { CatalogItem, CatalogLevel } from './catalog-model.ts';
export { catalogRoutes } from './catalog.routes.tsx';
export { loadCatalogDemo } from './catalog.demo.ts';
export { MAX_IMPORT_BYTES } from './catalog-files.ts';
// 数据开放 (issue 23): the published catalogues and their items as a dataset.
export { catalogsDataset } from './catalogs.datasets.ts';
