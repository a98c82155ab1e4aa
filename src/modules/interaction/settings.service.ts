// Shell: the administrators' settings of the interaction module — deadline classes, message
// categories (Open311 services) and routing rules. They are data, not code (regulations.md §5:
// the hotline's classes and the 「小事不出村」 routing differ by place), so an administrator edits
// them here; each write is validated, audited in its transaction and drops the cached configuration.
// Classes and categories are shared by every county (platform administrators, guarded by the
// routes); a routing rule belongs to a place, so an `admin` adds, deletes and sees only the rules
// whose region and target organisation both lie in their admin subtree (docs/model/identity.md).
import { recordAudit } from '../../platform/audit/audit.ts';
import { auditActor, type Performer } from '../../platform/audit/performer.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import { inTransaction, isUniqueViolation } from '../../platform/db/db.ts';
import { normaliseRegionCode, shortRegionCode } from '../../platform/geo/region-code.ts';
import type { FieldErrors } from '../../platform/web/forms.ts';
import { forbidden } from '../../platform/web/http-error.ts';
import { platformView, type Db } from '../../schema.ts';
import { hasRoleOver, isPlatformAdmin, type Actor } from '../identity/index.ts';
import * as repo from './interaction.repository.ts';
import { invalidateConfig } from './interaction.service.ts';
import { interactionStrings } from './interaction.strings.ts';

const t = interactionStrings.settings;

export interface SettingsDeps {
  db: Db;
  clock: Clock;
}

type Result = { ok: true } | { ok: false; errors: FieldErrors };

const MAX_CLASS_DAYS = 60;
const CATEGORY_CODE = /^[a-z][a-z0-9_]{1,39}$/;

function intIn(v: string, min: number, max: number): number | null {
  if (!/^\d{1,4}$/.test(v.trim())) return null;
  const n = Number(v.trim());
  return n >= min && n <= max ? n : null;
}

/** Splits keywords typed with any Chinese or Latin separator into a stored comma list. */
export function normaliseKeywords(input: string): string {
  return [...new Set(input.split(/[,，、;；\s]+/).map((k) => k.trim()).filter(Boolean))].join(',');
}

// ---- Deadline classes ----------------------------------------------------------------------

/** Saves every class's label and working days (fields `label_<code>` and `days_<code>`). */
export async function saveClasses(deps: SettingsDeps, performer: Performer, values: Record<string, string>): Promise<Result> {
  const classes = await repo.loadClasses(deps.db);
  const errors: FieldErrors = {};
  const changes: { code: string; label: string; working_days: number; before: { label: string; working_days: number } }[] = [];
  for (const c of classes) {
    const label = (values[`label_${c.code}`] ?? '').trim();
    const daysText = values[`days_${c.code}`] ?? '';
    if (!label || label.length > 20) errors[`label_${c.code}`] = t.errors.classLabel;
    const days = intIn(daysText, 1, MAX_CLASS_DAYS);
    if (days === null) errors[`days_${c.code}`] = t.errors.classDays(MAX_CLASS_DAYS);
    if (label && days !== null && (label !== c.label || days !== c.workingDays)) changes.push({ code: c.code, label, working_days: days, before: { label: c.label, working_days: c.workingDays } });
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  const now = deps.clock.now();
  await inTransaction(deps.db, async (trx) => {
    for (const ch of changes) {
      await trx.updateTable('message_deadline_class').set({ label: ch.label, working_days: ch.working_days }).where('code', '=', ch.code).execute();
      await recordAudit(platformView(trx), now, { ...auditActor(performer), action: 'interaction.class.update', entity: 'message_deadline_class', entityId: ch.code, before: ch.before, after: { label: ch.label, working_days: ch.working_days } });
    }
  });
  invalidateConfig(deps.db);
  return { ok: true };
}

// ---- Categories ---------------------------------------------------------------------------

export const CATEGORY_FIELDS = ['code', 'name', 'group_name', 'description', 'keywords', 'default_class', 'sort_order', 'active'] as const;

async function validateCategory(db: Db, v: Record<string, string>): Promise<FieldErrors> {
  const errors: FieldErrors = {};
  const len = (k: string, max: number, msg: string, required = true) => {
    const s = (v[k] ?? '').trim();
    if ((required && !s) || s.length > max) errors[k] = msg;
  };
  len('name', 30, t.errors.name);
  len('group_name', 30, t.errors.group);
  len('description', 200, t.errors.description, false);
  len('keywords', 300, t.errors.keywords, false);
  const classes = await repo.loadClasses(db);
  if (!classes.some((c) => c.code === v.default_class)) errors.default_class = t.errors.classUnknown;
  if (intIn(v.sort_order ?? '', 0, 999) === null) errors.sort_order = t.errors.sortOrder;
  if (v.active !== '1' && v.active !== '0') errors.active = t.errors.active;
  return errors;
}

function categoryRow(v: Record<string, string>) {
  return {
    name: (v.name ?? '').trim(), group_name: (v.group_name ?? '').trim(), description: (v.description ?? '').trim(),
    keywords: normaliseKeywords(v.keywords ?? ''), default_class: v.default_class ?? '', sort_order: Number((v.sort_order ?? '0').trim()), active: v.active === '1' ? 1 : 0,
  };
}

export async function createCategory(deps: SettingsDeps, performer: Performer, v: Record<string, string>): Promise<Result> {
  const errors = await validateCategory(deps.db, v);
  const code = (v.code ?? '').trim();
  if (!CATEGORY_CODE.test(code)) errors.code = t.errors.code;
  if (Object.keys(errors).length) return { ok: false, errors };
  const row = { code, ...categoryRow(v), attributes_json: '[]', is_disclosure: 0 };
  const created = await inTransaction(deps.db, async (trx) => {
    // Checked inside the transaction; the primary key catches a concurrent twin (mapped below).
    const exists = await trx.selectFrom('message_category').select('code').where('code', '=', code).executeTakeFirst();
    if (exists) return false;
    await trx.insertInto('message_category').values(row).execute();
    await recordAudit(platformView(trx), deps.clock.now(), { ...auditActor(performer), action: 'interaction.category.create', entity: 'message_category', entityId: code, after: row });
    return true;
  }).catch((e: unknown) => {
    if (isUniqueViolation(e)) return false;
    throw e;
  });
  if (!created) return { ok: false, errors: { code: t.errors.codeTaken(code) } };
  invalidateConfig(deps.db);
  return { ok: true };
}

export async function updateCategory(deps: SettingsDeps, performer: Performer, code: string, v: Record<string, string>): Promise<Result | null> {
  const before = await deps.db.selectFrom('message_category').selectAll().where('code', '=', code).executeTakeFirst();
  if (!before) return null;
  const errors = await validateCategory(deps.db, v);
  if (Object.keys(errors).length) return { ok: false, errors };
  const row = categoryRow(v);
  await inTransaction(deps.db, async (trx) => {
    await trx.updateTable('message_category').set(row).where('code', '=', code).execute();
    const { attributes_json: _a, ...was } = before;
    await recordAudit(platformView(trx), deps.clock.now(), { ...auditActor(performer), action: 'interaction.category.update', entity: 'message_category', entityId: code, before: was, after: row });
  });
  invalidateConfig(deps.db);
  return { ok: true };
}

// ---- Routing rules ------------------------------------------------------------------------

/** The region prefixes at and above `prefix` (2, 4, 6, 9, 12 digits), longest first. */
function regionAncestors(prefix: string): string[] {
  return [12, 9, 6, 4, 2].filter((n) => n <= prefix.length).map((n) => prefix.slice(0, n));
}

/**
 * The subtree path that owns each region prefix for routing: the path of the nearest government
 * at or above it (a bare region code is that region's government, identity.ts). A region with no
 * government above it has no owner (null): only a platform administrator routes there.
 */
async function regionOwners(db: Db, prefixes: readonly string[]): Promise<Map<string, string | null>> {
  const codes = [...new Set(prefixes.flatMap(regionAncestors))];
  const orgs = codes.length ? await db.selectFrom('organisation').select(['code', 'path']).where('code', 'in', codes).execute() : [];
  const paths = new Map(orgs.map((o) => [o.code, o.path]));
  return new Map(prefixes.map((p) => [p, regionAncestors(p).map((c) => paths.get(c)).find((x) => x !== undefined) ?? null]));
}

/** May the performer manage a rule routing `ownerPath`'s region to the organisation at `orgPath`? */
function mayManageRule(p: Performer | Actor, ownerPath: string | null, orgPath: string | null): boolean {
  if ('cli' in p) return true;
  const actor = 'actor' in p ? p.actor : p;
  if (isPlatformAdmin(actor)) return true; // also a rule whose region or organisation has gone
  return ownerPath !== null && orgPath !== null && hasRoleOver(actor, ['admin'], ownerPath) && hasRoleOver(actor, ['admin'], orgPath);
}

export const RULE_FIELDS = ['category_code', 'region', 'org_code', 'class_code'] as const;

export async function addRule(deps: SettingsDeps, performer: Performer, v: Record<string, string>): Promise<Result> {
  const { db } = deps;
  const errors: FieldErrors = {};
  const category = (v.category_code ?? '').trim();
  if (category !== '*' && !(await db.selectFrom('message_category').select('code').where('code', '=', category).executeTakeFirst())) errors.category_code = t.errors.categoryUnknown;
  const code12 = normaliseRegionCode(v.region ?? '');
  const region = code12 ? await db.selectFrom('region').select(['code', 'name']).where('code', '=', code12).executeTakeFirst() : undefined;
  if (!region) errors.region = t.errors.region;
  const orgCode = (v.org_code ?? '').trim();
  const org = orgCode ? await db.selectFrom('organisation').select(['code', 'disabled', 'path']).where('code', '=', orgCode).executeTakeFirst() : undefined;
  if (!org || org.disabled) errors.org_code = t.errors.org;
  // Scope: the rule's region (its government) and its target organisation must both be the caller's.
  // (The command line and a platform administrator may route any region, as mayManageRule says.)
  if (!('cli' in performer) && !isPlatformAdmin(performer.actor)) {
    const short = region ? shortRegionCode(region.code) : null;
    const owner = short ? (await regionOwners(db, [short])).get(short) ?? null : null;
    if (region && (!owner || !hasRoleOver(performer.actor, ['admin'], owner))) errors.region = t.errors.regionOutOfScope;
    if (org && !org.disabled && !hasRoleOver(performer.actor, ['admin'], org.path)) errors.org_code = t.errors.orgOutOfScope;
  }
  const classCode = (v.class_code ?? '').trim();
  if (!(await repo.loadClasses(db)).some((c) => c.code === classCode)) errors.class_code = t.errors.classUnknown;
  if (Object.keys(errors).length) return { ok: false, errors };
  const prefix = shortRegionCode(code12!);
  const row = { category_code: category, region_prefix: prefix, org_code: orgCode, class_code: classCode, created_at: deps.clock.now().toISOString() };
  const added = await inTransaction(db, async (trx) => {
    const twin = await trx.selectFrom('message_routing_rule').select('id').where('category_code', '=', category).where('region_prefix', '=', prefix).executeTakeFirst();
    if (twin) return false;
    const r = await trx.insertInto('message_routing_rule').values(row).returning('id').executeTakeFirstOrThrow();
    await recordAudit(platformView(trx), deps.clock.now(), { ...auditActor(performer), action: 'interaction.rule.create', entity: 'message_routing_rule', entityId: String(r.id), after: row, orgCode: row.org_code });
    return true;
  });
  if (!added) return { ok: false, errors: { region: t.errors.ruleExists } };
  invalidateConfig(db);
  return { ok: true };
}

/** Deletes a rule; false when there is no such rule. @throws HttpError 403 for a rule outside the caller's subtree */
export async function deleteRule(deps: SettingsDeps, performer: Performer, id: number): Promise<boolean> {
  const deleted = await inTransaction(deps.db, async (trx) => {
    const before = await trx.selectFrom('message_routing_rule').selectAll().where('id', '=', id).executeTakeFirst();
    if (!before) return false;
    const orgPath = (await trx.selectFrom('organisation').select('path').where('code', '=', before.org_code).executeTakeFirst())?.path ?? null;
    const owner = (await regionOwners(trx, [before.region_prefix])).get(before.region_prefix) ?? null;
    if (!mayManageRule(performer, owner, orgPath)) throw forbidden(t.errors.ruleOutOfScope);
    await trx.deleteFrom('message_routing_rule').where('id', '=', id).execute();
    await recordAudit(platformView(trx), deps.clock.now(), { ...auditActor(performer), action: 'interaction.rule.delete', entity: 'message_routing_rule', entityId: String(id), before, orgCode: before.org_code });
    return true;
  });
  if (deleted) invalidateConfig(deps.db);
  return deleted;
}

export interface RuleView { id: number; categoryCode: string; categoryName: string; regionPrefix: string; regionName: string | null; orgCode: string; orgName: string | null; classLabel: string }

/** The rules the actor may manage, with the names of their category, region and organisation, most specific region first. */
export async function listRules(db: Db, actor: Actor): Promise<RuleView[]> {
  const all = await db
    .selectFrom('message_routing_rule as r')
    .leftJoin('message_category as c', 'c.code', 'r.category_code')
    .leftJoin('organisation as o', 'o.code', 'r.org_code')
    .innerJoin('message_deadline_class as k', 'k.code', 'r.class_code')
    .select(['r.id', 'r.category_code', 'r.region_prefix', 'r.org_code', 'c.name as category_name', 'o.name as org_name', 'o.path as org_path', 'k.label as class_label'])
    .orderBy('r.region_prefix').orderBy('r.category_code').orderBy('r.id')
    .execute();
  const owners = await regionOwners(db, all.map((r) => r.region_prefix));
  const rows = all.filter((r) => mayManageRule(actor, owners.get(r.region_prefix) ?? null, r.org_path));
  const codes = [...new Set(rows.map((r) => normaliseRegionCode(r.region_prefix)).filter((c): c is string => !!c))];
  const regions = codes.length ? await db.selectFrom('region').select(['code', 'name']).where('code', 'in', codes).execute() : [];
  const names = new Map(regions.map((r) => [shortRegionCode(r.code), r.name]));
  return rows.map((r) => ({
    id: Number(r.id), categoryCode: r.category_code, categoryName: r.category_code === '*' ? t.allCategories : (r.category_name ?? r.category_code),
    regionPrefix: r.region_prefix, regionName: names.get(r.region_prefix) ?? null, orgCode: r.org_code, orgName: r.org_name, classLabel: r.class_label,
  }));
}
