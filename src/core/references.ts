/**
 * Reference matching and precedent coverage, for `check` and the measured miss rates.
 *
 * matchReferences: the entries of a reference list (BibTeX entries, reference lines, Semantic Scholar
 * references, already parsed by the caller) → corpus papers, by DOI, arXiv id, ACL Anthology id, then
 * title. A title match needs the normalized titles to agree (exactly, or nearly with the same words),
 * the years to be within ±1 when both are known (versions drift: a 2016 arXiv paper cited as 2018 is
 * matched by the exact title, which then allows ±2), and the first authors' surnames to agree when both
 * lists are given (multi-word surnames under any of their printed forms). A draft title (cited before the
 * paper was posted) matches only with the same author list, a year within ±1 and most title words shared;
 * a title that is a corpus title's name before its colon ("TransformerLens") needs the year within ±1 and the
 * first authors agreeing.
 * Anything less stays unmatched: a reference is never matched to a different paper.
 *
 * coverage: per recognized concept, the concept's NLPI precedents (curated precedents and NLPI papers
 * tagged with it) that appeared before the paper, split into cited (✓) and missing (✗).
 *
 * Pure: no I/O, no clock.
 */
import type { Concept, Corpus, Paper } from './corpus-schema.ts';
import { compareDates, firstAppearances, type PaperDate } from './dates.ts';
import { normalizeAclId } from './input.ts';
import type { Definitions, PaperRef } from './types.ts';

/** One entry of a reference list, as the caller read it. */
export interface CitedReference {
  /** The BibTeX key, or the reference line as given. */
  entry: string;
  title: string;
  year: number | null;
  /** Authors as printed ("Vig, J." or "Jesse Vig"); may be truncated. */
  authors: string[];
  ids: { doi?: string; arxiv?: string; acl?: string };
}

export type MatchHow = 'doi' | 'arxiv' | 'anthology' | 'title';

/** Where a reference list came from: `--bib`, a references section in the text, or Semantic Scholar. */
export type ReferenceSource = 'bibtex' | 'text' | 'semantic-scholar';

/** The check contract (`check --json`, `/api/check`, what the store keeps of a check). */
export interface CheckResult {
  paper: PaperRef | null;
  notices: string[];
  definitions: Definitions;
  concepts: { id: string; name: string; score: number }[];
  coverage: { concept: string; name: string; cited: PaperRef[]; missing: (PaperRef & { missRate: number | null })[]; score: number }[];
  references: {
    total: number;
    source: ReferenceSource;
    matched: { entry: string; id: string; how: MatchHow }[];
    unmatched: string[];
  };
}

export interface ReferenceMatch {
  entry: string;
  id: string;
  how: MatchHow;
}

export interface ReferenceMatching {
  matched: ReferenceMatch[];
  /** Entries (key or line) that match no corpus paper. */
  unmatched: string[];
}

/** Title compared loosely: accents folded, lowercase letters and digits only. */
export function titleKey(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

function titleWords(title: string): string[] {
  return titleKey(title).split(' ').filter(Boolean);
}

/** Dice agreement of the distinct words of two titles, 0..1. */
export function titleAgreement(a: string, b: string): number {
  const A = new Set(titleWords(a));
  const B = new Set(titleWords(b));
  if (A.size === 0 || B.size === 0) return 0;
  let shared = 0;
  for (const w of A) if (B.has(w)) shared++;
  return (2 * shared) / (A.size + B.size);
}

/**
 * Near-identical titles (the same words but for one or two: "a"/"the", a dropped subtitle word,
 * a conversion artifact) count as the same title when the years and first authors agree.
 */
export const TITLE_AGREEMENT_THRESHOLD = 0.88;
/** Titles shorter than this many words match only exactly (short titles collide). */
const MIN_FUZZY_WORDS = 4;
/** A draft title (ReferenceMatcher.byDraftTitle): authors cited and shared, their share, and how close the titles stay. */
const DRAFT_MIN_AUTHORS = 3;
const DRAFT_AUTHOR_SHARE = 0.75;
const DRAFT_TITLE_AGREEMENT = 0.6;
const DRAFT_MIN_SHARED_WORDS = 4;

function foldName(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}

/** Surname of an author as printed: "Vig, J." → vig; "Jesse Vig" → vig; "J. Vig" → vig. */
export function surnameKey(author: string): string {
  const a = author.trim();
  return foldName(a.includes(',') ? a.split(',')[0]! : (a.split(/\s+/).pop() ?? ''));
}

/** A name word that can be part of a surname: capitalized, three letters or more, not an initial. */
const SURNAME_WORD = /^\p{Lu}[\p{L}'’-]{2,}$/u;

/**
 * Every key a multi-word surname may be cited under. Spanish and Portuguese double surnames are printed whole
 * ("Xavier Suau Cuadros", "{Suau Cuadros}, Xavier"), split wrongly by BibTeX ("Cuadros, Xavier Suau": the first
 * surname taken for a given name) or cut to the first ("Xavier Suau"). Besides surnameKey: the word before the last
 * surname word and the two together ("Xavier Suau Cuadros" → cuadros, suau, suaucuadros), and each word of a
 * multi-word surname ("Suau Cuadros, Xavier" → suaucuadros, suau, cuadros). Initials and lowercase particles
 * ("van", "la") are never keys of their own.
 */
export function surnameKeys(author: string): string[] {
  const a = author.trim().replace(/[{}]/g, '');
  const keys = [surnameKey(a)];
  const comma = a.indexOf(',');
  const last = (comma >= 0 ? a.slice(0, comma) : '').split(/\s+/).filter(Boolean);
  const given = (comma >= 0 ? a.slice(comma + 1) : a).split(/\s+/).filter(Boolean);
  if (comma < 0) last.unshift(given.pop() ?? '');
  // The surname's own words, when it has several.
  if (last.length > 1) for (const w of last) if (SURNAME_WORD.test(w)) keys.push(foldName(w));
  // The given name's last word, when there is another given name before it: possibly a first surname.
  const before = given.at(-1);
  if (given.length >= 2 && before && SURNAME_WORD.test(before)) keys.push(foldName(before), foldName(before) + foldName(last.join('')));
  return [...new Set(keys.filter(Boolean))];
}

/**
 * Whether two printed names have the same surname. Loose (first authors): surnameKey equal or one containing
 * the other ("Sen Sharma" / "Sharma"); strict: surnameKey equal. Either way, a multi-word surname agrees when
 * one of its keys (surnameKeys) equals one of the other's.
 */
function sameSurname(a: string, b: string, loose: boolean): boolean {
  const x = surnameKey(a);
  const y = surnameKey(b);
  if (!x || !y) return false;
  if (x === y || (loose && (x.includes(y) || y.includes(x)))) return true;
  const ys = new Set(surnameKeys(b));
  return surnameKeys(a).some((k) => ys.has(k));
}

/** Whether the first authors agree; true when either list is missing (it cannot disagree). */
function firstAuthorAgrees(ref: CitedReference, p: Paper): boolean {
  const r = ref.authors[0];
  const c = p.authors[0];
  if (!r || !c || !surnameKey(r) || !surnameKey(c)) return true;
  // Multi-word surnames are printed differently ("Sen Sharma", "Dupré la Tour"): one containing the other agrees.
  if (sameSurname(r, c, true)) return true;
  // Author order differs between versions (arXiv vs proceedings): the cited first author among the first two.
  return p.authors.slice(0, 2).some((x) => sameSurname(r, x, false));
}

/** For an exact title: the cited first author anywhere in the corpus paper's author list will do. */
function citedAuthorListed(ref: CitedReference, p: Paper): boolean {
  if (firstAuthorAgrees(ref, p)) return true;
  return p.authors.some((x) => sameSurname(ref.authors[0]!, x, false));
}

/** How many of the cited authors are in the corpus paper's author list (by surname). */
function sharedAuthors(ref: CitedReference, p: Paper): number {
  return ref.authors.filter((r) => p.authors.some((c) => sameSurname(r, c, false))).length;
}

function yearGap(ref: CitedReference, p: Paper): number {
  return ref.year === null ? 0 : Math.abs(ref.year - p.year);
}

/** arXiv ids from a DOI (10.48550/arXiv.2202.05262) and Anthology ids from ACL DOIs (10.18653/v1/P19-1452). */
function idsFromDoi(doi: string): { arxiv?: string; acl?: string } {
  const arxiv = /^10\.48550\/arxiv\.(\d{4}\.\d{4,5})/i.exec(doi)?.[1];
  const acl = /^10\.18653\/v1\/([^\s/]+)$/i.exec(doi)?.[1];
  return { ...(arxiv ? { arxiv } : {}), ...(acl ? { acl } : {}) };
}

/** Finds corpus papers for references. Build once per corpus, match many lists. */
export class ReferenceMatcher {
  private readonly byDoi = new Map<string, Paper>();
  private readonly byArxiv = new Map<string, Paper>();
  private readonly byAcl = new Map<string, Paper>();
  private readonly byTitle = new Map<string, Paper[]>();
  /** Papers by the part of their title before the first colon (a named tool or method: "TransformerLens: A Library …"). */
  private readonly byTitleHead = new Map<string, Paper[]>();
  private readonly papers: Paper[];

  constructor(corpus: Corpus) {
    this.papers = [...corpus.papers.values()];
    for (const p of this.papers) {
      if (p.ids.doi) this.byDoi.set(p.ids.doi.toLowerCase(), p);
      if (p.ids.arxiv) this.byArxiv.set(p.ids.arxiv, p);
      if (p.ids.acl) this.byAcl.set(normalizeAclId(p.ids.acl), p);
      const k = titleKey(p.title);
      this.byTitle.set(k, [...(this.byTitle.get(k) ?? []), p]);
      const colon = p.title.indexOf(':');
      if (colon > 0) {
        const head = titleKey(p.title.slice(0, colon));
        this.byTitleHead.set(head, [...(this.byTitleHead.get(head) ?? []), p]);
      }
    }
  }

  /** The corpus paper a reference names, and how it was found; undefined when none does for sure. */
  matchOne(ref: CitedReference): { paper: Paper; how: MatchHow } | undefined {
    const doi = ref.ids.doi?.trim().toLowerCase().replace(/^https?:\/\/(dx\.)?doi\.org\//, '');
    const fromDoi = doi ? idsFromDoi(doi) : {};
    // An id match is trusted only when the title (if given) does not contradict it: transcribed ids can be garbled.
    const plausible = (p: Paper) => !ref.title || titleAgreement(ref.title, p.title) >= 0.5 || yearGap(ref, p) <= 1;
    if (doi) {
      const p = this.byDoi.get(doi);
      if (p && plausible(p)) return { paper: p, how: 'doi' };
    }
    const arxiv = (ref.ids.arxiv ?? fromDoi.arxiv)?.replace(/v\d+$/, '');
    if (arxiv) {
      const p = this.byArxiv.get(arxiv);
      if (p && plausible(p)) return { paper: p, how: 'arxiv' };
    }
    const acl = ref.ids.acl ?? fromDoi.acl;
    if (acl) {
      const p = this.byAcl.get(normalizeAclId(acl));
      if (p && plausible(p)) return { paper: p, how: 'anthology' };
    }
    return this.byTitleMatch(ref);
  }

  private byTitleMatch(ref: CitedReference): { paper: Paper; how: MatchHow } | undefined {
    const key = titleKey(ref.title);
    if (key.length < 8) return undefined;
    // Exact title: years may drift further between a preprint and its venue (±2), the first author must agree.
    const exact = (this.byTitle.get(key) ?? []).filter((p) => yearGap(ref, p) <= 2 && citedAuthorListed(ref, p));
    if (exact.length === 1) return { paper: exact[0]!, how: 'title' };
    if (exact.length > 1) {
      const closest = exact.sort((a, b) => yearGap(ref, a) - yearGap(ref, b));
      if (yearGap(ref, closest[0]!) < yearGap(ref, closest[1]!)) return { paper: closest[0]!, how: 'title' };
      return undefined; // Two corpus papers fit equally: do not guess.
    }
    // The name alone ("TransformerLens" for "TransformerLens: A Library for …"): year within ±1, first author agreeing, one paper.
    const named = (this.byTitleHead.get(key) ?? []).filter((p) => yearGap(ref, p) <= 1 && firstAuthorAgrees(ref, p));
    if (named.length === 1) return { paper: named[0]!, how: 'title' };
    // Near-identical title: year known and within ±1, first author agreeing, one clear best.
    if (ref.year === null || titleWords(ref.title).length < MIN_FUZZY_WORDS) return undefined;
    const near = this.papers.filter((p) => yearGap(ref, p) <= 1 && titleWords(p.title).length >= MIN_FUZZY_WORDS);
    const scored = near
      .map((p) => ({ p, s: titleAgreement(ref.title, p.title) }))
      .filter((x) => x.s >= TITLE_AGREEMENT_THRESHOLD && firstAuthorAgrees(ref, x.p))
      .sort((a, b) => b.s - a.s);
    if (scored.length > 0) {
      if (scored.length > 1 && scored[1]!.s === scored[0]!.s) return undefined;
      return { paper: scored[0]!.p, how: 'title' };
    }
    return this.byDraftTitle(ref, near);
  }

  /**
   * A draft or working title (a paper cited before it was posted, under the title it then had): the same author
   * list, not a similar one — at least DRAFT_MIN_AUTHORS cited authors, nearly all of them (DRAFT_AUTHOR_SHARE of
   * the shorter list) in the corpus paper's list, the first authors agreeing — with the year within ±1 and the
   * titles still sharing most words (DRAFT_TITLE_AGREEMENT, DRAFT_MIN_SHARED_WORDS). One candidate only.
   */
  private byDraftTitle(ref: CitedReference, near: readonly Paper[]): { paper: Paper; how: MatchHow } | undefined {
    if (ref.authors.length < DRAFT_MIN_AUTHORS) return undefined;
    const words = new Set(titleWords(ref.title));
    const fits = near.filter((p) => {
      if (p.authors.length < DRAFT_MIN_AUTHORS || !firstAuthorAgrees(ref, p)) return false;
      const shared = sharedAuthors(ref, p);
      if (shared < DRAFT_MIN_AUTHORS || shared < DRAFT_AUTHOR_SHARE * Math.min(ref.authors.length, p.authors.length)) return false;
      const sharedWords = new Set(titleWords(p.title).filter((w) => words.has(w))).size;
      return sharedWords >= DRAFT_MIN_SHARED_WORDS && titleAgreement(ref.title, p.title) >= DRAFT_TITLE_AGREEMENT;
    });
    return fits.length === 1 ? { paper: fits[0]!, how: 'title' } : undefined;
  }

  match(refs: readonly CitedReference[]): ReferenceMatching {
    const matched: ReferenceMatch[] = [];
    const unmatched: string[] = [];
    for (const ref of refs) {
      const m = this.matchOne(ref);
      if (m) matched.push({ entry: ref.entry, id: m.paper.id, how: m.how });
      else unmatched.push(ref.entry);
    }
    return { matched, unmatched };
  }
}

export function matchReferences(refs: readonly CitedReference[], corpus: Corpus): ReferenceMatching {
  return new ReferenceMatcher(corpus).match(refs);
}

// ---------------------------------------------------------------------------------------------
// Coverage

/** One cell of the measured miss-rate table: of `papers` MI papers on the concept, `citing` cite the precedent. */
export interface MissRateCell {
  concept: string;
  precedent: string;
  /** MI papers on the concept that appeared after the precedent (and so could have cited it). */
  papers: number;
  /** How many of them cite it. */
  citing: number;
  /** 1 - citing / papers. */
  missRate: number;
  /** The MI papers counted in `papers` that cite it, and those that do not (when the table says). */
  citedBy?: readonly string[];
  missedBy?: readonly string[];
}

export interface MissRates {
  get(conceptId: string, precedentId: string): MissRateCell | undefined;
  /** The rates with one measured MI paper left out (its own references must not count when it is checked). */
  without?(paperId: string): MissRates;
}

export const NO_MISS_RATES: MissRates = { get: () => undefined };

/** A cell with one MI paper taken out of its counts; null when no paper is left. Unchanged when it was not counted. */
export function cellWithout<C extends MissRateCell>(cell: C, paperId: string): C | null {
  const cited = cell.citedBy?.includes(paperId) ?? false;
  const missed = cell.missedBy?.includes(paperId) ?? false;
  if (!cited && !missed) return cell;
  const papers = cell.papers - 1;
  if (papers <= 0) return null;
  const citing = cell.citing - (cited ? 1 : 0);
  return {
    ...cell,
    papers,
    citing,
    missRate: Math.round((1 - citing / papers) * 1000) / 1000,
    ...(cell.citedBy ? { citedBy: cell.citedBy.filter((x) => x !== paperId) } : {}),
    ...(cell.missedBy ? { missedBy: cell.missedBy.filter((x) => x !== paperId) } : {}),
  };
}

/** The miss-rate table as a lookup. */
export function missRatesOf<C extends MissRateCell>(cells: readonly C[]): MissRates & { cells: readonly C[]; without(paperId: string): MissRates & { cells: readonly C[] } } {
  const map = new Map(cells.map((c) => [`${c.concept}\0${c.precedent}`, c]));
  const self = {
    cells,
    get: (concept: string, precedent: string) => map.get(`${concept}\0${precedent}`),
    without(paperId: string) {
      if (!cells.some((c) => c.citedBy?.includes(paperId) || c.missedBy?.includes(paperId))) return self;
      return missRatesOf(cells.flatMap((c) => cellWithout(c, paperId) ?? []));
    },
  };
  return self;
}

/** The rates a check of `paperId` uses: the measured table without that paper's own reference list. */
export function missRatesExcept<R extends MissRates | undefined>(rates: R, paperId: string | undefined): R | MissRates {
  return rates && paperId && rates.without ? rates.without(paperId) : rates;
}

/** Cells measured on fewer MI papers than this are shown as small samples and count for less in ranking. */
export const SMALL_SAMPLE = 3;

/**
 * The citation gap the answer ranking uses (AnswerDeps.citationGap): the measured miss rate, shrunk
 * toward 0 for small samples (× min(1, n / SMALL_SAMPLE)); 0 when not measured.
 */
export function citationGapOf(rates: MissRates): (paperId: string, conceptId: string) => number {
  return (paperId, conceptId) => {
    const cell = rates.get(conceptId, paperId);
    return cell ? cell.missRate * Math.min(1, cell.papers / SMALL_SAMPLE) : 0;
  };
}

/** When the paper in question first appeared (src/core/dates.ts); null: unknown, every precedent counts as earlier. */
export type { PaperDate };

/** Strictly earlier (by first appearance when `p` is dated by firstAppearances): the same year counts only when both months say so. */
export function appearedBefore(p: PaperDate, cutoff: PaperDate | null): boolean {
  return !cutoff || compareDates(p, cutoff) === 'earlier';
}

/** Not later: what a paper could have cited (a same-year work without months may be cited). */
function notAfter(p: PaperDate, cutoff: PaperDate | null): boolean {
  return !cutoff || compareDates(p, cutoff) !== 'later';
}

/**
 * The proceedings volume of an ACL Anthology id: `2024.acl-long` for 2024.acl-long.123, `W19-48` for the workshop paper
 * W19-4808, `P19-1` for the main-conference paper P19-1452. Papers of one volume appeared together, so neither is
 * earlier work for the other, whatever their preprints' dates. Journals (TACL, Computational Linguistics) publish a
 * volume over a year, so they have none here.
 */
export function anthologyVolume(aclId: string): string | undefined {
  const id = normalizeAclId(aclId.trim());
  const modern = /^(\d{4}\.([a-z0-9]+)(-[a-z0-9]+)?)\.\d+$/.exec(id);
  if (modern) return modern[2] === 'tacl' || modern[2] === 'cl' ? undefined : modern[1];
  const old = /^([A-Z])(\d{2})-(\d)(\d)\d{2}$/.exec(id);
  if (!old || old[1] === 'Q' || old[1] === 'J') return undefined;
  return old[1] === 'W' ? `W${old[2]}-${old[3]}${old[4]}` : `${old[1]}${old[2]}-${old[3]}`;
}

/**
 * Earlier work for the paper in question (`bound`: when it first appeared, and its Anthology volume): `p` (first
 * appeared `date`) appeared strictly before it, and not in the same proceedings volume.
 */
function earlierWork(p: Paper, date: PaperDate, bound: { date: PaperDate | null; volume: string | undefined }): boolean {
  if (!appearedBefore(date, bound.date)) return false;
  return bound.volume === undefined || p.ids.acl === undefined || anthologyVolume(p.ids.acl) !== bound.volume;
}

/** The Anthology volume of the paper in question: from the id given, else from its corpus record. */
function volumeOf(corpus: Corpus, subject: { id?: string; aclId?: string }): string | undefined {
  const aclId = subject.aclId ?? (subject.id !== undefined ? corpus.papers.get(subject.id)?.ids.acl : undefined);
  return aclId !== undefined ? anthologyVolume(aclId) : undefined;
}

/** NLPI papers tagged with each concept, built once per corpus. */
const taggedIndex = new WeakMap<Corpus, Map<string, Paper[]>>();
function nlpiTagged(corpus: Corpus, conceptId: string): Paper[] {
  let index = taggedIndex.get(corpus);
  if (!index) {
    index = new Map();
    for (const p of corpus.papers.values()) {
      if (p.community !== 'NLPI') continue;
      for (const t of p.tags) index.set(t, [...(index.get(t) ?? []), p]);
    }
    taggedIndex.set(corpus, index);
  }
  return index.get(conceptId) ?? [];
}

/**
 * A concept's NLPI precedents: its curated precedents and later NLPI work in their order, then NLPI papers tagged with it
 * (oldest first). Each paper once; the paper in question (`exceptId`) never.
 */
export function conceptPrecedents(corpus: Corpus, concept: Concept, exceptId?: string): Paper[] {
  const out = new Map<string, Paper>();
  for (const link of [...concept.precedents, ...(concept.later ?? [])]) {
    const p = corpus.papers.get(link.id);
    if (p && p.community === 'NLPI' && p.id !== exceptId) out.set(p.id, p);
  }
  const tagged = [...nlpiTagged(corpus, concept.id)].sort((a, b) => a.year - b.year || (a.month ?? 13) - (b.month ?? 13) || a.id.localeCompare(b.id));
  for (const p of tagged) if (p.id !== exceptId && !out.has(p.id)) out.set(p.id, p);
  return [...out.values()];
}

export interface MissingPrecedent {
  paper: Paper;
  /** Measured share of MI papers on the concept that do not cite it; null when not measured. */
  missRate: number | null;
  cell?: MissRateCell;
}

export interface ConceptCoverage {
  concept: Concept;
  cited: Paper[];
  missing: MissingPrecedent[];
  /** cited / (cited + missing); 1 when the concept has no earlier precedent in the corpus. */
  score: number;
}

export interface CoverageInput {
  corpus: Corpus;
  /** Recognized concept ids, best first. */
  concepts: readonly string[];
  /** Corpus ids of the matched references. */
  cited: ReadonlySet<string>;
  /**
   * The paper in question: its date bounds "earlier", its id is never its own precedent, and a paper of its Anthology
   * volume (its `aclId`, or its corpus record's) is not missing earlier work.
   */
  subject: (PaperDate & { id?: string; aclId?: string }) | null;
  missRates?: MissRates;
}

function byDate(a: Paper, b: Paper): number {
  return a.year - b.year || (a.month ?? 13) - (b.month ?? 13) || a.id.localeCompare(b.id);
}

/**
 * Per concept: precedents cited (oldest first) and missing, most often missed first (measured miss
 * rate, highest first; unmeasured after), then earliest first.
 */
export function coverage(input: CoverageInput): ConceptCoverage[] {
  const rates = input.missRates ?? NO_MISS_RATES;
  const dates = firstAppearances(input.corpus.papers);
  const bound = { date: input.subject, volume: input.subject ? volumeOf(input.corpus, input.subject) : undefined };
  const out: ConceptCoverage[] = [];
  for (const id of input.concepts) {
    const concept = input.corpus.concepts.get(id);
    if (!concept) continue;
    const precedents = conceptPrecedents(input.corpus, concept, input.subject?.id);
    const cited = precedents.filter((p) => input.cited.has(p.id) && notAfter(dates.get(p.id) ?? p, input.subject)).sort(byDate);
    const missing: MissingPrecedent[] = precedents
      .filter((p) => !input.cited.has(p.id) && earlierWork(p, dates.get(p.id) ?? p, bound))
      .map((p) => {
        const cell = rates.get(concept.id, p.id);
        return { paper: p, missRate: cell ? cell.missRate : null, ...(cell ? { cell } : {}) };
      })
      .sort((a, b) => (b.missRate ?? -1) - (a.missRate ?? -1) || byDate(a.paper, b.paper));
    const total = cited.length + missing.length;
    out.push({ concept, cited, missing, score: total === 0 ? 1 : Math.round((cited.length / total) * 1000) / 1000 });
  }
  return out;
}

/** One MI paper's measured reference list, for the miss-rate table. */
export interface CitingPaper {
  /** Corpus id of the citing MI paper. */
  id: string;
  year: number;
  month?: number;
  /** The concepts it is on. */
  concepts: readonly string[];
  /** Corpus ids its references matched. */
  cited: ReadonlySet<string>;
}

/**
 * Per (concept, precedent): of the MI papers on the concept that appeared after the precedent, how many
 * cite it. Sorted by concept, then miss rate (highest first), then precedent id.
 */
export function measureMissRates(corpus: Corpus, papers: readonly CitingPaper[]): (MissRateCell & { citedBy: string[]; missedBy: string[] })[] {
  const cells = new Map<string, MissRateCell & { citedBy: string[]; missedBy: string[] }>();
  const dates = firstAppearances(corpus.papers);
  for (const mi of papers) {
    // An MI paper published in an Anthology volume could not have cited its volume's other papers.
    const bound = { date: dates.get(mi.id) ?? mi, volume: volumeOf(corpus, mi) };
    for (const conceptId of mi.concepts) {
      const concept = corpus.concepts.get(conceptId);
      if (!concept) continue;
      for (const p of conceptPrecedents(corpus, concept, mi.id)) {
        if (!earlierWork(p, dates.get(p.id) ?? p, bound)) continue;
        const key = `${conceptId}\0${p.id}`;
        const cell = cells.get(key) ?? { concept: conceptId, precedent: p.id, papers: 0, citing: 0, missRate: 0, citedBy: [], missedBy: [] };
        cell.papers += 1;
        if (mi.cited.has(p.id)) {
          cell.citing += 1;
          cell.citedBy.push(mi.id);
        } else cell.missedBy.push(mi.id);
        cells.set(key, cell);
      }
    }
  }
  return [...cells.values()]
    .map((c) => ({ ...c, citedBy: [...c.citedBy].sort(), missedBy: [...c.missedBy].sort(), missRate: Math.round((1 - c.citing / c.papers) * 1000) / 1000 }))
    .sort((a, b) => a.concept.localeCompare(b.concept) || b.missRate - a.missRate || b.papers - a.papers || a.precedent.localeCompare(b.precedent));
}
