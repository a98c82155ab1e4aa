// Shell port: the only place that reads the system clock. Rules take `now`/`today` as arguments.
import { localDateOf, type LocalDate } from './local-date.ts';

export interface Clock {
  now(): Date;
  today(): LocalDate;
}

export const systemClock: Clock = {
  now: () => new Date(),
  today: () => localDateOf(new Date()),
};

/** A clock stuck at one instant, for tests. */
export function fixedClock(instant: string | Date): Clock {
  const at = new Date(instant);
  return { now: () => new Date(at), today: () => localDateOf(at) };
}
