/**
 * Corpus statistics for `npm run corpus:stats` and `mechanistic corpus stats --json`: paper and
 * concept counts, papers per community and per year, and the chart spec of papers per year.
 * Pure: takes a loaded corpus, returns numbers, text and a Vega-Lite spec.
 */
import type { TopLevelSpec } from 'vega-lite';
import { COMMUNITIES, type Community, type Corpus } from '../core/corpus-schema.ts';

export interface CorpusStats {
  papers: number;
  concepts: number;
  byCommunity: Record<Community, number>;
  /** Papers per year, years as strings in ascending order. */
  byYear: Record<string, number>;
  /** Papers per year per community (the chart's data). */
  byYearAndCommunity: Record<string, Record<Community, number>>;
}

function zeroes(): Record<Community, number> {
  return Object.fromEntries(COMMUNITIES.map((c) => [c, 0])) as Record<Community, number>;
}

export function corpusStats(corpus: Pick<Corpus, 'papers' | 'concepts'>): CorpusStats {
  const byCommunity = zeroes();
  const cells = new Map<number, Record<Community, number>>();
  for (const p of corpus.papers.values()) {
    byCommunity[p.community]++;
    const row = cells.get(p.year) ?? zeroes();
    row[p.community]++;
    cells.set(p.year, row);
  }
  const years = [...cells.keys()].sort((a, b) => a - b);
  return {
    papers: corpus.papers.size,
    concepts: corpus.concepts.size,
    byCommunity,
    byYear: Object.fromEntries(years.map((y) => [String(y), COMMUNITIES.reduce((s, c) => s + cells.get(y)![c], 0)])),
    byYearAndCommunity: Object.fromEntries(years.map((y) => [String(y), cells.get(y)!])),
  };
}

/** The `--json` shape other tools read (no per-community year breakdown). */
export function statsJson(s: CorpusStats): { papers: number; concepts: number; byCommunity: Record<Community, number>; byYear: Record<string, number> } {
  return { papers: s.papers, concepts: s.concepts, byCommunity: s.byCommunity, byYear: s.byYear };
}

/** A plain-text table: one row per year, one column per community, totals last. */
export function statsTable(s: CorpusStats): string {
  const header = ['year', ...COMMUNITIES, 'total'];
  const rows = Object.entries(s.byYearAndCommunity).map(([year, row]) => [year, ...COMMUNITIES.map((c) => String(row[c])), String(s.byYear[year])]);
  rows.push(['all', ...COMMUNITIES.map((c) => String(s.byCommunity[c])), String(s.papers)]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [
    `${s.papers} papers, ${s.concepts} concepts`,
    '',
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.slice(0, -1).map(line),
    line(widths.map((w) => '-'.repeat(w))),
    line(rows.at(-1)!),
  ].join('\n');
}

export const CHART_WIDTH = 720;
export const CHART_HEIGHT = 360;

const COLORS: Record<Community, string> = { NLPI: '#1f77b4', MI: '#d62728', other: '#9e9e9e' };

/** Stacked bars of papers per year, coloured by community; the whole picture is CHART_WIDTH × CHART_HEIGHT. */
export function papersPerYearSpec(s: CorpusStats): TopLevelSpec {
  const values = Object.entries(s.byYearAndCommunity).flatMap(([year, row]) =>
    COMMUNITIES.filter((c) => row[c] > 0).map((community) => ({ year, community, papers: row[community] })),
  );
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: `Corpus papers per year by community (${s.papers} papers)`, anchor: 'start' },
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    autosize: { type: 'fit', contains: 'padding' },
    padding: 8,
    background: '#ffffff',
    data: { values },
    mark: { type: 'bar' },
    encoding: {
      x: { field: 'year', type: 'ordinal', title: 'year', axis: { labelAngle: -45 } },
      y: { field: 'papers', type: 'quantitative', title: 'papers', stack: 'zero' },
      color: {
        field: 'community',
        type: 'nominal',
        title: 'community',
        scale: { domain: [...COMMUNITIES], range: COMMUNITIES.map((c) => COLORS[c]) },
      },
      order: { field: 'community', sort: 'ascending' },
      tooltip: [{ field: 'year' }, { field: 'community' }, { field: 'papers' }],
    },
    config: { font: 'DejaVu Sans' },
  };
}
