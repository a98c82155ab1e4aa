// What the queue module is given by app.ts.
import type { Db } from '../../schema.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import type { PageBlocks, VenueFinder } from '../service-map/index.ts';

export interface QueueDeps {
  db: Db;
  clock: Clock;
  /** The venue and item pages' blocks: push this module's (the live queue and 取号; the waiting-time chart). */
  blocks: PageBlocks;
  /** The map's venue index: a queue change is applied to it at once (finder.noteQueue). */
  finder: VenueFinder;
  /** Remote 取号 settings (QUEUE_REMOTE_RADIUS_M, QUEUE_REMOTE_STOP_MINUTES); defaults when absent. */
  remote?: { radiusM: number; stopBeforeCloseMinutes: number };
}
