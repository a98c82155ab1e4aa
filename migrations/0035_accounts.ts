// Residents' and enterprises' accounts (issue 21): sign-in through the province's identity service
// (OIDC) or a phone + SMS code, the personal space (/me), saved items, subscriptions, 一码办 codes,
// and the link from each submission (application, message, rating, enquiry, assistant conversation)
// to the account that made or claimed it.
import type { Kysely } from 'kysely';
import { withId } from './helpers.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await withId(db, db.schema.createTable('pa_account'))
    .addColumn('public_id', 'text', (c) => c.notNull().unique())
    // how this account signs in, one account per key: sms:<phone> | oidc:<issuer>#<sub> | closed:<public_id>
    .addColumn('login_key', 'text', (c) => c.notNull().unique())
    // person | enterprise (ACCOUNT_KINDS)
    .addColumn('kind', 'text', (c) => c.notNull())
    // sms | oidc (SIGN_IN_METHODS): the method that created it
    .addColumn('via', 'text', (c) => c.notNull())
    // what the header shows: the verified name, else the masked phone
    .addColumn('display_name', 'text', (c) => c.notNull())
    // verified claims (OIDC) or the verified phone (SMS); null when not given
    .addColumn('name', 'text')
    .addColumn('phone', 'text')
    // HMAC of the 居民身份证号码 (for matching earlier submissions), its masked form, and the number
    // sealed with AES-256-GCM (platform/auth/pii.ts) for filling forms the person confirms
    .addColumn('id_number_hash', 'text')
    .addColumn('id_number_masked', 'text')
    .addColumn('id_number_sealed', 'text')
    // enterprise: 统一社会信用代码 and name
    .addColumn('uscc', 'text')
    .addColumn('org_name', 'text')
    // e-mail for subscriptions, set once confirmed by its link; the pending one and its link's hash
    .addColumn('email', 'text')
    .addColumn('email_pending', 'text')
    .addColumn('email_token_hash', 'text')
    .addColumn('email_token_expires_at', 'text')
    // hash of the secret in the personal feed URL (/me/feed/<token>), null = no feed
    .addColumn('feed_token_hash', 'text')
    // enterprise: the 企业 life-cycle stage it is in (service map's LIFE_EVENT_STAGES code)
    .addColumn('enterprise_stage', 'text')
    // the consent text version accepted before first use (CONSENT_VERSION), and when
    .addColumn('consent_version', 'text')
    .addColumn('consented_at', 'text')
    .addColumn('oidc_issuer', 'text')
    .addColumn('oidc_subject', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_sign_in_at', 'text')
    // closed by the person (PIPL): personal data erased, this row kept as a tombstone with the reason
    .addColumn('closed_at', 'text')
    .addColumn('closed_reason', 'text')
    .execute();
  await db.schema.createIndex('pa_account_phone').on('pa_account').column('phone').execute();
  await db.schema.createIndex('pa_account_id_hash').on('pa_account').column('id_number_hash').execute();
  await db.schema.createIndex('pa_account_feed').on('pa_account').column('feed_token_hash').execute();
  await db.schema.createIndex('pa_account_email_token').on('pa_account').column('email_token_hash').execute();

  // a resident's session: the cookie holds a random id, the table its hash
  await db.schema.createTable('pa_session')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'integer', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('pa_session_account').on('pa_session').column('account_id').execute();
  await db.schema.createIndex('pa_session_expires').on('pa_session').column('expires_at').execute();

  // one SMS sign-in code: 6 digits, 5 minutes, 5 tries; only the code's hash is kept
  await withId(db, db.schema.createTable('pa_sign_in_code'))
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('code_hash', 'text', (c) => c.notNull())
    // the requesting address's key (platform/web/client-address.ts), for the flood limit
    .addColumn('address_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('used_at', 'text')
    .execute();
  await db.schema.createIndex('pa_sign_in_code_phone').on('pa_sign_in_code').columns(['phone', 'created_at']).execute();
  await db.schema.createIndex('pa_sign_in_code_address').on('pa_sign_in_code').columns(['address_key', 'created_at']).execute();

  // an OIDC sign-in under way: state (its hash is the key, the browser holds it in a cookie), nonce, PKCE verifier
  await db.schema.createTable('pa_oidc_flow')
    .addColumn('state_hash', 'text', (c) => c.primaryKey())
    .addColumn('nonce', 'text', (c) => c.notNull())
    .addColumn('code_verifier', 'text', (c) => c.notNull())
    .addColumn('return_to', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();

  // saved items and venues (收藏)
  await withId(db, db.schema.createTable('pa_saved'))
    .addColumn('account_id', 'integer', (c) => c.notNull())
    // item | venue (SAVED_KINDS)
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('ref', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('pa_saved_unique').on('pa_saved').columns(['account_id', 'kind', 'ref']).unique().execute();

  // subscriptions to a disclosure category or an organisation's new records
  await withId(db, db.schema.createTable('pa_subscription'))
    .addColumn('public_id', 'text', (c) => c.notNull().unique())
    .addColumn('account_id', 'integer', (c) => c.notNull())
    // category | organisation (SUBSCRIPTION_TARGETS)
    .addColumn('target_kind', 'text', (c) => c.notNull())
    .addColumn('target_ref', 'text', (c) => c.notNull())
    .addColumn('target_label', 'text', (c) => c.notNull())
    // email | feed (SUBSCRIPTION_DELIVERIES)
    .addColumn('delivery', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    // the newest record already sent (its published time), so each record is sent once
    .addColumn('sent_until', 'text')
    .execute();
  await db.schema.createIndex('pa_subscription_unique').on('pa_subscription').columns(['account_id', 'target_kind', 'target_ref']).unique().execute();

  // 一码办: one code shown by the person, scanned by a window or kiosk, confirmed on the phone
  await withId(db, db.schema.createTable('pa_code'))
    .addColumn('public_id', 'text', (c) => c.notNull().unique())
    .addColumn('account_id', 'integer', (c) => c.notNull())
    // hashes of the QR token and of the 8-character code under it (no personal data in either)
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('short_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    // issued | scanned | confirmed | declined | used | expired (CODE_STATES)
    .addColumn('state', 'text', (c) => c.notNull())
    // who scanned: desk (a staff member at a window) | kiosk (a venue's kiosk)
    .addColumn('reader_kind', 'text')
    .addColumn('reader_ref', 'text')
    .addColumn('reader_label', 'text')
    .addColumn('reader_org_path', 'text')
    .addColumn('venue_public_id', 'text')
    // the fields asked for (JSON array of SHARE_FIELDS) and what the form is for
    .addColumn('fields_json', 'text')
    .addColumn('purpose', 'text')
    // hash of the secret the reader polls with, so only the scanning screen receives the data
    .addColumn('reader_secret_hash', 'text')
    .addColumn('scanned_at', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('used_at', 'text')
    .execute();
  await db.schema.createIndex('pa_code_account').on('pa_code').columns(['account_id', 'created_at']).execute();

  // what happened in the account, shown to the person (sign-ins, 一码办 uses, claims, exports)
  await withId(db, db.schema.createTable('pa_activity'))
    .addColumn('account_id', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('pa_activity_account').on('pa_activity').columns(['account_id', 'created_at']).execute();

  // each submission remembers the account that made or claimed it (null = none)
  for (const table of ['application_case', 'message', 'rating', 'enquiry', 'as_conversation']) {
    await db.schema.alterTable(table).addColumn('account_id', 'integer').execute();
    await db.schema.createIndex(`${table}_account`).on(table).column('account_id').execute();
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['application_case', 'message', 'rating', 'enquiry', 'as_conversation']) {
    await db.schema.dropIndex(`${table}_account`).execute();
    await db.schema.alterTable(table).dropColumn('account_id').execute();
  }
  for (const t of ['pa_activity', 'pa_code', 'pa_subscription', 'pa_saved', 'pa_oidc_flow', 'pa_sign_in_code', 'pa_session', 'pa_account']) {
    await db.schema.dropTable(t).execute();
  }
}
