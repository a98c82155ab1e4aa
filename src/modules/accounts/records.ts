// Shell: the submissions an account owns — 依申请公开 applications, 民心直通车 messages, 好差评 ratings,
// 咨询登记 enquiries and assistant consultations — read through each module's index (those modules
// never import this one). Each source lists an account's own rows, finds earlier rows that match
// the account's verified phone / ID number / 统一社会信用代码 (claimable, shown before the person
// confirms), claims them, and unlinks them when the account is closed (the case itself is kept
// as the law requires: `retention` says why, and is shown on closing).
import { applicationAccounts } from '../applications/index.ts';
import { appointmentAccounts } from '../appointments/index.ts';
import { conversationAccounts } from '../assistant/index.ts';
import { enquiryAccounts } from '../enquiries/index.ts';
import { messageAccounts } from '../interaction/index.ts';
import { ratingAccounts } from '../ratings/index.ts';
import type { Db } from '../../schema.ts';

export type RecordKind = 'application' | 'message' | 'rating' | 'enquiry' | 'consultation' | 'appointment';

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
  /** claimable(): what the earlier submission matched (phone, ID number, 统一社会信用代码). */
  matchedBy?: readonly MatchedBy[];
  /** application: filed as 法人或其他组织 with this 统一社会信用代码 (the enterprise's own applications). */
  applicantCode?: string | null;
}

export type MatchedBy = 'phone' | 'id_number' | 'uscc';

/** The owner's view of one submission (what the module's tracking page shows, without the tracking code). */
export interface MyRecordDetail {
  kind: RecordKind;
  ref: string;
  title: string;
  status: string;
  submittedAt: string;
  /** What was submitted (the question, the message, the rating's text), when there is one. */
  body: string | null;
  facts: readonly { label: string; value: string }[];
  /** The steps (or turns) the owner is told about, in order. */
  events: readonly { on: string; label: string }[];
  /** The answer given to the owner (response, reply, enquiry answer), if any. */
  reply: string | null;
  /** application: the reply letter was delivered (downloadable at /me/applications/{ref}/letter). */
  letter?: boolean;
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
  /** The owner's view of one submission, or null when it is not this account's (→ 404). */
  detail?(db: Db, accountId: number, ref: string): Promise<MyRecordDetail | null>;
}

/** What each module's *.accounts.ts gives (structurally; modules never import this one). */
interface ModuleQueries {
  list(db: Db, accountId: number): Promise<{ ref: string; title: string; status: string; submittedAt: string; applicantCode?: string | null }[]>;
  claimable(db: Db, match: AccountMatch): Promise<{ ref: string; title: string; status: string; submittedAt: string; matchedBy: readonly MatchedBy[]; applicantCode?: string | null }[]>;
  claim(db: Db, accountId: number, match: AccountMatch, refs: readonly string[]): Promise<number>;
  unlink(db: Db, accountId: number): Promise<number>;
  detail(db: Db, accountId: number, ref: string): Promise<Omit<MyRecordDetail, 'kind'> | null>;
  exportOne(db: Db, accountId: number, ref: string): Promise<Record<string, unknown> | null>;
}

/** The /me page of one record of a kind (consultations share one list: enquiries and hand-offs). */
export const KIND_PATHS: Record<RecordKind, string> = {
  application: '/me/applications', message: '/me/messages', rating: '/me/ratings', enquiry: '/me/consultations', consultation: '/me/consultations',
  appointment: '/me/appointments',
};

function source(kind: RecordKind, label: string, retention: string, q: ModuleQueries): RecordSource {
  const href = (ref: string) => `${KIND_PATHS[kind]}/${encodeURIComponent(ref)}`;
  return {
    kind, label, retention,
    list: async (db, accountId) => (await q.list(db, accountId)).map((r) => ({ kind, ...r, href: href(r.ref) })),
    claimable: async (db, match) => (await q.claimable(db, match)).map((r) => ({ kind, ...r, href: href(r.ref) })),
    claim: (db, accountId, match, refs) => q.claim(db, accountId, match, refs),
    unlink: (db, accountId) => q.unlink(db, accountId),
    exportOne: (db, accountId, ref) => q.exportOne(db, accountId, ref),
    detail: async (db, accountId, ref) => { const d = await q.detail(db, accountId, ref); return d ? { kind, ...d } : null; },
  };
}

/** One source per kind, in the order /me shows them. */
export const RECORD_SOURCES: RecordSource[] = [
  source('application', '依申请公开申请', '政府信息公开申请及其答复材料按《政府信息公开条例》和档案管理规定归档保存，关闭账号后申请本身保留，只解除与账号的关联。', applicationAccounts),
  source('message', '民心直通车留言', '留言及其办理、答复记录按《国务院办公厅关于进一步优化地方政务服务便民热线的指导意见》（国办发〔2020〕53号）和信访工作有关规定保存，关闭账号后留言保留，只解除与账号的关联。', messageAccounts),
  source('rating', '好差评', '「好差评」评价及整改、答复记录按《国务院办公厅关于建立政务服务“好差评”制度提高政务服务水平的意见》（国办发〔2019〕51号）保存，关闭账号后评价保留，只解除与账号的关联。', ratingAccounts),
  source('enquiry', '咨询登记', '咨询登记是政务公开专区的工作记录，按统计和档案规定保存，关闭账号后保留，只解除与账号的关联。', enquiryAccounts),
  source('appointment', '预约', '预约记录是办事场所的工作记录，关闭账号后预约保留，只解除与账号的关联。', appointmentAccounts),
  source('consultation', '智能客服转人工', '智能客服的会话在最后一次使用 180 天后自动删除；关闭账号时先解除与账号的关联，到期后删除。', conversationAccounts),
];

export function sourceOf(kind: RecordKind): RecordSource {
  return RECORD_SOURCES.find((x) => x.kind === kind)!;
}
