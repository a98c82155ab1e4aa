// Test data for the ratings results: rating rows inserted directly (the submission service is
// another part's work), each with its level, date, subject and 差评 workflow dates.
import { insertRows } from '../../src/platform/db/bulk-insert.ts';
import type { Db } from '../../src/schema.ts';

export interface TestRating {
  org: string;
  path: string;
  level: number;
  on: string;
  venue?: string;
  item?: string;
  window?: string;
  staff?: string;
  named?: boolean;
  calledBack?: string;
  rectified?: string;
  excluded?: boolean;
  subject?: string;
}

export const RATING_COLUMNS = ['public_id', 'org_code', 'org_path', 'subject', 'venue_public_id', 'item_public_id', 'window_code', 'staff_no', 'channel', 'level', 'is_bad', 'rater_name', 'rater_phone', 'rated_on', 'rated_at', 'state', 'called_back_on', 'rectified_on', 'excluded', 'created_at', 'updated_at'] as const;

let seq = 0;

export function ratingRow(r: TestRating): unknown[] {
  seq++;
  const at = `${r.on}T02:00:00.000Z`;
  const bad = r.level <= 2 ? 1 : 0;
  return [
    `PJT${String(seq).padStart(10, '0')}`, r.org, r.path, r.subject ?? (r.window ? 'window' : r.item ? 'item' : 'venue'), r.venue ?? null, r.item ?? null, r.window ?? null, r.staff ?? null,
    'paper', r.level, bad, r.named ? '张三' : null, r.named ? '13800138000' : null, r.on, at, bad ? (r.rectified ? 'rectified' : 'open') : 'none',
    r.calledBack ?? null, r.rectified ?? null, r.excluded ? 1 : 0, at, at,
  ];
}

export async function insertRatings(db: Db, rows: readonly TestRating[]): Promise<void> {
  await insertRows(db, 'rating', RATING_COLUMNS, rows.map(ratingRow));
}
