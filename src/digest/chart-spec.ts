/**
 * Vega-Lite specs for the digest chart and the lineage timeline. Pure: data in, spec out.
 * `autosize: fit` with `contains: padding` makes width × height the whole picture (axes and
 * legend included), so the PNG size is known before rendering.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Digest } from './compose.ts';
import type { Lineage } from './lineage.ts';

export const CHART_FONT = 'DejaVu Sans, sans-serif';

export const DIGEST_CHART = { width: 720, height: 360 } as const;

const COMMUNITY_COLORS = { NLPI: '#1b7837', MI: '#762a83', other: '#8c8c8c' } as const;

function baseConfig() {
  return {
    font: CHART_FONT,
    background: '#ffffff',
    view: { stroke: null },
    axis: { labelFontSize: 11, titleFontSize: 12 },
    legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 300 },
    title: { fontSize: 15, anchor: 'start' as const },
  };
}

/** What both digest charts share: the schema and a fixed picture size. */
function digestFrame() {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: DIGEST_CHART.width,
    height: DIGEST_CHART.height,
    autosize: { type: 'fit' as const, contains: 'padding' as const },
    padding: 12,
  };
}

/** True when the chart shows the week's new papers' concepts: nothing was asked in the chart's weeks. */
export function chartsNewPapers(d: Digest): boolean {
  return d.newThisWeek !== undefined && !d.weekly.some((w) => w.count > 0);
}

/** What the chart shows, in words: its title, the uploaded file's title and the image's alt text. */
export function digestChartTitle(d: Digest): string {
  return chartsNewPapers(d)
    ? `Concepts of the week's new interpretability papers, ${d.newThisWeek!.isoWeek}`
    : `Concepts asked per week, ${d.chartWeeks[0]} to ${d.chartWeeks.at(-1)}`;
}

export function digestChartSpec(d: Digest): TopLevelSpec {
  if (chartsNewPapers(d)) return newPapersChartSpec(d);
  return {
    ...digestFrame(),
    title: { text: 'Concepts asked per week', subtitle: `${d.chartWeeks[0]} to ${d.chartWeeks.at(-1)}` },
    data: { values: d.weekly.filter((w) => w.count > 0) },
    mark: { type: 'bar' },
    encoding: {
      x: {
        field: 'week',
        type: 'ordinal',
        title: 'ISO week',
        scale: { domain: d.chartWeeks },
        axis: { labelAngle: 0, labelExpr: "replace(datum.value, /^\\d{4}-/, '')" },
      },
      y: { field: 'count', type: 'quantitative', aggregate: 'sum', title: 'questions', axis: { tickMinStep: 1, format: 'd' } },
      color: { field: 'concept', type: 'nominal', title: 'concept', scale: { scheme: 'tableau10' } },
      tooltip: [{ field: 'week' }, { field: 'concept' }, { field: 'count', aggregate: 'sum' }],
    },
    config: baseConfig(),
  } as TopLevelSpec;
}

/** The week's new interpretability papers per concept (when the channel asked nothing in the chart's weeks). */
function newPapersChartSpec(d: Digest): TopLevelSpec {
  const n = d.newThisWeek!;
  return {
    ...digestFrame(),
    title: { text: "Concepts of the week's new interpretability papers", subtitle: `${n.isoWeek}, arXiv ${n.categories.join(', ')}${[...new Set(n.volumes.map((v) => `, ${v.venue}`))].join('')}` },
    data: { values: n.concepts.slice(0, 12) },
    mark: { type: 'bar' },
    encoding: {
      y: { field: 'name', type: 'nominal', title: null, sort: '-x', axis: { labelLimit: 320 } },
      x: { field: 'papers', type: 'quantitative', title: 'papers', axis: { tickMinStep: 1, format: 'd' } },
      color: { value: COMMUNITY_COLORS.MI },
      tooltip: [{ field: 'name' }, { field: 'papers' }],
    },
    config: baseConfig(),
  } as TopLevelSpec;
}

/** Height of the lineage picture for a number of lanes. */
export const LINEAGE_CHART = { width: 900, laneHeight: 30, chrome: 110 } as const;

export function lineageChartHeight(lanes: number): number {
  return LINEAGE_CHART.chrome + LINEAGE_CHART.laneHeight * Math.max(lanes, 1);
}

export function lineageChartSpec(l: Lineage): TopLevelSpec {
  const laneCount = new Set(l.items.map((i) => i.lane)).size;
  const values = l.items.map((i) => ({ ...i, label: `${i.authorsShort} ${i.year}` }));
  const laneOrder = [...new Set(l.items.map((i) => i.lane))];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: LINEAGE_CHART.width,
    height: lineageChartHeight(laneCount),
    autosize: { type: 'fit', contains: 'padding' },
    padding: 12,
    title: { text: `Who did it first: ${l.conceptName}`, subtitle: l.firstLine },
    data: { values },
    encoding: {
      x: {
        field: 'year',
        type: 'quantitative',
        title: null,
        scale: { domain: [l.fromYear, l.toYear], nice: false },
        axis: { format: 'd', tickMinStep: 1, grid: true },
      },
      y: {
        field: 'lane',
        type: 'ordinal',
        title: null,
        sort: laneOrder,
        // Name each community once, on its first lane.
        axis: { labelExpr: "indexof(datum.value, '·1') > 0 ? split(datum.value, '·')[0] : ''", ticks: false, domain: false },
      },
      color: {
        field: 'community',
        type: 'nominal',
        title: 'community',
        scale: { domain: Object.keys(COMMUNITY_COLORS), range: Object.values(COMMUNITY_COLORS) },
      },
    },
    layer: [
      { mark: { type: 'point', filled: true, size: 90 } },
      { mark: { type: 'text', align: 'left', dx: 8, fontSize: 11 }, encoding: { text: { field: 'label' } } },
    ],
    config: baseConfig(),
  } as TopLevelSpec;
}
