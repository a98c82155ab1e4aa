// Public surface of the search module.
export { searchRoutes, type SearchDeps } from './search.routes.tsx';
export { SearchService, searchJobs } from './search.service.ts';
export { loadSearchDemo } from './search.demo.ts';
export { GENERAL_SYNONYMS } from './dictionary.ts';
