// The ordered list of migrations (names sort in order of application).
import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation.ts';
import * as m0002 from './0002_catalogs.ts';
import * as m0003 from './0003_applications.ts';
import * as m0004 from './0004_service_map.ts';
import * as m0005 from './0005_interaction.ts';
import * as m0006 from './0006_disclosures.ts';
import * as m0007 from './0007_annual_reports.ts';
import * as m0008 from './0008_search.ts';
import * as m0009 from './0009_disclosure_public_indexes.ts';
import * as m0010 from './0010_hotline_closed_on.ts';
import * as m0011 from './0011_sign_in_throttle.ts';
import * as m0012 from './0012_audit_org.ts';
import * as m0013 from './0013_jobs.ts';
import * as m0014 from './0014_import_staging.ts';
import * as m0015 from './0015_message_address_public.ts';
import * as m0016 from './0016_application_letters.ts';
import * as m0017 from './0017_application_letter_text.ts';
import * as m0018 from './0018_message_due_provisional.ts';
import * as m0019 from './0019_disclosure_genre_detail.ts';
import * as m0020 from './0020_participation.ts';
import * as m0021 from './0021_disclosure_openness.ts';
import * as m0022 from './0022_boards.ts';
import * as m0023 from './0023_portal.ts';
import * as m0024 from './0024_ratings.ts';
import * as m0025 from './0025_supervision.ts';
import * as m0028 from './0028_rating_updated.ts';
import * as m0031 from './0031_supervision_figure_indexes.ts';
import * as m0032 from './0032_channels.ts';
import * as m0033 from './0033_assistant.ts';
import * as m0034 from './0034_assistant_handoff.ts';
import * as m0035 from './0035_accounts.ts';
import * as m0036 from './0036_account_link_base.ts';
import * as m0037 from './0037_account_match_indexes.ts';
import * as m0038 from './0038_appointments_queue.ts';
import * as m0039 from './0039_life_event_sets.ts';
import * as m0041 from './0041_service_map_listing.ts';
import * as m0042 from './0042_queue_one_waiting.ts';
import * as m0043 from './0043_appointment_person_indexes.ts';
import * as m0044 from './0044_open_data.ts';
import * as m0047 from './0047_queue_token_public_id.ts';
import * as m0048 from './0048_open_data_openness.ts';
import * as m0049 from './0049_precomputed_venue_figures.ts';
import * as m0050 from './0050_search_event_append_only.ts';
import * as m0052 from './0052_search_event_day.ts';

export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_catalogs': m0002,
  '0003_applications': m0003,
  '0004_service_map': m0004,
  '0005_interaction': m0005,
  '0006_disclosures': m0006,
  '0007_annual_reports': m0007,
  '0008_search': m0008,
  '0009_disclosure_public_indexes': m0009,
  '0010_hotline_closed_on': m0010,
  '0011_sign_in_throttle': m0011,
  '0012_audit_org': m0012,
  '0013_jobs': m0013,
  '0014_import_staging': m0014,
  '0015_message_address_public': m0015,
  '0016_application_letters': m0016,
  '0017_application_letter_text': m0017,
  '0018_message_due_provisional': m0018,
  '0019_disclosure_genre_detail': m0019,
  '0020_participation': m0020,
  '0021_disclosure_openness': m0021,
  '0022_boards': m0022,
  '0023_portal': m0023,
  '0024_ratings': m0024,
  '0025_supervision': m0025,
  '0028_rating_updated': m0028,
  '0031_supervision_figure_indexes': m0031,
  '0032_channels': m0032,
  '0033_assistant': m0033,
  '0034_assistant_handoff': m0034,
  '0035_accounts': m0035,
  '0036_account_link_base': m0036,
  '0037_account_match_indexes': m0037,
  '0038_appointments_queue': m0038,
  '0039_life_event_sets': m0039,
  '0041_service_map_listing': m0041,
  '0042_queue_one_waiting': m0042,
  '0043_appointment_person_indexes': m0043,
  '0044_open_data': m0044,
  '0047_queue_token_public_id': m0047,
  '0048_open_data_openness': m0048,
  '0049_precomputed_venue_figures': m0049,
  '0050_search_event_append_only': m0050,
  '0052_search_event_day': m0052, // (0051 was never used: a migration numbered below one already run is refused, so the next is 0053)
};
