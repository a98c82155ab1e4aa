// The fields of two genres of their own, one row per record of that genre: a 新闻发布会
// (press_conference: date, place, speakers, transcript; its policy is a disclosure_link of kind
// 'briefs') and a 回应关切 (response: the concern answered, its source, an optional 民心直通车
// message reference).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('disclosure_detail')
    .addColumn('disclosure_id', 'integer', (c) => c.primaryKey().references('disclosure.id'))
    .addColumn('held_on', 'text') // 发布会日期 (LocalDate)
    .addColumn('place', 'text') // 地点
    .addColumn('speakers_json', 'text') // [{ name, title }] 发布人（姓名、职务）
    .addColumn('transcript_html', 'text') // 实录, sanitised rich text
    .addColumn('transcript_text', 'text')
    .addColumn('concern_summary', 'text') // 回应的关切（概述）
    .addColumn('concern_source', 'text') // online_message | media | hotline | npc_cppcc | other
    .addColumn('message_ref', 'text') // 民心直通车留言编号
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('disclosure_detail').execute();
}
