// 公开属性 (issue 16, 海珠): every record carries the openness decided when the document was drafted —
// proactive 主动公开, on_request 依申请公开 or withheld 不予公开, with the ground (a code of
// src/modules/disclosures/openness.ts, citing 《政府信息公开条例》第十四、十五、十六、十九、二十七条)
// for the last two. Existing records were all made public proactively: they default to 'proactive'.
// The CHECK keeps the rule the public lists rely on in the database itself: a record that is
// published or scheduled is 主动公开 (a 依申请公开 or 不予公开 record is never public).
// Also: catalog(domain_id), for the 照单公开 lists of one domain across a district's organisations.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('disclosure').addColumn('openness', 'text', (c) => c.notNull().defaultTo('proactive')
    .check(sql`openness = 'proactive' or state not in ('published', 'scheduled')`)).execute();
  await db.schema.alterTable('disclosure').addColumn('openness_reason', 'text').execute();
  await db.schema.createIndex('catalog_domain_idx').on('catalog').columns(['domain_id', 'kind']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('catalog_domain_idx').ifExists().execute();
  await db.schema.alterTable('disclosure').dropColumn('openness_reason').execute();
  await db.schema.alterTable('disclosure').dropColumn('openness').execute();
}
