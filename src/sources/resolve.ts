/**
 * The one paper-resolution step: corpus first, then the cache, then the sources (arXiv id → arXiv, then
 * Semantic Scholar; DOI → Crossref, then Semantic Scholar; ACL id → the Anthology, then Semantic Scholar;
 * OpenReview → OpenReview). What cannot be resolved comes back as `paper: null` with a notice that says
 * why and what to paste (shared/CONVENTIONS.md, "Unknown papers"); it never throws for a source failure.
 */
import type { PaperIdentifier } from '../core/input.ts';
import { TITLE_MATCH_THRESHOLD, titleSimilarity } from '../core/paper-resolver.ts';
import { normalizeTitle } from '../ingest/text.ts';
import { cacheKeys, isFresh, type CachedSourceEntry, type SourceCache } from './cache.ts';
import { describeSourceId, parseSourceId, sourceIdKey, toSourceId, type SourceId } from './ids.ts';
import type { Sources } from './settings.ts';
import { s2PaperRef } from './semantic-scholar.ts';
import { SOURCE_LABELS, SourceError, type SourceName, type SourcePaper, type SourceReferences } from './types.ts';

export type ResolvedVia = 'corpus' | 'cache' | SourceName;

export interface ResolveDeps<C> {
  sources: Sources;
  /** The store's cache; without one every lookup goes to the sources. */
  cache?: SourceCache;
  /** Finds a corpus paper by id. Asked first, and again with the ids of a fetched paper. */
  corpus?: (id: SourceId) => C | undefined;
  now?: () => number;
}

export interface PaperResolution<C> {
  /** The corpus paper, when the id (or another id of the fetched paper) is in the corpus. */
  corpusPaper: C | null;
  /** The paper as a source describes it, when it is not in the corpus. */
  paper: SourcePaper | null;
  /** Where the answer came from (`cache` also for a stale copy used because the sources failed). */
  via: ResolvedVia | null;
  /** For the user: why the paper could not be read and what to paste instead. */
  notices: string[];
  /** What went wrong at each source asked, for logs. */
  failures: SourceError[];
}

export const PASTE_HINT = "paste the paper's title and abstract instead";

function hostOf(raw: string): string {
  try {
    return new URL(raw).hostname.replace(/^www\./, '');
  } catch {
    return raw.slice(0, 60);
  }
}

/** The notice for a link that names no paper a source can look up; the link itself is never fetched. */
export function unreadableLinkNotice(raw: string): string {
  return `Links to ${hostOf(raw)} are not looked up (only links to arXiv or to a page of an arXiv paper by its id, such as Hugging Face's or alphaXiv's, and ACL Anthology, DOI, OpenReview and Semantic Scholar links are): ${PASTE_HINT}.`;
}

/** The notice for an id no source could resolve, saying why (from the failures) and what to paste. */
export function unresolvedNotice(id: SourceId, failures: readonly SourceError[]): string {
  const what = describeSourceId(id);
  if (failures.length === 0 || failures.every((f) => f.kind === 'network-off')) {
    return `Could not look up ${what}: it is not in the corpus, and fetching papers is turned off here (MECHANISTIC_NETWORK=off): ${PASTE_HINT}.`;
  }
  if (failures.every((f) => f.kind === 'not-found')) {
    const asked = [...new Set(failures.map((f) => SOURCE_LABELS[f.source]))].join(' or ');
    return `${what} was not found (asked ${asked}): check the link, or ${PASTE_HINT}.`;
  }
  const reasons = failures.filter((f) => f.kind !== 'not-found' || failures.length === 1).map((f) => f.message);
  return `Could not fetch ${what} (${reasons.join('; ')}): try again later, or ${PASTE_HINT}.`;
}

function fetchPlan(id: SourceId, s: Sources): { source: SourceName; run: () => Promise<SourcePaper> }[] {
  const s2 = { source: 'semantic-scholar' as const, run: () => s.s2.paper(id) };
  switch (id.kind) {
    case 'arxiv':
      return [{ source: 'arxiv', run: () => s.arxiv.paper(id.value) }, s2];
    case 'doi':
      return [{ source: 'crossref', run: () => s.crossref.paper(id.value) }, s2];
    case 'acl':
      return [{ source: 'anthology', run: () => s.anthology.paper(id.value) }, s2];
    case 'openreview':
      // Semantic Scholar cannot be asked by OpenReview id.
      return [{ source: 'openreview', run: () => s.openreview.paper(id.value) }];
    case 's2':
      return [s2];
  }
}

/** The ids of a fetched paper, as corpus lookups. */
function idsOf(paper: SourcePaper): SourceId[] {
  const out: SourceId[] = [];
  if (paper.ids.arxiv) out.push({ kind: 'arxiv', value: paper.ids.arxiv });
  if (paper.ids.acl) out.push({ kind: 'acl', value: paper.ids.acl });
  if (paper.ids.doi) out.push({ kind: 'doi', value: paper.ids.doi });
  if (paper.ids.openreview) out.push({ kind: 'openreview', value: paper.ids.openreview });
  if (paper.ids.s2) out.push({ kind: 's2', value: paper.ids.s2 });
  return out;
}

function corpusHit<C>(ids: readonly SourceId[], deps: ResolveDeps<C>): C | undefined {
  if (!deps.corpus) return undefined;
  for (const id of ids) {
    const hit = deps.corpus(id);
    if (hit !== undefined) return hit;
  }
  return undefined;
}

async function cacheGet(cache: SourceCache | undefined, key: string): Promise<CachedSourceEntry | null> {
  if (!cache) return null;
  try {
    return await cache.get(key);
  } catch {
    return null; // A failing cache must not fail the answer: the sources are asked instead.
  }
}

async function cachePut(cache: SourceCache | undefined, key: string, value: CachedSourceEntry['value'], at: number): Promise<void> {
  if (!cache) return;
  try {
    await cache.put(key, value, at);
  } catch {
    // Not cached this time; the next lookup fetches again.
  }
}

/**
 * Resolves one pasted id or link to a paper. `input` is a `PaperIdentifier` from `parseInput`, a `SourceId`,
 * or the pasted text of one id or link.
 */
export async function resolvePaperIdentifier<C>(input: PaperIdentifier | SourceId | string, deps: ResolveDeps<C>): Promise<PaperResolution<C>> {
  const now = deps.now ?? deps.sources.settings.now ?? (() => Date.now());
  const raw = typeof input === 'string' ? input : 'raw' in input ? input.raw : input.value;
  const id = typeof input === 'string' ? parseSourceId(input) : 'raw' in input ? toSourceId(input) : input;
  const result = (r: Partial<PaperResolution<C>>): PaperResolution<C> => ({ corpusPaper: null, paper: null, via: null, notices: [], failures: [], ...r });
  if (!id) return result({ notices: [unreadableLinkNotice(raw)] });

  // A DOI that is really an arXiv or Anthology id is looked up in the corpus under both.
  const asked: SourceId[] = [id];
  if (typeof input !== 'string' && 'raw' in input && input.kind === 'doi' && id.kind !== 'doi') asked.push({ kind: 'doi', value: input.value.toLowerCase() });
  const inCorpus = corpusHit(asked, deps);
  if (inCorpus !== undefined) return result({ corpusPaper: inCorpus, via: 'corpus' });

  const key = cacheKeys.paper(sourceIdKey(id));
  const cached = await cacheGet(deps.cache, key);
  const ttlDays = deps.sources.settings.ttlDays;
  const fromCache = (paper: SourcePaper): PaperResolution<C> => {
    const hit = corpusHit(idsOf(paper), deps);
    return hit !== undefined ? result({ corpusPaper: hit, via: 'corpus' }) : result({ paper, via: 'cache' });
  };
  if (cached && isFresh(cached, ttlDays, now())) {
    if (cached.value.type === 'paper') return fromCache(cached.value.paper);
    if (cached.value.type === 'not-found') {
      return result({ notices: [`${describeSourceId(id)} was not found when last looked up (${cached.value.message}): check the link, or ${PASTE_HINT}.`] });
    }
  }
  const stale = cached?.value.type === 'paper' ? cached.value.paper : null;

  const failures: SourceError[] = [];
  if (!deps.sources.settings.network) {
    if (stale) return fromCache(stale);
    failures.push(new SourceError('network-off', fetchPlan(id, deps.sources)[0]!.source, 'fetching papers is turned off (MECHANISTIC_NETWORK=off)'));
    return result({ notices: [unresolvedNotice(id, failures)], failures });
  }

  for (const step of fetchPlan(id, deps.sources)) {
    try {
      const paper = await step.run();
      await cachePut(deps.cache, key, { type: 'paper', paper }, now());
      const hit = corpusHit(idsOf(paper), deps);
      return hit !== undefined ? result({ corpusPaper: hit, via: 'corpus', failures }) : result({ paper, via: step.source, failures });
    } catch (e) {
      if (!(e instanceof SourceError)) throw e;
      failures.push(e);
      if (e.kind === 'network-off') break;
    }
  }
  if (failures.every((f) => f.kind === 'not-found')) {
    await cachePut(deps.cache, key, { type: 'not-found', message: failures.map((f) => f.message).join('; ') }, now());
  } else if (stale) {
    return { ...fromCache(stale), failures };
  }
  return result({ notices: [unresolvedNotice(id, failures)], failures });
}


export interface TitleDeps<C> extends Omit<ResolveDeps<C>, 'corpus'> {
  /** Finds a corpus paper by exact title (e.g. `PaperResolver.byExactTitle`). */
  corpusTitle?: (title: string) => C | undefined;
  /** How long the title match may wait in line for Semantic Scholar; past it the title is answered from its text alone. */
  maxQueueMs?: number;
}

/**
 * A title pasted alone: the corpus, the cache, then Semantic Scholar's title match (network on), accepted only
 * when the matched title agrees with the text. Text that is no title (one word, a paragraph) is not looked up.
 * No notice when nothing matches: the text is still answered from its words.
 */
export async function resolvePaperTitle<C>(title: string, deps: TitleDeps<C>): Promise<PaperResolution<C>> {
  const now = deps.now ?? deps.sources.settings.now ?? (() => Date.now());
  const result = (r: Partial<PaperResolution<C>>): PaperResolution<C> => ({ corpusPaper: null, paper: null, via: null, notices: [], failures: [], ...r });
  const text = title.trim().replace(/^title:\s*/i, '');
  const inCorpus = deps.corpusTitle?.(text);
  if (inCorpus !== undefined) return result({ corpusPaper: inCorpus, via: 'corpus' });
  const norm = normalizeTitle(text);
  if (/\n/.test(text) || text.length > 300 || norm.length < 10 || text.split(/\s+/).length < 2) return result({});

  const key = cacheKeys.title(norm);
  const cached = await cacheGet(deps.cache, key);
  if (cached && isFresh(cached, deps.sources.settings.ttlDays, now())) {
    return cached.value.type === 'paper' ? result({ paper: cached.value.paper, via: 'cache' }) : result({});
  }
  if (!deps.sources.settings.network) return cached?.value.type === 'paper' ? result({ paper: cached.value.paper, via: 'cache' }) : result({});
  try {
    const { matchScore: _score, ...paper } = await deps.sources.s2.matchTitle(text, deps.maxQueueMs !== undefined ? { maxQueueMs: deps.maxQueueMs } : {});
    if (titleSimilarity(paper.title, text) < TITLE_MATCH_THRESHOLD) {
      await cachePut(deps.cache, key, { type: 'not-found', message: `the closest title is "${paper.title}"` }, now());
      return result({});
    }
    await cachePut(deps.cache, key, { type: 'paper', paper }, now());
    return result({ paper, via: 'semantic-scholar' });
  } catch (e) {
    if (!(e instanceof SourceError)) throw e;
    if (e.kind === 'not-found') {
      await cachePut(deps.cache, key, { type: 'not-found', message: e.message }, now());
      return result({ failures: [e] });
    }
    if (cached?.value.type === 'paper') return result({ paper: cached.value.paper, via: 'cache', failures: [e] });
    return result({ notices: [`Could not search Semantic Scholar for this title (${e.message}); answered from the text alone.`], failures: [e] });
  }
}

export interface ReferencesResolution {
  references: SourceReferences | null;
  via: 'cache' | 'semantic-scholar' | null;
  notices: string[];
  failures: SourceError[];
}

/** The best id to ask Semantic Scholar about a paper: its S2 id, else arXiv, DOI, ACL. */
function referencesId(p: SourceId | SourcePaper): SourceId | null {
  if ('kind' in p) return s2PaperRef(p) ? p : null;
  const { s2, arxiv, doi, acl } = p.ids;
  if (s2) return { kind: 's2', value: s2 };
  if (arxiv) return { kind: 'arxiv', value: arxiv };
  if (doi) return { kind: 'doi', value: doi };
  if (acl) return { kind: 'acl', value: acl };
  return null;
}

/** A paper's reference list from Semantic Scholar, through the cache. For `check`. */
export async function resolveReferences(paper: SourceId | SourcePaper, deps: Omit<ResolveDeps<unknown>, 'corpus'>): Promise<ReferencesResolution> {
  const now = deps.now ?? deps.sources.settings.now ?? (() => Date.now());
  const id = referencesId(paper);
  const result = (r: Partial<ReferencesResolution>): ReferencesResolution => ({ references: null, via: null, notices: [], failures: [], ...r });
  if (!id) return result({ notices: [`Semantic Scholar cannot be asked for this paper's references (no arXiv, DOI or ACL id): paste its reference list or BibTeX.`] });
  const key = cacheKeys.references(sourceIdKey(id));
  const cached = await cacheGet(deps.cache, key);
  if (cached && isFresh(cached, deps.sources.settings.ttlDays, now()) && cached.value.type === 'references') {
    return result({ references: cached.value.references, via: 'cache' });
  }
  const stale = cached?.value.type === 'references' ? cached.value.references : null;
  if (!deps.sources.settings.network) {
    if (stale) return result({ references: stale, via: 'cache' });
    return result({ notices: [`The reference list of ${describeSourceId(id)} was not fetched: fetching is turned off here (MECHANISTIC_NETWORK=off). Paste its reference list or BibTeX.`] });
  }
  try {
    const references = await deps.sources.s2.references(id);
    await cachePut(deps.cache, key, { type: 'references', references }, now());
    return result({ references, via: 'semantic-scholar' });
  } catch (e) {
    if (!(e instanceof SourceError)) throw e;
    if (stale) return result({ references: stale, via: 'cache', failures: [e] });
    return result({ notices: [`Could not fetch the reference list of ${describeSourceId(id)} (${e.message}): paste its reference list or BibTeX.`], failures: [e] });
  }
}
