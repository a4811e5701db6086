/**
 * Renders a Vega-Lite spec to PNG: Vega-Lite → Vega → SVG (View.toSVG, no canvas needed) →
 * PNG with resvg. Text needs a system font: DejaVu Sans (Debian: fonts-dejavu-core).
 */
import { Resvg } from '@resvg/resvg-js';
import type { TopLevelSpec } from 'vega-lite';

export const CHART_SCALE = 2;

/**
 * Vega-Lite is imported on first use, not at module load: it adds `Set.prototype.toJSON`, and
 * discord.js evaluated after that fails at import ("string "Set()" is not iterable"). Loading it
 * late keeps every process that merely imports the digest (serve, `help`) safe in any import order.
 * Vega too is imported on first use: it is ESM only with top-level await, which the CommonJS bundle of the
 * CLI (dist/cli.cjs, scripts/build.ts) can load only through `import()`.
 */
let vegaLite: Promise<typeof import('vega-lite')> | undefined;
let vega: Promise<typeof import('vega')> | undefined;

export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const [{ compile }, { parse, View }] = await Promise.all([(vegaLite ??= import('vega-lite')), (vega ??= import('vega'))]);
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Rasterizes SVG at `scale` (2 = sharp on high-density screens). */
export function svgToPng(svg: string, scale: number = CHART_SCALE): Buffer {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: '#ffffff',
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  });
  return resvg.render().asPng();
}

/**
 * Whether resvg finds a font: without one, charts render with no text at all, silently.
 * Renders one word and looks for dark pixels.
 */
export function canRenderText(): boolean {
  const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="30"><text x="4" y="22" font-family="sans-serif" font-size="18" fill="#000">Vig 2020</text></svg>';
  const { pixels } = new Resvg(svg, { font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' } }).render();
  let dark = 0;
  for (let i = 0; i < pixels.length; i += 4) if (pixels[i + 3]! > 0 && pixels[i]! < 128) dark++;
  return dark > 20;
}

export async function renderPng(spec: TopLevelSpec, scale: number = CHART_SCALE): Promise<Buffer> {
  return svgToPng(await renderSvg(spec), scale);
}
