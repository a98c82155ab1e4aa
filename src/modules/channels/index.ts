// Public surface of the channels module (issue 19): self-service kiosk, hall display, window desk
// and the 政务公开专区 at county, township and village level.
export { DISPLAY_SECTIONS, DEFAULT_DISPLAY, DEFAULT_KIOSK_IDLE_SECONDS, KIOSK_USAGE_KINDS, type DisplaySection, type DisplaySlot, type KioskUsageKind } from './vocabulary.ts';
export { findChannelVenue, venuesInScope, type ChannelVenue } from './venues.ts';
export { getChannelSettings, type ChannelSettings } from './settings.repository.ts';
export { countKioskUse, kioskUsageTotals } from './kiosk-usage.ts';
export { kioskFrame, type KioskFrame } from './kiosk-frame.ts';
export { KioskPage, type KioskPageProps, type KioskVenueRef } from './views/kiosk-layout.tsx';
export { kioskRoutes, sendKioskMissing, type KioskDeps } from './kiosk.routes.tsx';
export { KioskMissingPage, kioskHome } from './views/kiosk-layout.tsx';
// The kiosk's 进度查询, 好差评 and 留言 pages (kiosk-status.routes.tsx).
export { kioskStatusRoutes, type KioskStatusDeps } from './kiosk-status.routes.tsx';
export { zoneRoutes, zoneVenueBlock } from './zones.routes.tsx';
export { loadZonesDemo } from './zones.demo.ts';
// The kiosk's item guide, the printable 办事指南 (shared with the window desk) and venue-local services.
export { kioskGuideRoutes, type KioskGuideDeps } from './kiosk-guide.routes.tsx';
export { GuideSheet, GuidePrintPage, type GuideSheetProps, type GuidePrintPageProps } from './views/guide-sheet.tsx';
// The window desk (/staff/desk): guide lookup and print, rating QR per 办件, walk-in application.
export { deskRoutes, DESK_COOKIE } from './desk.routes.tsx';
export { DESK_ROLES, type DeskDeps } from './desk.service.ts';
// The hall display (/display/{venue}, its update endpoint) and the per-venue settings pages and API.
export { displayRoutes, SETTINGS_ROLES as DISPLAY_SETTINGS_ROLES, type DisplayRouteDeps } from './display.routes.tsx';
// The frame as kiosk views take it (for kiosk pages of other modules, e.g. the assistant's).
export { kioskFrameProps } from './kiosk-frame.ts';
export type { KioskFrameProps } from './views/kiosk-home.tsx';
