// Test helper: a signed-in resident or enterprise without going through a sign-in method (the
// sign-in tests go through the real ones). Creates (or finds) the account by its login key, records
// consent unless told not to, and returns a Cookie header with gk_me and the test CSRF token.
import { hashSecret, randomSecret } from '../../src/platform/auth/tokens.ts';
import { loginKeyForPhone, signInAccount, type VerifiedProfile } from '../../src/modules/accounts/accounts.repository.ts';
import { CONSENT_VERSION } from '../../src/modules/accounts/vocabulary.ts';
import type { Db } from '../../src/schema.ts';
import { CSRF } from './app.ts';

export interface TestResident {
  cookie: string;
  accountId: number;
  publicId: string;
}

export async function signInResident(db: Db, profile: Partial<VerifiedProfile> & { phone: string }, opts: { consented?: boolean; now?: Date; loginKey?: string } = {}): Promise<TestResident> {
  const now = opts.now ?? new Date();
  const full: VerifiedProfile = { kind: 'person', name: null, idNumber: null, uscc: null, orgName: null, ...profile };
  const { account } = await signInAccount(db, opts.loginKey ?? loginKeyForPhone(profile.phone), opts.loginKey?.startsWith('oidc:') ? 'oidc' : 'sms', full, now);
  if (opts.consented !== false) {
    await db.updateTable('pa_account').set({ consent_version: CONSENT_VERSION, consented_at: now.toISOString() }).where('id', '=', account.id).execute();
  }
  const sid = randomSecret();
  await db.insertInto('pa_session').values({
    id_hash: hashSecret(sid), account_id: account.id, method: opts.loginKey?.startsWith('oidc:') ? 'oidc' : 'sms',
    created_at: now.toISOString(), last_seen_at: now.toISOString(), expires_at: new Date(now.getTime() + 3600_000).toISOString(),
  }).execute();
  return { cookie: `gk_me=${sid}; gk_csrf=${CSRF}`, accountId: account.id, publicId: account.public_id };
}
