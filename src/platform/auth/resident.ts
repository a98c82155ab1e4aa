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

/** The fields a 一码办 reader may ask for, with their labels (the accounts module's SHARE_FIELDS enum and the desk/kiosk panels both use this one list). */
export const SHARE_FIELD_LABELS = [
  { code: 'name', label: '姓名' },
  { code: 'phone', label: '手机号码' },
  { code: 'id_number', label: '身份证号码' },
  { code: 'uscc', label: '统一社会信用代码' },
  { code: 'org_name', label: '单位名称' },
  { code: 'email', label: '电子邮箱' },
] as const;

/** The fields a person agreed to share through 一码办 (issue 21 §4), by SHARE_FIELDS code. */
export interface SharedFields {
  name?: string;
  phone?: string;
  id_number?: string;
  uscc?: string;
  org_name?: string;
  email?: string;
}

/**
 * 一码办 as other modules see it (`app.oneCode`, set by the accounts module; null when absent): a
 * window desk or a kiosk page takes the confirmed fields of a read it started, once, to fill its
 * form on the server. Modules never import the accounts module for this.
 */
export interface OneCodeReader {
  /** The confirmed fields of read `readId` started by this staff member; null when unknown, someone else's, not (yet) confirmed, expired or already taken. */
  takeForStaff(readId: string, staffUserId: number): Promise<SharedFields | null>;
  /** The same for a read started by the kiosk of `venuePublicId`, proven by the secret the kiosk was given. */
  takeForKiosk(readId: string, venuePublicId: string, secret: string): Promise<SharedFields | null>;
}
