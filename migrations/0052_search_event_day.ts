// The search log's daily totals (issue 24 §2/§3): hot terms (on the home page and the search page),
// the most opened items and the zero-result queries were counted from every logged row of the last
// 30/90 days — 0.9 s of SQLite at 1 M logged searches, once a minute in each process, on the request
// thread. A trigger keeps one row per day, kind and query (or opened item) with its count and last
// time; the readers add the whole days from it and count only the first, partial day from the log.
// The key begins with the day, so a day's rows sit together and a commit of logged searches dirties
// a few pages. Days are UTC dates of `at` (the log's instants are UTC).
import { sql, type Kysely } from 'kysely';
import { isPostgres } from './helpers.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  // one transaction: Kysely runs SQLite migrations without one (no transactional DDL in its adapter),
  // and a search logged by another process between the trigger and the back-fill would be counted
  // twice, or a failed back-fill would leave the table without the migration recorded (PostgreSQL:
  // the migrator's own transaction)
  if (db.isTransaction) await create(db);
  else await db.transaction().execute(create);
}

async function create(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('search_event_day')
    .addColumn('day_on', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    // '' for searches; the opened result's type for clicks
    .addColumn('doc_type', 'text', (c) => c.notNull())
    // the query for searches, the opened result's title for clicks
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('has_results', 'integer', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addColumn('last_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('search_event_day_pk', ['day_on', 'kind', 'doc_type', 'has_results', 'key'])
    .execute();
  // what the trigger adds per row (a click without a title counts for no reader)
  const values = (row: string) => `substr(${row}.at, 1, 10), ${row}.kind, case when ${row}.kind = 'click' then coalesce(${row}.doc_type, '') else '' end,
    case when ${row}.kind = 'click' then ${row}.doc_title else ${row}.query end, case when ${row}.result_count > 0 then 1 else 0 end, 1, ${row}.at`;
  const when = (row: string) => `${row}.kind = 'search' or ${row}.doc_title is not null`;
  const upsert = `on conflict (day_on, kind, doc_type, has_results, key) do update set n = search_event_day.n + 1, last_at = ${isPostgres(db) ? 'greatest' : 'max'}(search_event_day.last_at, excluded.last_at)`;
  if (isPostgres(db)) {
    await sql.raw(`create or replace function search_event_day_add() returns trigger language plpgsql as $f$
      begin
        if ${when('new')} then
          insert into search_event_day (day_on, kind, doc_type, key, has_results, n, last_at) values (${values('new')}) ${upsert};
        end if;
        return new;
      end $f$`).execute(db);
    await sql.raw('create trigger search_event_day_insert after insert on search_event for each row execute function search_event_day_add()').execute(db);
  } else {
    await sql.raw(`create trigger search_event_day_insert after insert on search_event for each row when ${when('new')} begin
      insert into search_event_day (day_on, kind, doc_type, key, has_results, n, last_at) values (${values('new')}) ${upsert};
    end`).execute(db);
  }
  // what is already logged
  await sql.raw(`insert into search_event_day (day_on, kind, doc_type, key, has_results, n, last_at)
    select d, kind, t, k, r, count(*), max(at) from (
      select substr(at, 1, 10) as d, kind, case when kind = 'click' then coalesce(doc_type, '') else '' end as t,
        case when kind = 'click' then doc_title else query end as k, case when result_count > 0 then 1 else 0 end as r, at
      from search_event where kind = 'search' or doc_title is not null) as e
    where true group by d, kind, t, k, r
    on conflict (day_on, kind, doc_type, has_results, key) do update set n = search_event_day.n + excluded.n,
      last_at = ${isPostgres(db) ? 'greatest' : 'max'}(search_event_day.last_at, excluded.last_at)`).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) {
    await sql.raw('drop trigger if exists search_event_day_insert on search_event').execute(db);
    await sql.raw('drop function if exists search_event_day_add()').execute(db);
  } else await sql.raw('drop trigger if exists search_event_day_insert').execute(db);
  await db.schema.dropTable('search_event_day').execute();
}
