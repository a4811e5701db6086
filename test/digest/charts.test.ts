import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';
import { loadCorpus } from '../../src/corpus/load.ts';
import { DIGEST_CHART, digestChartSpec, lineageChartHeight, lineageChartSpec, LINEAGE_CHART } from '../../src/digest/chart-spec.ts';
import { composeDigest } from '../../src/digest/compose.ts';
import { buildLineage, findConcept } from '../../src/digest/lineage.ts';
import { canRenderText, CHART_SCALE, renderPng, renderSvg, svgToPng } from '../../src/digest/render-png.ts';
import { pngSize } from './helpers/png.ts';

const corpus = loadCorpus(fileURLToPath(new URL('./fixtures/corpus/', import.meta.url)));

test('the digest chart is a PNG of the fixed size, whatever the data', async () => {
  for (const questions of [
    [{ askedAt: new Date('2026-11-17T10:00:00Z'), conceptIds: ['probing'], precedentIds: [] }],
    Array.from({ length: 40 }, (_, i) => ({
      askedAt: new Date(Date.UTC(2026, 9, 1 + i)),
      conceptIds: i % 2 ? ['probing'] : ['activation-patching', 'probing'],
      precedentIds: [],
    })).concat([{ askedAt: new Date('2026-11-20T10:00:00Z'), conceptIds: ['probing'], precedentIds: [] }]),
  ]) {
    const d = composeDigest({ corpus, week: { year: 2026, week: 47 }, tz: 'UTC', questions })!;
    const png = await renderPng(digestChartSpec(d));
    assert.deepEqual(pngSize(png), { width: DIGEST_CHART.width * CHART_SCALE, height: DIGEST_CHART.height * CHART_SCALE });
  }
});

test('the digest chart draws the concept names and week labels as text', async () => {
  const d = composeDigest({ corpus, week: { year: 2026, week: 47 }, tz: 'UTC', questions: [{ askedAt: new Date('2026-11-17T10:00:00Z'), conceptIds: ['probing'], precedentIds: [] }] })!;
  const svg = await renderSvg(digestChartSpec(d));
  assert.match(svg, />Probing classifiers</);
  assert.match(svg, />W47</);
  assert.match(svg, />W40</);
});

test('text renders: a system font is found (Debian: fonts-dejavu-core)', () => {
  const dark = (svg: string) => {
    const { pixels } = new Resvg(svg, { font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } }).render();
    let n = 0;
    for (let i = 0; i < pixels.length; i += 4) if (pixels[i + 3]! > 0 && pixels[i]! < 128) n++;
    return n;
  };
  const frame = (body: string) => `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40">${body}</svg>`;
  assert.equal(dark(frame('')), 0);
  assert.ok(dark(frame('<text x="5" y="28" font-family="sans-serif" font-size="20" fill="#000">Vig 2020</text>')) > 50, 'no glyphs were drawn: install a font package (fonts-dejavu-core)');
  assert.deepEqual(pngSize(svgToPng(frame(''), 3)), { width: 600, height: 120 });
  assert.equal(canRenderText(), true);
});

test('the lineage picture has one lane per overlapping label, sized from the lane count', async () => {
  const m = findConcept(corpus, 'diagnostic classifier');
  assert.ok(m.found);
  const l = buildLineage(corpus, m.concept);
  assert.deepEqual(l.items.map((i) => i.id), ['ettinger2016', 'belinkov2017a', 'hupkes2017', 'giulianelli2018', 'li2023', 'marks2024geometry']);
  assert.ok(l.items.slice(0, 4).every((i) => i.lane.startsWith('NLPI·') && i.role === 'precedent'));
  assert.ok(l.items.slice(4).every((i) => i.lane.startsWith('MI·') && i.role === 'mi-example'));
  assert.notEqual(l.items[1]!.lane, l.items[2]!.lane, 'two 2017 papers do not share a lane');
  assert.match(l.firstLine, /NLPI first: Ettinger et al\. 2016, 7 years before the earliest MI work here \(Li et al\. 2023\)/);
  const lanes = new Set(l.items.map((i) => i.lane)).size;
  const png = await renderPng(lineageChartSpec(l));
  assert.deepEqual(pngSize(png), { width: LINEAGE_CHART.width * CHART_SCALE, height: lineageChartHeight(lanes) * CHART_SCALE });
  const svg = await renderSvg(lineageChartSpec(l));
  for (const label of ['Ettinger et al. 2016', 'Marks and Tegmark 2024', 'NLPI', 'MI']) assert.ok(svg.includes(`>${label}<`), label);
});

test('concept lookup by id, name or alias in either vocabulary, with suggestions otherwise', () => {
  for (const q of ['activation-patching', 'Activation Patching', 'causal tracing', 'causal mediation analysis', 'interchange_intervention']) {
    const m = findConcept(corpus, q);
    assert.ok(m.found && m.concept.id === 'activation-patching', q);
  }
  const miss = findConcept(corpus, 'patching heads');
  assert.ok(!miss.found);
  assert.deepEqual(miss.suggestions, ['activation-patching']);
  assert.match(miss.message, /no concept "patching heads" in the corpus: did you mean activation-patching\?/);
});
