// Venue tokens of a hall's calling system (issue 22 §2): issued on the staff page (shown once,
// only the hash kept), checked on POST /api/v1/staff/venues/{id}/queue/events, revoked there too.
import { hashSecret, randomSecret } from '../../platform/auth/tokens.ts';
import type { Db } from '../../schema.ts';

/** Every venue token starts with this (the identity hook leaves such bearer tokens to this module). */
export const VENUE_TOKEN_PREFIX = 'qv_';

export interface VenueTokenRow { id: number; label: string; createdAt: string; lastUsedAt: string | null; revokedAt: string | null }

/** Creates a token for a venue and returns it (the only time it is seen). Tests and the demo call this directly. */
export async function createVenueToken(db: Db, venueId: number, label: string, now: Date): Promise<{ id: number; token: string }> {
  const token = `${VENUE_TOKEN_PREFIX}${randomSecret(24)}`;
  const r = await db.insertInto('qu_venue_token').values({ venue_id: venueId, token_hash: hashSecret(token), label, created_at: now.toISOString() }).returning('id').executeTakeFirstOrThrow();
  return { id: Number(r.id), token };
}

export async function listVenueTokens(db: Db, venueId: number): Promise<VenueTokenRow[]> {
  const rows = await db.selectFrom('qu_venue_token').select(['id', 'label', 'created_at', 'last_used_at', 'revoked_at']).where('venue_id', '=', venueId).orderBy('id').execute();
  return rows.map((r) => ({ id: Number(r.id), label: r.label, createdAt: r.created_at, lastUsedAt: r.last_used_at, revokedAt: r.revoked_at }));
}

/** Revokes one of the venue's tokens; false when it is not the venue's or already revoked. */
export async function revokeVenueToken(db: Db, venueId: number, tokenId: number, now: Date): Promise<boolean> {
  const r = await db.updateTable('qu_venue_token').set({ revoked_at: now.toISOString() }).where('id', '=', tokenId).where('venue_id', '=', venueId).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The venue of a live token (and notes its use), or null for an unknown or revoked one. */
export async function venueOfToken(db: Db, token: string, now: Date): Promise<number | null> {
  if (!token.startsWith(VENUE_TOKEN_PREFIX) || token.length > 200) return null;
  const r = await db.selectFrom('qu_venue_token').select(['id', 'venue_id', 'revoked_at', 'last_used_at']).where('token_hash', '=', hashSecret(token)).executeTakeFirst();
  if (!r || r.revoked_at) return null;
  // at most one write a minute per token
  if (!r.last_used_at || now.getTime() - Date.parse(r.last_used_at) > 60_000) {
    await db.updateTable('qu_venue_token').set({ last_used_at: now.toISOString() }).where('id', '=', r.id).execute();
  }
  return Number(r.venue_id);
}
