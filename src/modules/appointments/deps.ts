// What the appointments module is given by app.ts.
import type { Db } from '../../schema.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import type { PageBlocks } from '../service-map/index.ts';

export interface AppointmentDeps {
  db: Db;
  clock: Clock;
  /** The venue and item pages' blocks: push this module's (next free slots). */
  blocks: PageBlocks;
  /** Sends what the outbox holds now (confirmation codes); absent in tests that run the outbox by hand. */
  deliverNow?: () => Promise<void>;
}
