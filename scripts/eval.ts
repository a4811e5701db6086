/**
 * `npm run eval`: every system over the dev and held-out splits, side by side. Writes
 * eval/results.md, eval/results.json and docs/eval.md; exits 1 when a gating check fails (the hybrid
 * must beat BM25-only and dense-only on hit@5 and recall@10 on dev, and stay above its quality floors).
 *
 * Options: --data-dir <dir> keeps the per-embedder vector indexes (default .cache/eval/, reused
 * between runs); MECHANISTIC_MODELS_DIR is where MiniLM is looked for (it is never downloaded here).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_CORPUS_DIR, loadCorpus } from '../src/corpus/load.ts';
import { EvalSetError } from './eval/dataset.ts';
import { renderJson, renderMarkdown, resultsTable } from './eval/report.ts';
import { runEval } from './eval/run.ts';

const root = (p: string) => fileURLToPath(new URL(`../${p}`, import.meta.url));

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  process.stderr.write(`wrote ${path}\n`);
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { 'data-dir': { type: 'string' } } });
  const corpus = loadCorpus(DEFAULT_CORPUS_DIR);
  let run;
  try {
    run = await runEval({
      corpus,
      dataDir: values['data-dir'] ?? root('.cache/eval'),
      modelsDir: process.env.MECHANISTIC_MODELS_DIR || undefined,
      log: (line) => process.stderr.write(`${line}\n`),
      progress: (embedder, e) => {
        if (e.phase === 'rebuild') process.stderr.write(`index (${embedder}): rebuilding, ${e.reason}\n`);
        else if (e.phase === 'embed' && e.total > 0 && (e.done === e.total || e.done % 128 === 0)) process.stderr.write(`index (${embedder}): embedded ${e.done}/${e.total}\n`);
      },
    });
  } catch (e) {
    if (e instanceof EvalSetError) {
      process.stderr.write(`${e.message}\n`);
      return 2;
    }
    throw e;
  }
  const when = new Date();
  const md = renderMarkdown(run, corpus, when);
  write(root('eval/results.md'), md);
  write(root('eval/results.json'), renderJson(run, corpus, when));
  write(root('docs/eval.md'), docsPage(run, md));
  for (const [split, { results }] of Object.entries(run.splits)) process.stdout.write(`\n${split}\n${resultsTable(results)}\n`);
  const gating = run.gates.filter((g) => g.gating);
  const failed = gating.filter((g) => !g.passed);
  process.stdout.write(`\ngates: ${gating.length - failed.length}/${gating.length} pass\n`);
  for (const g of failed) process.stdout.write(`FAIL ${g.name} (${g.detail})\n`);
  for (const g of run.gates.filter((x) => !x.gating && !x.passed)) process.stdout.write(`note (not gating): ${g.name} fails (${g.detail})\n`);
  return failed.length > 0 ? 1 : 0;
}

/** docs/eval.md: the latest tables with a pointer to the full results (the README links here). */
function docsPage(run: Awaited<ReturnType<typeof runEval>>, fullMarkdown: string): string {
  const tables = fullMarkdown.slice(fullMarkdown.indexOf('## Embedders'), fullMarkdown.indexOf('## Gates'));
  const gates = run.gates.filter((g) => g.gating && !g.passed);
  return [
    '# Evaluation',
    '',
    'How well the bot answers, measured by `npm run eval` on hand-written questions in `test/eval/` (88 dev, 33 held-out:',
    'MI paper titles and abstract-style descriptions, one-line methods, slang, non-mechanistic and off-topic questions).',
    'Each question lists the concepts, the earlier NLP-interpretability precedents (from the seed paper\'s section 3 map)',
    'and the four definition labels a good answer has. Full tables, confusion tables and failure cases: `eval/results.md`.',
    '',
    tables.trimEnd(),
    '',
    gates.length === 0 ? 'All gating checks pass.' : `Gating checks that fail: ${gates.map((g) => `${g.name} (${g.detail})`).join('; ')}.`,
    ...run.gates.filter((g) => !g.gating && !g.passed).map((g) => `Not gating, but worth knowing: ${g.name} does not hold (${g.detail}).`),
    '',
  ].join('\n');
}

process.exitCode = await main();
