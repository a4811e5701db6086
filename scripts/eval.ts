/**
 * `npm run eval`: every system over the dev and held-out splits, side by side. Writes
 * eval/results.md, eval/results.json and docs/eval.md; exits 1 when a gating check fails (the hybrid
 * must beat BM25-only and dense-only on hit@5 and recall@10 on dev, and stay above its quality floors).
 *
 * Options: --data-dir <dir> keeps the per-embedder vector indexes (default .cache/eval/, reused
 * between runs); MECHANISTIC_MODELS_DIR is where MiniLM is looked for (it is never downloaded here).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_CORPUS_DIR, loadCorpus } from '../src/corpus/load.ts';
import { EvalSetError } from './eval/dataset.ts';
import { realTable, renderJson, renderMarkdown, resultsTable } from './eval/report.ts';
import { isRealSplit, type SplitName } from './eval/dataset.ts';
import { runEval } from './eval/run.ts';
import { referenceSectionOf, withReferenceSection } from './eval/references.ts';

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
  // The reference-matching section (npm run eval:references) is kept as it is.
  let kept: string | null = null;
  try {
    kept = referenceSectionOf(readFileSync(root('eval/results.md'), 'utf8'));
  } catch {}
  const md = renderMarkdown(run, corpus, when);
  write(root('eval/results.md'), kept ? withReferenceSection(md, kept) : md);
  write(root('eval/results.json'), renderJson(run, corpus, when));
  write(root('docs/eval.md'), docsPage(run, md));
  for (const [split, { results }] of Object.entries(run.splits)) process.stdout.write(`\n${split}\n${isRealSplit(split as SplitName) ? realTable(results) : resultsTable(results, run.embedders)}\n`);
  const gating = run.gates.filter((g) => g.gating);
  const failed = gating.filter((g) => !g.passed);
  process.stdout.write(`\ngates: ${gating.length - failed.length}/${gating.length} pass\n`);
  for (const g of failed) process.stdout.write(`FAIL ${g.name} (${g.detail})\n`);
  for (const g of run.gates.filter((x) => !x.gating && !x.passed)) process.stdout.write(`note (not gating): ${g.name} fails (${g.detail})\n`);
  return failed.length > 0 ? 1 : 0;
}

/** docs/eval.md: the latest tables, how to read them, and the failure patterns (the README links here). */
function docsPage(run: Awaited<ReturnType<typeof runEval>>, fullMarkdown: string): string {
  const tables = fullMarkdown.slice(fullMarkdown.indexOf('## Embedders'), fullMarkdown.indexOf('## Gates'));
  const failing = run.gates.filter((g) => g.gating && !g.passed);
  const notes = run.gates.filter((g) => !g.gating && !g.passed);
  return [
    '# Evaluation',
    '',
    '`npm run eval` answers hand-written questions in `test/eval/` with every system and scores them: 88 dev questions (used',
    'for tuning) and 33 held-out ones (never tuned on). They are MI paper titles, abstract-style descriptions in our own',
    'words, one-line methods, slang ("we did causal tracing on the MLPs", "resid stream SAE latents"), interpretability',
    'questions that are not about internals (behavioural tests, saliency, rationales), and questions that are not',
    'interpretability at all (prompting, tokenizers, GPU kernels). Each lists the crosswalk concepts, the earlier',
    'NLP-interpretability precedents the seed paper\'s section 3 pairs with them, and the four definition labels.',
    'The full report, with confusion tables and every failure case, is `eval/results.md` (numbers: `eval/results.json`).',
    '',
    tables.trimEnd(),
    '',
    '## Gates',
    '',
    failing.length === 0
      ? 'All gating checks pass: on the dev split the hybrid beats BM25-only and dense-only on hit@5 and recall@10, and it stays above its quality floors on both splits (the floors are in `scripts/eval/run.ts`; `test/eval/eval.test.ts` checks them on every test run).'
      : `Gating checks that fail: ${failing.map((g) => `${g.name} (${g.detail})`).join('; ')}.`,
    ...notes.map((g) => `\nNot gating, but worth knowing: ${g.name} does not hold (${g.detail}).`),
    '',
    "## Real papers (issue 16)",
    "",
    "`test/eval/real-{dev,heldout}.jsonl`: 34 real ACL Anthology 2023-24 papers (title + abstract as published; ACL Anthology,",
    "https://aclanthology.org, CC BY 4.0, read from `../shared/data/acl-anthology`), 25 interpretability and 9 not (training",
    "methods, architectures, prompting, decoding, capability benchmarks). Labels (senses from the abstract alone, concepts,",
    "seed-grounded key precedents, a relevant set = key precedents + the labelled concepts' precedents at labelling time) were",
    "written and committed before the bot was run on them. Real dev was tuned on (aliases, gating); real held-out was not.",
    "",
    "Hybrid (use-lite), before -> after the issue-16 changes:",
    "",
    "| split | key hit@5 | precision@5 | filler rate | senses (all 4) | not interp. with precedents |",
    "|---|---|---|---|---|---|",
    "| real dev (tuned on) | 0.846 -> 0.692 | 0.462 -> 0.523 | 0.323 -> 0.062 | 0.691 -> 0.912 | 4/4 -> 0/4 |",
    "| real held-out | 0.750 -> 0.583 | 0.433 -> 0.564 | 0.400 -> 0.164 | 0.662 -> 0.779 | 5/5 -> 3/5 |",
    "",
    "Key-precedent hit@5 went down: gating drops faint concept matches that had brought a key precedent in by luck (with no",
    "concept left, the answer falls back to search hits). The issue's targets (hit@5 >= 0.9, precision@5 >= 0.8) are not met;",
    "every failure case is listed in `eval/results.md`.",
    "",
    "After the corpus grew to every selected ACL interpretability paper (issue 17), 11 of the 34 real papers (7 dev, 4",
    "held-out) are themselves in the corpus, so a pasted title + abstract is recognized as that corpus paper and its",
    "narrow-cultural verdict is read from its community label (NLPI: \"no\"), where the abstract-only labels say \"can't tell\".",
    "That is why narrow cultural on the real splits fell from 0.882 to 0.588 (dev) and 0.647 to 0.529 (held-out), with key",
    "hit@5 and precision@5 unchanged; the labels were not changed after seeing the output. A fresh set of real papers",
    "outside the corpus is the honest next measurement.",
    "",
    '## Which embedder, and why',
    '',
    '`MECHANISTIC_EMBEDDER=auto` (the default) uses MiniLM when its files are already on disk and the bundled use-lite',
    'encoder otherwise: use-lite needs no download and its corpus vectors ship with the repository, so a fresh clone',
    'answers in seconds. The eval tries every embedder and never downloads; a row marked "not loadable here" says why.',
    'Where only use-lite loads, use-lite is what the bot runs and what these numbers measure.',
    '',
    '## What the numbers say',
    '',
    '- Precedents reach the answer mostly through the concept crosswalk, so concept recognition decides most of the',
    '  score. Aliases catch slang and method names; BM25 over each concept\'s name, aliases and description catches',
    '  pasted abstracts that use none of the aliases word for word; embedding similarity adds a little on top.',
    '- Plain dense retrieval with use-lite (`dense-plain`) is weak: the encoder is small and the corpus texts are short.',
    '  In the hybrid its vectors help in rank fusion and concept similarity, never alone.',
    '- The plain BM25 baseline names up to five concepts per question. That buys recall (more concepts bring more',
    '  precedents) at the cost of concept F1 and of answers to off-topic questions, which the hybrid leaves empty.',
    '',
    '## Known failure patterns and what would fix them',
    '',
    '- Narrow technical is answered true too often: a recognized concept marked causal in the corpus counts as',
    '  intervention evidence on its own ("a sentiment neuron in the MLP" is descriptive, not causal). Requiring an',
    '  intervention cue in the text as well, or marking only intervention concepts as causal, would fix most of them.',
    '- The technical senses are never "cannot tell": a question that names no method ("reverse engineering the',
    '  algorithm a model implements") still gets true or false.',
    '- Precedents are ranked by the score of the concept that brings them. When a question is phrased indirectly, the',
    '  concept it is really about can be recognized with a lower score than a neighbour, and the neighbour\'s long',
    '  precedent list pushes its first precedents below 10; interleaving the concepts\' lists by rank would fix that.',
    '- When a question names only one concept, precedents of closely related concepts (the corpus already lists them',
    '  under `related`) are not considered; letting them fill a short list would raise recall.',
    '- Paraphrases that share no alias and few description words (e.g. "true and false statements separate along a',
    '  single linear direction" for the linear representation hypothesis) need an alias in that wording or a',
    '  stronger encoder.',
    '',
  ].join('\n');
}

process.exitCode = await main();
