// Shell: the facts an answer is built from, loaded from the database and the venue index — an
// item's guide (findItem), the venue for the person (VenueFinder.nearest: the nearest open venue
// offering the item, else the region's centre), a life event's chain of items, a policy with its
// 解读, a catalogue item. Each loader is one or two queries; the venue index is in memory.
import type { Db } from '../../schema.ts';
import { impliedParent } from '../../platform/geo/region-code.ts';
import { labelOf } from '../../platform/web/enums.ts';
import { findItem, findVenue, formatPeriods, openStatus, dayInfoMemo, weekdayOf, WEEKDAY_LABELS, ITEM_TYPES, type Item, type VenueFinder } from '../service-map/index.ts';
import { publiclyVisible, recordHref } from '../disclosures/index.ts';
import type { AssistantDeps } from './deps.ts';
import type { Audience, Candidate, Whereabouts } from './types.ts';
import type { ItemFacts, LifeEventFacts, PolicyFacts, VenueChoice, VenueFacts } from './compose.ts';
import { answerStrings as s } from './answer.strings.ts';

type Ranked = Awaited<ReturnType<VenueFinder['nearest']>>['results'][number];
type Status = Ranked['status'];

/** Venues farther than this from the person are not "near"; the region's centre is used instead. */
const NEAR_RADIUS_M = 50_000;
/** Around a region's centre: a county's venues lie well within this. */
const CENTRE_RADIUS_M = 100_000;
const CANDIDATE_VENUES = 50;

export const itemUrl = (publicId: string) => `/services/items/${encodeURIComponent(publicId)}`;
export const venueUrl = (publicId: string) => `/services/venues/${encodeURIComponent(publicId)}`;
/** The 12-digit form of a 6-, 9- or 12-digit region code. */
const fullRegion = (code: string) => code.padEnd(12, '0');
/** The region codes from the region itself up to its province (12-digit, most specific first). */
function regionChain(code: string): string[] {
  const out: string[] = [];
  for (let c: string | null = fullRegion(code); c && /[1-9]/.test(c); c = impliedParent(c)) out.push(c);
  return out;
}
/** The short code the life-events page takes (?region=440309). */
const pageRegion = (code: string) => code.replace(/0+$/, '').padEnd(6, '0');

/** An item's guide flattened to the facts compose.ts speaks of. */
function itemFacts(i: Item): ItemFacts {
  const g = i.guide;
  const hasGuide = g.materials.length > 0 || g.steps.length > 0 || g.conditions.length > 0 || g.fees.length > 0 || !!g.where || !!g.when;
  return {
    publicId: i.publicId, name: i.name, url: itemUrl(i.publicId), typeLabel: labelOf(ITEM_TYPES, i.type), department: i.implementingBody || i.department,
    conditions: g.conditions, materials: g.materials.map((m) => ({ name: m.name, type: m.type, required: m.required })), steps: g.steps.map((x) => x.name),
    fees: g.fees.map((f) => ({ name: f.name, standard: f.standard, waivable: f.waivable, waiverBasis: f.waiver_basis ?? '' })),
    // The item's page shows 不收费 for a guide with no fee rows; with no guide at all nothing is known.
    feesKnown: hasGuide,
    promised: { n: i.promisedLimit, unit: i.promisedUnit }, legal: { n: i.legalLimit, unit: i.legalUnit },
    onlineUrl: i.channels.includes('online') && i.onlineUrl ? i.onlineUrl : null,
    mobileUrl: i.channels.includes('mobile') && i.mobileUrl ? i.mobileUrl : null,
    onlineDepth: g.online_depth ?? '', visits: i.visits, visitsReason: g.visits_reason ?? '',
    guideWhere: g.where, guideWhen: g.when, consultation: g.consultation, result: g.result ? { type: g.result.type, name: g.result.name } : null,
  };
}

export async function loadItem(db: Db, publicId: string): Promise<{ item: Item; facts: ItemFacts } | null> {
  const item = await findItem(db, publicId);
  return item ? { item, facts: itemFacts(item) } : null;
}

const SHANGHAI_MS = 8 * 3600_000;
/** "今天 13:30" or "周一 08:30" (local time) for an ISO instant. */
function nextOpenText(iso: string | null, now: Date): string | null {
  if (!iso) return null;
  const local = new Date(Date.parse(iso) + SHANGHAI_MS).toISOString();
  const today = new Date(now.getTime() + SHANGHAI_MS).toISOString().slice(0, 10);
  const date = local.slice(0, 10);
  const time = local.slice(11, 16);
  return date === today ? s.nextOpenToday(time) : s.nextOpenOn(WEEKDAY_LABELS[weekdayOf(date)], date.slice(5), time);
}

function statusFacts(st: Status, now: Date): Pick<VenueFacts, 'todayHours' | 'alwaysOpen' | 'holidayClosed' | 'holidayName' | 'openNow' | 'nextOpen'> {
  return {
    todayHours: formatPeriods(st.todayPeriods), alwaysOpen: st.reason === 'always_open', holidayClosed: st.reason === 'holiday_closed',
    holidayName: st.day.name, openNow: st.openNow, nextOpen: st.openNow ? null : nextOpenText(st.opensAt, now),
  };
}

function rankedFacts(r: Ranked, how: VenueChoice, now: Date, withDistance: boolean): VenueFacts {
  const v = r.venue;
  return { publicId: v.publicId, name: v.name, url: venueUrl(v.publicId), address: v.address, phone: v.phone, distanceM: withDistance ? r.distanceM : null, how, ...statusFacts(r.status, now) };
}

/** A venue by its public id, with today's hours on the working-day calendar. */
export async function venueFacts(deps: Pick<AssistantDeps, 'db' | 'clock' | 'finder'>, publicId: string): Promise<VenueFacts | null> {
  const v = await findVenue(deps.db, publicId);
  if (!v) return null;
  const now = deps.clock.now();
  const st = openStatus({ weekly: v.hours, is24h: v.is24h, holidayRule: v.holidayRule }, dayInfoMemo(await deps.finder.calendarNow()), now);
  return { publicId: v.publicId, name: v.name, url: venueUrl(v.publicId), address: v.address, phone: v.phone, distanceM: null, how: 'venue', ...statusFacts(st, now) };
}

/** countyCentres walks every venue: kept per finder for a few seconds (venues change by import, rarely). */
const CENTRES_TTL_MS = 5000;
const centresCache = new WeakMap<VenueFinder, { at: number; centres: Awaited<ReturnType<VenueFinder['countyCentres']>> }>();
async function countyCentres(finder: VenueFinder): Promise<Awaited<ReturnType<VenueFinder['countyCentres']>>> {
  const hit = centresCache.get(finder);
  const now = Date.now();
  if (hit && now - hit.at < CENTRES_TTL_MS) return hit.centres;
  const centres = await finder.countyCentres();
  centresCache.set(finder, { at: now, centres });
  return centres;
}

const byDistance = (a: Ranked, b: Ranked) => a.distanceM - b.distanceM || a.venue.publicId.localeCompare(b.venue.publicId);

/**
 * The venue to name for an item: with a point (the person's, or the kiosk's venue) the kiosk's own
 * venue when it offers the item, else the nearest open one offering it, else the nearest; without
 * one, the item's region's 政务服务中心 offering it (else the venue offering it nearest the region's
 * centre). Null when no venue offers the item.
 */
export async function venueForItem(deps: Pick<AssistantDeps, 'db' | 'clock' | 'finder'>, item: Item, where: Whereabouts): Promise<VenueFacts | null> {
  const now = deps.clock.now();
  let point = where.location;
  let here: string | null = null;
  if (where.venuePublicId) {
    const v = await findVenue(deps.db, where.venuePublicId);
    if (v) { here = v.publicId; point ??= { lat: v.lat, lng: v.lng }; }
  }
  const query = { radiusM: NEAR_RADIUS_M, at: now, openOnly: false, types: null, level: null, itemPublicId: item.publicId, limit: CANDIDATE_VENUES };
  if (point) {
    const { results, itemFound } = await deps.finder.nearest({ ...query, lat: point.lat, lng: point.lng });
    if (!itemFound) return null;
    const own = here ? results.find((r) => r.venue.publicId === here) : undefined;
    if (own) return rankedFacts(own, 'here', now, false);
    const sorted = [...results].sort(byDistance);
    const open = sorted.find((r) => r.status.openNow);
    if (open) return rankedFacts(open, 'nearest_open', now, !!where.location);
    if (sorted[0]) return rankedFacts(sorted[0], 'nearest', now, !!where.location);
  }
  const centres = await countyCentres(deps.finder);
  const regions = [item.regionCode, where.regionCode].filter((c): c is string => !!c).map((c) => `${fullRegion(c).slice(0, 6)}000000`);
  for (const region of regions) {
    const c = centres.find((x) => x.regionCode === region);
    if (!c) continue;
    const { results, itemFound } = await deps.finder.nearest({ ...query, radiusM: CENTRE_RADIUS_M, lat: c.lat, lng: c.lng });
    if (!itemFound) return null;
    const inRegion = results.filter((r) => r.venue.regionCode.startsWith(region.slice(0, 6))).sort(byDistance);
    const centre = inRegion.find((r) => r.venue.type === 'service_centre') ?? inRegion[0] ?? [...results].sort(byDistance)[0];
    if (centre) return rankedFacts(centre, 'centre', now, false);
  }
  return null;
}

/**
 * A life event's chain: the stage (audience + slug) of the region or its nearest ancestor that has
 * one, with its items in order — one query. Null when no region in the chain has the stage.
 */
export async function lifeEventFacts(db: Db, audience: Audience, slug: string, regionCode: string): Promise<LifeEventFacts | null> {
  const chain = regionChain(regionCode);
  if (!chain.length) return null;
  const rows = await db.selectFrom('sm_life_event_stage as st')
    .leftJoin('region as rg', 'rg.code', 'st.region_code')
    .leftJoin('sm_life_event_item as li', 'li.stage_id', 'st.id')
    .leftJoin('sm_item as i', 'i.id', 'li.item_id')
    .select(['st.id as stage_id', 'st.region_code', 'st.name as stage_name', 'rg.name as region_name', 'li.position', 'i.public_id', 'i.name', 'i.implementing_body', 'i.department'])
    .where('st.audience', '=', audience).where('st.slug', '=', slug).where('st.region_code', 'in', chain)
    .execute();
  if (!rows.length) return null;
  const best = chain.find((c) => rows.some((r) => r.region_code === c)) as string;
  const mine = rows.filter((r) => r.region_code === best).sort((a, b) => Number(a.position ?? 0) - Number(b.position ?? 0));
  const first = mine[0] as (typeof mine)[number];
  const regionName = first.region_name ?? '';
  const audienceLabel = s.audience[audience] ?? audience;
  return {
    stage: { name: first.stage_name, url: `/services/life-events?region=${pageRegion(best)}&audience=${audience}#${encodeURIComponent(slug)}`, title: s.lifeEventTitle(regionName, audienceLabel, first.stage_name) },
    regionName,
    items: mine.filter((r) => r.public_id).map((r) => ({ publicId: r.public_id as string, name: r.name as string, department: r.implementing_body || r.department || '', url: itemUrl(r.public_id as string) })),
    fromSearch: false, phrase: first.stage_name,
  };
}

/** Items named by the retrieval's candidates, in their order, for a chain without stage data (one query). */
export async function candidateItems(db: Db, candidates: readonly Candidate[]): Promise<LifeEventFacts['items']> {
  const ids = candidates.filter((c) => c.type === 'item').map((c) => c.publicId).slice(0, 8);
  if (!ids.length) return [];
  const rows = await db.selectFrom('sm_item').select(['public_id', 'name', 'implementing_body', 'department']).where('public_id', 'in', ids).execute();
  const by = new Map(rows.map((r) => [r.public_id, r]));
  return ids.flatMap((id) => {
    const r = by.get(id);
    return r ? [{ publicId: r.public_id, name: r.name, department: r.implementing_body || r.department, url: itemUrl(r.public_id) }] : [];
  });
}

/** A publicly visible disclosure record with its interpretations (and what it interprets). */
export async function disclosureFacts(db: Db, indexNo: string, now: Date): Promise<PolicyFacts | null> {
  const nowIso = now.toISOString();
  const r = await db.selectFrom('disclosure').select(['id', 'index_no', 'title', 'publisher', 'published_on', 'document_no', 'summary'])
    .where('index_no', '=', indexNo).where((eb) => publiclyVisible(eb, nowIso)).executeTakeFirst();
  if (!r || !r.published_on) return null;
  const links = await db.selectFrom('disclosure_link as l')
    .innerJoin('disclosure', (j) => j.on((eb) => eb.or([eb('disclosure.id', '=', eb.ref('l.from_id')), eb('disclosure.id', '=', eb.ref('l.to_id'))])))
    .where((eb) => eb.or([eb('l.to_id', '=', r.id), eb('l.from_id', '=', r.id)])).where('disclosure.id', '<>', r.id)
    .select(['l.from_id', 'l.to_id', 'disclosure.index_no', 'disclosure.title', 'disclosure.published_at'])
    .where('l.kind', '=', 'interprets').where((eb) => publiclyVisible(eb, nowIso)).orderBy('disclosure.published_at', 'desc').execute();
  const link = (x: { index_no: string; title: string }) => ({ indexNo: x.index_no, title: x.title, url: recordHref(x.index_no) });
  return {
    kind: 'disclosure', indexNo: r.index_no, title: r.title, url: recordHref(r.index_no), publisher: r.publisher, publishedOn: r.published_on, documentNo: r.document_no || null, summary: r.summary,
    interpretations: links.filter((l) => Number(l.to_id) === Number(r.id)).map(link),
    interprets: links.filter((l) => Number(l.from_id) === Number(r.id)).map(link)[0] ?? null,
  };
}

/** A catalogue item of its catalogue's newest published version ("{catalogue}/{key}"). */
export async function catalogItemFacts(db: Db, c: Candidate): Promise<PolicyFacts | null> {
  const m = /^(\d{1,10})\/(.+)$/.exec(c.publicId);
  if (!m) return null;
  const r = await db.selectFrom('catalog_item').innerJoin('catalog_version', 'catalog_version.id', 'catalog_item.version_id')
    .select(['catalog_item.level1', 'catalog_item.level2', 'catalog_item.content', 'catalog_item.basis', 'catalog_item.body', 'catalog_item.deadline_text'])
    .where('catalog_version.catalog_id', '=', Number(m[1])).where('catalog_version.status', '=', 'published').where('catalog_item.item_key', '=', m[2] as string)
    .orderBy('catalog_version.version_no', 'desc').limit(1).executeTakeFirst();
  if (!r) return null;
  return { kind: 'catalog_item', publicId: c.publicId, title: r.level2 ? `${r.level1}·${r.level2}` : r.level1, url: c.url, body: r.body, content: r.content, deadline: r.deadline_text, basis: r.basis };
}
