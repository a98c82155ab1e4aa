// The 7×24 consultation assistant (issue 20): conversations and their turns (no personal data),
// the FAQ pairs staff keep per organisation, and each organisation's hand-off settings.
import type { Kysely } from 'kysely';
import { withId } from './helpers.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  // one conversation: a capability id (random, never the row id), its context, its hand-off state
  await withId(db, db.schema.createTable('as_conversation'))
    .addColumn('public_id', 'text', (c) => c.notNull().unique())
    // web | mobile | kiosk | api (ASSISTANT_CHANNELS)
    .addColumn('channel', 'text', (c) => c.notNull())
    // the region the conversation is about (NBS code), when known; the kiosk's venue
    .addColumn('region_code', 'text')
    .addColumn('venue_public_id', 'text')
    // the organisation whose FAQ and hand-off queue apply (a government, found from the region)
    .addColumn('org_code', 'text')
    .addColumn('org_path', 'text')
    // ConversationContext as JSON: pending clarification, last items, audience — never a name, phone or ID number
    .addColumn('context_json', 'text', (c) => c.notNull().defaultTo('{}'))
    // bot | waiting | staff | closed | converted (CONVERSATION_STATES)
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('bot'))
    .addColumn('turn_count', 'integer', (c) => c.notNull().defaultTo(0))
    // set when a human is asked for: the reference shown to the person and the hash of its tracking code
    .addColumn('reference', 'text', (c) => c.unique())
    .addColumn('tracking_hash', 'text')
    .addColumn('handoff_requested_at', 'text')
    // requested + the organisation's wait (5 minutes by default): untaken by then → converted
    .addColumn('handoff_deadline_at', 'text')
    .addColumn('taken_by_id', 'integer')
    .addColumn('taken_by_label', 'text')
    .addColumn('taken_at', 'text')
    .addColumn('closed_at', 'text')
    // enquiry (咨询登记 public id) | message (民心直通车 reference)
    .addColumn('converted_kind', 'text')
    .addColumn('converted_ref', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_active_at', 'text', (c) => c.notNull())
    // last activity + 30 minutes: the bot forgets the context after it (a waiting hand-off is kept)
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('as_conversation_queue').on('as_conversation').columns(['state', 'org_path']).execute();
  await db.schema.createIndex('as_conversation_deadline').on('as_conversation').columns(['state', 'handoff_deadline_at']).execute();
  await db.schema.createIndex('as_conversation_expires').on('as_conversation').column('expires_at').execute();

  // one turn: what the person asked (masked), what the assistant or staff answered, with sources
  await withId(db, db.schema.createTable('as_turn'))
    .addColumn('conversation_id', 'integer', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    // user | assistant | staff | system (TURN_ROLES)
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    // [{type, id, title, url}] and [text] as JSON
    .addColumn('sources_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('choices_json', 'text', (c) => c.notNull().defaultTo('[]'))
    // for assistant turns: faq | answer | life_event | clarify | no_match | smalltalk | handoff (TURN_OUTCOMES)
    .addColumn('outcome', 'text')
    .addColumn('faq_public_id', 'text')
    // 1 有帮助 / 0 没有帮助 (the person's button), null = not said
    .addColumn('helpful', 'integer')
    // where the question was asked (for the 答得不好的问题 list, scoped by the organisation's path)
    .addColumn('region_code', 'text')
    .addColumn('org_path', 'text')
    // a FAQ pair written from this question (答得不好 → 已处理)
    .addColumn('resolved_faq_public_id', 'text')
    .addColumn('staff_label', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('as_turn_seq').on('as_turn').columns(['conversation_id', 'seq']).unique().execute();
  await db.schema.createIndex('as_turn_outcome').on('as_turn').columns(['outcome', 'created_at']).execute();

  // FAQ pairs: staff-written answers that win over generated ones, per organisation
  await withId(db, db.schema.createTable('as_faq'))
    .addColumn('public_id', 'text', (c) => c.notNull().unique())
    .addColumn('org_code', 'text', (c) => c.notNull())
    .addColumn('org_path', 'text', (c) => c.notNull())
    .addColumn('question', 'text', (c) => c.notNull())
    // other ways of asking the same, JSON array of strings
    .addColumn('variants_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('answer', 'text', (c) => c.notNull())
    // [{title, url}] the answer's sources (same-site paths or https links)
    .addColumn('links_json', 'text', (c) => c.notNull().defaultTo('[]'))
    // active | archived (FAQ_STATUSES)
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .addColumn('hits', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('as_faq_org').on('as_faq').columns(['org_path', 'status']).execute();

  // per organisation: is 转人工 offered, by which venue's opening hours, how long to wait, where it goes after
  await db.schema.createTable('as_setting')
    .addColumn('org_code', 'text', (c) => c.primaryKey())
    .addColumn('org_path', 'text', (c) => c.notNull())
    .addColumn('handoff_enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('handoff_venue_public_id', 'text')
    .addColumn('wait_minutes', 'integer', (c) => c.notNull().defaultTo(5))
    // enquiry | message (HANDOFF_FALLBACKS): what an untaken or after-hours hand-off becomes
    .addColumn('fallback', 'text', (c) => c.notNull().defaultTo('enquiry'))
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('as_setting').execute();
  await db.schema.dropTable('as_faq').execute();
  await db.schema.dropTable('as_turn').execute();
  await db.schema.dropTable('as_conversation').execute();
}
