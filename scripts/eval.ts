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
    "Three splits of real papers (title + abstract as published), each labelled before the bot was run on it: senses from the",
    "text alone, concepts, seed-grounded key precedents (`../shared/research/precedents.md`), and a relevant set (key precedents +",
    "the labelled concepts' precedents at labelling time) for precision@5.",
    "",
    "- `test/eval/real-dev.jsonl` (17 ACL Anthology 2023-24 papers): **tuned on** (aliases, gating, verdict cues).",
    "- `test/eval/real-heldout.jsonl` (17 ACL Anthology papers): never tuned on.",
    "- `test/eval/real-fresh.jsonl` (32 papers, added for issue 16): 24 MI papers 2022-24 (arXiv metadata, CC0; 20 of them are",
    "  in the corpus, so the text tests paper identity too), 4 ACL interpretability papers and 4 ACL papers that are not",
    "  interpretability (these 8 are read from `../shared/data/acl-anthology` by id, not copied). Labels were committed",
    "  (f44ced0) before any answer was looked at; never tuned on. Its narrow-cultural labels say what the paper is when the",
    "  title names a known MI paper and \"can't tell\" otherwise. Never tuned on, but not untouched: its before-run and the",
    "  held-out failure lists had been seen when the generic-word rules (\"not interpretability\" needs another topic;",
    "  \"probe\" as a verb) were written. Those rules follow the issue's stated principles and were checked on dev only;",
    "  one held-out non-interpretability paper went quiet with them (3/5 -> 2/5), so that number is not a clean",
    "  held-out measure. No fresh-split verdict changed because of them.",
    "",
    "Together: 66 papers, 24 + 4 MI-community papers from 2022-24 (CAA, Competition of Mechanisms and others are in real-dev and",
    "real-heldout), 25 + 4 ACL interpretability papers, 9 + 4 that are not interpretability.",
    "",
    "Hybrid (use-lite) before the issue-16 work of this round (commit f44ced0) -> now: see the tables above for now.",
    "",
    "| split | key hit@5 | precision@5 | filler rate | senses (all 4) | not interp. with precedents |",
    "|---|---|---|---|---|---|",
    "| real dev (tuned on) | 0.692 | 0.538 | 0.062 | 0.838 | 0/4 |",
    "| real held-out | 0.583 | 0.564 | 0.164 | 0.750 | 3/5 |",
    "| real fresh | 0.786 | 0.607 | 0.200 | 0.922 | 1/4 |",
    "",
    "What changed (src/core/answer.ts, definitions.ts, paper-resolver.ts, input.ts, fetched-culture.ts, concept-recognizer.ts):",
    "",
    "- Paper identity: a pasted title (+ abstract) of a corpus paper resolves to it by title, exactly or by word overlap",
    "  (Dice >= 0.9) on one of the first lines, so an author or venue line in front does not break it; it brings the",
    "  concepts the corpus files that paper under (as an MI example or by tag), ordered by the text's own evidence.",
    "- Concept precision: a secondary concept counts only when close to the main one (score >= 0.9 of it, or a curated",
    "  neighbour at >= 0.6); two-word aliases must appear together; the field name \"mechanistic interpretability\" no longer",
    "  names a concept; \"probe\" counts only as the method, not the verb.",
    "- Verdicts: interventions recognized by what is done (restoring activations into a corrupted run, shifting",
    "  activations, removing or adding a direction, knowledge editing, masking or pruning); \"not interpretability\" when",
    "  the text is positively about another topic (a method judged against baselines, training, decoding, efficiency,",
    "  data) and its only interpretability evidence is one generic word (\"explanations\", \"rationale\") or a faint concept.",
    "- Pasted header lines (author line, venue with year, an MI-community affiliation) feed narrow cultural through the",
    "  fetched-paper rules, and the venue's year dates the text for precedents.",
    "- Aliases from real-dev misses (tuned on real dev only).",
    "",
    "The issue's targets (key hit@5 >= 0.9, precision@5 >= 0.8, senses >= 0.95, filler <= 0.05, no precedents for",
    "non-interpretability papers) are met on real dev (tuned on) for key hit@5 and quiet non-interpretability papers, not",
    "for precision@5, filler or senses; on the untuned splits (held-out, fresh) none is met.",
    "Every failure case is listed in `eval/results.md`.",
    "",
    "Dates (src/core/dates.ts): \"earlier\" is by first appearance (the arXiv id's month counts: Knowledge Neurons, ACL 2022,",
    "was on arXiv in April 2021, before ROME); a question with no date gets as earlier work only what appeared before the",
    "concept's earliest MI work, and `corpus:check` holds every concept's precedents to that (62 links moved to the",
    "concepts' `later` lists). Its cost, with the reasons: real-dev precision@5 0.877 -> 0.785 (pasted abstracts have no",
    "date, so NLPI work after a concept's first MI work, e.g. Subramani et al. 2022 and Geva et al. 2022 after ROME, which",
    "the graded labels count as relevant, makes way for earlier work the labels never graded); builder dev hit@5",
    "0.987 -> 0.975 and MRR 0.892 -> 0.866 (the superposition questions now get Arora et al. 2018 and Dalvi et al. 2019",
    "first, earlier than the 2020 Circuits work, where the labels name Mu and Andreas 2020 and later work); real-fresh",
    "MRR 0.693 -> 0.673 and filler 0.222 -> 0.259 (for papers dated after it, a concept's later work ranks in its own",
    "curated order beside the precedents, so Durrani et al. 2020, first of the circuits and neurons later lists, reaches",
    "a quarter of the fresh top 5s; precision@5 there rose 0.593 -> 0.615). 20 dev and",
    "held-out labels that named later NLPI work as earlier work for an undated question were corrected (the later ids",
    "removed; the logit-lens and polysemanticity items, left empty, name Voita et al. 2019 / Tenney et al. 2019 and",
    "Arora et al. 2018 / Dalvi et al. 2019).",
    "",
    "Known label conflict: 11 of the 34 real-dev/held-out papers are themselves in the corpus, so a pasted title + abstract",
    "is recognized as that corpus paper and its narrow-cultural verdict is read from its community label (NLPI: \"no\"), where",
    "the abstract-only labels say \"can't tell\". The labels were not changed after seeing the output.",
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
