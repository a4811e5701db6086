/**
 * The digest for one channel and ISO week, composed from the answer log and the corpus. Pure.
 * For each concept the channel asked about: how often, and the NLPI precedents it rediscovers
 * (those the week's answers showed most, then the curators' most important), listed earliest first.
 */
import type { Corpus, Paper } from '../core/corpus-schema.ts';
import { formatIsoWeek, isoWeekAt, weeksEndingWith, type IsoWeek } from './iso-week.ts';
import type { NewThisWeek } from './new-papers.ts';

/** One logged answer, as the digest needs it (no question text). */
import type { LoggedQuestion } from '../store/store.ts';
export type { LoggedQuestion };

export interface DigestPrecedent {
  id: string;
  title: string;
  /** "Vig et al.", "Marks and Tegmark". */
  authorsShort: string;
  year: number;
  venue: string;
  url: string;
  why: string;
  /** How many of the week's answers listed this precedent. */
  surfaced: number;
}

export interface DigestConcept {
  id: string;
  name: string;
  /** Questions this week that were about the concept. */
  asked: number;
  /** What MI work on the concept tends to miss (corpus text). */
  missed: string;
  precedents: DigestPrecedent[];
  /** Precedents left out to keep the post short. */
  morePrecedents: number;
}

export interface WeeklyConceptCount {
  week: string;
  concept: string;
  count: number;
}

export interface Digest {
  isoWeek: string;
  /** Questions this week that recognized at least one corpus concept. */
  questionCount: number;
  concepts: DigestConcept[];
  /** Concepts asked per week over the chart window (oldest first), top concepts by name, the rest as "other". */
  weekly: WeeklyConceptCount[];
  chartWeeks: string[];
  /** "New this week": the week's new interpretability papers and what they rediscover (src/digest/new-papers.ts). */
  newThisWeek?: NewThisWeek;
  /** For the channel, e.g. why "New this week" is left out. */
  notices?: string[];
}

export interface DigestLimits {
  concepts: number;
  precedentsPerConcept: number;
  chartWeeks: number;
  chartSeries: number;
}

export const DEFAULT_DIGEST_LIMITS: DigestLimits = { concepts: 5, precedentsPerConcept: 3, chartWeeks: 8, chartSeries: 5 };

export const OTHER_SERIES = 'other concepts';

export function authorsShort(authors: readonly string[]): string {
  const last = (a: string) => a.trim().split(/\s+/).pop() ?? a;
  if (authors.length === 0) return 'unknown';
  if (authors.length === 1) return last(authors[0]!);
  if (authors.length === 2) return `${last(authors[0]!)} and ${last(authors[1]!)}`;
  return `${last(authors[0]!)} et al.`;
}

/** Earliest first; month breaks ties within a year, then the id keeps the order stable. */
export function byDate(a: Paper, b: Paper): number {
  return a.year - b.year || (a.month ?? 13) - (b.month ?? 13) || a.id.localeCompare(b.id);
}

function countConcepts(questions: readonly LoggedQuestion[], corpus: Corpus): Map<string, number> {
  const counts = new Map<string, number>();
  for (const q of questions) {
    for (const id of new Set(q.conceptIds)) {
      if (corpus.concepts.has(id)) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
  }
  return counts;
}

function ranked(counts: Map<string, number>, corpus: Corpus): [string, number][] {
  const name = (id: string) => corpus.concepts.get(id)?.name ?? id;
  return [...counts].sort((a, b) => b[1] - a[1] || name(a[0]).localeCompare(name(b[0])));
}

/**
 * Returns null when the week has no question about a corpus concept and no "New this week": empty weeks post nothing.
 * `questions` may span more than the week (the chart window); each is placed by its local week in `tz`.
 */
export function composeDigest(input: {
  corpus: Corpus;
  week: IsoWeek;
  tz: string;
  questions: readonly LoggedQuestion[];
  limits?: Partial<DigestLimits>;
  /** The "New this week" section, when the channel has one this week. */
  newThisWeek?: NewThisWeek | null;
  notices?: readonly string[];
}): Digest | null {
  const { corpus, tz } = input;
  const limits = { ...DEFAULT_DIGEST_LIMITS, ...input.limits };
  const weekKey = formatIsoWeek(input.week);
  const chartWeeks = weeksEndingWith(input.week, limits.chartWeeks).map(formatIsoWeek);
  const byWeek = new Map<string, LoggedQuestion[]>(chartWeeks.map((w) => [w, []]));
  for (const q of input.questions) byWeek.get(formatIsoWeek(isoWeekAt(q.askedAt, tz)))?.push(q);

  const thisWeek = (byWeek.get(weekKey) ?? []).filter((q) => q.conceptIds.some((id) => corpus.concepts.has(id)));
  // A week with neither questions nor new papers posts nothing.
  if (thisWeek.length === 0 && !input.newThisWeek) return null;

  const surfaced = new Map<string, number>();
  for (const q of thisWeek) for (const id of new Set(q.precedentIds)) surfaced.set(id, (surfaced.get(id) ?? 0) + 1);

  const concepts: DigestConcept[] = ranked(countConcepts(thisWeek, corpus), corpus)
    .slice(0, limits.concepts)
    .map(([id, asked]) => {
      const concept = corpus.concepts.get(id)!;
      const why = new Map(concept.precedents.map((p) => [p.id, p.why]));
      const papers = concept.precedents
        .map((p) => corpus.papers.get(p.id))
        .filter((p): p is Paper => p !== undefined && p.community === 'NLPI');
      // Which precedents: the ones this week's answers showed most, then the curators' order
      // (most important first); how they are listed: earliest first, to show who came first.
      const chosen = papers
        .map((p, curatedRank) => ({ p, curatedRank }))
        .sort((a, b) => (surfaced.get(b.p.id) ?? 0) - (surfaced.get(a.p.id) ?? 0) || a.curatedRank - b.curatedRank)
        .slice(0, limits.precedentsPerConcept)
        .map(({ p }) => p)
        .sort(byDate);
      return {
        id,
        name: concept.name,
        asked,
        missed: concept.missed,
        precedents: chosen.map((p) => ({
          id: p.id,
          title: p.title,
          authorsShort: authorsShort(p.authors),
          year: p.year,
          venue: p.venue,
          url: p.url,
          why: why.get(p.id) ?? '',
          surfaced: surfaced.get(p.id) ?? 0,
        })),
        morePrecedents: Math.max(0, papers.length - limits.precedentsPerConcept),
      };
    });

  const windowCounts = countConcepts([...byWeek.values()].flat(), corpus);
  const series = new Set(ranked(windowCounts, corpus).slice(0, limits.chartSeries).map(([id]) => id));
  const weekly: WeeklyConceptCount[] = [];
  for (const w of chartWeeks) {
    const counts = countConcepts(byWeek.get(w) ?? [], corpus);
    let other = 0;
    for (const id of series) weekly.push({ week: w, concept: corpus.concepts.get(id)!.name, count: counts.get(id) ?? 0 });
    for (const [id, n] of counts) if (!series.has(id)) other += n;
    if (other > 0) weekly.push({ week: w, concept: OTHER_SERIES, count: other });
  }

  return {
    isoWeek: weekKey,
    questionCount: thisWeek.length,
    concepts,
    weekly,
    chartWeeks,
    ...(input.newThisWeek ? { newThisWeek: input.newThisWeek } : {}),
    ...(input.notices && input.notices.length > 0 ? { notices: [...input.notices] } : {}),
  };
}
