// Shell: the submissions an account owns — 依申请公开 applications, 民心直通车 messages, 好差评 ratings,
// 咨询登记 enquiries and assistant consultations — read through each module's index (those modules
// never import this one). Each source lists an account's own rows, finds earlier rows that match
// the account's verified phone / ID number / 统一社会信用代码 (claimable, shown before the person
// confirms), claims them, and unlinks them when the account is closed (the case itself is kept
// as the law requires: `retention` says why, and is shown on closing).
import type { Db } from '../../schema.ts';

export type RecordKind = 'application' | 'message' | 'rating' | 'enquiry' | 'consultation';

/** One submission as the owner sees it in /me (public reference, never the row number). */
export interface MyRecord {
  kind: RecordKind;
  /** The public reference (application/message reference, rating public id …). */
  ref: string;
  title: string;
  /** Current state, in Chinese. */
  status: string;
  /** ISO instant of submission. */
  submittedAt: string;
  /** Where the owner reads it in full (a /me page or the module's tracking page). */
  href: string;
}

/** What a verified account can match earlier submissions by (null = not verified). */
export interface AccountMatch {
  phone: string | null;
  /** The plain ID number (opened from the sealed one), for comparing with stored submissions. */
  idNumber: string | null;
  uscc: string | null;
}

export interface RecordSource {
  kind: RecordKind;
  /** 依申请公开申请 … (plural heading in /me). */
  label: string;
  /** Why this kind is kept when the account is closed (law and period), shown before closing. */
  retention: string;
  list(db: Db, accountId: number): Promise<MyRecord[]>;
  /** Rows not yet linked to any account that match; never rows of another account. */
  claimable(db: Db, match: AccountMatch): Promise<MyRecord[]>;
  /** Links the given refs (only those still claimable by `match`) to the account; returns how many. */
  claim(db: Db, accountId: number, match: AccountMatch, refs: readonly string[]): Promise<number>;
  /** Removes the account link from every row (closing the account). */
  unlink(db: Db, accountId: number): Promise<number>;
  /** The full row as the owner may download it (PIPL export), or null when not theirs. */
  exportOne?(db: Db, accountId: number, ref: string): Promise<Record<string, unknown> | null>;
}

/** Filled by the me-records part (one source per kind). */
export const RECORD_SOURCES: RecordSource[] = [];
