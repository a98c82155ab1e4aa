// The search port: what the rest of the application may ask of a search index. The embedded
// implementation is `MemoryIndex` (memory-index.ts), fed and kept fresh by the search module.

/**
 * One searchable document. `type` is the source (item, venue, disclosure, catalog_item); `id` is the
 * source's own key (a row id: what the change log names, used by `upsert`/`remove`), never shown;
 * `publicId` is the id results carry — the one the public pages and APIs use (defaults to `id`).
 */
export interface SearchDoc {
  type: string;
  id: string;
  publicId?: string;
  title: string;
  keywords?: readonly string[];
  /** Department / organisation text: searchable with a low weight and used by the department filter. */
  dept?: string;
  /** Long text (disclosure bodies, catalogue contents): searchable with a low weight, used for snippets. */
  body?: string;
  /** Region code (NBS, short or 12-digit) for the region-subtree filter. */
  regionCode?: string;
  channels?: readonly string[];
  /** Non-negative popularity (visits, clicks); a prior, never dominating relevance. */
  popularity?: number;
  url?: string;
}

export interface SearchQuery {
  q: string;
  types?: readonly string[];
  /** Region subtree (a code prefix such as 130427 or 340100). */
  region?: string;
  dept?: string;
  channel?: string;
  limit: number;
  offset: number;
  /** Personal hints sent by the browser (never stored): a preferred region and recent searches. */
  hintRegion?: string;
  recent?: readonly string[];
  /**
   * At most this many documents per group of identical items (the hinted region's first, then its
   * parents'): more distinct items in `limit` hits. Unset: every document counts.
   */
  perGroup?: number;
}

export interface SearchHit {
  type: string;
  /** The document's public id (`SearchDoc.publicId`). */
  id: string;
  title: string;
  /** Escaped HTML with <mark> around matched words. */
  titleHtml: string;
  snippet: string;
  score: number;
  url: string;
  regionCode: string;
}

export interface SearchResult {
  total: number;
  hits: SearchHit[];
  /** A spelling the index knows, when the query matched only through pinyin or a typo. */
  didYouMean: string | null;
}

export interface Suggestion { text: string; type: string; count: number }

export interface SearchIndex {
  upsert(docs: readonly SearchDoc[]): void;
  remove(type: string, ids: readonly string[]): void;
  query(q: SearchQuery): SearchResult;
  suggest(prefix: string, limit: number): Suggestion[];
  /** Replace the synonym dictionary (term → equivalent terms, both directions are added by the caller). */
  setSynonyms(map: ReadonlyMap<string, readonly string[]>): void;
  /** Query popularity (analytics) used to order suggestions. */
  setQueryPopularity(map: ReadonlyMap<string, number>): void;
  size(): number;
  clear(): void;
}
