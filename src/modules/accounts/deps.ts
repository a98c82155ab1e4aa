// What the accounts module's parts are given (composition root: app.ts).
import type { PublicAccountsConfig } from '../../config.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import type { Db } from '../../schema.ts';

export interface AccountsDeps {
  db: Db;
  clock: Clock;
  config: PublicAccountsConfig;
  /**
   * Delivers the notification outbox now (an SMS sign-in code must not wait for the periodic
   * delivery job). Resolves when delivery was attempted; never throws.
   */
  deliverNow: () => Promise<void>;
}
