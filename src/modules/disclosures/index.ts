// Public surface of the proactive-disclosure module.
export { GENRES, VALIDITIES, DISCLOSURE_STATES, publiclyVisible, type Genre, type Validity, type DisclosureState } from './disclosures.table.ts';
// Public platform half (lists, record pages, feeds, sitemap, 指南/目录, statistics, supervision, public API).
export { disclosurePublicRoutes } from './disclosures.public.routes.tsx';
export { publishedForCatalogItem } from './disclosures.queries.ts';
