/**
 * The one paper-resolution step every question goes through (ask, the web page, Slack, Discord):
 * a link the corpus has is left to the core; any other arXiv, ACL Anthology, DOI or OpenReview
 * link is looked up in the cache and then at the configured sources (src/sources), and what was
 * found (or why nothing was) is handed to the core as the question's `resolution`.
 */
import type { Corpus, Paper } from '../core/corpus-schema.ts';
import { cleanPaste, looksLikePaperTitle, parseInput, pastedTitle, quotedTitle, type PaperIdentifier } from '../core/input.ts';
import { PaperResolver } from '../core/paper-resolver.ts';
import type { FetchedPaper, PaperResolution } from '../core/types.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
// Types only from the sources' index: its clients (an XML parser and some forty modules) are imported
// on first use, when a question has a link to resolve or is a title pasted alone, so most questions never load them.
import type { CachedSourceValue, SourceCache, SourceId, SourcePaper, Sources } from '../sources/index.ts';
import type { SourceConfig } from '../sources/settings.ts';
import { SOURCE_LABELS } from '../sources/types.ts';
import type { SourceCacheRepo } from '../store/store.ts';

export type ResolvePaper = (text: string) => Promise<PaperResolution | undefined>;

/** The store's cache as the sources' cache (the store keeps JSON; the sources know its shape). */
export function sourceCacheOf(repo: SourceCacheRepo): SourceCache {
  return {
    async get(key) {
      const e = await repo.get(key);
      return e && { value: e.value as CachedSourceValue, fetchedAt: e.fetchedAt };
    },
    put: (key, value, fetchedAt) => repo.put(key, value, fetchedAt),
  };
}

/** The id a fetched paper is shown under: the most specific public id it has. */
function fetchedId(p: SourcePaper): string {
  const { arxiv, acl, doi, openreview, s2 } = p.ids;
  if (arxiv) return `arxiv:${arxiv}`;
  if (acl) return `acl:${acl}`;
  if (doi) return `doi:${doi}`;
  if (openreview) return `openreview:${openreview}`;
  return `s2:${s2 ?? p.url}`;
}

/** A paper read from a source, as the core takes it; null without a year, title or authors. */
export function asFetched(p: SourcePaper): FetchedPaper | null {
  if (p.year === null || p.title.trim() === '' || p.authors.length === 0) return null;
  return {
    id: fetchedId(p),
    title: p.title,
    authors: p.authors,
    year: p.year,
    ...(p.month !== undefined ? { month: p.month } : {}),
    venue: p.venue || SOURCE_LABELS[p.source],
    url: p.url,
    ...(p.abstract ? { abstract: p.abstract } : {}),
    source: SOURCE_LABELS[p.source],
    ...(p.venue && p.venue !== 'arXiv' ? { publishedIn: p.venue } : {}),
    ...(p.ids.acl ? { aclId: p.ids.acl } : {}),
    ...(p.categories && p.categories.length > 0 ? { categories: [...p.categories] } : {}),
  };
}

function corpusLookup(resolver: PaperResolver): (id: SourceId) => Paper | undefined {
  return (id) => (id.kind === 'arxiv' || id.kind === 'acl' || id.kind === 'doi' ? resolver.resolve({ kind: id.kind, value: id.value, raw: id.value }) : undefined);
}

export interface PaperResolutionDeps {
  corpus: Corpus;
  sources: Sources;
  cache?: SourceCache;
  log?: Logger;
  /** How long a pasted paper's title match may wait in line for Semantic Scholar. Default PASTED_TITLE_QUEUE_MS. */
  pastedTitleQueueMs?: number;
}

/**
 * A pasted paper's title is looked up only for its date (its text is answered either way), so its match waits in
 * Semantic Scholar's line (one request a second) at most this long; past it the paper is answered undated, saying so.
 */
export const PASTED_TITLE_QUEUE_MS = 3000;


/**
 * The title a pasted paper (title line, author line, abstract) is looked up by, or undefined when the text is not such a
 * paper (`pastedTitle`) or the corpus holds it (by the text, or by that exact title): a paper the corpus has is answered
 * from the corpus, and no source is asked.
 */
export function pastedTitleToLookUp(text: string, resolver: PaperResolver): string | undefined {
  const title = pastedTitle(text);
  return title !== undefined && !resolver.byTitle(text) && !resolver.byTitleWithin(text) && !resolver.byExactTitle(title) ? title : undefined;
}

/**
 * The resolution step over the given sources; `undefined` when the text has no link to resolve, is not a paper title
 * pasted alone (`looksLikePaperTitle`: a conservative test, so an ordinary question asks no source) and is not a pasted
 * paper whose first line is such a title (`pastedTitle`) or a short question quoting one (`quotedTitle`).
 */
export function createPaperResolution(d: PaperResolutionDeps): ResolvePaper {
  return resolutionOver({ ...d, sources: async () => d.sources });
}

/** createPaperResolution with the sources made (and the sources' modules imported) on first use. */
function resolutionOver(d: Omit<PaperResolutionDeps, 'sources'> & { sources: () => Promise<Sources> }): ResolvePaper {
  const resolver = new PaperResolver(d.corpus);
  const lookup = corpusLookup(resolver);
  /** A title (alone, or the first line of a pasted paper): the corpus (exact title, left to the core), then the cache and Semantic Scholar's match. */
  const byTitle = async (text: string, maxQueueMs?: number): Promise<PaperResolution | undefined> => {
    if (resolver.byExactTitle(text)) return undefined;
    const { resolvePaperTitle } = await import('../sources/index.ts');
    const r = await resolvePaperTitle(text, { sources: await d.sources(), cache: d.cache, ...(maxQueueMs !== undefined ? { maxQueueMs } : {}) });
    if (r.failures.length > 0) d.log?.warn({ event: 'source_failures', id: 'title', failures: r.failures.map((f) => `${f.source}: ${f.kind}`) }, 'paper sources failed');
    if (!r.paper) return r.notices.length > 0 ? { notices: r.notices } : undefined;
    // The matched paper may be in the corpus under one of its ids (its corpus title can differ).
    for (const [kind, value] of Object.entries(r.paper.ids)) {
      const hit = value && (kind === 'arxiv' || kind === 'acl' || kind === 'doi') ? lookup({ kind, value } as SourceId) : undefined;
      if (hit) return { corpusPaperId: hit.id, notices: [] };
    }
    const fetched = asFetched(r.paper);
    return fetched ? { fetched, notices: [`Found by its title (${r.via === 'cache' ? 'cached from Semantic Scholar' : 'Semantic Scholar'}); if it is not the paper you meant, paste its link.`] } : undefined;
  };
  return async (typed) => {
    // Read as the answer reads it (cleanPaste): a quote mark or markdown around a title is never sent as part of it.
    const text = cleanPaste(typed);
    const ids: PaperIdentifier[] = parseInput(text).identifiers;
    if (ids.length === 0) {
      if (looksLikePaperTitle(text)) return byTitle(text);
      // A short question quoting a paper's title the corpus does not have: the title finds the paper asked about.
      const quoted = quotedTitle(text);
      if (quoted !== undefined) return resolver.byTitleWithin(text) ? undefined : byTitle(quoted);
      // A pasted paper (title, author line, abstract) the corpus does not have: its title finds its date, so "earlier
      // work" is bounded by when it appeared rather than by each concept's first MI work.
      const title = pastedTitleToLookUp(text, resolver);
      return title ? byTitle(title, d.pastedTitleQueueMs ?? PASTED_TITLE_QUEUE_MS) : undefined;
    }
    // A link the corpus has: the core answers about it; the sources are not asked.
    if (ids.some((id) => resolver.resolve(id))) return { notices: [] };
    const notices: string[] = [];
    const { resolvePaperIdentifier } = await import('../sources/index.ts');
    const sources = await d.sources();
    for (const id of ids) {
      const r = await resolvePaperIdentifier(id, { sources, cache: d.cache, corpus: lookup });
      if (r.failures.length > 0) d.log?.warn({ event: 'source_failures', id: id.raw.slice(0, 200), failures: r.failures.map((f) => `${f.source}: ${f.kind}`) }, 'paper sources failed');
      if (r.corpusPaper) return { corpusPaperId: r.corpusPaper.id, notices: [] };
      const fetched = r.paper && asFetched(r.paper);
      if (fetched) return { fetched, notices };
      if (r.paper) notices.push(`"${r.paper.title}" was found, but without a date, so its earlier work cannot be told apart: paste its title, abstract and year.`);
      notices.push(...r.notices);
    }
    return { notices };
  };
}

/**
 * The resolution step from the configuration (MECHANISTIC_NETWORK, the sources' URLs, and the answer timeout, a
 * share of which bounds every lookup's wait in line: answeringSourceSettings).
 */
export function paperResolutionFromConfig(
  config: SourceConfig & Pick<Config, 'MECHANISTIC_ANSWER_TIMEOUT_MS'>,
  corpus: Corpus,
  cache: SourceCache | undefined,
  log?: Logger,
): ResolvePaper {
  let sources: Promise<Sources> | undefined;
  const made = async (): Promise<Sources> => {
    const { answeringSourceSettings, createSources } = await import('../sources/index.ts');
    return createSources(answeringSourceSettings(config));
  };
  return resolutionOver({ corpus, sources: () => (sources ??= made()), cache, log });
}
