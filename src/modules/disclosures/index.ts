// Public surface of the proactive-disclosure module.
export { GENRES, VALIDITIES, DISCLOSURE_STATES, publiclyVisible, type Genre, type Validity, type DisclosureState } from './disclosures.table.ts';
export { disclosureStaffRoutes } from './disclosures.staff.routes.tsx';
export { createAndPublish, createDraft, emptyInput, type DisclosureDeps, type RecordInput } from './disclosures.service.ts';
export { loadDisclosureDemo } from './disclosures.demo.ts';
export { sanitizeHtmlBody, htmlToText } from '../../platform/html/sanitize.ts';
export { findPublicRecord } from './disclosures.repository.ts';
export { DEFAULT_INDEX_FORMAT } from './index-number.ts';
// Public platform half (lists, record pages, feeds, sitemap, 指南/目录, statistics, supervision, public API).
export { disclosurePublicRoutes } from './disclosures.public.routes.tsx';
export { publishedForCatalogItem } from './disclosures.queries.ts';
// The public home page and the 信息公开 section (portal module).
export { ORG_LEVELS, latestOfLevel, latestOfGenres, latestInterpretations, latestVisible, countVisibleSince, type OrgLevel, type HomeRecord, type InterpretedPolicy } from './home.queries.ts';
// For other modules that file a record and take it through the workflow (supervision's 季度通报).
export { act, addAttachment } from './disclosures.service.ts';
// On-time publication counts per organisation path (supervision figures).
export { publicationOnTimeByPath, type OnTimeCount as PublicationOnTimeCount } from './timeliness.queries.ts';
// The supervision module's 月检查 rules (照单公开 gaps, validity passed, record links).
export { blankItems, pastValidityRecords, recordHref, type BlankItem, type WatchRow } from './disclosures.queries.ts';
// The accounts module (issue 21): subscriptions to a 主题分类 or an organisation — the categories, the
// organisation, the publicly visible records (only public fields) and the feed documents.
export { listCategories, findOrg, listVisible, type ListFilter, type ListedRecord } from './disclosures.queries.ts';
export { atom, rss, excerpt, type Feed } from './feeds.ts';
// 数据开放 (issue 23): the visible records' metadata as a dataset.
export { disclosuresDataset } from './disclosures.datasets.ts';
