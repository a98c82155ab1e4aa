// 公众参与 / 意见征集: a body opens a consultation on a draft policy for a comment period; the public
// comments (moderated before publication; contact data never shown); after the period the body
// publishes the feedback report (采纳情况, per comment) and links the final policy (a published
// disclosure record, by its 索引号).
import type { Kysely } from 'kysely';
import { withId } from './helpers.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await withId(db, db.schema.createTable('consultation'))
    .addColumn('reference', 'text', (c) => c.notNull().unique()) // public id, e.g. YJZJ-20260301-7KQ3M
    .addColumn('org_code', 'text', (c) => c.notNull().references('organisation.code'))
    .addColumn('org_path', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull()) // 征集说明
    .addColumn('draft_html', 'text', (c) => c.notNull()) // 草案全文, sanitised rich text
    .addColumn('draft_text', 'text', (c) => c.notNull())
    .addColumn('attachment_name', 'text') // 草案附件 (PDF/DOCX), optional
    .addColumn('attachment_mime', 'text')
    .addColumn('attachment_base64', 'text')
    .addColumn('opens_on', 'text', (c) => c.notNull()) // first day comments are taken (LocalDate)
    .addColumn('closes_on', 'text', (c) => c.notNull()) // last day comments are taken (inclusive)
    .addColumn('short_reason', 'text') // why the period is shorter than 30 days (重大行政决策程序暂行条例 第十五条)
    .addColumn('feedback_html', 'text') // 意见采纳情况说明
    .addColumn('feedback_published_at', 'text')
    .addColumn('final_index_no', 'text') // 索引号 of the final policy (a published disclosure record)
    .addColumn('author_id', 'integer', (c) => c.references('staff_user.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('consultation_dates_idx').on('consultation').columns(['closes_on', 'opens_on']).execute();
  await db.schema.createIndex('consultation_org_idx').on('consultation').columns(['org_path', 'created_at']).execute();
  await db.schema.createIndex('consultation_final_idx').on('consultation').column('final_index_no').execute();

  await withId(db, db.schema.createTable('consultation_comment'))
    .addColumn('consultation_id', 'integer', (c) => c.notNull().references('consultation.id'))
    .addColumn('reference', 'text', (c) => c.notNull().unique()) // public id, e.g. YJ-20260301-7KQ3M
    .addColumn('name', 'text') // optional; shown when published (else 匿名)
    .addColumn('contact', 'text') // optional phone or e-mail: staff see it masked, the public never
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull()) // pending | published | rejected
    .addColumn('reject_reason', 'text')
    .addColumn('moderated_by', 'text')
    .addColumn('moderated_at', 'text')
    .addColumn('adoption', 'text') // adopted | partly | not_adopted (the feedback report)
    .addColumn('adoption_reason', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('consultation_comment_idx').on('consultation_comment').columns(['consultation_id', 'state', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('consultation_comment').execute();
  await db.schema.dropTable('consultation').execute();
}
