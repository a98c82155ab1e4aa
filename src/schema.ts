// The whole database as one Kysely type: platform tables plus each module's tables.
import type { Kysely } from 'kysely';
import type { PlatformDatabase } from './platform/db/platform-database.ts';
import type { RegionTables } from './modules/regions/region.table.ts';
import type { IdentityTables } from './modules/identity/identity.table.ts';
import type { CatalogTables } from './modules/catalogs/catalog.table.ts';
import type { ApplicationTables } from './modules/applications/applications.table.ts';
import type { ServiceMapTables } from './modules/service-map/service-map.table.ts';
import type { InteractionTables } from './modules/interaction/interaction.table.ts';
import type { DisclosureTables } from './modules/disclosures/disclosures.table.ts';
import type { ReportTables } from './modules/reports/reports.table.ts';
import type { SearchTables } from './modules/search/search.table.ts';
import type { BoardTables } from './modules/boards/boards.table.ts';
import type { RatingTables } from './modules/ratings/ratings.table.ts';
import type { SupervisionTables } from './modules/supervision/supervision.table.ts';
import type { ParticipationTables } from './modules/participation/participation.table.ts';
import type { PortalTables } from './modules/portal/portal.table.ts';
import type { EnquiryTables } from './modules/enquiries/enquiries.table.ts';
import type { ChannelTables } from './modules/channels/channels.table.ts';
import type { AssistantTables } from './modules/assistant/assistant.table.ts';
import type { AccountTables } from './modules/accounts/accounts.table.ts';
import type { AppointmentTables } from './modules/appointments/appointments.table.ts';
import type { QueueTables } from './modules/queue/queue.table.ts';
import type { OpenDataTables } from './modules/opendata/opendata.table.ts';

export interface Database extends PlatformDatabase, RegionTables, IdentityTables, CatalogTables, ApplicationTables, ServiceMapTables, InteractionTables, DisclosureTables, ReportTables, SearchTables, BoardTables, ParticipationTables, PortalTables, RatingTables, SupervisionTables, EnquiryTables, ChannelTables, AssistantTables, AccountTables, AppointmentTables, QueueTables, OpenDataTables {}

export type Db = Kysely<Database>;

/** The platform's view of the same database (platform code knows only its own tables). */
export function platformView(db: Kysely<Database>): Kysely<PlatformDatabase> {
  // Kysely's type parameter is invariant; the platform tables are a subset of Database.
  return db as unknown as Kysely<PlatformDatabase>;
}
