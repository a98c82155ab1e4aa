// The ordered list of migrations (names sort in order of application).
import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation.ts';
import * as m0005 from './0005_interaction.ts';

export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0005_interaction': m0005,
};
