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
    "Seven splits of real papers (title + abstract as published; the last three with their author line), each labelled before the bot was run on it: senses from the",
    "text, concepts, seed-grounded key precedents (`../shared/research/precedents.md`), and a relevant set (key precedents +",
    "the labelled concepts' precedents at labelling time) for precision@5.",
    "",
    "- `test/eval/real-dev.jsonl` (17 ACL Anthology 2023-24 papers): **tuned on** from the start (aliases, gating, verdict cues).",
    "- `test/eval/real-heldout.jsonl` (17 ACL Anthology papers): **tuned on since the second issue-16 round** (see below).",
    "- `test/eval/real-fresh.jsonl` (32 papers: 24 MI papers 2022-24 from arXiv, 20 of them in the corpus; 4 ACL interpretability",
    "  and 4 ACL non-interpretability papers read from `../shared/data/acl-anthology` by id): labels committed (f44ced0) before",
    "  any run; **tuned on since the second issue-16 round**.",
    "- `test/eval/real-fresh-2.jsonl` (28 papers): 15 MI papers 2023-25 from arXiv (metadata CC0; title and",
    "  abstract as published, closing sentences left out where marked), 7 ACL interpretability papers and 6 ACL papers that",
    "  are not interpretability (read from `../shared/data/acl-anthology` by id, not copied). Labels were committed (ce4303c)",
    "  before the bot was run on them; it was the untuned measure until the third round below, which **tuned on it**.",
    "  Narrow-cultural labels: \"yes\" when the abstract calls the work mechanistic interpretability or the paper is a",
    "  well-known MI-community paper, \"can't tell\" otherwise, \"no\" for non-interpretability papers.",
    "- `test/eval/real-fresh-3.jsonl` (30 papers; the untuned measure until the fourth round tuned on it): 17 MI papers 2024-25 from arXiv (2 of them in",
    "  the corpus), 7 ACL interpretability papers 2023-24 and 6 behavioural-only or non-interpretability papers. Each question is",
    "  pasted as a user copies it from the paper's page: title, author line, abstract (ACL items read title, authors and",
    "  abstract from the shared XML by id). Labelled and committed (f7f10db) by an engineer who never ran the bot, before any",
    "  run; nothing was changed after seeing its answers (three ids left its `relevant` lists before the first run, when the",
    "  acl-main selection dropped them; test/eval/README-fresh-3.md). Narrow cultural is labelled from the authors (a",
    "  `cultureNote` per item), so this split also measures whether the bot reads an author line.",
    "",
    "- `test/eval/real-fresh-4.jsonl` (27 papers, untuned): 12 MI papers 2024-25 from arXiv (4 in the",
    "  corpus), 10 ACL interpretability papers 2023-24 and 5 behavioural-only or non-interpretability papers, pasted and",
    "  labelled like fresh-3 by an engineer who never ran the bot (committed 28030e6 before any run; test/eval/README-fresh-4.md).",
    "- `test/eval/real-fresh-5.jsonl` (30 papers, untuned, **the newest measure**): 15 MI papers 2023-25 from arXiv (8 in the",
    "  corpus), 10 ACL interpretability papers 2023-24 (all in the corpus) and 5 behavioural-only or non-interpretability papers,",
    "  three of them next to an interpretability item on the same subject; labelled like fresh-3 and fresh-4 by an engineer who",
    "  never ran the bot (committed c3df30f before any run; test/eval/README-fresh-5.md). Every top-5 slot graded by a third grader.",
    "",
    "### Fifth round: corpus tagging, and three changes measured and not adopted",
    "",
    "Nothing in this round was chosen by reading a real split's failure list, and no real split was tuned on.",
    "",
    "- **Adopted: a tagging review of the corpus** (corpus/README.md, `corpus/selection/concept-tags-review.tsv`). 1,277 papers",
    "  that no concept reached were read by four reviewers against the concept descriptions; 797 were filed under 1-3 concepts.",
    "  NLPI papers reached by a concept: 379 -> 1,133 of 1,603. Effect on answers over the corpus without the paper in question",
    "  (leave-one-out, hybrid, key hit@5 / precision@5), before -> after: real dev 1.000 / 0.723 -> 0.923 / 0.692; fresh-3",
    "  0.920 / 0.712 -> 0.920 / 0.744; fresh-4 0.545 / 0.471 -> 0.545 / 0.471; fresh-5 0.440 / 0.347 -> 0.440 / 0.326; builder",
    "  dev and held-out hit@5 unchanged. So filing the corpus does not change what a new paper gets: its concepts are still",
    "  found from its own text. It does change what a paper already in the corpus gets, since its filed concepts are used",
    "  (fresh-4, as the bot answers today: key hit@5 0.591 -> 0.773, precision@5 0.456 -> 0.547; 8 of its 10 ACL",
    "  papers were filed by the review).",
    "- **Not adopted: concepts voted by the nearest corpus papers.** The 10 papers nearest to the text (the answer's own",
    "  search hits) vote for the concepts they are filed under; the vote boosted the text's concepts or added one with a high",
    "  share. On every split the change was within one item of no change (e.g. fresh-4 concept recall 0.310 -> 0.328 at",
    "  best, builder held-out concept F1 0.830 -> 0.790), because use-lite's nearest papers to a 2024 abstract are seldom on",
    "  its topic.",
    "- **Not adopted: narrow technical \"can't tell\" for an abstract that names internals but no method.** Fresh-4 and",
    "  fresh-5 label such abstracts \"can't tell\" (the bot says \"no\"). With an observational-method list (probes, lenses,",
    "  attribution, correlation, decoding) deciding \"no\", narrow technical fell on every tuned real split (real dev 0.941 ->",
    "  0.882, fresh 0.969 -> 0.906, fresh-2 0.964 -> 0.893, fresh-3 0.700 -> 0.633) and on fresh-4 (0.667 -> 0.630), rising",
    "  only on fresh-5 (0.533 -> 0.600): the labellers do not draw the line one rule can draw.",
    "- **Not adopted: four new concepts** (memorisation, training-data attribution, positional information, cloze-style",
    "  factual probing), proposed by the tagging reviewers as recurring topics with no concept. They moved fresh-5",
    "  precision@5 (leave-one-out) 0.326 -> 0.390 but cost builder held-out hit@5 (0.964 -> 0.929), fresh-3 key hit@5",
    "  (0.920 -> 0.880), and gave precedents to a non-interpretability paper (positional information on a paper about",
    "  position embeddings in a new architecture). Gating such topical concepts needs the stronger concept evidence below.",
    "- Parameter sweeps (concept thresholds, secondary-concept share, BM25 candidates, weight of search relevance in the",
    "  precedent score) moved no untuned split by more than one item.",
    "",
    "**Where this leaves the issue's targets.** On the untuned fresh-4 and fresh-5, answered as on the day they appeared",
    "(leave-one-out), key hit@5 is 0.545 and 0.440, precision@5 0.471 and 0.326 (graded 0.459 and 0.416), senses 0.769 and",
    "0.717, no precedents for any non-interpretability paper, filler 0.000. The plain BM25 baseline finds a key precedent more",
    "often (0.773 and 0.880 as answered today) but gives precedents to every non-interpretability paper. The gap to the",
    "targets is concept recognition on new vocabulary: the bundled encoder cannot place a 2024 abstract near the right",
    "concept, and aliases do not carry from one set of papers to the next. The next step is a stronger concept model (a",
    "sentence encoder of the MiniLM class, which the bot already supports when its files are present, or the LLM path),",
    "measured on fresh-5.",
    "",
    "### Fourth round: tuned on real-fresh-3, measured on real-fresh-4",
    "",
    "Aliases only (corpus/concepts), each prompted by a real-fresh-3 miss: shared dictionaries and crosscoder latents,",
    "natural-language explanations of SAE features, belief-state geometry, persona vectors and features, retrieval heads and",
    "heads responsible for a behaviour, unfaithful CoT and post-hoc rationalization, lie detectors and truthfulness",
    "encoding, semantic hub and linguistic regions, embedding-space interpretation, knowledge circuits, fine-tuning-based",
    "unlearning, information flow, canonical units, linear computation graphs; \"state tracking\" (formal languages) made",
    "specific. Before -> after, hybrid (use-lite):",
    "",
    "| split | key hit@5 | precision@5 | senses (all 4) | not interp. with precedents |",
    "|---|---|---|---|---|",
    "| real fresh-3 (tuned on this round) | 0.480 -> 0.960 | 0.529 -> 0.704 | 0.808 -> 0.842 | 1 of 5 -> 0 of 5 |",
    "| real held-out | 0.833 -> 0.917 | 0.750 -> 0.783 | 0.824 -> 0.824 | 0 of 5 -> 0 of 5 |",
    "| **real fresh-4 (untouched)** | **0.591 -> 0.591** | **0.444 -> 0.456** | 0.833 -> 0.833 | 0 of 5 -> 0 of 5 |",
    "",
    "Builder dev 0.987 and held-out 0.964 unchanged; real dev, fresh and fresh-2 unchanged or up. The untouched split barely",
    "moved: aliases written for one set of papers rarely carry to the next, because 2024-25 MI papers keep coining terms.",
    "On fresh-4 the misses are again concepts not recognized (concept recall 0.379) and, for 4 of its 22 interpretability",
    "papers, no precedents at all. This is the honest state of the bot on papers it has not seen; a stronger encoder than",
    "use-lite (concept similarity over descriptions) or a model-written concept tagger would be the next step, not more aliases.",
    "",
    "### Third round: what changed, and before -> after",
    "",
    "Tuned on real-fresh-2 (its failure list was read) and the other real splits; checked on the builder splits. Aliases",
    "for methods described without their usual name (vocabulary projection for the logit lens, locating individual neurons,",
    "negative and individually identified heads, ablating components, memorized vs in-context answers, concepts as",
    "directions, evaluating interpretability methods, Procrustes similarity, circuit components); the faithfulness concept",
    "needs explanation context (its bare one-word aliases are gone, so a summary's faithfulness to its source is another",
    "topic); interventions named by what is done (scaling heads, removing subnetworks, zeroing components, replacing a",
    "representation, applying a fitted map, causal experiments), and \"intervening\" in a human or training sense does not count.",
    "",
    "Hybrid (use-lite), on the 2,143-paper corpus, before -> after (key hit@5 / precision@5 / filler / senses / not interp. with precedents):",
    "",
    "| split | before | after |",
    "|---|---|---|",
    "| real fresh-2 (tuned on this round) | 0.727 / 0.811 / 0.000 / 0.813 / 1 of 6 | 0.909 / 0.918 / 0.064 / 0.857 / 0 of 6 |",
    "| real fresh-2, leave-one-out | 0.727 / 0.800 / 0.000 / 0.848 / 1 of 6 | 0.818 / 0.864 / 0.064 / 0.893 / 0 of 6 |",
    "| real fresh | 0.929 / 0.746 / 0.177 / 0.938 / 0 of 4 | 0.964 / 0.748 / 0.170 / 0.945 / 0 of 4 |",
    "| real held-out, leave-one-out | 0.833 / 0.782 / 0.418 / 0.926 / 0 of 5 | 0.917 / 0.783 / 0.383 / 0.971 / 0 of 5 |",
    "",
    "Builder dev hit@5 0.987 -> 0.987, held-out 0.964 -> 0.964. Then the corpus changed (the acl-main selection became a",
    "majority of three reviews, 303 papers left; 203 checked papers were added: MI features and circuits, NLP interpretability",
    "outside the shared XML; 2,062 papers), which moved two answers the labels had fixed: builder dev hit@5 0.987 -> 0.975 (the",
    "grokking question: Chiang et al. 2020 from rank 4 to 6, behind a pruning precedent of a neighbouring concept; tuned back on",
    "dev with the alias \"progress measures\" for training dynamics: 0.987) and real dev 1.000 -> 0.923 (the paper on query and",
    "key matrices of in-context heads: newly added in-context-learning papers tagged with that concept, Min et al. 2022, Akyurek",
    "et al. 2022, Hendel et al. 2023, now fill its top 5 ahead of the labelled attention-head analyses; the labels predate them).",
    "",
    "**Before the fourth round, real-fresh-3 (then untuned) was far from the issue's targets**: key hit@5 0.480, precision@5 0.529 (graded",
    "0.571, strict 0.247), filler 0.000, concept precision 0.750 and recall 0.250, senses 0.808, 1 of 5 non-interpretability",
    "papers given precedents. Concept recall is the cause of most misses: 2024-25 MI papers use vocabulary the crosswalk's",
    "aliases and descriptions do not carry (crosscoders and chat-tuning artefacts, belief-state geometry, persona vectors,",
    "retrieval heads, thought anchors, latent multi-hop), and with no concept recognized there are no precedents. Two",
    "interpretability papers with no concept recognized are judged \"another topic\" from one word (\"state-of-the-art\",",
    "\"pretraining\"); a planning-benchmark paper gets formal-language precedents. With the author line pasted, narrow cultural",
    "is 0.733: the bot places authors only when they lead at least two corpus papers of one community. Tuning on these",
    "failures would need a fresh-4 split to measure it.",
    "",
    "### Second round: what changed, and before -> after",
    "",
    "Tuned on real dev, real held-out and real fresh (their failure lists were read), checked on the builder splits:",
    "",
    "- No precedents from text search alone: with no concept recognized, search hits are related work, never \"earlier work\"",
    "  (a text-similar NLPI paper is not evidence of a precedent). This quiets non-interpretability papers and removes the",
    "  unrelated precedents that filled concept-less answers.",
    "- Recognition channels: a concept found without a specific (multi-word) alias (embedding, BM25 over its description, or",
    "  a one-word alias) is weak evidence that the text is interpretability at all; next to another topic it no longer makes",
    "  the verdict \"interpretability\".",
    "- Secondary concepts: at most 3 concepts; a secondary one counts when its score is >= 0.95 of the main one's or it is a",
    "  curated neighbour at >= 0.8 (was 5, 0.9, 0.6).",
    "- Verdict cues: \"internal workings\" is internals; modifying weights and pruning neuron weights are interventions;",
    "  activations named with no interpretability word and no concept (\"caches activations\") are an engineering detail;",
    "  architecture topics (subquadratic, state-space, linear attention) count as another topic.",
    "- Aliases: removed the generic one-word \"feature\" (feature-terminology) and \"SHIFT\" (shortcut-features, matched the word",
    "  \"shift\"); added method phrasings (\"specific neurons\", \"identify neurons\", \"neuron weights\", \"editing internal",
    "  representations\", \"inference-time intervention\", \"linearly encoded\", \"pruning the neuron\").",
    "",
    "Hybrid (use-lite) before (main at 27b9ea3) -> after (this branch, frozen before real-fresh-2 was run):",
    "",
    "| split | key hit@5 | precision@5 | filler rate | senses (all 4) | not interp. with precedents |",
    "|---|---|---|---|---|---|",
    "| real dev (tuned on) | 1.000 -> 1.000 | 0.877 -> 0.877 | 0.077 -> 0.077 | 0.868 -> 0.868 | 0/4 -> 0/4 |",
    "| real held-out (tuned on this round) | 0.583 -> 0.750 | 0.545 -> 0.727 | 0.164 -> 0.382 | 0.735 -> 0.824 | 3/5 -> 1/5 |",
    "| real fresh (tuned on this round) | 0.857 -> 0.929 | 0.593 -> 0.754 | 0.222 -> 0.238 | 0.906 -> 0.930 | 1/4 -> 0/4 |",
    "| **real fresh-2 (untouched)** | 0.818 -> 0.773 | 0.718 -> 0.800 | 0.000 -> 0.000 | 0.777 -> 0.804 | 3/6 -> 1/6 |",
    "",
    "Builder splits: dev hit@5 0.987 -> 0.987, recall@10 0.951 -> 0.939, MRR 0.892 -> 0.911; held-out 0.964 / 0.946 / 0.875",
    "unchanged. Weekly-scan filter (`npm run eval:digest-scan`): precision 0.833 -> 0.900, recall 0.556 -> 0.500.",
    "",
    "These were measured on the 1,528-paper corpus. After merging main (2,114 papers; same code, the tables above), real-fresh-2",
    "is 0.773 / 0.800 / 0.000 / senses 0.813 / 1 of 6; real held-out 0.833 / 0.733 / 0.333 / 0.779 / 1 of 5; real fresh",
    "0.929 / 0.754 / 0.246 / 0.938 / 0 of 4; real dev 1.000 / 0.862 / 0.077 / 0.809 / 0 of 4 (narrow cultural falls to 0.294:",
    "more of its papers are now in the corpus and judged by their ACL label, see the label conflict below); builder dev",
    "0.987 / 0.943 / 0.903, held-out 0.964 / 0.946 / 0.893; weekly-scan precision 0.900, recall 0.500.",
    "",
    "On real-fresh-2, key hit@5 fell by one paper (Backward Lens: its key precedent came only from text search, which no",
    "longer names precedents); three papers now get no precedents at all because no concept is recognized (Patchscopes,",
    "Backward Lens, Characterizing Mechanisms for Factual Recall), which is why precision@5 counts 19 of 22 papers.",
    "The remaining non-interpretability paper with precedents (STORYSUMM) is matched by \"faithfulness\" (faithfulness vs",
    "plausibility, a specific alias) in its summarization sense.",
    "",
    "Three-grade relevance (relevant / loosely related / irrelevant) of every top-5 precedent on real-fresh-2 was graded by",
    "hand after the code freeze (`eval/relevance-grades.tsv`, section \"Graded relevance\" above): 95 slots, 45 relevant, 37",
    "loosely related, 13 irrelevant; graded precision@5 0.668 (loosely related counts half), strict 0.474 (real held-out,",
    "graded too but tuned on: 0.691, strict 0.436). On the merged corpus a few answers changed; their new slots were graded",
    "as well (merged: real-fresh-2 0.668, real held-out 0.708). The binary",
    "precision@5 (0.800) counts every precedent of a labelled concept as relevant, which is more generous than a reader.",
    "",
    "The issue's targets on the untuned split are not met: key hit@5 0.773 (target 0.9), precision@5 0.800 (0.8, met on the",
    "binary labels, not on the graded ones), senses 0.804 (0.95), filler 0.000 (0.05, met), non-interpretability papers with",
    "precedents 1/6 (0). The senses gap is mostly narrow cultural (0.429): a corpus paper recognized by its title is judged by",
    "its corpus community label (ACL venue: \"no\"), where the abstract-only label says \"can't tell\"; and MI-community papers",
    "not in the corpus get \"can't tell\" where the label says \"yes\".",
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
    "### First round (for the record)",
    "",
    "Hybrid (use-lite) before the first issue-16 round (f44ced0) -> after it (27b9ea3): real dev key hit@5 0.692 -> 1.000,",
    "precision@5 0.538 -> 0.877; real held-out 0.583 -> 0.583, 0.564 -> 0.545; real fresh 0.786 -> 0.857, 0.607 -> 0.593.",
    "That round added paper identity (a pasted title + abstract of a corpus paper resolves to it, Dice >= 0.9 on one of the",
    "first lines), closeness to the main concept, two-word aliases that must appear together, interventions named by what is",
    "done, \"not interpretability\" with positive evidence of another topic, pasted header lines (author line, venue with year,",
    "MI-community affiliation) feeding narrow cultural, and aliases from real-dev misses. Not done: \"earlier\" for a question",
    "with no date as \"earlier than the concept's earliest MI work\", and the matching `corpus:check` rule (done since, see Dates above).",
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
