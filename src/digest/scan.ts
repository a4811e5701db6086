/**
 * The weekly paper scan: once per ISO week for every channel, the arXiv listing of the configured
 * categories for the papers submitted that week (UTC) and, when MECHANISTIC_ANTHOLOGY_DATA_DIR names a copy of
 * the ACL Anthology's XML, the papers of the BlackboxNLP, ACL, EMNLP, NAACL and TACL volumes published that
 * week (./anthology-week.ts says which week a volume is in), each paper read by the same answer the bot gives
 * (concepts, the four senses), the interpretability papers kept, and for each its earlier NLP-interpretability
 * precedents and, when Semantic Scholar has its reference list, whether it cites them (the check's matching).
 *
 * Exactly once: the week's row in paper_scan is the claim (INSERT … ON CONFLICT DO NOTHING), renewed after
 * every page; a claim not renewed within the lease (a crashed scanner) or a failed scan is taken over by
 * exactly one scanner. Resumable: every listing page goes through the source cache before its papers are
 * analysed, and every analysed paper is stored, so a taken-over scan reads the pages from the cache (never
 * asking arXiv again) and analyses only the papers not stored yet; the Anthology volumes are local files, read again.
 */
import { randomUUID } from 'node:crypto';
import { MAX_LIMIT } from '../core/answer.ts';
import type { Corpus } from '../core/corpus-schema.ts';
import { MAX_QUESTION_CHARS } from '../core/input.ts';
import { PaperResolver } from '../core/paper-resolver.ts';
import { coverage, missRatesExcept } from '../core/references.ts';
import type { Mechanistic } from '../core/service.ts';
import type { Answer, DefinitionKey, PaperResolution } from '../core/types.ts';
import type { Logger } from '../log.ts';
import { DEFAULT_CONCEPT_WEIGHTS } from '../retrieval/concept-recognizer.ts';
import { interpretabilityEvidence } from '../retrieval/retriever.ts';
import { matcherFor } from '../app/check-step.ts';
import { referencesFromS2 } from '../app/reference-lists.ts';
import { asFetched, sourceCacheOf } from '../app/resolve-paper.ts';
import type { Config } from '../config.ts';
import type { SourceConfig } from '../sources/settings.ts';
import type { DigestPapersSource } from './prepare.ts';
import {
  arxivListingQuery,
  cacheKeys,
  createSources,
  resolveReferences,
  sourceSettingsFromConfig,
  SourceError,
  type ArxivListingPage,
  type SourceCache,
  type SourceId,
  type SourcePaper,
  type Sources,
} from '../sources/index.ts';
import { verdictsOf, type PaperScan, type ScannedPaper, type Store } from '../store/store.ts';
import { anthologyVolumesOfWeek, type WeekVolume } from './anthology-week.ts';
import { formatIsoWeek, isoWeekRange, type IsoWeek } from './iso-week.ts';

/** Entries asked per listing page (arXiv serves up to 2000; smaller pages keep each request short). */
export const SCAN_PAGE_SIZE = 200;
/** A listing longer than this is cut (with a notice): a week of cs.CL, cs.LG and cs.AI is about 3,000–5,000. */
export const SCAN_MAX_ENTRIES = 8000;
/** A 'running' scan not renewed for this long is taken over. Renewed after every page. */
export const SCAN_LEASE_MS = 15 * 60_000;
/**
 * Kept as interpretability work: broad cultural applies on at least this many pieces of evidence (interpretability
 * vocabulary, recognized concepts, a study of internals…) and at least one crosswalk concept was recognized.
 * Chosen on the labelled sample (eval/digest-scan.md): one piece of evidence keeps most of a week's listing.
 */
export const SCAN_MIN_EVIDENCE = 3;
/** The papers a scan did not keep are deleted this long after it finished (the next scan prunes them). */
export const SCAN_KEEP_REJECTED_DAYS = 35;
/** Anthology papers analysed between two stores of the results and renewals of the claim (as a listing page). */
export const SCAN_ANTHOLOGY_BATCH = 100;
/** Curated precedents kept per concept of a paper (most missed first, then earliest). */
const PRECEDENTS_PER_CONCEPT = 6;

/** A precedent of a scanned paper: an earlier NLPI paper on one of its concepts. */
export interface ScanPrecedent {
  id: string;
  concept: string;
  /** Whether the paper's reference list cites it; null when the list could not be had. */
  cited: boolean | null;
  /** Measured share of MI papers on the concept that do not cite it (corpus/missed-precedents.tsv). */
  missRate: number | null;
  /** The measurement behind the rate: of `papers` measured MI papers on the concept, `citing` cite it. */
  measured?: { citing: number; papers: number };
}

/** What the scan stores per kept paper (scan_paper.result). */
export interface ScanPaperResult {
  /** The arXiv id, or the Anthology id of an Anthology paper. */
  id: string;
  /** Where the paper was listed; absent (scans before the Anthology was read): arXiv. */
  source?: 'arxiv' | 'anthology';
  /** An Anthology paper's venue as people cite it, e.g. `BlackboxNLP 2019`. */
  venue?: string;
  title: string;
  authors: string[];
  year: number | null;
  month?: number;
  url: string;
  categories: string[];
  definitions: Record<DefinitionKey, boolean | null>;
  concepts: { id: string; name: string; score: number }[];
  /** Where the reference list came from; null: not to be had (network off, not in Semantic Scholar). */
  references: 'semantic-scholar' | 'cache' | null;
  precedents: ScanPrecedent[];
}

/**
 * The filter: interpretability work, by the answer the bot gives to the title and abstract, whose own words (or the
 * shipped interpretability model) read as interpretability research. Concepts and the verdicts drawn from them are not
 * enough on their own: the corpus-trained classifier ranks concepts for any text, and a week's listing is mostly other
 * work. A concept offered only as the closest guess is not a recognized one: its precedents are leads to read, not
 * earlier work to say the paper rediscovers (as in `check`).
 */
export function isInterpretabilityWork(a: Answer): boolean {
  const bc = a.definitions.broadCultural;
  const { learnedInterpretability, learnedInterpretabilityOtherTopic } = DEFAULT_CONCEPT_WEIGHTS;
  return (
    bc.applies === true &&
    bc.evidence.length >= SCAN_MIN_EVIDENCE &&
    a.concepts.some((c) => !c.guess) &&
    interpretabilityEvidence(a.query, learnedInterpretability, learnedInterpretabilityOtherTopic)
  );
}

/**
 * How much earlier work a paper rediscovers: its precedents not cited (all of them when its references are unknown),
 * each counted at the confidence of the concept it comes through: its score over the best concept's (`shares`, 1 when
 * not given). A paper read under a second and third concept brings their precedents too, but a concept recognized at a
 * third of the main one's score adds a third of a paper for each, so the rank does not grow with every faint reading.
 * The measured miss rates break near-ties.
 */
export function rediscoveryRank(precedents: readonly ScanPrecedent[], shares?: ReadonlyMap<string, number>): number {
  const missed = new Map<string, { weight: number; rate: number }>();
  for (const p of precedents) {
    if (p.cited === true) continue;
    const weight = shares?.get(p.concept) ?? 1;
    const prev = missed.get(p.id);
    missed.set(p.id, { weight: Math.max(prev?.weight ?? 0, weight), rate: Math.max(prev?.rate ?? 0, p.missRate ?? 0) });
  }
  let count = 0;
  let rates = 0;
  for (const m of missed.values()) {
    count += m.weight;
    rates += m.weight * m.rate;
  }
  return Math.round((count + rates / 10) * 1000) / 1000;
}

/** Each concept's score over the best one's: how sure the answer is of it, next to its main concept. */
export function conceptShares(concepts: readonly { id: string; score: number }[]): Map<string, number> {
  const best = Math.max(0, ...concepts.map((c) => c.score));
  return new Map(concepts.map((c) => [c.id, best > 0 ? c.score / best : 1]));
}

export interface ScanDeps {
  store: Pick<Store, 'paperScans'>;
  mechanistic: Mechanistic;
  sources: Sources;
  cache?: SourceCache;
  /** MECHANISTIC_DIGEST_ARXIV_CATEGORIES. */
  categories: readonly string[];
  /** MECHANISTIC_ANTHOLOGY_DATA_DIR: a copy of the Anthology's data/xml files; unset, arXiv only. */
  anthologyDataDir?: string;
  now: () => Date;
  log: Logger;
  owner?: string;
  leaseMs?: number;
  pageSize?: number;
  maxEntries?: number;
  /** Called with each listing page once it is fetched (or read from the cache), before its papers are analysed. */
  onPage?: (page: ArxivListingPage, fromCache: boolean) => Promise<void> | void;
}

export type ScanOutcome =
  /** This call ran (or finished) the scan. */
  | 'scanned'
  /** The week was already scanned. */
  | 'done'
  /** Another scanner holds the week (within its lease), or won the race for it. */
  | 'busy'
  /** MECHANISTIC_NETWORK=off: nothing claimed, nothing asked. */
  | 'network-off'
  /** A source failed; the week is 'failed' and is tried again after the lease. */
  | 'failed'
  /** The claim was taken over while this call ran (it had stalled past the lease); it stopped. */
  | 'lost';

export interface ScanRun {
  isoWeek: string;
  outcome: ScanOutcome;
  scan: PaperScan | null;
}

async function cached(cache: SourceCache | undefined, key: string): Promise<ArxivListingPage | null> {
  try {
    const e = await cache?.get(key);
    return e?.value.type === 'listing' ? e.value.page : null;
  } catch {
    return null;
  }
}

export class PaperScanner {
  readonly owner: string;
  private readonly leaseMs: number;
  private readonly resolver: PaperResolver;

  constructor(private readonly d: ScanDeps) {
    this.owner = d.owner ?? `scan-${randomUUID()}`;
    this.leaseMs = d.leaseMs ?? SCAN_LEASE_MS;
    this.resolver = new PaperResolver(d.mechanistic.corpus);
  }

  private get corpus(): Corpus {
    return this.d.mechanistic.corpus;
  }

  /** Scans `week` unless it is scanned, or being scanned, already. Throws only for bugs, never for a source. */
  async scan(week: IsoWeek): Promise<ScanRun> {
    const isoWeek = formatIsoWeek(week);
    const repo = this.d.store.paperScans;
    if (!this.d.sources.settings.network) return { isoWeek, outcome: 'network-off', scan: await repo.get(isoWeek) };
    const now = this.d.now();
    const row = await repo.get(isoWeek);
    let claim: PaperScan | null;
    if (!row) {
      claim = await repo.claim({ isoWeek, owner: this.owner, categories: [...this.d.categories] }, now);
    } else if (row.state === 'done') {
      return { isoWeek, outcome: 'done', scan: row };
    } else if (now.getTime() - row.claimedAt.getTime() < this.leaseMs) {
      // A failed scan is tried again after the lease; until then the digests go out without it.
      return { isoWeek, outcome: row.state === 'failed' ? 'failed' : 'busy', scan: row };
    } else {
      claim = await repo.takeOver(row, this.owner, now);
      if (claim) this.d.log.warn({ isoWeek, from: row.owner, state: row.state, attempts: claim.attempts }, 'paper scan: taking over the week');
    }
    if (!claim) return { isoWeek, outcome: 'busy', scan: await repo.get(isoWeek) };
    try {
      const outcome = await this.run(week, claim);
      return { isoWeek, outcome, scan: await repo.get(isoWeek) };
    } catch (e) {
      if (!(e instanceof SourceError)) throw e;
      await repo.fail(isoWeek, this.owner, e.message);
      this.d.log.warn({ isoWeek, err: e.message }, 'paper scan failed; it is tried again after the lease');
      return { isoWeek, outcome: 'failed', scan: await repo.get(isoWeek) };
    }
  }

  private async run(week: IsoWeek, claim: PaperScan): Promise<ScanOutcome> {
    const { isoWeek } = claim;
    const repo = this.d.store.paperScans;
    const { start: from, end: to } = isoWeekRange(week, 'UTC');
    const query = arxivListingQuery(claim.categories, from, to);
    const size = this.d.pageSize ?? SCAN_PAGE_SIZE;
    const max = this.d.maxEntries ?? SCAN_MAX_ENTRIES;
    const analysed = new Set(await repo.paperIds(isoWeek));
    const notices: string[] = [];
    let listed = 0;
    let total = 0;
    for (let start = 0; start < max; ) {
      const key = cacheKeys.listing(query, start, size);
      let page = await cached(this.d.cache, key);
      const fromCache = page !== null;
      if (!page) {
        page = await this.d.sources.arxiv.listingPage(query, start, size);
        // arXiv now and then answers a page inside the listing with no entries; asked once more, it usually has them.
        if (page.entries === 0 && start < page.totalResults) page = await this.d.sources.arxiv.listingPage(query, start, size);
        if (page.entries > 0) await this.d.cache?.put(key, { type: 'listing', page }, this.d.now().getTime()).catch(() => undefined);
      }
      await this.d.onPage?.(page, fromCache);
      total = page.totalResults;
      if (page.entries === 0) {
        if (start < total) notices.push(`arXiv returned an empty page at entry ${start} of ${total}, so the week's listing may be incomplete.`);
        break;
      }
      listed += page.entries;
      if (!(await this.analyseAll(isoWeek, page.papers.filter((p) => p.ids.arxiv), analysed))) return 'lost';
      start += page.entries;
      if (start >= total) break;
      if (start >= max) notices.push(`The listing has ${total} entries; only the first ${max} were read.`);
    }
    const volumes = await this.anthologyVolumes(week, notices);
    for (const v of volumes) {
      for (let i = 0; i < v.papers.length; i += SCAN_ANTHOLOGY_BATCH) {
        if (!(await this.analyseAll(isoWeek, v.papers.slice(i, i + SCAN_ANTHOLOGY_BATCH), analysed))) return 'lost';
      }
    }
    const kept = (await repo.papers(isoWeek)).length;
    const read = volumes.map((v) => ({ id: v.id, venue: v.venue, papers: v.papers.length }));
    if (!(await repo.finish(isoWeek, this.owner, { listed, kept, notices, volumes: read }, this.d.now()))) return 'lost';
    // The papers not kept of older weeks served only resuming: a few thousand rows a week, not kept for ever.
    await repo.pruneRejected(new Date(this.d.now().getTime() - SCAN_KEEP_REJECTED_DAYS * 86_400_000));
    this.d.log.info({ isoWeek, listed, kept, total, volumes: read.map((v) => v.id) }, 'paper scan: done');
    return 'scanned';
  }

  /** The week's Anthology volumes, or none (with a notice) when the data directory cannot be read. */
  private async anthologyVolumes(week: IsoWeek, notices: string[]): Promise<WeekVolume[]> {
    const dir = this.d.anthologyDataDir;
    if (!dir) return [];
    try {
      return await anthologyVolumesOfWeek(dir, week);
    } catch (e) {
      const why = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
      this.d.log.warn({ dir, err: (e as Error).message }, 'paper scan: the ACL Anthology data could not be read');
      notices.push(`The ACL Anthology's volumes were not read (MECHANISTIC_ANTHOLOGY_DATA_DIR could not be read: ${why}).`);
      return [];
    }
  }

  /**
   * Analyses the papers not analysed yet, stores them and renews the claim; false when the claim was taken
   * over meanwhile (the scanner stops).
   */
  private async analyseAll(isoWeek: string, papers: readonly SourcePaper[], analysed: Set<string>): Promise<boolean> {
    const results: ScannedPaper[] = [];
    for (const p of papers) {
      const key = scanSourceId(p);
      if (analysed.has(key)) continue;
      results.push(await this.analyse(p));
      analysed.add(key);
    }
    await this.d.store.paperScans.savePapers(isoWeek, results);
    if (await this.d.store.paperScans.renew(isoWeek, this.owner, this.d.now())) return true;
    this.d.log.warn({ isoWeek }, 'paper scan: the week was taken over by another scanner; stopping');
    return false;
  }

  /** One listed paper: the bot's answer about it; for interpretability work, its precedents and what it cites. */
  private async analyse(p: SourcePaper): Promise<ScannedPaper> {
    const sourceId = scanSourceId(p);
    const id: SourceId & { kind: 'acl' | 'arxiv' } = p.source === 'anthology' ? { kind: 'acl', value: p.ids.acl! } : { kind: 'arxiv', value: p.ids.arxiv! };
    const inCorpus = this.resolver.resolve({ ...id, raw: id.value });
    const fetched = asFetched(p);
    const resolution: PaperResolution | undefined = inCorpus ? { corpusPaperId: inCorpus.id, notices: [] } : fetched ? { fetched, notices: [] } : undefined;
    const text = `${p.title}\n\n${p.abstract ?? ''}`.trim().slice(0, MAX_QUESTION_CHARS);
    const answer = await this.d.mechanistic.ask({ text, limit: MAX_LIMIT, offset: 0, ...(resolution ? { resolution } : {}) });
    const base = { id: id.value, ...(p.source === 'anthology' ? { source: 'anthology' as const, ...(p.venue ? { venue: p.venue } : {}) } : {}), title: p.title, url: p.url };
    if (!isInterpretabilityWork(answer)) return { sourceId, kept: false, rank: 0, result: base };

    // Its reference list, when Semantic Scholar has it (through the cache): which precedents it cites.
    const refs = await resolveReferences(id, { sources: this.d.sources, cache: this.d.cache });
    const cited = refs.references ? new Set(matcherFor(this.corpus).match(referencesFromS2(refs.references)).matched.map((m) => m.id)) : new Set<string>();
    const subject =
      p.year !== null ? { id: inCorpus?.id ?? `${id.kind}:${id.value}`, year: p.year, ...(p.month ? { month: p.month } : {}), ...(id.kind === 'acl' ? { aclId: id.value } : {}) } : null;
    const cov = coverage({
      corpus: this.corpus,
      concepts: answer.concepts.map((c) => c.id),
      cited,
      subject,
      missRates: missRatesExcept(this.d.mechanistic.missRates, inCorpus?.id),
    });
    const precedents: ScanPrecedent[] = [];
    for (const c of cov) {
      // The concept's curated precedents only: its tagged papers can run to hundreds.
      const curated = new Set(c.concept.precedents.map((l) => l.id));
      const known = refs.references !== null;
      const missing = c.missing
        .filter((m) => curated.has(m.paper.id))
        .map((m) => ({ id: m.paper.id, concept: c.concept.id, cited: known ? false : null, missRate: m.missRate, ...(m.cell ? { measured: { citing: m.cell.citing, papers: m.cell.papers } } : {}) }));
      const citedHere = c.cited.filter((q) => curated.has(q.id)).map((q) => ({ id: q.id, concept: c.concept.id, cited: true, missRate: null }));
      precedents.push(...[...missing, ...citedHere].slice(0, PRECEDENTS_PER_CONCEPT));
    }
    const result: ScanPaperResult = {
      ...base,
      authors: p.authors,
      year: p.year,
      ...(p.month ? { month: p.month } : {}),
      categories: p.categories ?? [],
      definitions: verdictsOf(answer),
      concepts: answer.concepts.map((c) => ({ id: c.id, name: c.name, score: c.score })),
      references: refs.references ? (refs.via === 'cache' ? 'cache' : 'semantic-scholar') : null,
      precedents,
    };
    return { sourceId, kept: true, rank: rediscoveryRank(precedents, conceptShares(answer.concepts)), result };
  }
}

/** A listed paper's key in the week's scan: its arXiv id, or `acl:` and its Anthology id. */
export function scanSourceId(p: SourcePaper): string {
  return p.source === 'anthology' ? `acl:${p.ids.acl!}` : p.ids.arxiv!;
}

/** The scanner and the section's source from the configuration: one per process (serve, the CLI). */
export function paperScanFromConfig(
  config: SourceConfig & Pick<Config, 'MECHANISTIC_DIGEST_ARXIV_CATEGORIES' | 'MECHANISTIC_ANTHOLOGY_DATA_DIR'>,
  deps: { store: Store; mechanistic: Mechanistic; log: Logger; now: () => Date; sources?: Sources },
): { scanner: PaperScanner; papers: DigestPapersSource } {
  const sources = deps.sources ?? createSources(sourceSettingsFromConfig(config));
  const scanner = new PaperScanner({
    store: deps.store,
    mechanistic: deps.mechanistic,
    sources,
    cache: sourceCacheOf(deps.store.sourceCache),
    categories: config.MECHANISTIC_DIGEST_ARXIV_CATEGORIES,
    ...(config.MECHANISTIC_ANTHOLOGY_DATA_DIR ? { anthologyDataDir: config.MECHANISTIC_ANTHOLOGY_DATA_DIR } : {}),
    now: deps.now,
    log: deps.log,
  });
  return { scanner, papers: { scans: deps.store.paperScans, network: sources.settings.network } };
}
