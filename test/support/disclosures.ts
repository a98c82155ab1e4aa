// Test fixture: disclosure records written straight into the tables with the contracted columns
// (the staff half's service owns the real workflow; the public platform only reads these rows).
import type { Db } from '../../src/schema.ts';

export interface RecordSpec {
  indexNo: string;
  orgCode?: string;
  title?: string;
  state?: 'draft' | 'submitted' | 'rejected' | 'approved' | 'scheduled' | 'published' | 'withdrawn';
  publishedAt?: string | null;
  genre?: string;
  category?: string;
  validity?: 'effective' | 'expired' | 'repealed';
  summary?: string;
  bodyHtml?: string;
  bodyText?: string;
  documentNo?: string | null;
  writtenOn?: string | null;
  formedOn?: string;
  expiresOn?: string | null;
  dueOn?: string | null;
  dueExplanation?: string | null;
  lateWorkingDays?: number | null;
  withdrawnReason?: string | null;
  /** When a withdrawn record was withdrawn (default 2026-02-20 10:00 Beijing). */
  withdrawnAt?: string;
  versionNo?: number;
}

const orgCache = new WeakMap<Db, Map<string, { path: string; name: string }>>();

async function orgOf(db: Db, code: string) {
  let m = orgCache.get(db);
  if (!m) { m = new Map(); orgCache.set(db, m); }
  let o = m.get(code);
  if (!o) {
    const r = await db.selectFrom('organisation').select(['path', 'name']).where('code', '=', code).executeTakeFirstOrThrow();
    o = { path: r.path, name: r.name };
    m.set(code, o);
  }
  return o;
}

/** The local date (Beijing) of an ISO instant. */
export function localDay(iso: string): string {
  return new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** Inserts one record; returns its id. Defaults: published 2026-02-10 by 磁县人民政府, a 通知 in 综合政务. */
export async function insertRecord(db: Db, s: RecordSpec): Promise<number> {
  const orgCode = s.orgCode ?? '130427';
  const org = await orgOf(db, orgCode);
  const state = s.state ?? 'published';
  const publishedAt = s.publishedAt === undefined ? (['published', 'scheduled', 'withdrawn'].includes(state) ? '2026-02-10T02:00:00.000Z' : null) : s.publishedAt;
  const r = await db.insertInto('disclosure').values({
    index_no: s.indexNo,
    index_serial: Number(/(\d+)$/.exec(s.indexNo)?.[1] ?? 1),
    org_code: orgCode,
    org_path: org.path,
    publisher: org.name,
    title: s.title ?? `测试信息 ${s.indexNo}`,
    document_no: s.documentNo ?? null,
    summary: s.summary ?? '',
    body_html: s.bodyHtml ?? '<p>正文</p>',
    body_text: s.bodyText ?? '正文',
    genre: s.genre ?? 'notice',
    category_code: s.category ?? 'zhzw',
    validity: s.validity ?? 'effective',
    effective_on: null,
    expires_on: s.expiresOn ?? null,
    repealed_on: null,
    written_on: s.writtenOn ?? null,
    formed_on: s.formedOn ?? '2026-02-01',
    state,
    published_at: publishedAt,
    published_on: publishedAt ? localDay(publishedAt) : null,
    withdrawn_at: state === 'withdrawn' ? (s.withdrawnAt ?? '2026-02-20T02:00:00.000Z') : null,
    withdrawn_reason: state === 'withdrawn' ? (s.withdrawnReason ?? '内容已过时') : null,
    due_on: s.dueOn ?? null,
    due_explanation: s.dueExplanation ?? null,
    late_working_days: s.lateWorkingDays ?? null,
    version_no: s.versionNo ?? 1,
    author_id: null,
    created_at: '2026-02-01T02:00:00.000Z',
    updated_at: publishedAt ?? '2026-02-01T02:00:00.000Z',
  }).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function linkItem(db: Db, disclosureId: number, catalogId: number, itemKey: string): Promise<void> {
  await db.insertInto('disclosure_catalog_item').values({ disclosure_id: disclosureId, catalog_id: catalogId, item_key: itemKey }).execute();
}

export async function linkRecords(db: Db, fromId: number, toId: number, kind = 'interprets'): Promise<void> {
  await db.insertInto('disclosure_link').values({ from_id: fromId, to_id: toId, kind }).execute();
}

export async function addAttachment(db: Db, disclosureId: number, filename: string, bytes = Buffer.from('%PDF-1.4\n')): Promise<number> {
  const r = await db.insertInto('disclosure_attachment').values({ disclosure_id: disclosureId, filename, mime: 'application/pdf', size_bytes: bytes.length, content_base64: bytes.toString('base64'), created_at: '2026-02-01T02:00:00.000Z' }).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function addVersion(db: Db, disclosureId: number, versionNo: number, changeNote: string): Promise<void> {
  await db.insertInto('disclosure_version').values({ disclosure_id: disclosureId, version_no: versionNo, title: 't', body_html: '', metadata_json: '{}', change_note: changeNote, created_at: '2026-02-15T02:00:00.000Z' }).execute();
}

/**
 * Removes every disclosure record and guide (the demo's included), so a test's hand-worked counts
 * see only the records it inserts. Annual reports keep their rows; their record link is cleared.
 */
export async function clearDisclosures(db: Db): Promise<void> {
  for (const t of ['disclosure_catalog_item', 'disclosure_link', 'disclosure_attachment', 'disclosure_review', 'disclosure_event', 'disclosure_version', 'disclosure_index_counter', 'disclosure_guide', 'disclosure_detail'] as const) {
    await db.deleteFrom(t).execute();
  }
  await db.updateTable('annual_report').set({ disclosure_id: null }).execute();
  await db.deleteFrom('disclosure').execute();
}
