// The open-data contract (issue 23 数据开放): what a module offers as a dataset — its description and
// its files, each file a stream of text chunks built from rows read in keyset batches (never the
// whole table in memory). Modules export `DatasetSource`s through their index; the opendata module
// lays them out per government and for the whole installation, and serves the catalogue
// (/data, CKAN Action API, DCAT-AP) and the files.
import type { Kysely } from 'kysely';

/** Themes of the catalogue (the /data filter and dcat:theme), with their Chinese labels. */
export const DATASET_THEMES = [
  { code: 'regions', label: '行政区划与机构' },
  { code: 'catalogs', label: '公开目录' },
  { code: 'disclosures', label: '主动公开' },
  { code: 'applications', label: '依申请公开' },
  { code: 'services', label: '政务服务' },
  { code: 'interaction', label: '政民互动' },
  { code: 'ratings', label: '好差评' },
  { code: 'supervision', label: '监督检查' },
] as const;
export type DatasetTheme = (typeof DATASET_THEMES)[number]['code'];

/** Update frequencies, with the EU Frequency NAL code DCAT-AP asks for (dct:accrualPeriodicity). */
export const FREQUENCIES = [
  { code: 'continuous', label: '实时更新', eu: 'CONT' },
  { code: 'daily', label: '每日', eu: 'DAILY' },
  { code: 'monthly', label: '每月', eu: 'MONTHLY' },
  { code: 'quarterly', label: '每季度', eu: 'QUARTERLY' },
  { code: 'annual', label: '每年', eu: 'ANNUAL' },
  { code: 'irregular', label: '不定期', eu: 'IRREG' },
] as const;
export type Frequency = (typeof FREQUENCIES)[number]['code'];

/** File formats. `HSDS` is Open Referral HSDS 3.0 JSON (a JSON file conforming to that standard). */
export const FILE_FORMATS = {
  CSV: { label: 'CSV', mediaType: 'text/csv; charset=utf-8', iana: 'text/csv', euFileType: 'CSV' },
  JSONL: { label: 'JSON Lines', mediaType: 'application/x-ndjson; charset=utf-8', iana: 'application/x-ndjson', euFileType: 'JSON' },
  JSON: { label: 'JSON', mediaType: 'application/json; charset=utf-8', iana: 'application/json', euFileType: 'JSON' },
  HSDS: { label: 'HSDS 3.0 JSON', mediaType: 'application/json; charset=utf-8', iana: 'application/json', euFileType: 'JSON' },
} as const;
export type FileFormat = keyof typeof FILE_FORMATS;

/** A county (or higher) government: an organisation of kind 'government'. */
export interface Government {
  /** Organisation code = the short region code ('130427'). */
  code: string;
  name: string;
  /** 12-digit region code. */
  regionCode: string;
  /** Organisation subtree path ('/13/1304/130427/'). */
  path: string;
}

/** Whose dataset: the whole installation's, or one government's (its organisation subtree / region). */
export type DatasetScope = { kind: 'installation' } | { kind: 'government'; government: Government };

export interface DistributionSpec {
  /** The last segment of the file's address: /data/datasets/{slug}/{file} ('items.csv'). ASCII. */
  file: string;
  format: FileFormat;
  /** Chinese title ('服务事项（CSV）'). */
  title: string;
  description?: string;
  /** The standard the file conforms to (dct:conformsTo), e.g. the HSDS 3.0 schema address. */
  conformsTo?: string;
}

/** What is true of a dataset's data now (cheap to compute: indexed aggregates only). */
export interface DatasetFacts {
  /** ISO instant of the newest change, or null when unknown. */
  lastModified: string | null;
  /** Number of records in the main file, when known. */
  rows: number | null;
  /** Temporal coverage as LocalDates, when the data has one. */
  temporal: { start: string; end: string } | null;
}

export interface DatasetSource<DB = unknown> {
  /** Stable ASCII key, [a-z0-9-]: the installation-wide slug; a government's is `${key}-${government.code}`. */
  key: string;
  /** Which scopes the dataset exists in. */
  scopes: readonly ('installation' | 'government')[];
  theme: DatasetTheme;
  /** Chinese title without the publisher ('政务服务事项与办事地点'). */
  title: string;
  /** Chinese description (plain text; what the rows are, where they come from, what is left out). */
  description: string;
  keywords: readonly string[];
  frequency: Frequency;
  distributions: readonly DistributionSpec[];
  /** The data's facts for a scope, or null when the dataset has no data there (e.g. no ratings yet: not listed). */
  facts(db: Kysely<DB>, scope: DatasetScope, now: Date): Promise<DatasetFacts | null>;
  /**
   * One file's content as text chunks, produced lazily (the consumer pulls: backpressure). Rows are
   * read in keyset batches so memory stays constant whatever the size. CSV files start with a BOM
   * and guard formulas (csvChunks). Throws nothing for a known file; `file` is one of `distributions`.
   * `now` is the server's clock at the request (what is "visible now", "this year").
   */
  open(db: Kysely<DB>, scope: DatasetScope, file: string, now: Date): AsyncIterable<string>;
}
