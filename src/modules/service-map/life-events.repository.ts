// Life events as data (issue 22 §5): a government's set (sm_life_event_set: the draft document and
// the published version's number, who and when) and its published stages (sm_life_event_stage /
// sm_life_event_item, which the public page, the assistant and the accounts module read).
import type { Db } from '../../schema.ts';
import { regionAndAncestors, itemsAvailableIn } from './availability.repository.ts';
import { itemIdsByPublic, listStages } from './service-map.repository.ts';
import { sortByAudience, type SetDoc, type SetStage } from './life-events-model.ts';
import type { Audience } from './service-map.ts';

/** The county of a region code (6, 9 or 12 digits): its first 6 digits, as 12. */
export function countyOf(code: string): string {
  return `${code.slice(0, 6)}000000`;
}

/** Is a 12-digit code a county (区/县/县级市) — not a province, city, township or village? */
export function isCounty(code12: string): boolean {
  return /^\d{12}$/.test(code12) && code12.slice(4, 6) !== '00' && code12.slice(6) === '000000';
}

export interface LifeEventSet {
  regionCode: string;
  orgCode: string;
  draft: SetDoc | null;
  draftUpdatedAt: string | null;
  draftUpdatedBy: string | null;
  publishedVersion: number;
  publishedAt: string | null;
  publishedBy: string | null;
}

export async function findSet(db: Db, county12: string): Promise<LifeEventSet | null> {
  const r = await db.selectFrom('sm_life_event_set').selectAll().where('region_code', '=', county12).executeTakeFirst();
  if (!r) return null;
  return {
    regionCode: r.region_code, orgCode: r.org_code, draft: r.draft_json ? JSON.parse(r.draft_json) as SetDoc : null,
    draftUpdatedAt: r.draft_updated_at, draftUpdatedBy: r.draft_updated_by,
    publishedVersion: Number(r.published_version), publishedAt: r.published_at, publishedBy: r.published_by,
  };
}

/** The published stages of a county as a document (items by public id). */
export async function publishedDoc(db: Db, county12: string): Promise<SetDoc> {
  const stages: SetStage[] = [];
  for (const audience of ['enterprise', 'personal'] as const) {
    for (const st of await listStages(db, county12, audience)) {
      stages.push({ audience, slug: st.slug, name: st.name, description: st.description, items: st.items.map((i) => i.publicId), catalogue: st.catalogueRefs });
    }
  }
  return { stages };
}

/** Writes the draft (creating the set row on first write). */
export async function saveDraft(trx: Db, county12: string, orgCode: string, doc: SetDoc | null, at: string, by: string): Promise<void> {
  const values = { draft_json: doc ? JSON.stringify({ stages: sortByAudience(doc.stages) }) : null, draft_updated_at: at, draft_updated_by: by };
  const done = await trx.updateTable('sm_life_event_set').set(values).where('region_code', '=', county12).executeTakeFirst();
  if (Number(done.numUpdatedRows) === 0) {
    await trx.insertInto('sm_life_event_set').values({ region_code: county12, org_code: orgCode, ...values, published_version: 0, published_at: null, published_by: null }).execute();
  }
}

/**
 * Publishes a document: the county's published stages replaced whole, the version counted up, the
 * draft cleared. Answers the item public ids that no longer exist (then nothing is written).
 */
export async function publishDoc(trx: Db, county12: string, orgCode: string, doc: SetDoc, at: string, by: string): Promise<{ version: number } | { missing: string[] }> {
  const wanted = [...new Set(doc.stages.flatMap((st) => st.items))];
  const ids = await itemIdsByPublic(trx, wanted);
  const missing = wanted.filter((i) => !ids.has(i));
  if (missing.length) return { missing };
  const old = trx.selectFrom('sm_life_event_stage').select('id').where('region_code', '=', county12);
  await trx.deleteFrom('sm_life_event_item').where('stage_id', 'in', old).execute();
  await trx.deleteFrom('sm_life_event_stage').where('region_code', '=', county12).execute();
  const positions: Record<Audience, number> = { enterprise: 0, personal: 0 };
  for (const st of sortByAudience(doc.stages)) {
    positions[st.audience] += 1;
    const r = await trx.insertInto('sm_life_event_stage').values({
      region_code: county12, audience: st.audience, position: positions[st.audience], slug: st.slug, name: st.name, description: st.description, catalogue_refs: JSON.stringify(st.catalogue),
    }).returning('id').executeTakeFirstOrThrow();
    const rows = st.items.map((i, n) => ({ stage_id: Number(r.id), item_id: ids.get(i) as number, position: n }));
    if (rows.length) await trx.insertInto('sm_life_event_item').values(rows).execute();
  }
  const set = await trx.selectFrom('sm_life_event_set').select('published_version').where('region_code', '=', county12).executeTakeFirst();
  const version = Number(set?.published_version ?? 0) + 1;
  if (set) await trx.updateTable('sm_life_event_set').set({ published_version: version, published_at: at, published_by: by, draft_json: null, draft_updated_at: at, draft_updated_by: by }).where('region_code', '=', county12).execute();
  else await trx.insertInto('sm_life_event_set').values({ region_code: county12, org_code: orgCode, draft_json: null, draft_updated_at: at, draft_updated_by: by, published_version: version, published_at: at, published_by: by }).execute();
  return { version };
}

/** Counties with a published set, with their names, by code. */
export async function publishedCounties(db: Db): Promise<{ code: string; name: string }[]> {
  const rows = await db.selectFrom('sm_life_event_set as s').leftJoin('region as r', 'r.code', 's.region_code')
    .select(['s.region_code', 'r.name']).where('s.published_version', '>', 0).orderBy('s.region_code').execute();
  return rows.map((r) => ({ code: r.region_code, name: r.name ?? r.region_code.slice(0, 6) }));
}

export interface UsableItem { publicId: string; name: string; regionCode: string; basicCode: string; implementingCode: string; department: string }

function usable(db: Db, county12: string) {
  return db.selectFrom('sm_item').select(['public_id', 'name', 'region_code', 'basic_code', 'implementing_code', 'department'])
    .where((eb) => eb.or([eb('region_code', 'in', regionAndAncestors(county12)), eb('region_code', 'like', `${county12.slice(0, 6)}%`)]));
}
const toUsable = (r: { public_id: string; name: string; region_code: string; basic_code: string; implementing_code: string; department: string }): UsableItem =>
  ({ publicId: r.public_id, name: r.name, regionCode: r.region_code, basicCode: r.basic_code, implementingCode: r.implementing_code, department: r.department });

/**
 * The items a county's government may put in its life events — those of the county, its townships
 * and villages, and its city and province — by public id, 基本编码 or 实施编码. A code shared by
 * several items (a 基本编码) names the county's own item first, then the nearest ancestor's.
 */
export async function resolveItemCodes(db: Db, county12: string, codes: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const wanted = [...new Set(codes.map((c) => c.trim()).filter(Boolean))];
  const chain = regionAndAncestors(county12);
  const rank = (region: string) => (region === county12 ? 0 : chain.includes(region) ? 1 + chain.indexOf(region) : 10);
  for (let i = 0; i < wanted.length; i += 500) {
    const chunk = wanted.slice(i, i + 500);
    const rows = await usable(db, county12).where((eb) => eb.or([eb('public_id', 'in', chunk), eb('basic_code', 'in', chunk), eb('implementing_code', 'in', chunk)])).execute();
    for (const code of chunk) {
      const hits = rows.filter((r) => r.public_id === code || r.basic_code === code || r.implementing_code === code)
        .sort((a, b) => Number(b.public_id === code) - Number(a.public_id === code) || rank(a.region_code) - rank(b.region_code) || a.public_id.localeCompare(b.public_id));
      if (hits[0]) out.set(code, hits[0].public_id);
    }
  }
  return out;
}

/** Items a government may use, by name or code (the staff page's search), at most `limit`. */
export async function searchUsableItems(db: Db, county12: string, q: string, limit = 30): Promise<UsableItem[]> {
  const like = `%${q.replace(/[%_\\]/g, '')}%`;
  const rows = await usable(db, county12).where((eb) => eb.or([eb('name', 'like', like), eb('public_id', 'like', like), eb('basic_code', 'like', like), eb('implementing_code', 'like', like)]))
    .orderBy('name').orderBy('public_id').limit(limit).execute();
  return rows.map(toUsable);
}

/** Names of items by public id (the staff page). */
export async function itemNames(db: Db, publicIds: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const ids = [...new Set(publicIds)];
  for (let i = 0; i < ids.length; i += 500) {
    for (const r of await db.selectFrom('sm_item').select(['public_id', 'name']).where('public_id', 'in', ids.slice(i, i + 500)).execute()) out.set(r.public_id, r.name);
  }
  return out;
}

export interface PublicStage { slug: string; position: number; name: string; description: string; catalogueRefs: string[]; items: { publicId: string; name: string; department: string }[] }

/** The published stages of the visitor's county, each with only the items available in the visitor's region. */
export async function publicStages(db: Db, visitorRegion12: string, audience: Audience): Promise<PublicStage[]> {
  const stages = await listStages(db, countyOf(visitorRegion12), audience);
  const all = [...new Set(stages.flatMap((st) => st.items.map((i) => i.id)))];
  const available = new Set((await itemsAvailableIn(db, visitorRegion12, { itemIds: all })).map((i) => i.id));
  return stages.map((st) => ({
    slug: st.slug, position: st.position, name: st.name, description: st.description, catalogueRefs: st.catalogueRefs,
    items: st.items.filter((i) => available.has(i.id)).map((i) => ({ publicId: i.publicId, name: i.name, department: i.implementingBody || i.department })),
  }));
}
