// Search (智能搜索): a change log filled by triggers on every searchable source table (so every
// process — web, CLI import, another server — sees each write and refreshes its in-process index),
// the synonym dictionary as editable data, and anonymous search analytics (no user, IP or session).
import { sql, type Kysely } from 'kysely';
import { isPostgres, withId } from './helpers.ts';

/** [trigger name, table, source tag, key column]. Catalogue item changes re-index their version. */
const SOURCES: Array<[string, string, string, string]> = [
  ['sm_item', 'sm_item', 'item', 'id'],
  ['sm_venue', 'sm_venue', 'venue', 'id'],
  ['disclosure', 'disclosure', 'disclosure', 'id'],
  ['catalog_version', 'catalog_version', 'catalog_version', 'id'],
  ['catalog_item', 'catalog_item', 'catalog_version', 'version_id'],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await withId(db, db.schema.createTable('search_change'))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();

  await withId(db, db.schema.createTable('search_synonym'))
    .addColumn('terms', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('origin', 'text', (c) => c.notNull().defaultTo('editor'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await withId(db, db.schema.createTable('search_event'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('query', 'text', (c) => c.notNull())
    .addColumn('result_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('doc_type', 'text')
    .addColumn('doc_id', 'text')
    .addColumn('doc_title', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('search_event_at').on('search_event').columns(['at']).execute();
  await db.schema.createIndex('search_event_query').on('search_event').columns(['query']).execute();

  await db.schema.createTable('search_zero_status')
    .addColumn('query', 'text', (c) => c.primaryKey())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text', (c) => c.notNull())
    .execute();

  if (isPostgres(db)) {
    for (const [name, table, source, key] of SOURCES) {
      await sql.raw(`create or replace function search_log_${name}() returns trigger language plpgsql as $f$
        begin
          if tg_op = 'DELETE' then
            insert into search_change (source, source_id, at) values ('${source}', old.${key}::text, to_char(now() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'));
            return old;
          end if;
          insert into search_change (source, source_id, at) values ('${source}', new.${key}::text, to_char(now() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'));
          return new;
        end $f$`).execute(db);
      await sql.raw(`create trigger search_change_${name} after insert or update or delete on ${table} for each row execute function search_log_${name}()`).execute(db);
    }
  } else {
    for (const [name, table, source, key] of SOURCES) {
      for (const [op, row] of [['insert', 'new'], ['update', 'new'], ['delete', 'old']] as const) {
        await sql.raw(`create trigger search_change_${name}_${op} after ${op} on ${table} for each row begin
          insert into search_change (source, source_id, at) values ('${source}', cast(${row}.${key} as text), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
        end`).execute(db);
      }
    }
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const [name, table] of SOURCES) {
    if (isPostgres(db)) {
      await sql.raw(`drop trigger if exists search_change_${name} on ${table}`).execute(db);
      await sql.raw(`drop function if exists search_log_${name}()`).execute(db);
    } else for (const op of ['insert', 'update', 'delete']) await sql.raw(`drop trigger if exists search_change_${name}_${op}`).execute(db);
  }
  for (const t of ['search_zero_status', 'search_event', 'search_synonym', 'search_change']) await db.schema.dropTable(t).execute();
}
