// What the assistant's parts are given (composition root: app.ts).
import type { AssistantConfig } from '../../config.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import type { Db } from '../../schema.ts';
import type { SearchService } from '../search/index.ts';
import type { VenueFinder } from '../service-map/index.ts';

export interface AssistantDeps {
  db: Db;
  clock: Clock;
  /** The search module's index (the same analyzer, synonyms, pinyin and typo handling as /search). */
  search: SearchService;
  /** The service map's nearest-venue index and opening hours on the working-day calendar. */
  finder: VenueFinder;
  config: AssistantConfig;
}
