/**
 * When a work first appeared, and whether one work is provably earlier than another. "Earlier work"
 * in an answer and a concept's NLPI precedents must be truly earlier, and a venue year alone misleads:
 * Knowledge Neurons is "ACL 2022" but was on arXiv in April 2021, ten months before ROME.
 *
 * A paper's first appearance is the earliest of what the corpus records about it:
 *   (a) its arXiv id's year and month (new-style `yymm.nnnnn` ids from 0704 on, old-style `hep-th/9901001`);
 *   (b) the year and month recorded in its entry;
 *   (c) for a paper without a recorded month, its event's month where the corpus agrees on one: every
 *       dated paper of that exact venue ("ACL 2020") has the same month (the Anthology XML's, read at ingest).
 * Derived, never stored: the paper files keep their facts of record. Pure: no I/O, no clock.
 *
 * Strictly earlier means: an earlier year, or the same year with both months known and the month earlier.
 * The same year with a month unknown on either side is not provably earlier: such a work is concurrent.
 */

/** A first appearance: a year, and the month (1–12) when known. */
export interface PaperDate {
  year: number;
  month?: number;
}

/** What a paper has that dates it: the corpus's Paper and the app's FetchedPaper both fit. */
export interface DatedWork {
  year: number;
  month?: number;
  venue?: string;
  ids?: { arxiv?: string };
}

/** New-style arXiv ids (April 2007 on): `yymm.nnnn` (to 2014) or `yymm.nnnnn`, optional version. */
const NEW_STYLE = /^(?:arxiv:)?(\d{2})(\d{2})\.\d{4,5}(?:v\d+)?$/i;
/** Old-style arXiv ids (1991 to March 2007): `archive(.SUB)/yymmnnn`, optional version. */
const OLD_STYLE = /^(?:arxiv:)?[a-z-]+(?:\.[a-z]{2})?\/(\d{2})(\d{2})\d{3}(?:v\d+)?$/i;

/** The year and month an arXiv id encodes, or undefined for a string that is not a valid arXiv id. */
export function arxivIdDate(id: string): PaperDate | undefined {
  const trimmed = id.trim();
  const modern = NEW_STYLE.exec(trimmed);
  if (modern) {
    const yy = Number(modern[1]);
    const month = Number(modern[2]);
    // New-style ids start at 0704; anything before is not a real id.
    if (month < 1 || month > 12 || yy * 100 + month < 704) return undefined;
    return { year: 2000 + yy, month };
  }
  const old = OLD_STYLE.exec(trimmed);
  if (old) {
    const yy = Number(old[1]);
    const month = Number(old[2]);
    if (month < 1 || month > 12) return undefined;
    // The archive opened in August 1991; old-style ids ended in March 2007.
    const year = yy >= 91 ? 1900 + yy : 2000 + yy;
    if (year * 100 + month < 199108 || year * 100 + month > 200703) return undefined;
    return { year, month };
  }
  return undefined;
}

/**
 * How `a` stands to `b` in time: `earlier` or `later` when provable, `concurrent` when the same month,
 * or the same year with either month unknown.
 */
export function compareDates(a: PaperDate, b: PaperDate): 'earlier' | 'later' | 'concurrent' {
  if (a.year !== b.year) return a.year < b.year ? 'earlier' : 'later';
  if (a.month === undefined || b.month === undefined || a.month === b.month) return 'concurrent';
  return a.month < b.month ? 'earlier' : 'later';
}

/** True when `a` is provably earlier than `b` (see compareDates). */
export function isEarlier(a: PaperDate, b: PaperDate): boolean {
  return compareDates(a, b) === 'earlier';
}

/**
 * The earliest of several dates of one work: the least year, and within it the least known month
 * (a month-less record of the same year is taken to be the same appearance, not an earlier one).
 */
export function earliestOf(dates: readonly (PaperDate | undefined)[]): PaperDate | undefined {
  const known = dates.filter((d): d is PaperDate => d !== undefined);
  if (known.length === 0) return undefined;
  const year = Math.min(...known.map((d) => d.year));
  const months = known.filter((d) => d.year === year && d.month !== undefined).map((d) => d.month!);
  return months.length > 0 ? { year, month: Math.min(...months) } : { year };
}

/**
 * The earliest date among several different works: the least year and, within it, the least month only
 * if every work of that year has one. A work of that year with no month may be from January, so the
 * bound then has no month: only work of an earlier year is provably earlier than all of them.
 */
export function earliestAmong(dates: readonly PaperDate[]): PaperDate | undefined {
  if (dates.length === 0) return undefined;
  const year = Math.min(...dates.map((d) => d.year));
  const sameYear = dates.filter((d) => d.year === year);
  return sameYear.every((d) => d.month !== undefined) ? { year, month: Math.min(...sameYear.map((d) => d.month!)) } : { year };
}

/**
 * Event months the corpus agrees on: a venue string maps to a month when at least `minPapers` papers of
 * that exact venue record a month and all record the same one. Journals (TACL) publish all year, so
 * their papers disagree and get no event month.
 */
export function venueMonths(papers: Iterable<DatedWork>, minPapers = 3): Map<string, number> {
  const seen = new Map<string, { month: number; count: number } | null>();
  for (const p of papers) {
    if (p.venue === undefined || p.month === undefined) continue;
    const prev = seen.get(p.venue);
    if (prev === undefined) seen.set(p.venue, { month: p.month, count: 1 });
    else if (prev !== null) seen.set(p.venue, prev.month === p.month ? { month: prev.month, count: prev.count + 1 } : null);
  }
  const out = new Map<string, number>();
  for (const [venue, v] of seen) if (v && v.count >= minPapers) out.set(venue, v.month);
  return out;
}

/** A work's first appearance: the earliest of its arXiv id's date, its recorded date, and its event month. */
export function firstAppearance(work: DatedWork, eventMonths?: ReadonlyMap<string, number>): PaperDate {
  const eventMonth = work.month === undefined && work.venue !== undefined ? eventMonths?.get(work.venue) : undefined;
  const recorded: PaperDate = { year: work.year, month: work.month ?? eventMonth };
  const arxiv = work.ids?.arxiv === undefined ? undefined : arxivIdDate(work.ids.arxiv);
  return earliestOf([recorded, arxiv])!;
}

/** A fetched paper's id (`arxiv:2202.05262`) gives its arXiv date like a corpus paper's ids.arxiv. */
export function fetchedIds(id: string): { arxiv?: string } {
  return id.toLowerCase().startsWith('arxiv:') ? { arxiv: id.slice('arxiv:'.length) } : {};
}

const cache = new WeakMap<ReadonlyMap<string, DatedWork>, Map<string, PaperDate>>();

/**
 * Every paper's first appearance, by id, computed once per papers map (the loaded corpus is not
 * changed afterwards, so the map is derived on first use and kept while the corpus lives).
 */
export function firstAppearances(papers: ReadonlyMap<string, DatedWork>): ReadonlyMap<string, PaperDate> {
  let dates = cache.get(papers);
  if (!dates) {
    const months = venueMonths(papers.values());
    dates = new Map([...papers].map(([id, p]) => [id, firstAppearance(p, months)]));
    cache.set(papers, dates);
  }
  return dates;
}

/**
 * Keeps `dates` as the first appearances of `papers`, as firstAppearances would compute them (a loaded
 * corpus's, kept beside its snapshot: src/corpus/first-appearances.ts).
 */
export function keepFirstAppearances(papers: ReadonlyMap<string, DatedWork>, dates: Map<string, PaperDate>): void {
  cache.set(papers, dates);
}

/** "2021-04" or "2021", for messages. */
export function formatDate(d: PaperDate): string {
  return d.month === undefined ? String(d.year) : `${d.year}-${String(d.month).padStart(2, '0')}`;
}

/** The first four-digit year (1900–2099) a pasted venue line names ("EMNLP 2023"), if any. */
export function yearInVenue(venue: string | undefined): PaperDate | undefined {
  const y = venue?.match(/\b(19|20)\d\d\b/)?.[0];
  return y === undefined ? undefined : { year: Number(y) };
}

/** What a concept needs to be dated: the MI works listed for it. */
export interface DatedConcept {
  miExamples: readonly string[];
}

/**
 * When MI work on a concept began: the earliest first appearance among its MI examples (see
 * earliestAmong), or undefined when none of them is in `dates`. Its NLPI precedents must be earlier.
 */
export function conceptOrigin(concept: DatedConcept, dates: ReadonlyMap<string, PaperDate>): PaperDate | undefined {
  return earliestAmong(concept.miExamples.map((id) => dates.get(id)).filter((d): d is PaperDate => d !== undefined));
}

/** Where an NLPI work stands to the date earlier work must precede. */
export type Placement = 'earlier' | 'later' | 'concurrent';

/**
 * The dates an answer places NLPI work by. With the paper in question's date known, earlier work is
 * what appeared before it; without it, what appeared before the concept's earliest MI work (each
 * concept its own origin; work reached without a concept is held to the main concept's), or before the
 * latest release the text names when that is later (the text was written after it). With neither,
 * nothing bounds it.
 */
export interface Chronology {
  /** The date of the paper in question, when known. */
  readonly subject: PaperDate | undefined;
  /** Without that date: the latest release the text names, when there is one. */
  readonly writtenAfter: WrittenAfter | undefined;
  /** The date work on `conceptId` must precede (undefined: no bound). */
  bound(conceptId: string | undefined): PaperDate | undefined;
  /**
   * How paper `paperId` stands to bound(conceptId); 'earlier' when there is no bound or the paper has no date, except
   * for work listed as the concept's later work (`listedLater`): it came after the concept's first MI work, so with no
   * bound it is 'later' unless it predates a release the text names.
   */
  place(paperId: string, conceptId: string | undefined, listedLater?: boolean): Placement;
}

export function chronology(
  corpus: { papers: ReadonlyMap<string, DatedWork>; concepts: ReadonlyMap<string, DatedConcept> },
  subject: PaperDate | undefined,
  writtenAfter?: WrittenAfter,
): Chronology {
  const dates = firstAppearances(corpus.papers);
  const origins = new Map<string, PaperDate | undefined>();
  const floor = subject ? undefined : writtenAfter;
  const bound = (conceptId: string | undefined): PaperDate | undefined => {
    if (subject) return subject;
    if (conceptId === undefined) return undefined;
    if (!origins.has(conceptId)) {
      const c = corpus.concepts.get(conceptId);
      const origin = c && conceptOrigin(c, dates);
      // Work before a release the text names is earlier than the text, whatever the concept's first MI work.
      // A concept with no dated MI work bounds nothing, and a later floor cannot narrow that.
      origins.set(conceptId, origin && floor && compareDates(origin, floor.date) === 'earlier' ? floor.date : origin);
    }
    return origins.get(conceptId);
  };
  return {
    subject,
    writtenAfter: floor,
    bound,
    place(paperId, conceptId, listedLater = false) {
      const b = bound(conceptId);
      const d = dates.get(paperId);
      if (listedLater && b === undefined) return floor && d !== undefined && compareDates(d, floor.date) === 'earlier' ? 'earlier' : 'later';
      return b === undefined || d === undefined ? 'earlier' : compareDates(d, b);
    },
  };
}

/**
 * The paper in question's first appearance: a corpus paper's derived date, a fetched paper's
 * (its arXiv id counts), or the year of a pasted venue line.
 */
export function subjectDate(
  papers: ReadonlyMap<string, DatedWork>,
  subject: { corpusId?: string; fetched?: DatedWork & { id: string }; pastedVenue?: string },
): PaperDate | undefined {
  if (subject.corpusId !== undefined) return firstAppearances(papers).get(subject.corpusId);
  if (subject.fetched) return firstAppearance({ ...subject.fetched, ids: fetchedIds(subject.fetched.id) });
  return yearInVenue(subject.pastedVenue);
}

/** What a named release needs to date a text: see Release in corpus-schema.ts. */
export interface DatedRelease {
  name: string;
  names: readonly string[];
  caseSensitive?: boolean;
  /** YYYY-MM. */
  date: string;
}

/** A lower bound on when a text was written: the latest release it names. */
export interface WrittenAfter {
  date: PaperDate;
  /** The release's name, for messages. */
  release: string;
}

const nameMatchers = new WeakMap<DatedRelease, RegExp>();
function nameMatcher(r: DatedRelease): RegExp {
  let re = nameMatchers.get(r);
  if (!re) {
    const alternatives = [...r.names].sort((a, b) => b.length - a.length).map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '[ -]'));
    // Whole words: no letter or digit on either side ("GPT-4" is not in "GPT-4o"; "BERT" is not in "RoBERTa").
    re = new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}])`, r.caseSensitive ? 'u' : 'iu');
    nameMatchers.set(r, re);
  }
  return re;
}

/**
 * The latest release a text names (a model, a benchmark): the text was written no earlier than its month. Undefined when
 * it names none. A text of unknown date that names Llama 2 (July 2023) is provably later than NLPI work from 2022.
 */
export function writtenNoEarlierThan(text: string, releases: Iterable<DatedRelease>): WrittenAfter | undefined {
  let best: WrittenAfter | undefined;
  for (const r of releases) {
    if (!nameMatcher(r).test(text)) continue;
    const [year, month] = r.date.split('-').map(Number) as [number, number];
    const date = { year, month };
    if (!best || compareDates(best.date, date) === 'earlier') best = { date, release: r.name };
  }
  return best;
}
