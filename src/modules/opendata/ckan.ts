// Pure: the CKAN Action API over the dataset catalogue (issue 23 §4; open-standards.md §1). The
// package dict of a DatasetEntry (§1.4), the organization and group dicts, the read actions
// (package_list, package_show, package_search, organization_list/show, group_list/show,
// help_show) with CKAN's parameter coercion and error types (§1.2), all over an in-memory index
// built once per catalogue snapshot. No I/O: the routes give the site's base URL, stable ids and
// the clock.
import { DATASET_THEMES, FILE_FORMATS, FREQUENCIES } from '../../platform/datasets/datasets.ts';
import type { DatasetEntry } from './catalogue.ts';
import { parseQuery, parseSort, QueryError, SortError, type SearchDoc, type SortKey } from './ckan-query.ts';
import { ckanStrings as cs } from './ckan.strings.ts';

// ---------------------------------------------------------------- errors

export type CkanErrorBody = { __type: string } & Record<string, unknown>;

/** An action's failure: answered as {help, success: false, error} with CKAN's status. */
export class CkanError extends Error {
  constructor(readonly status: number, readonly error: CkanErrorBody) { super(String(error.message ?? error.__type)); }
}

/** A failure before any action runs (unknown action, unreadable body): CKAN answers a bare JSON string. */
export class CkanBadRequest extends Error {
  constructor(detail: string) { super(`Bad request: ${detail}`); }
}

/** Python's repr() of a string, as CKAN's `'%r' % e.args` writes it. */
export function pyRepr(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  return q + s.replace(/\\/g, '\\\\').replace(new RegExp(q, 'g'), `\\${q}`).replace(/\n/g, '\\n') + q;
}

export const ckanErrors = {
  notFound: (detail?: string) => new CkanError(404, { __type: 'Not Found Error', message: detail ? `Not found: ${detail}` : 'Not found' }),
  validation: (fields: Record<string, string[] | string>) => new CkanError(409, { ...fields, __type: 'Validation Error' }),
  searchQuery: (detail: string) => new CkanError(400, { __type: 'Search Query Error', message: `Search Query is invalid: ${pyRepr(detail)}` }),
  search: (detail: string) => new CkanError(409, { __type: 'Search Error', message: `Search error: ${pyRepr(detail)}` }),
};

// ---------------------------------------------------------------- request data

/** Action parameters: from a query string (strings; a repeated key gives a list) or a JSON object. */
export type Params = Record<string, unknown>;

function decodeComponent(s: string): string {
  const plus = s.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(plus);
  } catch {
    return plus.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => { try { return decodeURIComponent(run); } catch { return run; } });
  }
}

/** A query string as CKAN reads it (werkzeug MultiDict): a key given several times becomes a list. */
export function parseQueryParams(qs: string): Params {
  const out = Object.create(null) as Record<string, string | string[]>;
  if (!qs) return out;
  for (const pair of qs.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const key = decodeComponent(eq < 0 ? pair : pair.slice(0, eq));
    const value = eq < 0 ? '' : decodeComponent(pair.slice(eq + 1));
    if (!key) continue;
    const prev = out[key];
    out[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return out;
}

/**
 * A POST body as CKAN reads it: a JSON object (any content type but forms), or a form whose single
 * key is a JSON object (the old jQuery way), else the form's fields. Not an object → CkanBadRequest.
 */
export function parseBody(raw: string, contentType: string): Params {
  if (/^application\/x-www-form-urlencoded/i.test(contentType)) {
    const form = parseQueryParams(raw);
    const keys = Object.keys(form);
    if (keys.length === 1 && form[keys[0] as string] === '' && /^\s*\{/.test(keys[0] as string)) return parseJsonObject(keys[0] as string);
    return form;
  }
  if (raw.trim() === '') return Object.create(null) as Params;
  return parseJsonObject(raw);
}

function parseJsonObject(raw: string): Params {
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch (e) {
    throw new CkanBadRequest(`JSON Error: Error decoding JSON data. Error: ${(e as Error).message.slice(0, 200)}`);
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    throw new CkanBadRequest(`Bad request data: Request data JSON decoded to ${raw.trim().slice(0, 200)} but it needs to be a dictionary.`);
  }
  // A copy without a prototype: "__proto__" and "constructor" keys are plain, inert keys.
  return Object.assign(Object.create(null) as Params, data as Params);
}

// ---------------------------------------------------------------- parameter coercion (CKAN's validators)

const ONE_VALUE = 'Only one value is accepted / 只接受一个值';

/** A scalar parameter: a list (a repeated query key) is refused. */
function scalar(p: Params, key: string): unknown {
  const v = p[key];
  if (Array.isArray(v)) throw ckanErrors.validation({ [key]: [ONE_VALUE] });
  return v;
}

/** int_validator + natural_number_validator: null/'' = missing. */
export function naturalNumber(p: Params, key: string): number | null {
  const v = scalar(p, key);
  if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) return null;
  let n: number;
  if (typeof v === 'number' && Number.isFinite(v) && Number.isInteger(v)) n = v;
  else if (typeof v === 'string' && /^\s*[+-]?\d{1,30}\s*$/.test(v)) n = Number(v.trim());
  else throw ckanErrors.validation({ [key]: ['Invalid integer'] });
  if (n < 0) throw ckanErrors.validation({ [key]: ['Must be a natural number'] });
  return n;
}

function integer(p: Params, key: string): number | null {
  const v = scalar(p, key);
  if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) return null;
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && /^\s*[+-]?\d{1,30}\s*$/.test(v)) return Number(v.trim());
  throw ckanErrors.validation({ [key]: ['Invalid integer'] });
}

/** A string parameter (unicode_safe): numbers are read as text. */
function text(p: Params, key: string): string | null {
  const v = scalar(p, key);
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw ckanErrors.validation({ [key]: ['Must be a string / 应为字符串'] });
}

/** asbool: true/false in CKAN's spellings; anything else refused. */
function bool(p: Params, key: string, fallback: boolean): boolean {
  const v = scalar(p, key);
  if (v === undefined || v === null) return fallback;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  const s = String(v).trim().toLowerCase();
  if (['true', 'yes', 'on', 'y', 't', '1'].includes(s)) return true;
  if (['false', 'no', 'off', 'n', 'f', '0', ''].includes(s)) return false;
  throw ckanErrors.validation({ [key]: ['Not a boolean / 应为 true 或 false'] });
}

/** A list of strings: a JSON list in a string (facet.field over GET), a repeated key, a JSON array; a plain string is one item. */
function stringList(p: Params, key: string, jsonString: boolean): string[] | null {
  const v = p[key];
  if (v === undefined || v === null || v === '') return null;
  let list: unknown = v;
  if (typeof v === 'string') {
    if (jsonString || /^\s*\[/.test(v)) {
      try { list = JSON.parse(v); } catch { throw ckanErrors.validation({ [key]: ['Could not parse as valid JSON'] }); }
    } else list = [v];
  }
  if (!Array.isArray(list)) throw ckanErrors.validation({ [key]: ['Not a list'] });
  if (!list.every((x) => typeof x === 'string')) throw ckanErrors.validation({ [key]: ['Not a string'] });
  if (list.length > 100) throw ckanErrors.validation({ [key]: ['Too many values (at most 100) / 值过多'] });
  return list as string[];
}

// ---------------------------------------------------------------- dicts

/** CKAN licence-register ids of our licences (OPEN_DATA_LICENSE): CKAN's register has `cc-by`, not `cc-by-4.0`; the version is in license_url. */
export const CKAN_LICENCE_IDS: Record<string, string> = { 'cc-by-4.0': 'cc-by', 'cc-zero': 'cc-zero', 'odc-by': 'odc-by' };

const FREQUENCY_EU = new Map<string, string>(FREQUENCIES.map((f) => [f.code, f.eu]));
const THEME_LABEL = new Map<string, string>(DATASET_THEMES.map((t) => [t.code, t.label]));

/** Python isoformat() of a naive UTC datetime: no Z, microseconds only when not zero. */
export function naiveUtc(iso: string | Date): string {
  const d = typeof iso === 'string' ? new Date(iso) : iso;
  const s = d.toISOString();
  const ms = d.getUTCMilliseconds();
  return ms ? `${s.slice(0, 19)}.${String(ms).padStart(3, '0')}000` : s.slice(0, 19);
}

/** CKAN tag names: letters, digits, `_ - .` and spaces, 2–100 characters; other characters become spaces. */
export function tagNames(keywords: readonly string[]): string[] {
  const out: string[] = [];
  for (const k of keywords) {
    const t = k.replace(/[^\p{L}\p{M}\p{N}_\-. ]+/gu, ' ').replace(/\s+/g, ' ').trim().slice(0, 100);
    if (t.length >= 2 && !out.includes(t)) out.push(t);
  }
  return out;
}

export interface Organization {
  name: string;
  id: string;
  title: string;
  description: string;
  created: string;
  packageCount: number;
}

export interface Group {
  name: string;
  id: string;
  title: string;
  description: string;
  created: string;
  packageCount: number;
}

/** What the index needs from the outside world. */
export interface IndexInputs {
  /** A stable UUID for (kind, key): organizations, groups, tags, resources. */
  ids: (kind: string, key: string) => string;
  /** ISO instant an organization (publisher code) was created, when known. */
  orgCreated: (code: string) => string | null;
  /** Used as metadata_modified of a dataset whose last change is unknown (the catalogue's build). */
  now: Date;
}

interface Row {
  entry: DatasetEntry;
  doc: SearchDoc;
  modified: string;
  created: string;
  tags: string[];
  formats: string[];
  licenseId: string;
}

/** The catalogue laid out for the Action API: built once per catalogue snapshot. */
export class CkanIndex {
  readonly rows: Row[];
  readonly bySlug = new Map<string, Row>();
  readonly byId = new Map<string, Row>();
  readonly orgs: Organization[];
  readonly groups: Group[];
  private readonly dicts = new Map<string, { objects: Map<Row, Record<string, unknown>>; json: Map<Row, string>; bytes: Map<Row, Uint8Array> }>();

  constructor(readonly entries: readonly DatasetEntry[], readonly inputs: IndexInputs) {
    const fallback = naiveUtc(inputs.now);
    this.rows = entries.map((entry) => {
      const modified = entry.facts.lastModified ? naiveUtc(entry.facts.lastModified) : fallback;
      const created = entry.facts.temporal ? naiveUtc(`${entry.facts.temporal.start}T00:00:00+08:00`) : modified;
      const tags = tagNames(entry.keywords);
      const formats = [...new Set(entry.distributions.map((d) => ckanFormat(d.format)))];
      const licenseId = CKAN_LICENCE_IDS[entry.licence.id] ?? entry.licence.id;
      const doc: SearchDoc = {
        id: entry.id, name: entry.slug, title: entry.title.toLowerCase(),
        text: [entry.title, entry.description, entry.keywords.join(' '), entry.publisher.name, entry.slug].join('\n').toLowerCase(),
        tags, organization: entry.publisher.code, ownerOrg: inputs.ids('organization', entry.publisher.code), groups: [entry.theme],
        resFormats: formats, licenseId, metadataModified: micros(modified), metadataCreated: micros(created),
        numResources: entry.distributions.length, numTags: tags.length,
      };
      return { entry, doc, modified, created, tags, formats, licenseId };
    });
    for (const r of this.rows) { this.bySlug.set(r.entry.slug, r); this.byId.set(r.entry.id, r); }
    const orgs = new Map<string, Organization>();
    const groups = new Map<string, Group>();
    for (const r of this.rows) {
      const p = r.entry.publisher;
      const o = orgs.get(p.code);
      if (o) o.packageCount++;
      else orgs.set(p.code, { name: p.code, id: inputs.ids('organization', p.code), title: p.name, description: cs.organizationDescription(p.name), created: naiveUtc(inputs.orgCreated(p.code) ?? r.created), packageCount: 1 });
      const g = groups.get(r.entry.theme);
      const label = THEME_LABEL.get(r.entry.theme) ?? r.entry.theme;
      if (g) g.packageCount++;
      else groups.set(r.entry.theme, { name: r.entry.theme, id: inputs.ids('group', r.entry.theme), title: label, description: cs.groupDescription(label), created: r.created, packageCount: 1 });
    }
    this.orgs = [...orgs.values()];
    this.groups = [...groups.values()];
  }

  find(nameOrId: string): Row | null {
    return this.bySlug.get(nameOrId) ?? this.byId.get(nameOrId) ?? null;
  }

  org(code: string): Organization | null {
    return this.orgs.find((o) => o.name === code || o.id === code) ?? null;
  }

  group(name: string): Group | null {
    return this.groups.find((g) => g.name === name || g.id === name) ?? null;
  }

  private cache(base: string) {
    let c = this.dicts.get(base);
    if (!c) {
      // A few bases at most (SITE_BASE_URL, or the hosts the site is reached by): a forged Host cannot grow memory.
      if (this.dicts.size >= 4) this.dicts.clear();
      c = { objects: new Map(), json: new Map(), bytes: new Map() };
      this.dicts.set(base, c);
    }
    return c;
  }

  /** The package dict (package_show's result), memoised per base URL. */
  packageDict(row: Row, base: string): Record<string, unknown> {
    const c = this.cache(base);
    let d = c.objects.get(row);
    if (!d) { d = packageDict(row, this, base); c.objects.set(row, d); }
    return d;
  }

  packageJson(row: Row, base: string): string {
    const c = this.cache(base);
    let s = c.json.get(row);
    if (s === undefined) { s = JSON.stringify(this.packageDict(row, base)); c.json.set(row, s); }
    return s;
  }

  /** The package dict as UTF-8 JSON, memoised: a page of search results is a concatenation of these. */
  packageBytes(row: Row, base: string): Uint8Array {
    const c = this.cache(base);
    let b = c.bytes.get(row);
    if (b === undefined) { b = UTF8.encode(this.packageJson(row, base)); c.bytes.set(row, b); }
    return b;
  }
}

const UTF8 = new TextEncoder();

function micros(naive: string): number {
  return Date.parse(`${naive.slice(0, 23)}Z`) * 1000 + Number((naive.slice(23) + '000').slice(0, 3));
}

function ckanFormat(format: string): string {
  return format === 'HSDS' ? 'JSON' : format;
}

function organizationDict(o: Organization): Record<string, unknown> {
  return { id: o.id, name: o.name, title: o.title, type: 'organization', description: o.description, image_url: '', created: o.created, is_organization: true, approval_status: 'approved', state: 'active' };
}

function organizationFull(o: Organization, withCount: boolean): Record<string, unknown> {
  return {
    ...organizationDict(o), image_display_url: '', display_name: o.title,
    ...(withCount ? { package_count: o.packageCount } : {}), num_followers: 0,
  };
}

function groupFull(g: Group, withCount: boolean): Record<string, unknown> {
  return {
    id: g.id, name: g.name, title: g.title, type: 'group', description: g.description, image_url: '', image_display_url: '', created: g.created,
    is_organization: false, approval_status: 'approved', state: 'active', display_name: g.title, ...(withCount ? { package_count: g.packageCount } : {}), num_followers: 0,
  };
}

function packageDict(row: Row, index: CkanIndex, base: string): Record<string, unknown> {
  const e = row.entry;
  const org = index.org(e.publisher.code) as Organization;
  const group = index.group(e.theme) as Group;
  const extras: Record<string, string> = {
    contact_name: e.contact.name,
    frequency: `http://publications.europa.eu/resource/authority/frequency/${FREQUENCY_EU.get(e.frequency) ?? 'UNKNOWN'}`,
    publisher_name: e.publisher.name,
    spatial_text: e.spatial.name,
  };
  if (e.contact.email) extras.contact_email = e.contact.email;
  if (e.spatial.regionCode) extras.spatial_region_code = e.spatial.regionCode;
  if (e.facts.temporal) { extras.temporal_start = e.facts.temporal.start; extras.temporal_end = e.facts.temporal.end; }
  if (e.facts.rows !== null) extras.record_count = String(e.facts.rows);
  return {
    id: e.id,
    name: e.slug,
    title: e.title.trim() || e.slug,
    notes: e.description,
    url: `${base}/data/datasets/${e.slug}`,
    version: null,
    author: e.publisher.name,
    author_email: null,
    maintainer: e.contact.name,
    maintainer_email: e.contact.email,
    license_id: row.licenseId,
    license_title: e.licence.title,
    license_url: e.licence.url,
    isopen: true,
    state: 'active',
    private: false,
    type: 'dataset',
    owner_org: org.id,
    organization: organizationDict(org),
    creator_user_id: index.inputs.ids('user', 'open-data'),
    metadata_created: row.created,
    metadata_modified: row.modified,
    num_resources: e.distributions.length,
    num_tags: row.tags.length,
    tags: row.tags.map((t) => ({ id: index.inputs.ids('tag', t), name: t, display_name: t, state: 'active', vocabulary_id: null })),
    groups: [{ id: group.id, name: group.name, title: group.title, display_name: group.title, description: group.description, image_display_url: '' }],
    resources: e.distributions.map((d, position) => ({
      id: index.inputs.ids('resource', `${e.slug}/${d.file}`),
      package_id: e.id,
      url: `${base}${d.path}`,
      name: d.title,
      description: d.description ?? '',
      format: ckanFormat(d.format),
      mimetype: FILE_FORMATS[d.format].iana,
      mimetype_inner: null,
      size: null,
      hash: '',
      created: row.created,
      last_modified: row.modified,
      metadata_modified: row.modified,
      position,
      state: 'active',
      url_type: null,
      resource_type: null,
      cache_url: null,
      cache_last_updated: null,
      datastore_active: false,
      ...(d.conformsTo ? { conforms_to: d.conformsTo } : {}),
    })),
    extras: Object.keys(extras).sort().map((key) => ({ key, value: extras[key] as string })),
    relationships_as_subject: [],
    relationships_as_object: [],
  };
}

// ---------------------------------------------------------------- actions

export interface ActionContext {
  index: CkanIndex;
  /** `http(s)://host` (SITE_BASE_URL or the request's host), no trailing slash. */
  base: string;
  now: Date;
}

/** An action's result, already JSON: a string, or chunks to concatenate (package_search: memoised UTF-8 package dicts). */
export type RawJson = string | (string | Uint8Array)[];

type Action = (p: Params, ctx: ActionContext) => RawJson;

export const ROWS_MAX = 1000;
const ROWS_TOO_MANY = `Must be less than or equal to ${ROWS_MAX} / 每页最多 ${ROWS_MAX} 条，请用 start 分页`;
export const DEFAULT_SORT = 'score desc, metadata_modified desc';
export const FACET_FIELDS = ['organization', 'groups', 'tags', 'res_format', 'license_id'];

function page<T>(items: readonly T[], offset: number | null, limit: number | null): T[] {
  const start = offset ?? 0;
  return items.slice(start, limit === null ? undefined : start + limit);
}

function packageList(p: Params, ctx: ActionContext): RawJson {
  const limit = naturalNumber(p, 'limit');
  const offset = naturalNumber(p, 'offset');
  // CKAN: `if limit: query.limit(limit)` — limit 0 means no limit.
  const names = ctx.index.rows.map((r) => r.entry.slug).sort();
  return JSON.stringify(page(names, offset, limit || null));
}

function packageShow(p: Params, ctx: ActionContext): RawJson {
  const id = text(p, 'id') || text(p, 'name_or_id');
  if (!id) throw ckanErrors.validation({ name_or_id: ['Missing value'] });
  const row = ctx.index.find(id.trim());
  if (!row) throw ckanErrors.notFound();
  return ctx.index.packageJson(row, ctx.base);
}

function compareBy(keys: SortKey[], score: Map<Row, number> | null): (a: Row, b: Row) => number {
  const val = (r: Row, f: string): number | string => {
    switch (f) {
      case 'score': return score?.get(r) ?? 0;
      case 'metadata_modified': return r.doc.metadataModified;
      case 'metadata_created': return r.doc.metadataCreated;
      case 'name': return r.doc.name;
      case 'title_string': return r.entry.title;
      case 'id': return r.doc.id;
      case 'num_resources': return r.doc.numResources;
      case 'num_tags': return r.doc.numTags;
      case 'organization': return r.doc.organization;
      default: return 0;
    }
  };
  return (a, b) => {
    for (const k of keys) {
      const x = val(a, k.field);
      const y = val(b, k.field);
      if (x !== y) return (x < y ? -1 : 1) * (k.desc ? -1 : 1);
    }
    return a.doc.name < b.doc.name ? -1 : a.doc.name > b.doc.name ? 1 : 0;
  };
}

function packageSearch(p: Params, ctx: ActionContext): RawJson {
  const q = text(p, 'q') ?? '';
  const fqs = [text(p, 'fq') ?? '', ...(stringList(p, 'fq_list', false) ?? [])];
  const rowsAsked = naturalNumber(p, 'rows');
  // CKAN clamps rows to ckan.search.rows_max; the platform refuses more than it gives, in CKAN's
  // Validation Error shape, so a client asking for a million knows it got a page, not everything
  // (harvesters ask for 100; paging with start reads the rest).
  if (rowsAsked !== undefined && rowsAsked !== null && rowsAsked > ROWS_MAX) throw ckanErrors.validation({ rows: [ROWS_TOO_MANY] });
  const rows = rowsAsked ?? 10;
  const start = naturalNumber(p, 'start') ?? 0;
  const sortText = (text(p, 'sort') ?? '').trim() || DEFAULT_SORT;
  const facetOn = bool(p, 'facet', true);
  const facetFields = stringList(p, 'facet.field', true) ?? [];
  const facetLimit = integer(p, 'facet.limit') ?? 50;
  const facetMin = naturalNumber(p, 'facet.mincount') ?? 1;
  const fl = text(p, 'fl');
  let keys: SortKey[];
  try {
    keys = parseSort(sortText);
  } catch (e) {
    if (e instanceof SortError) throw e.kind === 'direction' ? ckanErrors.searchQuery(e.message) : ckanErrors.search(e.message);
    throw e;
  }
  let predicates;
  let words: string[];
  try {
    const query = parseQuery(q, ctx.now);
    words = query.words;
    predicates = [query, ...fqs.map((f) => parseQuery(f, ctx.now))].filter((x) => !x.matchAll).map((x) => x.predicate);
  } catch (e) {
    if (e instanceof QueryError) throw ckanErrors.searchQuery(e.message);
    throw e;
  }
  const matched = predicates.length ? ctx.index.rows.filter((r) => predicates.every((f) => f(r.doc))) : [...ctx.index.rows];
  let score: Map<Row, number> | null = null;
  if (words.length && keys.some((k) => k.field === 'score')) {
    score = new Map();
    for (const r of matched) {
      let s = 0;
      for (const w of words) s += (r.doc.title.includes(w) ? 3 : 0) + (r.tags.some((t) => t.toLowerCase().includes(w)) ? 2 : 0) + 1;
      score.set(r, s);
    }
  }
  matched.sort(compareBy(keys, score));
  const slice = start >= matched.length ? [] : matched.slice(start, start + rows);
  let results: RawJson;
  if (fl && fl.trim() && fl.trim() !== '*') {
    const fields = fl.split(/[\s,]+/).filter(Boolean);
    results = JSON.stringify(slice.map((r) => {
      const d = ctx.index.packageDict(r, ctx.base);
      return Object.fromEntries(fields.filter((f) => f in d).map((f) => [f, d[f]]));
    }));
  } else {
    results = ['['];
    slice.forEach((r, i) => (results as (string | Uint8Array)[]).push(...(i ? [',', ctx.index.packageBytes(r, ctx.base)] : [ctx.index.packageBytes(r, ctx.base)])));
    results.push(']');
  }
  const { facets, searchFacets } = facetOn ? computeFacets(matched, facetFields, facetLimit, facetMin, ctx.index) : { facets: {}, searchFacets: {} };
  return [`{"count":${matched.length},"facets":${JSON.stringify(facets)},"results":`, ...(typeof results === 'string' ? [results] : results), `,"sort":${JSON.stringify(sortText)},"search_facets":${JSON.stringify(searchFacets)}}`];
}

function computeFacets(rows: readonly Row[], fields: readonly string[], limit: number, min: number, index: CkanIndex) {
  const facets: Record<string, Record<string, number>> = {};
  const searchFacets: Record<string, { title: string; items: { name: string; display_name: string; count: number }[] }> = {};
  for (const field of new Set(fields)) {
    const counts = new Map<string, number>();
    const add = (v: string) => counts.set(v, (counts.get(v) ?? 0) + 1);
    for (const r of rows) {
      switch (field) {
        case 'organization': add(r.doc.organization); break;
        case 'groups': r.doc.groups.forEach(add); break;
        case 'tags': r.tags.forEach(add); break;
        case 'res_format': r.formats.forEach(add); break;
        case 'license_id': add(r.licenseId); break;
        default: break; // a field we do not facet on: no counts (Solr would answer none for an unindexed field)
      }
    }
    let items = [...counts].filter(([, n]) => n >= min).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    if (limit >= 0) items = items.slice(0, limit);
    facets[field] = Object.fromEntries(items);
    const display = (v: string): string => {
      if (field === 'organization') return index.org(v)?.title || v;
      if (field === 'groups') return index.group(v)?.title || v;
      if (field === 'license_id') return index.rows.find((r) => r.licenseId === v)?.entry.licence.title ?? v;
      return v;
    };
    searchFacets[field] = { title: field, items: items.map(([name, count]) => ({ name, display_name: display(name), count })) };
  }
  return { facets, searchFacets };
}

/** organization_list / group_list: names, or full dicts with all_fields (at most 25 then, as CKAN). */
function listOf<T extends Organization | Group>(items: readonly T[], p: Params, listKey: string, full: (x: T, withCount: boolean) => Record<string, unknown>): RawJson {
  const allFields = bool(p, 'all_fields', false);
  const withCount = bool(p, 'include_dataset_count', true);
  const maxLimit = allFields ? 25 : 1000;
  const asked = naturalNumber(p, 'limit');
  const limit = asked === null || asked > maxLimit ? maxLimit : asked;
  const offset = naturalNumber(p, 'offset') ?? 0;
  const names = stringList(p, listKey, false);
  const q = (text(p, 'q') ?? '').trim().toLowerCase();
  const sortText = (text(p, 'sort') ?? '').trim() || 'title asc';
  const m = /^(name|title|package_count|packages)(?:\s+(asc|desc))?$/i.exec(sortText);
  if (!m) throw ckanErrors.validation({ message: `Cannot sort by field \`${sortText.split(/\s+/)[0]}\`` });
  const field = (m[1] as string).toLowerCase() === 'packages' ? 'package_count' : (m[1] as string).toLowerCase();
  const desc = (m[2] ?? (field === 'package_count' ? 'desc' : 'asc')).toLowerCase() === 'desc';
  let list = items.filter((x) => (!names || names.includes(x.name)) && (!q || x.name.toLowerCase().includes(q) || x.title.toLowerCase().includes(q) || x.description.toLowerCase().includes(q)));
  const key = (x: T): string | number => (field === 'name' ? x.name : field === 'title' ? x.title : x.packageCount);
  list = [...list].sort((a, b) => {
    const x = key(a);
    const y = key(b);
    if (x !== y) return (x < y ? -1 : 1) * (desc ? -1 : 1);
    return a.name < b.name ? -1 : 1;
  });
  list = list.slice(offset, offset + limit);
  return JSON.stringify(allFields ? list.map((x) => full(x, withCount)) : list.map((x) => x.name));
}

function organizationShow(p: Params, ctx: ActionContext): RawJson {
  const id = text(p, 'id');
  if (!id) throw ckanErrors.validation({ id: ['Missing value'] });
  const o = ctx.index.org(id.trim());
  if (!o) throw ckanErrors.notFound('Organization was not found.');
  const withDatasets = bool(p, 'include_datasets', false);
  const d = organizationFull(o, true);
  if (withDatasets) d.packages = ctx.index.rows.filter((r) => r.entry.publisher.code === o.name).slice(0, 1000).map((r) => ctx.index.packageDict(r, ctx.base));
  return JSON.stringify({ ...d, users: [], groups: [], tags: [], extras: [] });
}

function groupShow(p: Params, ctx: ActionContext): RawJson {
  const id = text(p, 'id');
  if (!id) throw ckanErrors.validation({ id: ['Missing value'] });
  const g = ctx.index.group(id.trim());
  if (!g) throw ckanErrors.notFound('Group was not found.');
  const d = groupFull(g, true);
  if (bool(p, 'include_datasets', false)) d.packages = ctx.index.rows.filter((r) => r.entry.theme === g.name).slice(0, 1000).map((r) => ctx.index.packageDict(r, ctx.base));
  return JSON.stringify({ ...d, users: [], groups: [], tags: [], extras: [] });
}

function helpShow(p: Params): RawJson {
  const name = text(p, 'name');
  if (!name) throw ckanErrors.validation({ name: ['Missing value'] });
  const help = cs.help[name];
  if (!help || !Object.prototype.hasOwnProperty.call(ACTIONS, name)) throw ckanErrors.notFound('Action function not found');
  return JSON.stringify(help);
}

/** The read actions served (CKAN's side-effect-free `get` actions we can answer); every other name is unknown. */
export const ACTIONS: Record<string, Action> = Object.assign(Object.create(null) as Record<string, Action>, {
  package_list: packageList,
  package_show: packageShow,
  package_search: packageSearch,
  organization_list: (p: Params, ctx: ActionContext) => listOf(ctx.index.orgs, p, 'organizations', organizationFull),
  organization_show: organizationShow,
  group_list: (p: Params, ctx: ActionContext) => listOf(ctx.index.groups, p, 'groups', groupFull),
  group_show: groupShow,
  help_show: (p: Params) => helpShow(p),
});

export function isAction(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(ACTIONS, name);
}

/** Runs an action: its JSON result, or a CkanError. */
export function runAction(name: string, params: Params, ctx: ActionContext): RawJson {
  const action = ACTIONS[name];
  if (!action) throw new CkanBadRequest(`Action name not known: ${name}`);
  return action(params, ctx);
}

/** The `help` member of every envelope. */
export function helpUrl(base: string, name: string): string {
  return `${base}/api/3/action/help_show?name=${encodeURIComponent(name)}`;
}

export function successEnvelope(help: string, result: RawJson): (string | Uint8Array)[] {
  return [`{"help":${JSON.stringify(help)},"success":true,"result":`, ...(typeof result === 'string' ? [result] : result), '}'];
}

export function errorEnvelope(help: string, error: CkanErrorBody): string {
  return JSON.stringify({ help, success: false, error });
}
