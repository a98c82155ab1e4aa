// Supervision (supervision module): 月检查 (inspection runs of rules over organisations, storing
// findings as problems), 问题清单 / 整改台账 (problems with an append-only event log), 季通报
// (bulletins), 年考评 (indicator schemes per office and year, scores) — 恩施's
// 「月检查、季通报、年考评」.
import type { Kysely } from 'kysely';
import { isPostgres, withId } from './helpers.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  // a supervising office's switch of a shipped rule (absent → the rule's default)
  await db.schema.createTable('sv_rule_setting')
    .addColumn('office_org_code', 'text', (c) => c.notNull())
    .addColumn('rule_code', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('sv_rule_setting_pk', ['office_org_code', 'rule_code'])
    .execute();

  // manual check items an office adds (a checker records findings against them)
  await withId(db, db.schema.createTable('sv_check_item'))
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('office_org_code', 'text', (c) => c.notNull())
    .addColumn('office_org_path', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('basis', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('deadline_class', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // one inspection run (the monthly job or on demand)
  await withId(db, db.schema.createTable('sv_inspection'))
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('scope_org_code', 'text', (c) => c.notNull())
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('found', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('raised', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('summary_json', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('started_by', 'text', (c) => c.notNull())
    .execute();

  // a problem (问题清单 row / 整改台账 entry), raised by a rule or by a checker
  await withId(db, db.schema.createTable('sv_problem'))
    // public id: WT-2026-11-00001
    .addColumn('public_id', 'text', (c) => c.notNull().unique())
    .addColumn('rule_code', 'text', (c) => c.notNull())
    // the responsible organisation and its subtree path
    .addColumn('org_code', 'text', (c) => c.notNull())
    .addColumn('org_path', 'text', (c) => c.notNull())
    // the supervising office that raised it (verifies the rectification)
    .addColumn('office_org_code', 'text', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull())
    // rule + subject: the same finding is not raised twice while one is open (open_key unique)
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('open_key', 'text', (c) => c.unique())
    .addColumn('subject_ref', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('evidence_url', 'text')
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('found_on', 'text', (c) => c.notNull())
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('measures', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('rectified_on', 'text')
    .addColumn('verify_note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('closed_on', 'text')
    .addColumn('escalated_on', 'text')
    .addColumn('inspection_id', 'integer')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sv_problem_path').on('sv_problem').columns(['org_path', 'state']).execute();
  await db.schema.createIndex('sv_problem_month').on('sv_problem').columns(['month', 'org_code']).execute();
  await db.schema.createIndex('sv_problem_fp').on('sv_problem').columns(['fingerprint']).execute();

  await withId(db, db.schema.createTable('sv_problem_event'))
    .addColumn('problem_id', 'integer', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('on_date', 'text', (c) => c.notNull())
    .addColumn('payload_json', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('actor_org_code', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sv_problem_event_seq').on('sv_problem_event').columns(['problem_id', 'seq']).unique().execute();

  // evidence files and checker screenshots (type-checked by their bytes)
  await withId(db, db.schema.createTable('sv_problem_file'))
    .addColumn('problem_id', 'integer', (c) => c.notNull())
    .addColumn('public_id', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('content', isPostgres(db) ? 'bytea' : 'blob', (c) => c.notNull())
    .addColumn('uploaded_by', 'text', (c) => c.notNull())
    .addColumn('uploaded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sv_problem_file_problem').on('sv_problem_file').columns(['problem_id']).execute();

  // 季通报: one per office, year and quarter
  await withId(db, db.schema.createTable('sv_bulletin'))
    .addColumn('public_id', 'text', (c) => c.notNull().unique())
    .addColumn('office_org_code', 'text', (c) => c.notNull())
    .addColumn('office_org_path', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('quarter', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    // figures as generated + editor's picks and free text
    .addColumn('content_json', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    // the disclosure record (genre 通报) it was published as
    .addColumn('disclosure_ref', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sv_bulletin_office_q').on('sv_bulletin').columns(['office_org_code', 'year', 'quarter']).unique().execute();

  // 年考评: an office's indicator system for a year (groups, indicators, weights, max points)
  await db.schema.createTable('sv_assessment')
    .addColumn('office_org_code', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('office_org_path', 'text', (c) => c.notNull())
    .addColumn('scheme_json', 'text', (c) => c.notNull())
    .addColumn('locked_at', 'text')
    .addColumn('locked_by', 'text')
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('sv_assessment_pk', ['office_org_code', 'year'])
    .execute();

  // evaluators' scores of manual indicators (automatic ones are computed, not stored)
  await db.schema.createTable('sv_assessment_score')
    .addColumn('office_org_code', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('org_code', 'text', (c) => c.notNull())
    .addColumn('indicator_code', 'text', (c) => c.notNull())
    .addColumn('points', 'real', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('scored_by', 'text', (c) => c.notNull())
    .addColumn('scored_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('sv_assessment_score_pk', ['office_org_code', 'year', 'org_code', 'indicator_code'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['sv_assessment_score', 'sv_assessment', 'sv_bulletin', 'sv_problem_file', 'sv_problem_event', 'sv_problem', 'sv_inspection', 'sv_check_item', 'sv_rule_setting']) {
    await db.schema.dropTable(t).execute();
  }
}
