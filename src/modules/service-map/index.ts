// Public surface of the service-map module (政务服务地图).
export { serviceMapRoutes } from './service-map.routes.tsx';
export { importServiceMap, ImportFileError, ImportBusyError, type ImportReport, type ImportPhase } from './import.service.ts';
export { loadServiceMapDemo } from './demo.ts';
export { VenueFinder } from './service-map.service.ts';
export { CHANNELS as SERVICE_CHANNELS } from './service-map.ts';
// The figures of the public 政务服务 and 数据开放 sections (portal module).
export { serviceFigures, type ServiceFigures } from './public-figures.ts';
// The hall display of a venue (channels module): its items and how many are online.
export { venueServiceFigures, type VenueServiceFigures } from './public-figures.ts';
export { venueTypeLabel } from './service-map.ts';
// Channels (issue 19): the kiosk's item guide, the printable guide sheet (window desk too) and a
// venue's own services with this week's opening hours.
export { findItem, findVenue, itemsOfVenue, type Item, type Venue } from './service-map.repository.ts';
export { ITEM_TYPES, LEVELS, TIME_UNITS, type Guide, type Material, type ProcessStep, type FeeItem } from './service-map.ts';
export { openStatus, periodsOn, dayInfoMemo, formatPeriods, weekdayOf, WEEKDAY_LABELS, type OpenStatus, type VenueHours, type Period, type DayInfo } from './opening-hours.ts';
// Opening hours of one venue today (the kiosk's home: channels module).
export { parseWeeklyHours, formatMinutes } from './opening-hours.ts';
// The assistant (issue 20): a location given to the API must be a point inside China.
export { inChina } from './service-map.ts';
// The accounts module (issue 21 §2): an enterprise's life-cycle stage and that stage's items.
export { LIFE_EVENT_STAGES } from './service-map.ts';
export { listStages, regionsWithStages, type Stage as LifeEventStage } from './service-map.repository.ts';
// Issue 22: blocks other modules add to the venue and item pages (appointments, queue, prediction).
export { type PageBlock, type PageBlocks, type PageRef } from './page-blocks.ts';
// Issue 22 §7 and §5: the listing API and totals; life events as data (staff pages, import, publishing).
export { listingRoutes } from './listing.routes.tsx';
export { lifeEventRoutes } from './life-events.routes.tsx';
export { loadLifeEventsDemo } from './life-events.demo.ts';
// Issue 22: the one rule of which items a region's people can use (life events, 办事一本通, listing).
export { itemsAvailableIn, regionAndAncestors, type AvailableItem } from './availability.repository.ts';
// Issue 22 §6: the 办事一本通 reads items with their guides and the venues offering them in bulk.
export { findItemsByIds, venuesOfferingItems, type OfferingVenue } from './handbook-source.repository.ts';
// Issue 23 (数据开放): the service items and venues (CSV, JSONL, HSDS 3.0) and the totals per region.
export { SERVICE_MAP_DATASETS } from './service-map.datasets.ts';
