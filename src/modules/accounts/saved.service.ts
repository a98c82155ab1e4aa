// Saved items and venues (收藏, issue 21 §2): a resident keeps service items and venues of the
// service map. The ref must exist (the service map's findItem/findVenue); its title is kept so the
// list needs no join. Every read and write is scoped to the account.
import { HttpError, badRequest, conflict } from '../../platform/web/http-error.ts';
import { parseEnum } from '../../platform/web/enums.ts';
import type { Db } from '../../schema.ts';
import { findItem, findVenue } from '../service-map/index.ts';
import { savedStrings as s } from './saved.strings.ts';
import { LIMITS, SAVED_KINDS, type SavedKind } from './vocabulary.ts';

export interface SavedRow {
  id: number;
  kind: SavedKind;
  ref: string;
  title: string;
  createdAt: string;
}

/** Where a saved entry's page is. */
export function savedHref(kind: SavedKind, ref: string): string {
  return kind === 'item' ? `/services/items/${encodeURIComponent(ref)}` : `/services/venues/${encodeURIComponent(ref)}`;
}

export function parseSavedKind(raw: string): SavedKind {
  const kind = parseEnum(SAVED_KINDS, raw);
  if (!kind) throw badRequest('invalid_kind', s.errors.badKind);
  return kind;
}

/** The item's or venue's name, or a 404 naming which one was not found. */
async function titleOf(db: Db, kind: SavedKind, ref: string): Promise<string> {
  if (!ref.trim()) throw badRequest('missing_ref', s.errors.noRef);
  if (kind === 'item') {
    const item = await findItem(db, ref.trim());
    if (!item) throw new HttpError(404, 'item_not_found', s.errors.unknownItem);
    return item.name;
  }
  const venue = await findVenue(db, ref.trim());
  if (!venue) throw new HttpError(404, 'venue_not_found', s.errors.unknownVenue);
  return venue.name;
}

/** Saves (idempotent: saving twice keeps one entry); refuses past LIMITS.maxSaved. */
export async function saveEntry(db: Db, accountId: number, kind: SavedKind, ref: string, now: Date): Promise<void> {
  const title = await titleOf(db, kind, ref);
  const existing = await db.selectFrom('pa_saved').select('id').where('account_id', '=', accountId).where('kind', '=', kind).where('ref', '=', ref.trim()).executeTakeFirst();
  if (existing) return;
  const { n } = await db.selectFrom('pa_saved').select(db.fn.countAll<number>().as('n')).where('account_id', '=', accountId).executeTakeFirstOrThrow();
  if (Number(n) >= LIMITS.maxSaved) throw conflict('too_many_saved', s.errors.tooManySaved(LIMITS.maxSaved), [s.errors.tooManySaved(LIMITS.maxSaved)]);
  await db.insertInto('pa_saved').values({ account_id: accountId, kind, ref: ref.trim(), title, created_at: now.toISOString() })
    .onConflict((oc) => oc.columns(['account_id', 'kind', 'ref']).doNothing()).execute();
}

/** Removes one of the account's entries by its id; false when there is none of this account (another account's id included). */
export async function removeEntry(db: Db, accountId: number, id: number): Promise<boolean> {
  const r = await db.deleteFrom('pa_saved').where('id', '=', id).where('account_id', '=', accountId).executeTakeFirst();
  return Number(r.numDeletedRows ?? 0) > 0;
}

/** The entry of this item or venue, if saved. */
export async function findEntry(db: Db, accountId: number, kind: SavedKind, ref: string): Promise<number | null> {
  const r = await db.selectFrom('pa_saved').select('id').where('account_id', '=', accountId).where('kind', '=', kind).where('ref', '=', ref).executeTakeFirst();
  return r ? Number(r.id) : null;
}

export async function listSaved(db: Db, accountId: number, limit: number = LIMITS.maxSaved): Promise<{ rows: SavedRow[]; total: number }> {
  const [rows, count] = await Promise.all([
    db.selectFrom('pa_saved').select(['id', 'kind', 'ref', 'title', 'created_at']).where('account_id', '=', accountId)
      .orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute(),
    db.selectFrom('pa_saved').select(db.fn.countAll<number>().as('n')).where('account_id', '=', accountId).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows.map((r) => ({ id: Number(r.id), kind: r.kind as SavedKind, ref: r.ref, title: r.title, createdAt: r.created_at })), total: Number(count.n) };
}
