// The ordered list of migrations (names sort in order of application).
import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation.ts';
import * as m0002 from './0002_catalogs.ts';
import * as m0003 from './0003_applications.ts';
import * as m0004 from './0004_service_map.ts';
import * as m0005 from './0005_interaction.ts';
import * as m0006 from './0006_disclosures.ts';
import * as m0008 from './0008_search.ts';

export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_catalogs': m0002,
  '0003_applications': m0003,
  '0004_service_map': m0004,
  '0005_interaction': m0005,
  '0006_disclosures': m0006,
  '0008_search': m0008,
};
