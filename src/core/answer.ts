/**
 * Composes the answer to one question: which senses of "mechanistic" apply, which crosswalk
 * concepts the question is about, the earlier NLP-interpretability work on them, and related work.
 * Pure apart from the retriever passed in.
 */
import type { Concept, Corpus, Paper } from './corpus-schema.ts';
import { chronology, formatDate, subjectDate, writtenNoEarlierThan, type Chronology } from './dates.ts';
import { classifyDefinitions, cueConcepts, textCues, type InterpretabilityReading } from './definitions.ts';
import { fetchedCulture, pastedCulture, unplacedAuthors } from './fetched-culture.ts';
import { cleanPaste, parseInput, PASTED_BODY_MIN_WORDS, pastedFacts, validateQuestionText, wordCount, type PaperIdentifier } from './input.ts';
import type { PaperResolver } from './paper-resolver.ts';
import { contentWords } from './text.ts';
import type { Answer, Definitions, FetchedPaper, PaperRef, Question, RecognizedConcept } from './types.ts';
import type { MissRates } from './references.ts';
import { priorPrecedentScorer, type PrecedentFeatures, type PrecedentScorer } from './precedent-ranking.ts';

export interface ScoredId {
  id: string;
  score: number;
  /**
   * For a recognized concept: whether a specific (multi-word) alias of it is in the text. False when it
   * was found only by embedding similarity, BM25 over its description or a one-word alias: weak
   * evidence that the text is interpretability research at all. Absent when the retriever does not say.
   */
  byAlias?: boolean;
  /**
   * For a recognized concept: no concept reached the recognizer's bar and this is its closest guess (the corpus-trained
   * classifier's first choice). A guess is never evidence for the verdict; it brings precedents only when the verdict
   * says the text is interpretability research, and the answer says it is a guess.
   */
  guess?: boolean;
}

/** What the core needs from retrieval. */
export interface Retriever {
  /** Crosswalk concept ids the text is about, with scores in 0..1, best first. */
  recognizeConcepts(text: string): Promise<ScoredId[]>;
  /** Corpus paper ids close to the text, best first (fused lexical + dense). */
  searchPapers(text: string, k: number): Promise<ScoredId[]>;
  /**
   * What a model trained on hand-labelled abstracts reads in a pasted abstract (see InterpretabilityReading);
   * undefined for a short question, which it was not trained on, or when there is no such model.
   */
  readInterpretability?(text: string): Promise<InterpretabilityReading | undefined>;
}

export interface AnswerDeps {
  corpus: Corpus;
  retriever: Retriever;
  resolver: PaperResolver;
  /**
   * How often MI work on `conceptId` fails to cite precedent `paperId` (0..1). A later measurement
   * fills it; until then it is absent and contributes nothing.
   */
  citationGap?: (paperId: string, conceptId: string) => number;
  /**
   * The measured table behind the citation gap (corpus/missed-precedents.tsv): a curated precedent's
   * why-line says how many of the measured MI papers on the concept cite it.
   */
  missRates?: MissRates;
  /** Overrides of the ranking weights and limits; the rest come from DEFAULT_RANKING. */
  ranking?: Partial<RankingOptions>;
  /**
   * Scores each candidate precedent from its features (src/core/precedent-ranking.ts); absent, the
   * hand-weighted prior of RankingOptions ranks them.
   */
  precedentScorer?: PrecedentScorer;
  /** How relevant hand graders found `paperId` as earlier work on `conceptId` (the feature linkGrade); absent, never graded. */
  linkGrade?: (paperId: string, conceptId: string) => number | undefined;
}

export const DEFAULT_LIMIT = 10;
export const MAX_LIMIT = 50;

/**
 * Every number the ranking of precedents and related work uses. Scores of different sources
 * (curated precedents, MI examples, tagged papers, search hits) land on one scale and are sorted
 * together, so these weights decide which source wins. Search relevance `rel` is
 * 1 / (1 + rank / searchRelevanceHalfRank) for the rank of a paper among the search hits, 0 if not hit.
 */
export interface RankingOptions {
  /** At most this many recognized concepts are reported and used for precedents. */
  maxConcepts: number;
  /** Score of a concept the resolved corpus paper is curated under (an MI example of it, or tagged with it). */
  curatedConceptScore: number;
  /** A secondary concept is kept when its score is at least this share of the main concept's. */
  secondaryCloseShare: number;
  /** ... or when it is a curated neighbour (`related`) of the main concept and its score is at least this share. */
  secondaryRelatedShare: number;
  /** How many papers are asked of the retriever's paper search. */
  searchHits: number;
  /** Search rank at which relevance has halved: rel = 1 / (1 + rank / searchRelevanceHalfRank). */
  searchRelevanceHalfRank: number;
  /**
   * A question about interpretability with a recognized concept gets at least this many precedents
   * (search hits fill a short list). With no concept recognized, search hits go to related work only:
   * text similarity alone is not evidence that an earlier work is a precedent.
   */
  minPrecedents: number;
  /**
   * A recognized concept's curated precedents get the weight
   * conceptWeightBase + conceptWeightSpan * (concept score / best concept score): relative to the best
   * concept, so a second concept's first precedents interleave with the first's.
   */
  conceptWeightBase: number;
  /** What the best concept's precedents get on top of conceptWeightBase (see there). */
  conceptWeightSpan: number;
  /** Decay of a curated precedent's weight with its position in the concept's list: 1 / (1 + decay * position). */
  curatedRankDecay: number;
  /** Weight of search relevance added to a curated precedent's score. */
  curatedRelevanceWeight: number;
  /** Weight of the measured citation gap (AnswerDeps.citationGap, 0..1) in a curated precedent's score. */
  citationGapWeight: number;
  /** Concept weight of the curated precedents of the best concept's curated neighbours (they fill in behind). */
  neighbourWeight: number;
  /** NLPI work that appeared after the paper in question goes to related work, its score multiplied by this. */
  laterWorkFactor: number;
  /** Weight of the concept's score in the score of one of its MI examples (related work). */
  miExampleConceptWeight: number;
  /** Weight of search relevance in the score of an MI example. */
  miExampleRelevanceWeight: number;
  /** Weight of the best matching recognized concept's score in the score of a paper tagged with it. */
  taggedConceptWeight: number;
  /** Weight of search relevance in the score of a tagged paper. */
  taggedRelevanceWeight: number;
  /** Score of a search hit in related work, per unit of relevance. */
  searchRelatedWeight: number;
  /** Score of a search hit taken as a precedent to reach minPrecedents, per unit of relevance. */
  searchPrecedentWeight: number;
}

export const DEFAULT_RANKING: Readonly<RankingOptions> = Object.freeze({
  maxConcepts: 3,
  curatedConceptScore: 0.9,
  secondaryCloseShare: 0.8,
  secondaryRelatedShare: 0.6,
  searchHits: 60,
  searchRelevanceHalfRank: 5,
  minPrecedents: 5,
  conceptWeightBase: 0.6,
  conceptWeightSpan: 0.4,
  curatedRankDecay: 0.12,
  curatedRelevanceWeight: 0.25,
  citationGapWeight: 0.3,
  neighbourWeight: 0.3,
  laterWorkFactor: 0.6,
  miExampleConceptWeight: 0.5,
  miExampleRelevanceWeight: 0.3,
  taggedConceptWeight: 0.45,
  taggedRelevanceWeight: 0.3,
  searchRelatedWeight: 0.3,
  searchPrecedentWeight: 0.2,
});

const COUNT_OPTIONS = new Set<keyof RankingOptions>(['maxConcepts', 'searchHits', 'minPrecedents']);

/** DEFAULT_RANKING with the given overrides; throws RangeError for a negative, non-finite or fractional count. */
export function rankingOptions(overrides: Partial<RankingOptions> = {}): RankingOptions {
  const o: RankingOptions = { ...DEFAULT_RANKING };
  for (const [key, value] of Object.entries(overrides) as [keyof RankingOptions, number | undefined][]) {
    if (value === undefined) continue;
    if (!(key in DEFAULT_RANKING)) throw new RangeError(`unknown ranking option ${key}`);
    if (!Number.isFinite(value) || value < 0) throw new RangeError(`ranking option ${key} must be a finite number >= 0, got ${value}`);
    if (COUNT_OPTIONS.has(key) && !Number.isInteger(value)) throw new RangeError(`ranking option ${key} must be a whole number, got ${value}`);
    o[key] = value;
  }
  if (o.searchRelevanceHalfRank === 0) throw new RangeError('ranking option searchRelevanceHalfRank must be > 0');
  return o;
}

/** Page bounds as answer() reads them from a question: limit 1..MAX_LIMIT (whole), offset >= 0 (whole). */
function pageBounds(limit: number, offset: number): { limit: number; offset: number } {
  return { limit: Math.min(MAX_LIMIT, Math.max(1, Math.floor(limit))), offset: Math.max(0, Math.floor(offset)) };
}

/**
 * One page of an answer's precedents and related work, the rest unchanged. For a full answer
 * (asked with limit MAX_LIMIT, offset 0), pageAnswer(full, offset, limit) is what answer() gives for
 * that offset and limit, as long as offset + limit <= MAX_LIMIT.
 */
export function pageAnswer(a: Answer, offset: number, limit: number): Answer {
  const b = pageBounds(limit, offset);
  return { ...a, precedents: a.precedents.slice(b.offset, b.offset + b.limit), related: a.related.slice(b.offset, b.offset + b.limit) };
}

/** A paper read from a source, as the answer shows it. It has no community label: "other" until curated. */
function fetchedRef(f: FetchedPaper): PaperRef {
  return {
    id: f.id,
    title: f.title,
    authors: [...f.authors],
    year: f.year,
    venue: f.venue,
    url: f.url,
    community: 'other',
    why: `the paper your question is about (from ${f.source}; not in the corpus)`,
    score: 1,
  };
}

/** The verdicts for a link that could not be read: where it was posted may still say who wrote it. */
function cannotTellFromLink(d: Definitions): Definitions {
  const unread = 'the paper behind the link could not be read, so this cannot be told: paste its title and abstract';
  const cultural = d.narrowCultural.applies === true;
  return {
    narrowTechnical: { applies: null, confidence: 0, evidence: [unread] },
    broadTechnical: { applies: null, confidence: 0, evidence: [unread] },
    narrowCultural: cultural ? d.narrowCultural : { applies: null, confidence: 0, evidence: [unread] },
    broadCultural: cultural
      ? { applies: true, confidence: d.narrowCultural.confidence, evidence: ['posted where the MI community publishes, so it is interpretability research'] }
      : { applies: null, confidence: 0, evidence: [unread] },
  };
}

/**
 * The verdicts for a question citing a paper that could not be pinned to one corpus paper: a "no" from the question's
 * few words is "can't tell" (the paper was not read); a "yes" its words support stands.
 */
function cannotTellForCitation(d: Definitions, citation: string): Definitions {
  const unread = `the question cites "${citation}", which could not be pinned to one paper, so this cannot be told: paste its title or link`;
  const open = (v: Definitions[keyof Definitions]) => (v.applies === false ? { applies: null, confidence: 0, evidence: [unread] } : v);
  return { narrowTechnical: open(d.narrowTechnical), broadTechnical: open(d.broadTechnical), narrowCultural: open(d.narrowCultural), broadCultural: open(d.broadCultural) };
}

export function paperRef(p: Paper, why: string, score: number): PaperRef {
  return {
    id: p.id,
    title: p.title,
    authors: [...p.authors],
    year: p.year,
    venue: p.venue,
    url: p.url,
    community: p.community,
    why,
    score: Math.round(score * 1000) / 1000,
  };
}

function paperText(p: Paper): string {
  return [p.title, p.abstract ?? p.summary ?? '', p.venue].join('\n');
}

const squeezed = (t: string) => t.toLowerCase().replace(/\s+/g, ' ').trim();

/**
 * What a fetched paper adds to the question's text: its title, abstract and venue, less the title and abstract the
 * question already holds (a pasted paper found by its title). Read twice, an abstract would count its cues twice
 * and cost the encoder four times as much.
 */
function fetchedText(f: FetchedPaper, query: string): string {
  const q = squeezed(query);
  const holds = (t: string | undefined) => t !== undefined && q.includes(squeezed(t).slice(0, 100));
  return [holds(f.title) ? '' : f.title, holds(f.abstract) ? '' : (f.abstract ?? ''), f.venue].join('\n');
}

/**
 * Where NLP-interpretability work goes: earlier work (by first appearance, src/core/dates.ts) to the
 * precedents, the rest to related work, labelled later or concurrent. Without the paper in question's
 * date, "earlier" means before the concept's earliest MI work, or before the latest release the text names
 * when that is later; a link from a concept's `later` list is earlier work only when some date says so.
 */
function nlpiPlacer(
  chrono: Chronology,
  corpus: Corpus,
  precedents: Map<string, Candidate>,
  related: Map<string, Candidate>,
  laterWorkFactor: number,
  /** Filled with the papers held out of earlier work only by a concept's first MI work (the text has no date), by concept. */
  heldByConcept: Map<string, Set<string>>,
) {
  return (c: Candidate, conceptId: string | undefined, listedLater = false): void => {
    const placement = chrono.place(c.paper.id, conceptId, listedLater);
    if (placement === 'earlier') return keepBest(precedents, c);
    const score = (c.prior ?? c.score) * laterWorkFactor;
    const bound = chrono.bound(conceptId);
    const floor = chrono.writtenAfter;
    // Held to a release the text names: from that month on, the work is not provably earlier (nor later) than the text.
    if (floor && bound === floor.date) {
      const why = `NLP-interpretability work not provably earlier (from ${formatDate(floor.date)} or after, and the text names ${floor.release}, released then): ${c.why}`;
      return keepBest(related, { paper: c.paper, score, why });
    }
    const when = placement === 'later' ? 'Later' : 'Concurrent';
    const name = conceptId === undefined ? undefined : corpus.concepts.get(conceptId)?.name;
    const than =
      chrono.subject || name === undefined
        ? ''
        : bound === undefined
          ? ` (listed as later work on ${name})`
          : ` (${placement === 'later' ? 'after' : 'concurrent with'} the first MI work on ${name})`;
    if (!chrono.subject && conceptId !== undefined && bound !== undefined && placement === 'later') {
      const held = heldByConcept.get(conceptId) ?? new Set<string>();
      heldByConcept.set(conceptId, held.add(c.paper.id));
    }
    keepBest(related, { paper: c.paper, score, why: `${when} NLP-interpretability work${than}: ${c.why}` });
  };
}

/**
 * The notice for an undated text whose concept's first MI work kept later NLP-interpretability work out of its earlier
 * work (the main concept's, else the first concept's that did), or undefined when none was kept out.
 */
function undatedNotice(corpus: Corpus, chrono: Chronology, heldByConcept: ReadonlyMap<string, ReadonlySet<string>>, mainId: string | undefined, related: ReadonlyMap<string, Candidate>): string | undefined {
  const conceptId = mainId !== undefined && heldByConcept.has(mainId) ? mainId : heldByConcept.keys().next().value;
  const bound = conceptId === undefined ? undefined : chrono.bound(conceptId);
  const held = conceptId === undefined ? 0 : [...heldByConcept.get(conceptId)!].filter((id) => related.has(id)).length;
  if (conceptId === undefined || bound === undefined || held === 0) return undefined;
  const works = held === 1 ? 'one NLP-interpretability work after it is' : `${held} NLP-interpretability works after it are`;
  return `The text gives no date, so earlier work is held to before the first MI work on ${corpus.concepts.get(conceptId)!.name} (${formatDate(bound)}): ${works} listed under related work as later. Add the paper's venue and year (e.g. "EMNLP 2024") or paste its link to count what came before it.`;
}

function describeIdentifier(id: PaperIdentifier): string {
  switch (id.kind) {
    case 'arxiv':
      return `arXiv:${id.value}`;
    case 'acl':
      return `ACL Anthology ${id.value}`;
    case 'doi':
      return `DOI ${id.value}`;
    case 'url':
      return id.raw;
  }
}

interface Candidate {
  paper: Paper;
  score: number;
  /** A precedent's hand-weighted score, which ranks it in related work when it is later work (score ranks precedents). */
  prior?: number;
  why: string;
}

function keepBest(map: Map<string, Candidate>, c: Candidate): void {
  const prev = map.get(c.paper.id);
  if (!prev || c.score > prev.score) map.set(c.paper.id, c);
}

function byScoreThenYear(a: Candidate, b: Candidate): number {
  return b.score - a.score || a.paper.year - b.paper.year || (a.paper.month ?? 13) - (b.paper.month ?? 13) || a.paper.id.localeCompare(b.paper.id);
}

/** A paper's content words (title and summary), found once per paper: every answer's search hits read them. */
const paperWords = new WeakMap<Paper, readonly string[]>();

function wordsOf(p: Paper): readonly string[] {
  let words = paperWords.get(p);
  if (!words) {
    words = contentWords(`${p.title} ${p.summary ?? p.abstract ?? ''}`);
    paperWords.set(p, words);
  }
  return words;
}

/** Words the question (its content words, found once per answer) and a paper's title or summary share, for a why-line on search hits. */
function sharedTerms(q: ReadonlySet<string>, p: Paper): string[] {
  return wordsOf(p)
    .filter((w) => q.has(w) && w.length > 3)
    .slice(0, 4);
}

/** A paper's distinct content words, of its title and of its title and summary, found once per paper. */
const distinctWords = new WeakMap<Paper, { title: readonly string[]; text: ReadonlySet<string> }>();

/** How much of a paper the question's content words cover: its title's share, and the text overlap (shared / geometric mean of sizes). */
function overlapWith(q: ReadonlySet<string>, p: Paper): { titleOverlap: number; textOverlap: number } {
  let words = distinctWords.get(p);
  if (!words) {
    words = { title: [...new Set(contentWords(p.title))], text: new Set(wordsOf(p)) };
    distinctWords.set(p, words);
  }
  const { title, text } = words;
  let shared = 0;
  for (const w of text) if (q.has(w)) shared++;
  return {
    titleOverlap: title.length === 0 ? 0 : title.filter((w) => q.has(w)).length / title.length,
    textOverlap: text.size === 0 || q.size === 0 ? 0 : shared / Math.sqrt(text.size * q.size),
  };
}

/** How many concepts list each paper as a precedent or later work, counted once per corpus. */
const linkCounts = new WeakMap<Corpus, Map<string, number>>();
function conceptLinks(corpus: Corpus): Map<string, number> {
  let counts = linkCounts.get(corpus);
  if (!counts) {
    counts = new Map();
    for (const c of corpus.concepts.values()) {
      for (const id of new Set([...c.precedents, ...(c.later ?? [])].map((l) => l.id))) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    linkCounts.set(corpus, counts);
  }
  return counts;
}

/** Papers by the concept ids they are tagged with, built once per corpus (questions only read it). */
const tagIndex = new WeakMap<Corpus, Map<string, Paper[]>>();
function papersTagged(corpus: Corpus): Map<string, Paper[]> {
  let index = tagIndex.get(corpus);
  if (!index) {
    index = new Map();
    for (const p of corpus.papers.values()) {
      for (const t of p.tags) {
        const tagged = index.get(t);
        if (tagged) tagged.push(p);
        else index.set(t, [p]);
      }
    }
    tagIndex.set(corpus, index);
  }
  return index;
}

/** Concepts the corpus files a paper under: those listing it as an MI example, then its tags. */
export function curatedConcepts(corpus: Corpus, paper: Paper): string[] {
  const ids = [...corpus.concepts.values()].filter((c) => c.miExamples.includes(paper.id)).map((c) => c.id);
  for (const t of paper.tags) if (corpus.concepts.has(t) && !ids.includes(t)) ids.push(t);
  return ids;
}

/** What an answer says when its precedents follow a guessed concept (a check leaves such a concept out). */
export function guessNotice(conceptName: string): string {
  return `No crosswalk concept was recognized with confidence; the earlier work below follows the closest one, "${conceptName}" (a guess from the corpus's abstracts): name the method or the finding for a sharper answer.`;
}

/**
 * Recognized concepts plus the concepts a resolved corpus paper is curated under: a curator's filing
 * is stronger evidence than any match on the text, so those concepts get `score` plus the rest of the
 * way to 1 in proportion to the text's own score for them.
 */
function withCuratedConcepts(recognized: readonly ScoredId[], curated: readonly string[], score: number): ScoredId[] {
  const out = new Map(recognized.map((s) => [s.id, s]));
  // The text's own evidence orders the curated concepts: a paper filed under many concepts keeps the ones its text is about first.
  for (const id of curated) {
    const own = out.get(id);
    out.set(id, { ...own, id, score: score + (1 - score) * (own?.score ?? 0) });
  }
  return [...out.values()].sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
}

/**
 * The main (best) concept and the secondary concepts close to it: a secondary concept stays when the
 * corpus files the paper in question under it, when its score is near the main one's
 * (secondaryCloseShare), or when the two are curated neighbours and its score is not far below
 * (secondaryRelatedShare). A faint second concept from a long abstract would otherwise bring its
 * own precedents into the answer.
 */
function closeToMain(corpus: Corpus, scored: readonly ScoredId[], curated: ReadonlySet<string>, o: RankingOptions): ScoredId[] {
  const main = scored[0];
  if (!main) return [];
  const mainConcept = corpus.concepts.get(main.id);
  const neighbours = (id: string) => mainConcept?.related.includes(id) || corpus.concepts.get(id)?.related.includes(main.id);
  return scored.filter(
    (s, i) => i === 0 || curated.has(s.id) || s.score >= o.secondaryCloseShare * main.score || (neighbours(s.id) && s.score >= o.secondaryRelatedShare * main.score),
  );
}

/** Words a question about a paper uses besides naming it ("is X mechanistic?", "what came before X?"). */
const ASKING_WORDS = new Set(['mechanistic', 'interpretability', 'earlier', 'work', 'works', 'precedent', 'precedents', 'came', 'come', 'before', 'prior', 'cite', 'cites', 'cited', 'missing', 'miss', 'misses', 'related', 'really', 'count', 'counts', 'paper', 'nlp', 'nlpi', 'rediscover', 'rediscovering', 'new', 'novel', 'think', 'tell']);

/**
 * A question is about the paper it cites when it says little else: at most two words of its own besides the citation,
 * the cited papers' title words and the words of asking about a paper.
 */
function citesOnly(query: string, citation: string, papers: readonly Paper[]): boolean {
  const titles = new Set(papers.flatMap((p) => contentWords(p.title)));
  return contentWords(query.replace(citation, ' ')).filter((w) => !ASKING_WORDS.has(w) && !titles.has(w)).length <= 2;
}

/**
 * The corpus paper a question's own text names: its title on lines of its own (byTitle), quoted in a question or opening
 * a paste that runs on in one line (byTitleWithin); or, with `citations`, a short question citing it as papers do ("is
 * Meng et al. 2022 mechanistic?"), when the question is about the cited paper itself (citesOnly: "we patch heads; is
 * this like Vig et al. 2020?" is about the method). A citation that matches no corpus paper or several comes back as
 * it is, for the answer to say so; in an abstract a citation names related work, and is not read.
 */
export function paperNamedIn(query: string, resolver: PaperResolver, citations: boolean): { paper: Paper } | { citation: string; papers: Paper[] } | undefined {
  const titled = resolver.byTitle(query) ?? resolver.byTitleWithin(query);
  if (titled) return { paper: titled };
  if (!citations || wordCount(query) >= PASTED_BODY_MIN_WORDS) return undefined;
  const cited = resolver.byCitation(query);
  if (!cited || !citesOnly(query, cited.citation, cited.papers)) return undefined;
  return cited.papers.length === 1 ? { paper: cited.papers[0]! } : cited;
}

/** The notice for a citation that matches no corpus paper or several: which, so the asker can say. */
export function citationNotice(citation: string, papers: readonly Paper[]): string {
  if (papers.length === 0) return `No corpus paper matches "${citation}": paste its title or link to be answered about it; this answer uses only the text you gave.`;
  const shown = papers.slice(0, CITATION_CHOICES).map((p) => `"${p.title}" (${p.year})`);
  const more = papers.length > CITATION_CHOICES ? ` and ${papers.length - CITATION_CHOICES} more` : '';
  return `"${citation}" matches ${papers.length} corpus papers: ${shown.join(', ')}${more}. Add a word of its title, or paste its title or link, to be answered about one of them.`;
}
/** How many of a citation's papers its notice names. */
const CITATION_CHOICES = 5;

export async function answer(question: Question, deps: AnswerDeps): Promise<Answer> {
  // Read as typed: chat quotes, markdown and a paper page's field labels around a paste change nothing (cleanPaste).
  const query = cleanPaste(validateQuestionText(question.text));
  const { limit, offset } = pageBounds(question.limit ?? DEFAULT_LIMIT, question.offset ?? 0);
  const { corpus, retriever, resolver } = deps;
  const o = rankingOptions(deps.ranking);
  const notices: string[] = [];

  // 1. Which paper, if any, is the question about? The corpus first, then what the app fetched.
  const parsed = parseInput(query);
  const resolution = question.resolution;
  let paper: Paper | null = null;
  for (const id of parsed.identifiers) {
    const hit = resolver.resolve(id);
    if (hit) {
      paper ??= hit;
    } else if (!resolution && (id.kind !== 'url' || parsed.channels.some((c) => c.url === id.raw))) {
      notices.push(
        `${describeIdentifier(id)} is not in the corpus. Paste its title and abstract for a sharper answer; this answer uses only the text you gave.`,
      );
    }
  }
  if (!paper && resolution?.corpusPaperId) paper = corpus.papers.get(resolution.corpusPaperId) ?? null;
  // A fetched paper the corpus has under another id is the corpus paper.
  if (!paper && resolution?.fetched) paper = resolver.byTitle(resolution.fetched.title) ?? null;
  let unpinned: string | undefined;
  if (!paper) {
    // A fetched paper is the paper in question already: a citation in its text is not.
    const named = paperNamedIn(query, resolver, !resolution?.fetched);
    if (named && 'paper' in named) paper = named.paper;
    else if (named) notices.push(citationNotice((unpinned = named.citation), named.papers));
  }
  const fetched = paper ? null : (resolution?.fetched ?? null);
  // Who wrote a fetched paper and where it appeared, judged from its facts only (never its wording).
  // A pasted text that is not a known paper may still say who wrote it and where (an author line, "EMNLP 2023").
  const header = paper ? null : pastedFacts(query);
  const pasted = fetched ? null : header;
  const culture = fetched ? fetchedCulture(fetched, corpus, header ?? undefined) : pasted ? pastedCulture(pasted, corpus) : null;
  if (paper) notices.unshift(`Answering about "${paper.title}" (${paper.year}), found in the corpus.`);
  else if (fetched) {
    const who = culture
      ? `its community is judged from ${culture.evidence[0]!.split(':')[0]} (see narrow cultural)`
      : 'its authors and venue match no community rule, so who wrote it and where is not labelled';
    notices.unshift(`Answering about "${fetched.title}" (${fetched.year}), read from ${fetched.source}; it is not in the corpus, so ${who}.`);
  }
  if (!paper && resolution) notices.push(...resolution.notices);

  // The paper in question: its date bounds "earlier work", its text joins the question's.
  const subject = paper ?? fetched;
  // Its first appearance (or a pasted venue's year) bounds "earlier work"; without one, each concept's earliest MI work
  // does, or the latest model or benchmark the text names when that is later (the text cannot be older than it).
  const subjectWhen = subjectDate(corpus.papers, { corpusId: paper?.id, fetched: fetched ?? undefined, pastedVenue: pasted?.venue });
  const writtenAfter = subjectWhen || !corpus.releases ? undefined : writtenNoEarlierThan(query, corpus.releases.values());
  const chrono = chronology(corpus, subjectWhen, writtenAfter);
  const subjectText = paper ? paperText(paper) : fetched ? fetchedText(fetched, query) : '';
  const analysisText = subject ? `${query}\n${subjectText}` : query;
  const unknownPaper = !subject && parsed.onlyIdentifiers;
  if (unknownPaper) {
    notices.push('There was no text besides the link, so concepts and precedents could not be found: paste the title and abstract.');
  }

  // 2. Concepts, definitions. The text's own cues first: they need no concept, so they are found while the question is embedded.
  const cues = textCues(analysisText);
  const curated = paper ? curatedConcepts(corpus, paper) : [];
  const [recognition, reading] = await Promise.all([retriever.recognizeConcepts(analysisText), retriever.readInterpretability?.(analysisText)]);
  const found = recognition.filter((s) => corpus.concepts.has(s.id));
  // A guess stands in only for a text with no concept at all: a curator's filing of the paper in question is a concept.
  const guess = curated.length === 0 ? found.find((s) => s.guess) : undefined;
  const conceptScores = closeToMain(
    corpus,
    withCuratedConcepts(found.filter((s) => !s.guess), curated, o.curatedConceptScore),
    new Set(curated),
    o,
  ).slice(0, o.maxConcepts);
  const curatedSet = new Set(curated);
  const evidenced: { concept: Concept; score: number; byAlias?: boolean }[] = conceptScores.map((s) => ({
    concept: corpus.concepts.get(s.id)!,
    score: s.score,
    // A curator's filing of the paper in question is as strong as a specific alias.
    ...(s.byAlias === undefined ? {} : { byAlias: s.byAlias || curatedSet.has(s.id) }),
  }));
  const classified = classifyDefinitions({
    text: analysisText,
    concepts: evidenced,
    channels: parsed.channels,
    paper: paper && { title: paper.title, community: paper.community, communityEvidence: paper.communityEvidence, venue: paper.venue },
    fetchedCulture: culture,
    ...(pasted && !culture && pasted.authors.length > 0 ? { pastedAuthors: unplacedAuthors(pasted.authors, corpus) } : {}),
    ...(reading ? { reading } : {}),
    cues,
  });
  // A link that could not be read is "can't tell", never "no": only where it was posted can speak. So is a paper cited
  // but not pinned down, wherever the question's own words say nothing.
  const definitions = unknownPaper ? cannotTellFromLink(classified) : unpinned ? cannotTellForCitation(classified, unpinned) : classified;

  const paperInQuestion = paper ? paperRef(paper, 'the paper your question is about', 1) : fetched && fetchedRef(fetched);
  const empty: Answer = { query, paper: paperInQuestion, notices, definitions, concepts: [], precedents: [], related: [] };
  if (unknownPaper || definitions.broadCultural.applies === false) return empty;
  // The verdict says interpretability but no concept reached the bar: the recognizer's closest guess ranks the precedents.
  const guessed =
    evidenced.length === 0 && guess && definitions.broadCultural.applies === true
      ? { concept: corpus.concepts.get(guess.id)!, score: guess.score, byAlias: false }
      : undefined;
  const recognized = guessed ? [guessed] : evidenced;

  // 3. Precedents and related work.
  const hits = (await retriever.searchPapers(analysisText, o.searchHits)).filter((h) => corpus.papers.has(h.id) && h.id !== subject?.id);
  const relevance = new Map(hits.map((h, rank) => [h.id, 1 / (1 + rank / o.searchRelevanceHalfRank)]));
  const rel = (id: string) => relevance.get(id) ?? 0;
  const gap = deps.citationGap ?? (() => 0);

  const precedents = new Map<string, Candidate>();
  const related = new Map<string, Candidate>();
  const heldByConcept = new Map<string, Set<string>>();
  const placeNlpi = nlpiPlacer(chrono, corpus, precedents, related, o.laterWorkFactor, heldByConcept);

  // Every candidate precedent is described the same way and scored by one function (src/core/precedent-ranking.ts).
  const scorer = deps.precedentScorer ?? priorPrecedentScorer;
  const questionWords = new Set(contentWords(analysisText));
  const linksPerPaper = conceptLinks(corpus);
  const mainId = recognized[0]?.concept.id;
  if (writtenAfter && chrono.bound(mainId) === writtenAfter.date) {
    const when = formatDate(writtenAfter.date);
    notices.push(`The text names ${writtenAfter.release} (released ${when}), so it is no older than that: NLP-interpretability work from before ${when} counts as earlier work.`);
  }
  const scored = (
    p: Paper,
    prior: number,
    conceptId: string | undefined,
    f: Omit<PrecedentFeatures, 'prior' | 'relevance' | 'linkedConcepts' | 'titleOverlap' | 'textOverlap' | 'yearsBefore' | 'linkGrade'>,
  ) => {
    const bound = chrono.bound(conceptId);
    const features: PrecedentFeatures = {
      ...f,
      linkGrade: f.linkConcept === undefined ? undefined : deps.linkGrade?.(p.id, f.linkConcept),
      prior,
      relevance: rel(p.id),
      linkedConcepts: linksPerPaper.get(p.id) ?? 0,
      ...overlapWith(questionWords, p),
      yearsBefore: bound ? bound.year - p.year : undefined,
    };
    return { score: scorer(features, p.id), prior };
  };

  const topScore = recognized[0]?.score ?? 1;
  const addPrecedents = (concept: Concept, weight: number, from: { share: number; byAlias: boolean; via?: Concept }) => {
    const { via } = from;
    // Later NLPI work on the concept is earlier work only for a paper dated after it; each list is ranked in its curated order.
    const links = [...concept.precedents.map((l, rank) => ({ ...l, rank, later: false })), ...(concept.later ?? []).map((l, rank) => ({ ...l, rank, later: true }))];
    links.forEach(({ rank, later, ...link }) => {
      const p = corpus.papers.get(link.id);
      if (!p || p.id === subject?.id || p.community !== 'NLPI') return;
      const citationGap = gap(p.id, concept.id);
      const prior = weight * (1 / (1 + o.curatedRankDecay * rank)) + o.curatedRelevanceWeight * rel(p.id) + o.citationGapWeight * citationGap;
      const label = via ? `${concept.name}, related to ${via.name}` : concept.name;
      const cell = deps.missRates?.get(concept.id, p.id);
      const measured = cell ? `; cited by ${cell.citing} of ${cell.papers} measured MI paper${cell.papers === 1 ? '' : 's'} on it` : '';
      const score = scored(p, prior, via?.id ?? concept.id, {
        source: via ? 'neighbour' : 'concept',
        mainConcept: (via ?? concept).id === mainId,
        conceptShare: from.share,
        conceptByAlias: from.byAlias,
        curatedRank: rank,
        laterList: later,
        seedPaired: link.seedPaired === true,
        citationGap,
        linkConcept: concept.id,
      });
      // A neighbour's precedents fill in for the recognized concept, so they are held to its first MI work.
      const seed = link.seedPaired ? '; paired with it in Saphra & Wiegreffe 2024' : '';
      placeNlpi({ paper: p, ...score, why: `${link.why} (${label}${seed}${measured})` }, via?.id ?? concept.id, later);
    });
  };
  for (const { concept, score, byAlias } of recognized) {
    // Relative to the best concept, so a second concept's first precedents interleave with the first's.
    addPrecedents(concept, o.conceptWeightBase + o.conceptWeightSpan * (score / topScore), { share: score / topScore, byAlias: byAlias ?? true });
    for (const id of concept.miExamples) {
      const p = corpus.papers.get(id);
      if (!p || p.id === subject?.id) continue;
      keepBest(related, { paper: p, score: o.miExampleConceptWeight * score + o.miExampleRelevanceWeight * rel(p.id), why: `${p.community === 'MI' ? 'MI' : 'Later'} work on ${concept.name}` });
    }
  }
  const recognizedIds = new Set(recognized.map((r) => r.concept.id));
  // Curated neighbours of the best concept fill in behind the recognized concepts' own precedents.
  const best = recognized[0];
  for (const id of best?.concept.related ?? []) {
    const neighbour = corpus.concepts.get(id);
    if (best && neighbour && !recognizedIds.has(id)) addPrecedents(neighbour, o.neighbourWeight, { share: 0, byAlias: best.byAlias ?? true, via: best.concept });
  }
  const taggedPapers = new Set(recognized.flatMap((r) => papersTagged(corpus).get(r.concept.id) ?? []));
  for (const p of taggedPapers) {
    if (p.id === subject?.id) continue;
    const tagged = p.tags.filter((t) => recognizedIds.has(t));
    if (tagged.length === 0) continue;
    const bestTag = tagged.map((t) => recognized.find((r) => r.concept.id === t)!).reduce((a, b) => (b.score > a.score ? b : a));
    const name = corpus.concepts.get(tagged[0]!)!.name;
    const prior = o.taggedConceptWeight * bestTag.score + o.taggedRelevanceWeight * rel(p.id);
    const why = `${p.community === 'NLPI' ? 'NLP-interpretability' : p.community} work on ${name}`;
    if (p.community !== 'NLPI') {
      keepBest(related, { paper: p, score: prior, why });
      continue;
    }
    const score = scored(p, prior, bestTag.concept.id, {
      source: 'tagged',
      mainConcept: bestTag.concept.id === mainId,
      conceptShare: bestTag.score / topScore,
      conceptByAlias: bestTag.byAlias ?? true,
      curatedRank: undefined,
      laterList: false,
      seedPaired: false,
      citationGap: 0,
      linkConcept: bestTag.concept.id,
    });
    placeNlpi({ paper: p, ...score, why }, bestTag.concept.id);
  }
  // The why-lines of search hits name words of the question itself: without a paper in question, the same words.
  const queryWords = analysisText === query ? questionWords : new Set(contentWords(query));
  for (const h of hits) {
    const p = corpus.papers.get(h.id)!;
    const terms = sharedTerms(queryWords, p);
    const why = terms.length > 0 ? `Close to your question (shares: ${terms.join(', ')})` : 'Close to your question in content';
    const c = { paper: p, score: o.searchRelatedWeight * rel(p.id), why };
    if (recognized.length > 0 && p.community === 'NLPI' && precedents.size < o.minPrecedents && chrono.place(p.id, best?.concept.id) === 'earlier' && !precedents.has(p.id)) {
      const score = scored(p, o.searchPrecedentWeight * rel(p.id), best?.concept.id, {
        source: 'search',
        mainConcept: false,
        conceptShare: 0,
        conceptByAlias: false,
        curatedRank: undefined,
        laterList: false,
        seedPaired: false,
        citationGap: 0,
        linkConcept: undefined,
      });
      keepBest(precedents, { ...c, ...score });
    } else if (!precedents.has(p.id)) {
      keepBest(related, c);
    }
  }
  for (const id of precedents.keys()) related.delete(id);
  // An undated pasted paper: say which NLP-interpretability work its date could have counted, and how to give one.
  // A question about a method is no paper, and has no date to give.
  const undated = wordCount(query) >= PASTED_BODY_MIN_WORDS ? undatedNotice(corpus, chrono, heldByConcept, mainId, related) : undefined;
  if (undated) notices.push(undated);

  const page = (m: Map<string, Candidate>) =>
    [...m.values()]
      .sort(byScoreThenYear)
      .slice(offset, offset + limit)
      .map((c) => paperRef(c.paper, c.why, c.score));

  const concepts: RecognizedConcept[] = recognized.map(({ concept, score }) => ({
    id: concept.id,
    name: concept.name,
    aliases: [...new Set([...concept.aliases.mi, ...concept.aliases.nlpi])].filter((a) => a.toLowerCase() !== concept.name.toLowerCase()),
    score,
    ...(guessed ? { guess: true as const } : {}),
  }));
  if (guessed) {
    notices.push(guessNotice(guessed.concept.name));
  } else if (concepts.length === 0) {
    notices.push('No crosswalk concept was recognized, so no earlier work is named as a precedent; the related works below come from text search alone.');
    // The method the text describes may still name a concept: a hint to look it up, never a source of precedents.
    const hinted = cueConcepts(cues).flatMap((id) => corpus.concepts.get(id) ?? []).slice(0, 2);
    if (hinted.length > 0) {
      notices.push(`The method the text describes points to ${hinted.map((c) => `"${c.name}" (\`concept ${c.id}\`)`).join(' or ')}: look it up for its earlier work, or name it in the question.`);
    }
  }
  return { ...empty, concepts, precedents: page(precedents), related: page(related) };
}
