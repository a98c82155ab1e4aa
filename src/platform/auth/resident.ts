// Pure: the signed-in resident or enterprise (issue 21), as every module sees it on
// `request.resident`. Modules never import the accounts module for this: they read this type and,
// for the one field that is sealed (the ID number), call platform/auth/pii.ts openPii.
export type ResidentKind = 'person' | 'enterprise';

export interface Resident {
  accountId: number;
  /** The account's public id (never the row number). */
  publicId: string;
  kind: ResidentKind;
  /** sms | oidc: how this session was signed in. */
  method: 'sms' | 'oidc';
  /** What the header shows: the verified name, else the masked phone. */
  displayName: string;
  /** Verified claims; null when the sign-in did not give them (an SMS sign-in gives only the phone). */
  name: string | null;
  /** 11-digit mobile number, verified (by the SMS code or the identity service). */
  phone: string | null;
  /** 「130427********1234」; the full number only through openPii(idNumberSealed). */
  idNumberMasked: string | null;
  idNumberSealed: string | null;
  /** HMAC of the ID number (pii.ts idNumberHash), for matching earlier submissions. */
  idNumberHash: string | null;
  uscc: string | null;
  orgName: string | null;
  /** Confirmed e-mail address, if any. */
  email: string | null;
  /** True once the current consent text has been accepted (first use). */
  consented: boolean;
}
