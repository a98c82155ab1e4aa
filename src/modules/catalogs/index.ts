// Public surface of the catalogue module.
export * as catalogService from './catalog.service.ts';
export { listDomains, listCatalogs, findCatalog, itemsOf, listVersions, type Catalog, type Domain, type Version } from './catalog.repository.ts';
export type { CatalogItem, CatalogLevel } from './catalog-model.ts';
