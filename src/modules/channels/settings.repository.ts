// Each venue's kiosk and hall-display settings (channel_setting); a venue without a row has the
// defaults of vocabulary.ts. Writes belong to the display settings page (staff of the venue's unit).
import type { Db } from '../../schema.ts';
import { DEFAULT_DISPLAY, DEFAULT_KIOSK_IDLE_SECONDS, DISPLAY_SECONDS_MAX, DISPLAY_SECONDS_MIN, DISPLAY_SECTIONS, type DisplaySlot } from './vocabulary.ts';

export interface ChannelSettings {
  kioskIdleSeconds: number;
  display: DisplaySlot[];
  /** false when the venue still has the defaults. */
  saved: boolean;
}

/** A stored list read defensively: unknown sections and out-of-range times are dropped. */
export function parseDisplaySlots(json: string): DisplaySlot[] {
  let raw: unknown;
  try { raw = JSON.parse(json); } catch { return [...DEFAULT_DISPLAY]; }
  if (!Array.isArray(raw)) return [...DEFAULT_DISPLAY];
  const known = new Set<string>(DISPLAY_SECTIONS.values.map((v) => v.code));
  const out: DisplaySlot[] = [];
  for (const x of raw) {
    const section = (x as { section?: unknown })?.section;
    const seconds = Number((x as { seconds?: unknown })?.seconds);
    if (typeof section !== 'string' || !known.has(section) || out.some((o) => o.section === section)) continue;
    if (!Number.isInteger(seconds) || seconds < DISPLAY_SECONDS_MIN || seconds > DISPLAY_SECONDS_MAX) continue;
    out.push({ section: section as DisplaySlot['section'], seconds });
  }
  return out.length ? out : [...DEFAULT_DISPLAY];
}

export async function getChannelSettings(db: Db, venuePublicId: string): Promise<ChannelSettings> {
  const r = await db.selectFrom('channel_setting').select(['kiosk_idle_seconds', 'display_sections_json']).where('venue_public_id', '=', venuePublicId).executeTakeFirst();
  if (!r) return { kioskIdleSeconds: DEFAULT_KIOSK_IDLE_SECONDS, display: [...DEFAULT_DISPLAY], saved: false };
  return { kioskIdleSeconds: r.kiosk_idle_seconds, display: parseDisplaySlots(r.display_sections_json), saved: true };
}
