// Supervision figures (按时公开率、按时答复率、按时办结率 per organisation and month): covering indexes
// led by the due date, so each module's one grouped query over a period reads a range of an index
// and never the (large) rows — record bodies, application texts, message contents.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('disclosure_due_figures_idx').on('disclosure').columns(['due_on', 'org_path', 'state', 'published_at', 'late_working_days']).execute();
  await db.schema.createIndex('application_due_figures_idx').on('application_case').columns(['due_on', 'org_path', 'stage', 'decided_on']).execute();
  await db.schema.createIndex('message_due_figures_idx').on('message')
    .columns(['due_on', 'stage', 'closed_on_estimated', 'closed_on', 'original_due_on', 'source', 'org_path', 'assignee_path']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const i of ['message_due_figures_idx', 'application_due_figures_idx', 'disclosure_due_figures_idx']) await db.schema.dropIndex(i).ifExists().execute();
}
