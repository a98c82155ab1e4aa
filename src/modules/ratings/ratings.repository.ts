// Shell: SQL of the ratings core (rating, rating_event, rating_reason, rating_setting, rating_window).
import type { Selectable } from 'kysely';
import type { Db } from '../../schema.ts';
import { DEFAULT_REASONS, DEFAULT_SETTINGS } from './levels.ts';
import type { RatingEventTable, RatingTable } from './ratings.table.ts';

export type RatingRow = Selectable<RatingTable>;
export type RatingEventRow = Selectable<RatingEventTable>;

export interface ReasonRow {
  code: string;
  label: string;
  position: number;
  active: boolean;
}

/**
 * The 差评 reasons. An installation whose administrators have never saved the list has an empty
 * rating_reason table and uses DEFAULT_REASONS (levels.ts); the first save (or the demo) writes them.
 */
export async function listReasons(db: Db): Promise<ReasonRow[]> {
  const rows = await db.selectFrom('rating_reason').selectAll().orderBy('position').orderBy('code').execute();
  if (!rows.length) return DEFAULT_REASONS.map((r, i) => ({ code: r.code, label: r.label, position: i + 1, active: true }));
  return rows.map((r) => ({ code: r.code, label: r.label, position: Number(r.position), active: !!r.active }));
}

/** Writes DEFAULT_REASONS when the table is empty (demo, first save); returns how many were written. */
export async function seedReasons(db: Db, at: string): Promise<number> {
  const n = await db.selectFrom('rating_reason').select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  if (Number(n.n) > 0) return 0;
  await db.insertInto('rating_reason').values(DEFAULT_REASONS.map((r, i) => ({ code: r.code, label: r.label, position: i + 1, active: 1, updated_at: at }))).execute();
  return DEFAULT_REASONS.length;
}

export interface RatingSettings {
  callbackDays: number;
  rectifyDays: number;
  linkValidDays: number;
  /** false when the county has set none and the defaults apply. */
  stored: boolean;
  updatedBy?: string;
  updatedAt?: string;
}

/** A county's time limits (rating_setting keyed by the county's code, e.g. 130427), or the defaults. */
export async function getSettings(db: Db, countyCode: string): Promise<RatingSettings> {
  const r = await db.selectFrom('rating_setting').selectAll().where('org_code', '=', countyCode).executeTakeFirst();
  if (!r) return { ...DEFAULT_SETTINGS, stored: false };
  return { callbackDays: Number(r.callback_days), rectifyDays: Number(r.rectify_days), linkValidDays: Number(r.link_valid_days), stored: true, updatedBy: r.updated_by, updatedAt: r.updated_at };
}

export async function putSettings(db: Db, countyCode: string, v: { callbackDays: number; rectifyDays: number; linkValidDays: number }, by: string, at: string): Promise<void> {
  const values = { callback_days: v.callbackDays, rectify_days: v.rectifyDays, link_valid_days: v.linkValidDays, updated_by: by, updated_at: at };
  await db.insertInto('rating_setting').values({ org_code: countyCode, ...values }).onConflict((oc) => oc.column('org_code').doUpdateSet(values)).execute();
}

export async function findRatingByPublicId(db: Db, publicId: string): Promise<RatingRow | null> {
  return (await db.selectFrom('rating').selectAll().where('public_id', '=', publicId).executeTakeFirst()) ?? null;
}

export async function eventsOf(db: Db, ratingId: number): Promise<RatingEventRow[]> {
  return db.selectFrom('rating_event').selectAll().where('rating_id', '=', ratingId).orderBy('seq').execute();
}

export async function findVenueOrg(db: Db, venuePublicId: string): Promise<{ orgCode: string; regionCode: string } | null> {
  const r = await db.selectFrom('sm_venue').select(['org_code', 'region_code']).where('public_id', '=', venuePublicId).executeTakeFirst();
  return r ? { orgCode: r.org_code, regionCode: r.region_code } : null;
}

export async function findItemRegion(db: Db, itemPublicId: string): Promise<string | null> {
  const r = await db.selectFrom('sm_item').select('region_code').where('public_id', '=', itemPublicId).executeTakeFirst();
  return r ? r.region_code : null;
}

export async function venueOffersItem(db: Db, venuePublicId: string, itemPublicId: string): Promise<boolean> {
  const r = await db.selectFrom('sm_venue_item')
    .innerJoin('sm_venue', 'sm_venue.id', 'sm_venue_item.venue_id')
    .innerJoin('sm_item', 'sm_item.id', 'sm_venue_item.item_id')
    .select('sm_venue_item.venue_id')
    .where('sm_venue.public_id', '=', venuePublicId).where('sm_item.public_id', '=', itemPublicId)
    .executeTakeFirst();
  return !!r;
}

export async function findWindow(db: Db, venuePublicId: string, code: string): Promise<{ publicId: string; name: string; active: boolean } | null> {
  const r = await db.selectFrom('rating_window').select(['public_id', 'name', 'active']).where('venue_public_id', '=', venuePublicId).where('code', '=', code).executeTakeFirst();
  return r ? { publicId: r.public_id, name: r.name, active: !!r.active } : null;
}
