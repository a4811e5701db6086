/**
 * The cache of what the sources answered, keyed by normalized id. The store implements `SourceCache`
 * (SQLite/PostgreSQL); `createMemorySourceCache` is for tests and for runs without a store.
 */
import type { ArxivListingPage } from './arxiv.ts';
import type { SourcePaper, SourceReferences } from './types.ts';

/** What is cached: a paper, a definite "not found", or a reference list. JSON-serializable. */
export type CachedSourceValue =
  | { type: 'paper'; paper: SourcePaper }
  | { type: 'not-found'; message: string }
  | { type: 'references'; references: SourceReferences }
  | { type: 'listing'; page: ArxivListingPage };

export interface CachedSourceEntry {
  value: CachedSourceValue;
  /** When it was fetched, in milliseconds since the epoch. */
  fetchedAt: number;
}

export interface SourceCache {
  /** The entry under `key`, however old (the caller decides whether it is fresh), or null. */
  get(key: string): Promise<CachedSourceEntry | null>;
  /** Stores (or replaces) the entry under `key`. */
  put(key: string, value: CachedSourceValue, fetchedAt: number): Promise<void>;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** A "not found" is remembered at most this long: new papers appear, ids get fixed. */
export const NEGATIVE_TTL_MS = DAY_MS;

/** How long an entry is fresh: `ttlDays` for papers and references, at most a day for "not found". */
export function entryTtlMs(value: CachedSourceValue, ttlDays: number): number {
  const ttl = ttlDays * DAY_MS;
  return value.type === 'not-found' ? Math.min(NEGATIVE_TTL_MS, ttl) : ttl;
}

export function isFresh(entry: CachedSourceEntry, ttlDays: number, now: number): boolean {
  const age = now - entry.fetchedAt;
  return age >= 0 && age < entryTtlMs(entry.value, ttlDays);
}

/** Cache keys: `paper:arxiv:2211.00593`, `title:<normalized title>`, `references:s2:<id>`. */
export const cacheKeys = {
  paper: (idKey: string) => `paper:${idKey}`,
  title: (normalizedTitle: string) => `title:${normalizedTitle}`,
  references: (idKey: string) => `references:${idKey}`,
  /** One page of an arXiv listing: `listing:arxiv:<search_query>:<start>:<max_results>`. */
  listing: (query: string, start: number, maxResults: number) => `listing:arxiv:${query}:${start}:${maxResults}`,
};

/** An in-memory SourceCache (a Map of JSON copies), for tests and store-less runs. */
export function createMemorySourceCache(): SourceCache & { entries: Map<string, CachedSourceEntry> } {
  const entries = new Map<string, CachedSourceEntry>();
  return {
    entries,
    async get(key) {
      const e = entries.get(key);
      return e ? (JSON.parse(JSON.stringify(e)) as CachedSourceEntry) : null;
    },
    async put(key, value, fetchedAt) {
      entries.set(key, JSON.parse(JSON.stringify({ value, fetchedAt })) as CachedSourceEntry);
    },
  };
}
