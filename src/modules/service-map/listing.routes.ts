// Shell: listing the map's data (issue 22 §7) — GET /api/v1/venues without `near` and GET /api/v1/items by
// region, type and channel with cursor paging; public totals per region. (Builder G fills this in.)
import type { App } from '../../platform/web/server.tsx';
import type { Clock } from '../../platform/clock/clock.ts';
import type { Db } from '../../schema.ts';

export interface ListingDeps { db: Db; clock: Clock }

export async function listingRoutes(_app: App, _deps: ListingDeps): Promise<void> {}
