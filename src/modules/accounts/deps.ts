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
  /** A demo install whose SMS go to the console log (DEMO_DATA with NOTIFY_PROVIDER=console): the sign-in page says where the code is. */
  smsCodeInLog?: boolean;
}
