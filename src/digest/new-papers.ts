/**
 * The digest's "New this week" section, composed from the week's paper scan for one channel. Pure.
 * The papers that rediscover the most earlier work come first (most precedents not cited, weighted by how sure each
 * concept is (rediscoveryRank in scan.ts), then the measured
 * miss rates); each line names its concepts and its precedents, most often missed first, with a link.
 */
import type { Corpus } from '../core/corpus-schema.ts';
import { normalizeTitle } from '../core/paper-resolver.ts';
import type { PaperScan, ScannedPaper, ScannedVolume } from '../store/store.ts';
import { ANTHOLOGY_ATTRIBUTION } from './anthology-week.ts';
import { authorsShort } from './compose.ts';
import type { ScanPaperResult, ScanPrecedent } from './scan.ts';

export interface NewPaperPrecedent {
  id: string;
  /** Of the measured MI papers on the concept, how many cite it (corpus/missed-precedents.tsv), when measured. */
  measured?: { citing: number; papers: number };
  title: string;
  authorsShort: string;
  year: number;
  url: string;
  cited: boolean | null;
  missRate: number | null;
}

export interface NewPaper {
  id: string;
  title: string;
  /** Its arXiv page, or its ACL Anthology page. */
  url: string;
  authorsShort: string;
  /** An Anthology paper's venue, e.g. `BlackboxNLP 2019` (arXiv papers have none yet). */
  venue?: string;
  concepts: { id: string; name: string }[];
  /** Earlier precedents shown, most often missed first. */
  precedents: NewPaperPrecedent[];
  /** Earlier precedents in all, and how many of them its references cite (null: references unknown). */
  earlier: number;
  cited: number | null;
  morePrecedents: number;
}

export interface NewThisWeek {
  isoWeek: string;
  /** Entries the listing had, and interpretability papers found in it (before the channel's topics). */
  listed: number;
  found: number;
  /** The arXiv categories listed. */
  categories: string[];
  /** The ACL Anthology volumes of the week that were read. */
  volumes: ScannedVolume[];
  /** The Anthology's CC BY 4.0 attribution, when a paper shown comes from it. */
  attribution?: string;
  papers: NewPaper[];
  /** Papers left out to keep the post short. */
  more: number;
  /** The channel's concept filter (names), empty for all. */
  topics: string[];
  /** How many of the week's new interpretability papers (after the topics) are on each concept, most first. */
  concepts: { name: string; papers: number }[];
  notices: string[];
}

export interface NewPapersLimits {
  papers: number;
  precedentsPerPaper: number;
  conceptsPerPaper: number;
}

/** Chosen so the section fits Slack's blocks and Discord's 2,000 characters in its compact form. */
export const DEFAULT_NEW_PAPERS_LIMITS: NewPapersLimits = { papers: 5, precedentsPerPaper: 3, conceptsPerPaper: 3 };

function conceptCounts(results: readonly ScanPaperResult[]): { name: string; papers: number }[] {
  const counts = new Map<string, number>();
  for (const r of results) for (const c of new Set(r.concepts.map((x) => x.name))) counts.set(c, (counts.get(c) ?? 0) + 1);
  return [...counts].map(([name, papers]) => ({ name, papers })).sort((a, b) => b.papers - a.papers || a.name.localeCompare(b.name));
}

function byMissed(a: ScanPrecedent & { year: number }, b: ScanPrecedent & { year: number }): number {
  const missedA = a.cited === true ? 0 : 1;
  const missedB = b.cited === true ? 0 : 1;
  return missedB - missedA || (b.missRate ?? -1) - (a.missRate ?? -1) || a.year - b.year || a.id.localeCompare(b.id);
}

/**
 * The section, or null when the scan kept no paper on the channel's topics (then, with no questions either,
 * the week posts nothing). `topics`: concept ids; empty keeps every paper.
 */
export function composeNewThisWeek(input: {
  corpus: Corpus;
  scan: PaperScan;
  papers: readonly ScannedPaper[];
  topics?: readonly string[];
  limits?: Partial<NewPapersLimits>;
}): NewThisWeek | null {
  const { corpus } = input;
  const limits = { ...DEFAULT_NEW_PAPERS_LIMITS, ...input.limits };
  const topics = new Set(input.topics ?? []);
  const shownTitles = new Set<string>();
  const results = input.papers
    .filter((p) => p.kept)
    .map((p) => ({ rank: p.rank, r: p.result as ScanPaperResult }))
    .filter(({ r }) => topics.size === 0 || r.concepts.some((c) => topics.has(c.id)))
    .sort((a, b) => b.rank - a.rank || a.r.id.localeCompare(b.r.id))
    // A paper listed on arXiv and in an Anthology volume the same week is shown once (its higher-ranked entry).
    .filter(({ r }) => !shownTitles.has(normalizeTitle(r.title)) && Boolean(shownTitles.add(normalizeTitle(r.title))));
  if (results.length === 0) return null;
  const papers: NewPaper[] = results.slice(0, limits.papers).map(({ r }) => {
    const byId = new Map<string, ScanPrecedent & { year: number }>();
    for (const p of r.precedents) {
      const paper = corpus.papers.get(p.id);
      if (!paper) continue;
      const prev = byId.get(p.id);
      // A precedent of two concepts counts once, cited if either says so.
      if (!prev) byId.set(p.id, { ...p, year: paper.year });
      else byId.set(p.id, { ...prev, ...(prev.measured ? {} : p.measured ? { measured: p.measured } : {}), cited: prev.cited === true || p.cited === true ? true : prev.cited, missRate: Math.max(prev.missRate ?? -1, p.missRate ?? -1) < 0 ? null : Math.max(prev.missRate ?? 0, p.missRate ?? 0) });
    }
    const all = [...byId.values()].sort(byMissed);
    const known = r.references !== null;
    const shown = all.filter((p) => p.cited !== true).slice(0, limits.precedentsPerPaper);
    // The concepts named are those of the precedents shown (then the paper's best concepts).
    const named = [...new Set([...shown.map((p) => p.concept), ...r.concepts.map((c) => c.id)])].slice(0, limits.conceptsPerPaper);
    return {
      id: r.id,
      title: r.title,
      url: r.url,
      authorsShort: authorsShort(r.authors),
      ...(r.source === 'anthology' && r.venue ? { venue: r.venue } : {}),
      concepts: named.map((id) => ({ id, name: r.concepts.find((c) => c.id === id)?.name ?? corpus.concepts.get(id)?.name ?? id })),
      precedents: shown.map((p) => {
        const paper = corpus.papers.get(p.id)!;
        return {
          id: p.id,
          title: paper.title,
          authorsShort: authorsShort(paper.authors),
          year: paper.year,
          url: paper.url,
          cited: p.cited,
          missRate: p.missRate,
          ...(p.measured ? { measured: p.measured } : {}),
        };
      }),
      earlier: all.length,
      cited: known ? all.filter((p) => p.cited === true).length : null,
      morePrecedents: Math.max(0, all.filter((p) => p.cited !== true).length - shown.length),
    };
  });
  const fromAnthology = results.slice(0, papers.length).some(({ r }) => r.source === 'anthology');
  return {
    isoWeek: input.scan.isoWeek,
    listed: input.scan.listed ?? 0,
    found: input.papers.filter((p) => p.kept).length,
    categories: [...input.scan.categories],
    volumes: [...(input.scan.volumes ?? [])],
    ...(fromAnthology ? { attribution: ANTHOLOGY_ATTRIBUTION } : {}),
    papers,
    more: results.length - papers.length,
    topics: [...topics].map((id) => corpus.concepts.get(id)?.name ?? id),
    concepts: conceptCounts(results.map(({ r }) => r)),
    notices: input.scan.notices,
  };
}

function clip(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}

/**
 * One line per paper: what it is on, the earlier work it does not cite (most often missed by MI papers first),
 * and how much of the earlier work its references cite. `link(text, url)` and `bold(text)` are the format's.
 */
export function newPaperLine(p: NewPaper, f: { link: (text: string, url: string) => string; bold: (text: string) => string; escape: (text: string) => string }, compact = false): string {
  const concepts = p.concepts.map((c) => f.bold(f.escape(c.name))).join(', ');
  const prec = p.precedents.map((q) => {
    const rate = !compact && q.measured ? ` (cited by ${q.measured.citing} of ${q.measured.papers} measured MI paper${q.measured.papers === 1 ? '' : 's'})` : '';
    return `${f.link(`${f.escape(q.authorsShort)} ${q.year}`, q.url)}${rate}`;
  });
  const more = p.morePrecedents > 0 ? ` and ${p.morePrecedents} more` : '';
  let what: string;
  if (p.earlier === 0) what = 'no earlier NLP-interpretability precedent is recorded for its concepts';
  else if (p.cited === null) what = `rediscovers ${prec.join('; ')}${more} (its reference list could not be checked)`;
  else if (prec.length === 0) what = `cites all ${p.earlier} earlier precedents on them`;
  else what = `does not cite ${prec.join('; ')}${more}; cites ${p.cited} of ${p.earlier} earlier precedents`;
  return `${f.link(f.escape(clip(p.title, compact ? 90 : 150)), p.url)} (${f.escape(p.venue ? `${p.authorsShort}, ${p.venue}` : p.authorsShort)}), on ${concepts}: ${what}.`;
}

function andList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** What the scan read: the arXiv listing and the Anthology volumes of the week. */
function scanned(n: NewThisWeek): string {
  const arxiv = `${n.listed} new arXiv paper${n.listed === 1 ? '' : 's'} in ${n.categories.join(', ')} submitted in ${n.isoWeek}`;
  if (n.volumes.length === 0) return arxiv;
  const count = n.volumes.reduce((sum, v) => sum + v.papers, 0);
  const anthology = `the ${count} paper${count === 1 ? '' : 's'} of ${andList([...new Set(n.volumes.map((v) => v.venue))])} in the ACL Anthology`;
  return n.listed === 0 ? `${anthology} published in ${n.isoWeek}` : `${arxiv} and ${anthology} published that week`;
}

/** The intro sentence of the section. */
export function newThisWeekIntro(n: NewThisWeek): string {
  const on = n.topics.length > 0 ? ` on this channel's topics (${n.topics.join(', ')})` : '';
  return (
    `Of ${scanned(n)}, ${n.found} ${n.found === 1 ? 'is' : 'are'} interpretability work; ` +
    `here ${n.papers.length === 1 ? 'is the one' : `are the ${n.papers.length}`}${on} that rediscover the most earlier NLP-interpretability work.`
  );
}
