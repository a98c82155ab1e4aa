// Pure: the dataset catalogue as DCAT-AP 3.0.1 in JSON-LD (issue 23 §4; shared/domain
// open-standards.md §2): one document with a prefixed @context and one @graph — the dcat:Catalog,
// the publishers (foaf:Agent), each dcat:Dataset with its dcat:Distributions (stable IRIs: the
// dataset's page and `#file` under it; ckanext-dcat's RDF harvester takes the dataset IRI as its
// GUID), our theme scheme, and a hydra:PagedCollection (100 datasets a page, as ckanext-dcat).
// Every IRI is absolute from `base`. Nothing here reads the clock or the database.
import { DATASET_THEMES, FILE_FORMATS, FREQUENCIES, type DatasetTheme } from '../../platform/datasets/datasets.ts';
import type { DatasetEntry } from './catalogue.ts';
import { d } from './dcat.strings.ts';

export const DCAT_PAGE_SIZE = 100;

export const DCAT_CONTEXT = {
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  hydra: 'http://www.w3.org/ns/hydra/core#',
} as const;

/**
 * Controlled vocabularies (DCAT-AP 3.0.1 "Controlled vocabularies"). The IRI patterns are the
 * published ones; the particular codes below (language/ZHO, country/CHN, data-theme/*,
 * access-right/PUBLIC, publishertype/*) are UNCONFIRMED against the NAL files themselves
 * (open-standards.md §5), hence kept here as data.
 */
export const VOCAB = {
  euAuthority: 'http://publications.europa.eu/resource/authority/',
  language: 'http://publications.europa.eu/resource/authority/language/ZHO',
  country: 'http://publications.europa.eu/resource/authority/country/CHN',
  accessPublic: 'http://publications.europa.eu/resource/authority/access-right/PUBLIC',
  iana: 'https://www.iana.org/assignments/media-types/',
  publisherType: { government: 'http://purl.org/adms/publishertype/LocalAuthority', platform: 'http://purl.org/adms/publishertype/LocalAuthority' },
  /** Open Referral HSDS 3.0 (dct:conformsTo of an HSDS file that names no standard itself). UNCONFIRMED as the canonical IRI. */
  hsds: 'https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json',
} as const;

/** One EU Data Theme per theme of ours (DCAT-AP: at least one dcat:theme from that NAL). UNCONFIRMED mapping. */
export const EU_DATA_THEME: Record<DatasetTheme, string> = {
  regions: 'REGI', catalogs: 'GOVE', disclosures: 'GOVE', applications: 'GOVE', services: 'GOVE', interaction: 'GOVE', ratings: 'GOVE', supervision: 'GOVE',
};

/** IANA media types that are registered: an unregistered (x-) type gets no dcat:mediaType (the SHACL pattern asks for an IANA IRI). */
function ianaIri(type: string): string | null {
  return /^[a-z]+\/x-/.test(type) ? null : `${VOCAB.iana}${type}`;
}

type Node = Record<string, unknown>;
const zh = (value: string) => ({ '@value': value, '@language': 'zh' });
const iri = (id: string) => ({ '@id': id });
/** A temporal literal: xsd:date for a LocalDate, xsd:dateTime for an instant. */
const when = (value: string) => ({ '@value': value, '@type': /^\d{4}-\d{2}-\d{2}$/.test(value) ? 'xsd:date' : 'xsd:dateTime' });

export interface CatalogInfo {
  title: string;
  description: string;
  /** The installation's own publisher. */
  publisher: { code: string; name: string };
}

/** Where things live: every IRI of the document, from the absolute base (`https://host`). */
export function iris(base: string) {
  const dataset = (slug: string) => `${base}/data/datasets/${slug}`;
  return {
    catalog: `${base}/data/catalog.jsonld`,
    homepage: `${base}/data`,
    dataset,
    datasetJsonld: (slug: string) => `${base}/data/datasets/${slug}.jsonld`,
    distribution: (slug: string, file: string) => `${dataset(slug)}#${file}`,
    file: (path: string) => `${base}${path}`,
    publisher: (code: string) => `${base}/data?publisher=${encodeURIComponent(code)}`,
    theme: (code: string) => `${base}/data?theme=${encodeURIComponent(code)}`,
    themeScheme: `${base}/data/catalog.jsonld#themes`,
    region: (code12: string) => `${base}/data/regions/${code12}`,
    regions: `${base}/data/regions`,
    page: (page: number, modifiedSince: string | null) => `${base}/data/catalog.jsonld?page=${page}${modifiedSince ? `&modified_since=${encodeURIComponent(modifiedSince)}` : ''}`,
  };
}
type Iris = ReturnType<typeof iris>;

function publisherNode(I: Iris, p: { code: string; name: string }, kind: 'platform' | 'government'): Node {
  return { '@id': I.publisher(p.code), '@type': 'foaf:Agent', 'foaf:name': zh(p.name), 'dct:identifier': p.code, 'dct:type': iri(VOCAB.publisherType[kind]) };
}

function licenceNode(e: DatasetEntry): Node {
  return { '@id': e.licence.url, '@type': 'dct:LicenseDocument', 'dct:title': zh(e.licence.title), 'dct:identifier': e.licence.id, 'skos:exactMatch': iri(`${VOCAB.euAuthority}licence/${e.licence.eu}`) };
}

function themeNodes(I: Iris): Node[] {
  return [
    { '@id': I.themeScheme, '@type': 'skos:ConceptScheme', 'dct:title': zh(d.themeScheme) },
    ...DATASET_THEMES.map((t) => ({ '@id': I.theme(t.code), '@type': 'skos:Concept', 'skos:prefLabel': zh(t.label), 'skos:notation': t.code, 'skos:inScheme': iri(I.themeScheme) })),
  ];
}

/** A dataset and its distributions as graph nodes. */
export function datasetNodes(I: Iris, e: DatasetEntry): Node[] {
  const page = I.dataset(e.slug);
  const frequency = FREQUENCIES.find((f) => f.code === e.frequency);
  const spatial: Node[] = [iri(VOCAB.country)];
  spatial.push(e.spatial.regionCode
    ? { '@id': I.region(e.spatial.regionCode), '@type': 'dct:Location', 'skos:prefLabel': zh(e.spatial.name), 'dct:identifier': e.spatial.regionCode }
    : { '@id': I.regions, '@type': 'dct:Location', 'skos:prefLabel': zh(e.spatial.name) });
  const contact: Node = { '@type': 'vcard:Organization', 'vcard:fn': zh(e.contact.name) };
  if (e.contact.email) contact['vcard:hasEmail'] = iri(`mailto:${e.contact.email}`);
  const dataset: Node = {
    '@id': page,
    '@type': 'dcat:Dataset',
    'dct:identifier': e.id,
    'dct:title': zh(e.title),
    'dct:description': zh(e.description),
    'dcat:keyword': e.keywords.map(zh),
    'dcat:theme': [iri(I.theme(e.theme)), iri(`${VOCAB.euAuthority}data-theme/${EU_DATA_THEME[e.theme]}`)],
    'dct:publisher': iri(I.publisher(e.publisher.code)),
    'dcat:contactPoint': contact,
    'dct:language': iri(VOCAB.language),
    'dct:accessRights': iri(VOCAB.accessPublic),
    'dct:spatial': spatial,
    'dcat:landingPage': iri(page),
    'dcat:distribution': e.distributions.map((x) => iri(I.distribution(e.slug, x.file))),
  };
  if (frequency) dataset['dct:accrualPeriodicity'] = iri(`${VOCAB.euAuthority}frequency/${frequency.eu}`);
  if (e.facts.lastModified) dataset['dct:modified'] = when(e.facts.lastModified);
  if (e.facts.temporal) dataset['dct:temporal'] = { '@type': 'dct:PeriodOfTime', 'dcat:startDate': when(e.facts.temporal.start), 'dcat:endDate': when(e.facts.temporal.end) };
  const distributions = e.distributions.map((x): Node => {
    const format = FILE_FORMATS[x.format];
    const node: Node = {
      '@id': I.distribution(e.slug, x.file),
      '@type': 'dcat:Distribution',
      'dct:identifier': x.file,
      'dct:title': zh(x.title),
      'dcat:accessURL': iri(page),
      'dcat:downloadURL': iri(I.file(x.path)),
      'dct:format': iri(`${VOCAB.euAuthority}file-type/${format.euFileType}`),
      'dct:license': iri(e.licence.url),
    };
    if (x.description) node['dct:description'] = zh(x.description);
    const media = ianaIri(format.iana);
    if (media) node['dcat:mediaType'] = iri(media);
    const standard = x.conformsTo ?? (x.format === 'HSDS' ? VOCAB.hsds : null);
    if (standard) node['dct:conformsTo'] = iri(standard);
    if (e.facts.lastModified) node['dct:modified'] = when(e.facts.lastModified);
    return node;
  });
  return [dataset, ...distributions];
}

/** The nodes every dataset points at: publishers and licences, each once. */
function sharedNodes(I: Iris, entries: readonly DatasetEntry[], platform: CatalogInfo['publisher'] | null): Node[] {
  const publishers = new Map<string, Node>(platform ? [[platform.code, publisherNode(I, platform, 'platform')]] : []);
  const licences = new Map<string, Node>();
  for (const e of entries) {
    if (!publishers.has(e.publisher.code)) publishers.set(e.publisher.code, publisherNode(I, e.publisher, e.scope.kind === 'government' ? 'government' : 'platform'));
    if (!licences.has(e.licence.url)) licences.set(e.licence.url, licenceNode(e));
  }
  return [...publishers.values(), ...licences.values()];
}

export interface CatalogRequest {
  /** 1-based. */
  page: number;
  /** ISO instant (normalised): only datasets modified at or after it (and those whose change time is unknown). */
  modifiedSince: string | null;
  pageSize?: number;
}

export type CatalogOutcome = { ok: true; document: Node; totalItems: number; lastPage: number } | { ok: false; code: 'page_out_of_range'; lastPage: number };

/** Datasets changed at or after `since`; a dataset whose change time is unknown is kept (a harvester had better read it again). */
export function modifiedSinceFilter(entries: readonly DatasetEntry[], since: string | null): readonly DatasetEntry[] {
  if (!since) return entries;
  const t = Date.parse(since);
  return entries.filter((e) => e.facts.lastModified === null || Date.parse(e.facts.lastModified) >= t);
}

/** The newest change time of the entries (ISO), or null. */
export function newestChange(entries: readonly DatasetEntry[]): string | null {
  let best: string | null = null;
  let bestT = -Infinity;
  for (const e of entries) {
    const t = e.facts.lastModified ? Date.parse(e.facts.lastModified) : NaN;
    if (!Number.isNaN(t) && t > bestT) { bestT = t; best = e.facts.lastModified; }
  }
  return best;
}

/** One page of the catalogue (entries: the whole catalogue, ordered; the filter and paging are applied here). */
export function catalogDocument(base: string, info: CatalogInfo, all: readonly DatasetEntry[], req: CatalogRequest): CatalogOutcome {
  const size = req.pageSize ?? DCAT_PAGE_SIZE;
  const I = iris(base);
  const entries = modifiedSinceFilter(all, req.modifiedSince);
  const lastPage = Math.max(1, Math.ceil(entries.length / size));
  if (req.page > lastPage) return { ok: false, code: 'page_out_of_range', lastPage };
  const slice = entries.slice((req.page - 1) * size, req.page * size);
  const catalog: Node = {
    '@id': I.catalog,
    '@type': 'dcat:Catalog',
    'dct:title': zh(info.title),
    'dct:description': zh(info.description),
    'dct:publisher': iri(I.publisher(info.publisher.code)),
    'foaf:homepage': iri(I.homepage),
    'dct:language': iri(VOCAB.language),
    'dct:spatial': iri(VOCAB.country),
    'dcat:themeTaxonomy': iri(I.themeScheme),
    'dcat:dataset': slice.map((e) => iri(I.dataset(e.slug))),
  };
  const modified = newestChange(all);
  if (modified) catalog['dct:modified'] = when(modified);
  const licence = all[0]?.licence;
  if (licence) catalog['dct:license'] = iri(licence.url);
  const paging: Node = {
    '@id': I.page(req.page, req.modifiedSince),
    '@type': 'hydra:PagedCollection',
    'hydra:totalItems': entries.length,
    'hydra:itemsPerPage': size,
    'hydra:first': iri(I.page(1, req.modifiedSince)),
    'hydra:last': iri(I.page(lastPage, req.modifiedSince)),
    // ckanext-dcat's harvester reads hydra:next and falls back to the older names (firstPage, nextPage…)
    'hydra:firstPage': iri(I.page(1, req.modifiedSince)),
    'hydra:lastPage': iri(I.page(lastPage, req.modifiedSince)),
  };
  if (req.page < lastPage) { paging['hydra:next'] = iri(I.page(req.page + 1, req.modifiedSince)); paging['hydra:nextPage'] = paging['hydra:next']; }
  if (req.page > 1) { paging['hydra:previous'] = iri(I.page(req.page - 1, req.modifiedSince)); paging['hydra:previousPage'] = paging['hydra:previous']; }
  const graph: Node[] = [catalog, ...sharedNodes(I, slice, info.publisher), ...themeNodes(I), ...slice.flatMap((e) => datasetNodes(I, e)), paging];
  return { ok: true, document: { '@context': DCAT_CONTEXT, '@graph': graph }, totalItems: entries.length, lastPage };
}

/** One dataset on its own (/data/datasets/{slug}.jsonld). */
export function datasetDocument(base: string, e: DatasetEntry): Node {
  const I = iris(base);
  return { '@context': DCAT_CONTEXT, '@graph': [...datasetNodes(I, e), ...sharedNodes(I, [e], null), ...themeNodes(I).filter((n) => n['@id'] === I.theme(e.theme))] };
}

/** `?page=`: a whole number 1–100000, or null. Absent = 1. */
export function parsePage(raw: string | undefined): number | null {
  if (raw === undefined) return 1;
  if (!/^[1-9][0-9]{0,5}$/.test(raw)) return null;
  const n = Number(raw);
  return n <= 100_000 ? n : null;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/;

function validDate(y: number, m: number, day: number): boolean {
  if (y < 1 || m < 1 || m > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/**
 * `?modified_since=` as an ISO instant, or null when malformed: a date (YYYY-MM-DD) means 00:00
 * Beijing time of that day; a date-time with an offset is read as written; without one as UTC
 * (what CKAN's metadata_modified and ckanext-dcat's `modified_since` use).
 */
export function parseModifiedSince(raw: string): string | null {
  const text = raw.trim().replace(/(:\d{2}(?:\.\d{1,9})?) (\d{2}:?\d{2})$/, '$1+$2'); // a '+' typed into the address arrives as a space
  const dm = DATE.exec(text);
  if (dm) return validDate(Number(dm[1]), Number(dm[2]), Number(dm[3])) ? new Date(`${text}T00:00:00+08:00`).toISOString() : null;
  const m = DATETIME.exec(text);
  if (!m || !validDate(Number(m[1]), Number(m[2]), Number(m[3]))) return null;
  if (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6] ?? 0) > 59) return null;
  const zone = m[7] ? (m[7] === 'Z' ? 'Z' : m[7].replace(/^([+-]\d{2}):?(\d{2})$/, '$1:$2')) : 'Z';
  const t = Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] ?? '00'}${zone}`);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}
