// 好差评 results: the ratings module keeps the counted fields of every rating in memory
// (ratings/rating-store.ts) and follows changes by updated_at — this index makes that a range read.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('rating_updated').on('rating').columns(['updated_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('rating_updated').execute();
}
