/**
 * A concept's lineage: its NLPI precedents and the MI works on it, placed by year and community,
 * as data for the timeline picture and as text listing the same papers. Pure.
 */
import type { Community, Concept, Corpus, Paper } from '../core/corpus-schema.ts';
import { authorsShort, byDate } from './compose.ts';

export interface LineageItem {
  id: string;
  title: string;
  authorsShort: string;
  year: number;
  venue: string;
  url: string;
  community: Community;
  role: 'precedent' | 'mi-example';
  /** Row of the picture, e.g. `NLPI·1`; labels in one row never overlap. */
  lane: string;
}

export interface Lineage {
  conceptId: string;
  conceptName: string;
  items: LineageItem[];
  fromYear: number;
  toYear: number;
  /** One line saying who came first, in years. */
  firstLine: string;
}

export type ConceptMatch = { found: true; concept: Concept } | { found: false; message: string; suggestions: string[] };

const norm = (s: string) => s.toLowerCase().replace(/[\s_-]+/g, ' ').trim();

/** Exact id, name or alias (either vocabulary), case- and dash-insensitive. */
export function findConcept(corpus: Corpus, query: string): ConceptMatch {
  const q = norm(query);
  for (const c of corpus.concepts.values()) {
    if ([c.id, c.name, ...c.aliases.mi, ...c.aliases.nlpi].some((n) => norm(n) === q)) return { found: true, concept: c };
  }
  const words = q.split(' ').filter((w) => w.length > 2);
  const suggestions = [...corpus.concepts.values()]
    .filter((c) => words.some((w) => norm([c.id, c.name, ...c.aliases.mi, ...c.aliases.nlpi].join(' ')).includes(w)))
    .map((c) => c.id)
    .slice(0, 5);
  const message =
    corpus.concepts.size === 0
      ? `no concept "${query}": the corpus has no concepts yet`
      : `no concept "${query}" in the corpus${suggestions.length ? `: did you mean ${suggestions.join(', ')}?` : ''}`;
  return { found: false, message, suggestions };
}

// Picture geometry the lane packing assumes (pixels); see chart-spec.ts.
const PLOT_WIDTH = 720;
const CHAR_PX = 6.6;
const MARK_PX = 20;

const COMMUNITY_ORDER: Community[] = ['NLPI', 'MI', 'other'];

export function buildLineage(corpus: Corpus, concept: Concept): Lineage {
  const pick = (ids: string[], role: LineageItem['role']) =>
    ids.map((id) => corpus.papers.get(id)).filter((p): p is Paper => p !== undefined).map((p) => ({ p, role }));
  const seen = new Set<string>();
  const chosen = [...pick(concept.precedents.map((x) => x.id), 'precedent' as const), ...pick(concept.miExamples, 'mi-example' as const)].filter(
    ({ p }) => (seen.has(p.id) ? false : (seen.add(p.id), true)),
  );
  chosen.sort((a, b) => byDate(a.p, b.p));

  const years = chosen.map(({ p }) => p.year);
  const minYear = years.length ? Math.min(...years) : new Date(0).getUTCFullYear();
  const maxYear = years.length ? Math.max(...years) : minYear;
  const fromYear = minYear - 1;
  const pxPerYear = PLOT_WIDTH / (maxYear - fromYear + 3);
  const labelYears = (p: Paper) => (MARK_PX + CHAR_PX * `${authorsShort(p.authors)} ${p.year}`.length) / pxPerYear;
  const toYear = Math.ceil(Math.max(maxYear + 1, ...chosen.map(({ p }) => p.year + labelYears(p))));

  const items: LineageItem[] = [];
  for (const community of COMMUNITY_ORDER) {
    const laneEnds: number[] = [];
    for (const { p, role } of chosen.filter(({ p }) => p.community === community)) {
      let lane = laneEnds.findIndex((end) => end <= p.year);
      if (lane < 0) lane = laneEnds.push(0) - 1;
      laneEnds[lane] = p.year + labelYears(p);
      items.push({
        id: p.id,
        title: p.title,
        authorsShort: authorsShort(p.authors),
        year: p.year,
        venue: p.venue,
        url: p.url,
        community: p.community,
        role,
        lane: `${community}·${lane + 1}`,
      });
    }
  }
  return { conceptId: concept.id, conceptName: concept.name, items, fromYear, toYear, firstLine: whoFirst(items) };
}

function whoFirst(items: LineageItem[]): string {
  const first = (c: Community) => items.filter((i) => i.community === c).sort((a, b) => a.year - b.year)[0];
  const nlpi = first('NLPI');
  const mi = first('MI');
  if (!nlpi && !mi) return 'No papers are recorded for this concept yet.';
  if (!mi) return `Only NLPI work is recorded; the earliest is ${nlpi!.authorsShort} ${nlpi!.year}.`;
  if (!nlpi) return `Only MI work is recorded; the earliest is ${mi.authorsShort} ${mi.year}.`;
  const gap = mi.year - nlpi.year;
  if (gap > 0) return `NLPI first: ${nlpi.authorsShort} ${nlpi.year}, ${gap} year${gap === 1 ? '' : 's'} before the earliest MI work here (${mi.authorsShort} ${mi.year}).`;
  if (gap === 0) return `Same year: ${nlpi.authorsShort} ${nlpi.year} (NLPI) and ${mi.authorsShort} ${mi.year} (MI).`;
  return `MI first here: ${mi.authorsShort} ${mi.year}, ${-gap} year${gap === -1 ? '' : 's'} before the earliest NLPI work recorded (${nlpi.authorsShort} ${nlpi.year}).`;
}

/** The text version: the same papers as the picture, grouped as NLPI precedents and MI works. */
export function lineageText(l: Lineage): string {
  const line = (i: LineageItem) => `- ${i.year}  ${i.authorsShort}, "${i.title}". ${i.venue}. ${i.url}`;
  const precedents = l.items.filter((i) => i.role === 'precedent').sort((a, b) => a.year - b.year);
  const mi = l.items.filter((i) => i.role === 'mi-example').sort((a, b) => a.year - b.year);
  const out = [`Lineage of ${l.conceptName} (${l.conceptId})`, l.firstLine, ''];
  out.push('Earlier NLPI work (precedents), earliest first:');
  out.push(...(precedents.length ? precedents.map(line) : ['- none recorded']));
  out.push('', 'MI works on it:');
  out.push(...(mi.length ? mi.map(line) : ['- none recorded']));
  return out.join('\n');
}
