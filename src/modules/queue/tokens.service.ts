// Venue tokens of a hall's calling system (issue 22 §2): issued on the staff page (shown once,
// only the hash kept), checked on POST /api/v1/staff/venues/{id}/queue/events, revoked there too.
import { randomBytes } from 'node:crypto';
import { hashSecret, randomSecret } from '../../platform/auth/tokens.ts';
import type { Db } from '../../schema.ts';

/** Every venue token starts with this (the identity hook leaves such bearer tokens to this module). */
export const VENUE_TOKEN_PREFIX = 'qv_';

/** A token as the staff page lists it: its public id (QT…), never the row number. */
export interface VenueTokenRow { publicId: string; label: string; createdAt: string; lastUsedAt: string | null; revokedAt: string | null }

/** Creates a token for a venue and returns it (the only time it is seen). Tests and the demo call this directly. */
export async function createVenueToken(db: Db, venueId: number, label: string, now: Date): Promise<{ publicId: string; token: string }> {
  const token = `${VENUE_TOKEN_PREFIX}${randomSecret(24)}`;
  const publicId = newTokenId();
  await db.insertInto('qu_venue_token').values({ public_id: publicId, venue_id: venueId, token_hash: hashSecret(token), label, created_at: now.toISOString() }).execute();
  return { publicId, token };
}

const newTokenId = () => `QT${randomBytes(9).toString('base64url').replace(/[-_]/g, 'x')}`;
/** The shape of a token's public id (anything else is not looked up). */
export const isTokenId = (s: string) => /^QT[A-Za-z0-9]{12}$/.test(s);

export async function listVenueTokens(db: Db, venueId: number): Promise<VenueTokenRow[]> {
  const rows = await db.selectFrom('qu_venue_token').select(['public_id', 'label', 'created_at', 'last_used_at', 'revoked_at']).where('venue_id', '=', venueId).orderBy('id').execute();
  return rows.map((r) => ({ publicId: r.public_id, label: r.label, createdAt: r.created_at, lastUsedAt: r.last_used_at, revokedAt: r.revoked_at }));
}

/** Revokes one of the venue's tokens; false when it is not the venue's or already revoked. */
export async function revokeVenueToken(db: Db, venueId: number, tokenPublicId: string, now: Date): Promise<boolean> {
  if (!isTokenId(tokenPublicId)) return false;
  const r = await db.updateTable('qu_venue_token').set({ revoked_at: now.toISOString() }).where('public_id', '=', tokenPublicId).where('venue_id', '=', venueId).where('revoked_at', 'is', null).executeTakeFirst();
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
