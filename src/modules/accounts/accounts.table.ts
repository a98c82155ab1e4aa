// Kysely table types of residents' and enterprises' accounts (migration 0035_accounts).
import type { Generated } from 'kysely';

export interface PaAccountTable {
  id: Generated<number>;
  public_id: string;
  login_key: string;
  kind: string;
  via: string;
  display_name: string;
  name: string | null;
  phone: string | null;
  id_number_hash: string | null;
  id_number_masked: string | null;
  id_number_sealed: string | null;
  uscc: string | null;
  org_name: string | null;
  email: string | null;
  email_pending: string | null;
  email_token_hash: string | null;
  email_token_expires_at: string | null;
  feed_token_hash: string | null;
  enterprise_stage: string | null;
  consent_version: string | null;
  consented_at: string | null;
  oidc_issuer: string | null;
  oidc_subject: string | null;
  created_at: string;
  last_sign_in_at: string | null;
  closed_at: string | null;
  closed_reason: string | null;
  /** 0036: scheme://host of the site where the e-mail was set; the digest's links start with it. */
  link_base: Generated<string | null>;
}

export interface PaSessionTable {
  id_hash: string;
  account_id: number;
  method: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

export interface PaSignInCodeTable {
  id: Generated<number>;
  phone: string;
  code_hash: string;
  address_key: string;
  created_at: string;
  expires_at: string;
  attempts: Generated<number>;
  used_at: string | null;
}

export interface PaOidcFlowTable {
  state_hash: string;
  nonce: string;
  code_verifier: string;
  return_to: string;
  created_at: string;
  expires_at: string;
}

export interface PaSavedTable {
  id: Generated<number>;
  account_id: number;
  kind: string;
  ref: string;
  title: string;
  created_at: string;
}

export interface PaSubscriptionTable {
  id: Generated<number>;
  public_id: string;
  account_id: number;
  target_kind: string;
  target_ref: string;
  target_label: string;
  delivery: string;
  created_at: string;
  sent_until: string | null;
}

export interface PaCodeTable {
  id: Generated<number>;
  public_id: string;
  account_id: number;
  token_hash: string;
  short_hash: string;
  created_at: string;
  expires_at: string;
  state: string;
  reader_kind: string | null;
  reader_ref: string | null;
  reader_label: string | null;
  reader_org_path: string | null;
  venue_public_id: string | null;
  fields_json: string | null;
  purpose: string | null;
  reader_secret_hash: string | null;
  scanned_at: string | null;
  decided_at: string | null;
  used_at: string | null;
}

export interface PaActivityTable {
  id: Generated<number>;
  account_id: number;
  kind: string;
  detail: string;
  created_at: string;
}

export interface AccountTables {
  pa_account: PaAccountTable;
  pa_session: PaSessionTable;
  pa_sign_in_code: PaSignInCodeTable;
  pa_oidc_flow: PaOidcFlowTable;
  pa_saved: PaSavedTable;
  pa_subscription: PaSubscriptionTable;
  pa_code: PaCodeTable;
  pa_activity: PaActivityTable;
}
