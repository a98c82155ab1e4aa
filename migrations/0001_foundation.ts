// Foundation tables: regions, organisations, staff users and roles, sessions, API tokens, the
// audit log, the working-day calendar and a key/value table for install state.
import type { Kysely } from 'kysely';
import { withId } from './helpers.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('region')
    .addColumn('code', 'text', (c) => c.primaryKey()) // NBS 12-digit 区划代码
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull()) // province | city | county | township | village
    .addColumn('parent_code', 'text', (c) => c.references('region.code'))
    .execute();
  await db.schema.createIndex('region_parent_idx').on('region').column('parent_code').execute();

  await db.schema
    .createTable('organisation')
    .addColumn('code', 'text', (c) => c.primaryKey()) // '130427' or '130427-gkb'
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull().references('region.code'))
    .addColumn('parent_code', 'text', (c) => c.references('organisation.code'))
    .addColumn('path', 'text', (c) => c.notNull()) // '/13/1304/130427/130427-gkb/' for subtree queries
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('organisation_path_idx').on('organisation').column('path').execute();
  await db.schema.createIndex('organisation_region_idx').on('organisation').column('region_code').execute();

  await withId(db, db.schema.createTable('staff_user'))
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_login_at', 'text')
    .execute();

  await withId(db, db.schema.createTable('role_grant'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('staff_user.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('org_code', 'text', (c) => c.notNull().references('organisation.code'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('role_grant_unique', ['user_id', 'role', 'org_code'])
    .execute();

  await db.schema
    .createTable('staff_session')
    .addColumn('id_hash', 'text', (c) => c.primaryKey()) // sha256 of the cookie value
    .addColumn('user_id', 'integer', (c) => c.notNull().references('staff_user.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('staff_session_user_idx').on('staff_session').column('user_id').execute();

  await withId(db, db.schema.createTable('api_token'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('staff_user.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();

  await withId(db, db.schema.createTable('audit_log'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'integer')
    .addColumn('actor_label', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('before_json', 'text')
    .addColumn('after_json', 'text')
    .addColumn('request_id', 'text')
    .execute();
  await db.schema.createIndex('audit_log_entity_idx').on('audit_log').columns(['entity', 'entity_id']).execute();

  await db.schema
    .createTable('calendar_year')
    .addColumn('year', 'integer', (c) => c.primaryKey())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('calendar_day')
    .addColumn('date', 'text', (c) => c.primaryKey())
    .addColumn('year', 'integer', (c) => c.notNull().references('calendar_year.year'))
    .addColumn('kind', 'text', (c) => c.notNull()) // holiday | makeup_working_day
    .addColumn('name', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('install_state')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['install_state', 'calendar_day', 'calendar_year', 'audit_log', 'api_token', 'staff_session', 'role_grant', 'staff_user', 'organisation', 'region']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
