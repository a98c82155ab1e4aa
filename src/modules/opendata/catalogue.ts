// The dataset catalogue (issue 23): every module's DatasetSource laid out for the installation and
// for each government (organisation of kind 'government'), with the publisher, licence, contact,
// spatial coverage and the facts of its data. The one reader behind /data, the CKAN Action API and
// the DCAT-AP catalogue. Built at most once per `ttlMs` per process (the facts are indexed
// aggregates, but a province has hundreds of datasets); a rebuild in progress is shared, and the
// previous list is served while it runs.
import { nameUuid } from '../../platform/datasets/ids.ts';
import { OPEN_DATA_LICENSES, type OpenDataConfig, type OpenDataLicenseId } from '../../config.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import { FILE_FORMATS, type DatasetFacts, type DatasetScope, type DatasetSource, type DatasetTheme, type DistributionSpec, type FileFormat, type Frequency, type Government } from '../../platform/datasets/datasets.ts';
import type { Database, Db } from '../../schema.ts';
import { s } from './opendata.strings.ts';

export interface Licence { id: OpenDataLicenseId; title: string; url: string; eu: string }

export interface DistributionEntry extends DistributionSpec {
  /** Site-relative address: /data/datasets/{slug}/{file}. */
  path: string;
  mediaType: string;
}

export interface DatasetEntry {
  /** Stable UUID derived from the slug (CKAN `id`, DCAT dct:identifier). */
  id: string;
  /** `key` (installation) or `key-governmentCode`: ASCII [a-z0-9-], CKAN `name`. */
  slug: string;
  key: string;
  scope: DatasetScope;
  title: string;
  description: string;
  keywords: readonly string[];
  theme: DatasetTheme;
  frequency: Frequency;
  /** The publisher: the government's organisation, or the installation ('platform'). */
  publisher: { code: string; name: string };
  licence: Licence;
  contact: { name: string; email: string | null };
  /** Spatial coverage: the government's region, or the whole installation (regionCode null). */
  spatial: { regionCode: string | null; name: string };
  facts: DatasetFacts;
  distributions: readonly DistributionEntry[];
  source: DatasetSource<Database>;
}

/** The installation's own publisher code (CKAN organization name of installation-wide datasets). */
export const PLATFORM_PUBLISHER = 'platform';

/** A stable UUID (version-5 layout) from a slug. */
export function datasetId(slug: string): string {
  return nameUuid(`gongkai-dataset:${slug}`);
}

export function slugOf(key: string, scope: DatasetScope): string {
  return scope.kind === 'installation' ? key : `${key}-${scope.government.code}`;
}

export function distributionPath(slug: string, file: string): string {
  return `/data/datasets/${slug}/${file}`;
}

export function mediaTypeOf(format: FileFormat): string {
  return FILE_FORMATS[format].mediaType;
}

export interface CatalogueDeps {
  db: Db;
  clock: Clock;
  sources: readonly DatasetSource<Database>[];
  config: OpenDataConfig;
  /** How long a built catalogue is served before it is rebuilt (default 60 s). */
  ttlMs?: number;
  /** Milliseconds for the cache's age (default Date.now; tests pass their own). Not the data's clock. */
  monotonicNow?: () => number;
  /** Told of a rebuild that failed while the previous list was served (the log). */
  onStaleError?: (err: unknown) => void;
}

export class DatasetCatalogue {
  private cached: { at: number; entries: readonly DatasetEntry[]; bySlug: Map<string, DatasetEntry> } | null = null;
  private building: Promise<void> | null = null;
  constructor(private readonly deps: CatalogueDeps) {}

  /** Every dataset that has data, ordered by slug. */
  async all(): Promise<readonly DatasetEntry[]> {
    return (await this.current()).entries;
  }

  async find(slug: string): Promise<DatasetEntry | null> {
    return (await this.current()).bySlug.get(slug) ?? null;
  }

  /** Forget the built catalogue (tests; after an import that changes what exists). */
  invalidate(): void { this.cached = null; }

  private async current(): Promise<NonNullable<DatasetCatalogue['cached']>> {
    const ttl = this.deps.ttlMs ?? 60_000;
    const tick = this.deps.monotonicNow ?? Date.now;
    const now = tick();
    if (this.cached && now - this.cached.at < ttl) return this.cached;
    if (!this.building) {
      this.building = this.build().then((entries) => {
        this.cached = { at: tick(), entries, bySlug: new Map(entries.map((e) => [e.slug, e])) };
      }).finally(() => { this.building = null; });
    }
    // A stale catalogue is served while the new one is built; the first build is awaited.
    if (this.cached) { this.building.catch((err: unknown) => this.deps.onStaleError?.(err)); return this.cached; }
    await this.building;
    return this.cached as unknown as NonNullable<DatasetCatalogue['cached']>;
  }

  private async build(): Promise<DatasetEntry[]> {
    const { db, clock, sources, config } = this.deps;
    const now = clock.now();
    const governments = await listGovernments(db);
    const licenceDef = OPEN_DATA_LICENSES[config.license];
    const licence: Licence = { id: config.license, title: licenceDef.title, url: licenceDef.url, eu: licenceDef.eu };
    const scopes: DatasetScope[] = [{ kind: 'installation' }, ...governments.map((g) => ({ kind: 'government' as const, government: g }))];
    const entries: DatasetEntry[] = [];
    for (const source of sources) {
      for (const scope of scopes) {
        if (!source.scopes.includes(scope.kind)) continue;
        const facts = await source.facts(db, scope, now);
        if (!facts) continue;
        const slug = slugOf(source.key, scope);
        const publisher = scope.kind === 'installation' ? { code: PLATFORM_PUBLISHER, name: config.publisher } : { code: scope.government.code, name: scope.government.name };
        entries.push({
          id: datasetId(slug), slug, key: source.key, scope,
          title: scope.kind === 'installation' ? s.titleInstallation(source.title) : s.titleGovernment(source.title, scope.government.name),
          description: source.description, keywords: source.keywords, theme: source.theme, frequency: source.frequency,
          publisher, licence,
          contact: { name: s.contactName(publisher.name), email: config.contactEmail || null },
          spatial: scope.kind === 'installation' ? { regionCode: null, name: s.spatialInstallation } : { regionCode: scope.government.regionCode, name: scope.government.name },
          facts,
          distributions: source.distributions.map((d) => ({ ...d, path: distributionPath(slug, d.file), mediaType: mediaTypeOf(d.format) })),
          source,
        });
      }
    }
    return entries.sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
  }
}

/** The governments that publish datasets: enabled organisations of kind 'government', by code. */
export async function listGovernments(db: Db): Promise<Government[]> {
  const rows = await db.selectFrom('organisation').select(['code', 'name', 'region_code', 'path'])
    .where('kind', '=', 'government').where('disabled', '=', 0).orderBy('code').execute();
  return rows.map((r) => ({ code: r.code, name: r.name, regionCode: r.region_code, path: r.path }));
}
