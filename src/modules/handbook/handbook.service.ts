// Shell: assembles one 办事一本通 (issue 22 §6) from the service map — the items available in the
// region (itemsAvailableIn: the region and its ancestors), the edition's items (handbook-model
// inEdition), grouped by the life-event stages published for the region (nearest ancestor with
// stages) or by department, capped at MAX_ITEMS, with the venues in or above the region offering
// each item and a QR code to the item's page on this site. Finished documents are kept in memory
// briefly per (region, edition, grouping, size, format, department, day, site base).
import type { Db } from '../../schema.ts';
import type { LocalDate } from '../../platform/clock/local-date.ts';
import { findRegion, type Region } from '../regions/index.ts';
import {
  findItemsByIds, itemsAvailableIn, listStages, regionAndAncestors, venuesOfferingItems, type Item, type LifeEventStage,
} from '../service-map/index.ts';
import {
  capGroups, groupItems, hoursSummary, inEdition, limitText, MAX_ITEMS,
  type BookItem, type BookVenue, type Edition, type Group, type Grouping, type StageRef,
} from './handbook-model.ts';

export interface BookletQuery {
  /** 12-digit region code. */
  region: string;
  edition: Edition;
  grouping: Grouping;
  /** Only this department's items ('' = all). */
  department: string;
  /** `https://host` the QR codes point to. */
  baseUrl: string;
  today: LocalDate;
}

export interface Booklet {
  region: Region;
  /** 「河北省邯郸市磁县」: the names from the province down. */
  fullName: string;
  edition: Edition;
  grouping: Grouping;
  department: string;
  issuedOn: LocalDate;
  groups: Group[];
  /** Items of the edition left out by MAX_ITEMS. */
  dropped: number;
  itemCount: number;
  /** Whether life-event stages were found (else every item is under 其他事项 when grouped by life event). */
  hasStages: boolean;
}

export const itemPath = (publicId: string) => `/services/items/${encodeURIComponent(publicId)}`;

/** The stages of the nearest region (itself, then ancestors) that has any, for both audiences. */
async function stagesFor(db: Db, code12: string): Promise<{ personal: LifeEventStage[]; enterprise: LifeEventStage[] }> {
  for (const c of regionAndAncestors(code12)) {
    const [personal, enterprise] = await Promise.all([listStages(db, c, 'personal'), listStages(db, c, 'enterprise')]);
    if (personal.length || enterprise.length) return { personal, enterprise };
  }
  return { personal: [], enterprise: [] };
}

function bookItem(it: Item, baseUrl: string): BookItem {
  const g = it.guide;
  return {
    publicId: it.publicId, name: it.name, department: it.department || it.implementingBody,
    materials: g.materials.map((m) => ({ name: m.name, type: m.type, copies: m.copies })), moreMaterials: 0,
    legalLimit: limitText(it.legalLimit, it.legalUnit), promisedLimit: limitText(it.promisedLimit, it.promisedUnit),
    fees: g.fees.map((f) => ({ name: f.name, standard: f.standard })), venues: [], moreVenues: 0,
    consultation: g.consultation, onlineUrl: it.onlineUrl && /^https?:\/\//.test(it.onlineUrl) ? it.onlineUrl : null,
    pageUrl: `${baseUrl}${itemPath(it.publicId)}`,
  };
}

/** The booklet of `q.region`, or null when the region is unknown. */
export async function buildBooklet(db: Db, q: BookletQuery): Promise<Booklet | null> {
  const region = await findRegion(db, q.region);
  if (!region) return null;
  const chain = regionAndAncestors(q.region);
  const names: string[] = [];
  for (const c of [...chain].reverse()) names.push(c === q.region ? region.name : (await findRegion(db, c))?.name ?? '');
  let available = await itemsAvailableIn(db, q.region, { limit: 1_000_000 });
  if (q.department) available = available.filter((a) => a.department === q.department);
  const stages = await stagesFor(db, q.region);
  const audiences = new Map<string, Edition[]>();
  for (const aud of ['personal', 'enterprise'] as const) for (const st of stages[aud]) for (const it of st.items) audiences.set(it.publicId, [...(audiences.get(it.publicId) ?? []), aud]);
  const full = new Map((await findItemsByIds(db, available.map((a) => a.id))).map((it) => [it.id, it]));
  const kept: Item[] = [];
  for (const a of available) {
    const it = full.get(a.id);
    if (it && inEdition(q.edition, { serviceObjects: it.guide.service_objects, stageAudiences: audiences.get(it.publicId) ?? [] })) kept.push(it);
  }
  const stageRefs: StageRef[] = stages[q.edition].map((st) => ({ slug: st.slug, name: st.name, itemIds: st.items.map((i) => i.publicId) }));
  const byPublic = new Map(kept.map((it) => [it.publicId, it]));
  const grouped = groupItems(kept.map((it) => bookItem(it, q.baseUrl)), q.grouping, stageRefs);
  const { groups, dropped } = capGroups(grouped, MAX_ITEMS);
  // the venues in or above the region offering the items kept
  const ids = groups.flatMap((g) => g.items.map((i) => byPublic.get(i.publicId)!.id));
  const venues = new Map<number, BookVenue[]>();
  const seen = new Set<string>();
  for (const v of await venuesOfferingItems(db, ids, chain)) {
    const key = `${v.itemId}:${v.publicId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    let weekly: Record<string, string> = {};
    try { weekly = JSON.parse(v.hoursJson) as Record<string, string>; } catch { /* stored hours unreadable: 未提供 */ }
    venues.set(v.itemId, [...(venues.get(v.itemId) ?? []), { name: v.name, address: v.address, hours: hoursSummary(weekly, v.is24h), phone: v.phone }]);
  }
  for (const g of groups) for (const it of g.items) it.venues = venues.get(byPublic.get(it.publicId)!.id) ?? [];
  return {
    region, fullName: names.join(''), edition: q.edition, grouping: q.grouping, department: q.department, issuedOn: q.today,
    groups, dropped, itemCount: groups.reduce((n, g) => n + g.items.length, 0), hasStages: stageRefs.length > 0,
  };
}

/** Region codes (12 digits) of the counties that have items, with names, for the picker. */
export async function countiesWithItems(db: Db): Promise<{ code: string; name: string }[]> {
  const rows = await db.selectFrom('sm_item').select('region_code').distinct().execute();
  const counties = [...new Set(rows.map((r) => r.region_code).filter((c) => /^\d{6}0{6}$/.test(c) && !/^\d{4}0{8}$/.test(c)))].sort();
  const out: { code: string; name: string }[] = [];
  for (const c of counties) out.push({ code: c, name: (await findRegion(db, c))?.name ?? c });
  return out;
}

/** The departments with items available in a region (for narrowing a booklet). */
export async function departmentsIn(db: Db, code12: string): Promise<string[]> {
  const items = await itemsAvailableIn(db, code12, { limit: 1_000_000 });
  return [...new Set(items.map((i) => i.department).filter(Boolean))].sort((a, b) => a.localeCompare(b, 'zh-CN'));
}

/** A small time-limited memory of finished documents. */
export class DocumentCache<T> {
  private readonly map = new Map<string, { at: number; value: T }>();
  constructor(private readonly ttlMs: number, private readonly max: number) {}
  get(key: string, now: number): T | undefined {
    const e = this.map.get(key);
    if (!e) return undefined;
    if (now - e.at > this.ttlMs) { this.map.delete(key); return undefined; }
    return e.value;
  }
  set(key: string, value: T, now: number): void {
    if (this.map.size >= this.max) this.map.delete(this.map.keys().next().value as string);
    this.map.set(key, { at: now, value });
  }
}
