/**
 * `npm run corpus:stats`: prints the corpus table and draws docs/corpus-papers-per-year.png (and .svg).
 *   npm run corpus:stats [-- --out docs/corpus-papers-per-year.png]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCorpus } from '../src/corpus/load.ts';
import { corpusStats, papersPerYearSpec, statsTable } from '../src/corpus/stats.ts';
import { renderSvg, svgToPng } from '../src/digest/render-png.ts';

const outIndex = process.argv.indexOf('--out');
const out = outIndex >= 0 ? process.argv[outIndex + 1]! : fileURLToPath(new URL('../docs/corpus-papers-per-year.png', import.meta.url));
const stats = corpusStats(loadCorpus());
process.stdout.write(`${statsTable(stats)}\n`);
const svg = await renderSvg(papersPerYearSpec(stats));
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, svgToPng(svg));
writeFileSync(out.replace(/\.png$/, '.svg'), svg);
process.stderr.write(`chart written to ${out}\n`);
