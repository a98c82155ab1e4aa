import type { Generated } from 'kysely';
import type { OrganisationKind, Role } from './identity.ts';

export interface OrganisationTable {
  code: string;
  name: string;
  kind: OrganisationKind;
  region_code: string;
  parent_code: string | null;
  path: string;
  disabled: number;
  created_at: string;
}

export interface StaffUserTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  password_hash: string;
  disabled: number;
  must_change_password: number;
  failed_logins: number;
  locked_until: string | null;
  created_at: string;
  last_login_at: string | null;
}

export interface RoleGrantTable {
  id: Generated<number>;
  user_id: number;
  role: Role;
  org_code: string;
  created_at: string;
}

export interface ApiTokenTable {
  id: Generated<number>;
  user_id: number;
  token_hash: string;
  label: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

/** Wrong passwords per (username, address); see sign-in-throttle.ts. */
export interface SignInThrottleTable {
  username: string;
  address: string;
  failures: number;
  last_failed_at: string;
  blocked_until: string | null;
}

export interface IdentityTables {
  organisation: OrganisationTable;
  staff_user: StaffUserTable;
  role_grant: RoleGrantTable;
  api_token: ApiTokenTable;
  sign_in_throttle: SignInThrottleTable;
}
