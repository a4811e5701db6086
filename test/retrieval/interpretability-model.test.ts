/** Issue 16: the shipped "is this interpretability research?" model, and the cue rule beside it. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { answer } from '../../src/core/answer.ts';
import { showsInterpretability, textCues } from '../../src/core/definitions.ts';
import { PaperResolver } from '../../src/core/paper-resolver.ts';
import { loadCorpus } from '../../src/corpus/load.ts';
import { readAnthologyDir } from '../../src/ingest/anthology.ts';
import { interpretabilityScores } from '../../src/ingest/interpretability-model.ts';
import { parseLabelsTsv } from '../../src/ingest/selection.ts';
import { bundledInterpretabilityModel, interpretabilityProbability } from '../../src/retrieval/interpretability-classifier.ts';
import { createRetriever } from '../../src/retrieval/retriever.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ANTHOLOGY = join(ROOT, '..', 'shared', 'data', 'acl-anthology', 'main');

test('the shipped model is exactly what the training script makes from the Anthology data and the review labels', { skip: !existsSync(ANTHOLOGY) && 'no ../shared/data' }, () => {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/ingest/interpretability-model.ts', '--check'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr + run.stdout);
  assert.match(run.stdout, /interpretability\.bin is up to date/);
});

test('on the random hand-labelled Anthology sample, left out of training, most of its "yes" are right', { skip: !existsSync(ANTHOLOGY) && 'no ../shared/data' }, () => {
  const model = bundledInterpretabilityModel();
  assert.ok(model, 'corpus/models/interpretability.bin is shipped');
  const labels = parseLabelsTsv(readFileSync(join(ROOT, 'corpus/selection/acl-main-random-labels.tsv'), 'utf8'), 'random labels');
  const papers = new Map(
    readAnthologyDir(ANTHOLOGY)
      .flatMap((r) => r.papers)
      .map((p) => [p.ids.acl, p]),
  );
  const texts = labels.filter((l) => papers.has(l.anthologyId)).map((l) => ({ id: l.anthologyId, text: `${papers.get(l.anthologyId)!.title}\n${papers.get(l.anthologyId)!.abstract ?? ''}`, interpretability: l.relevant }));
  assert.ok(texts.length > 600);
  const s = interpretabilityScores(model, texts, 0.3);
  // Measured when it was last trained (the mean of 16 runs of 8 epochs, each with its own shuffle; the real papers of the
  // ranking's training splits learned from their labels, the later splits' left out): precision 0.690, recall 0.674 (29
  // of 43), accuracy 0.958 at 0.3; with every eval-set paper left out 0.719 / 0.535 / 0.955 (1141 left out), 0.647 /
  // 0.512 / 0.948 (871); with 841 left out (before real-fresh-28)
  // 0.657 / 0.535 / 0.950. The single run it replaced read 0.600 / 0.488 / 0.944 with the shipped seed and 0.686–0.719 /
  // 0.535–0.558 with four others (docs/eval.md, "Twenty-second round"). Everything-no would score accuracy 0.933 and recall 0.
  assert.ok(s.precision >= 0.6 && s.recall >= 0.5 && s.accuracy >= 0.945, JSON.stringify(s));
});

test('the shipped model does not hang on its shuffle order: trained with other seeds it reads the random sample the same', { skip: !existsSync(ANTHOLOGY) && 'no ../shared/data' }, () => {
  // Seeds 1000–1015 against the shipped 7–22: no run in common.
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/ingest/interpretability-model.ts', '--seed', '1000'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr + run.stdout);
  const m = /yes at [\d.]+ differs on (\d+) of (\d+) papers; mean \|probability change\| ([\d.]+); largest ([\d.]+)/.exec(run.stdout);
  assert.ok(m, run.stdout);
  // Measured: 5 of 640 papers change side, each within 0.03 of the bar; mean change 0.0026, largest 0.0419 (trained only
  // on Anthology and corpus texts it was 0 or 1 of 640, 0.0025, 0.0324: the training splits' papers put more of the
  // sample near the bar, not more movement). A single run of the same training moved 4–7 of the 43 "yes" papers between seeds.
  assert.ok(Number(m[2]) > 600 && Number(m[1]) <= 6 && Number(m[3]) < 0.01 && Number(m[4]) < 0.06, m[0]);
  const bad = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/ingest/interpretability-model.ts', '--seed', 'one'], { cwd: ROOT, encoding: 'utf8' });
  assert.notEqual(bad.status, 0);
  assert.match(bad.stderr, /--seed takes a whole number, not "one"/);
});

test('the model separates an interpretability abstract from a method paper', () => {
  const model = bundledInterpretabilityModel();
  assert.ok(model);
  const interp = 'What does BERT learn about syntax? We train diagnostic classifiers on the hidden states of each layer and find that syntactic information is encoded in the middle layers, and we analyse which attention heads track dependency relations.';
  const method = 'We propose a novel retrieval-augmented generation framework that outperforms strong baselines on open-domain question answering while reducing inference latency by 40%, and release a new dataset of 10,000 questions.';
  assert.ok(interpretabilityProbability(model, interp) > 0.5, String(interpretabilityProbability(model, interp)));
  assert.ok(interpretabilityProbability(model, method) < 0.1, String(interpretabilityProbability(model, method)));
});

test('showsInterpretability: two signals, one in a text with no other topic, or setting out to explain how a model works; an ablation study or one generic word never counts', () => {
  const yes = (t: string) => showsInterpretability(textCues(t));
  assert.equal(yes('We patch the activations of attention heads to find the circuit.'), true);
  assert.equal(yes('We study the neurons of a language model.'), true);
  assert.equal(yes('Our method outperforms the baselines; an ablation study shows each part helps.'), false);
  assert.equal(yes('Sparse activations make inference efficient.'), false);
  assert.equal(yes('We learn better representations in every layer.'), false);
  assert.equal(yes('Neurons and attention heads of an efficient model.'), true);
  // Setting out to explain how a model works shows it too, with no named component or method (the verdicts count it so).
  assert.equal(yes('Aligned chat models refuse harmful requests, yet the mechanism behind this refusal is unclear; we look for it.'), true);
  assert.equal(yes('We ask how language models solve grade-school word problems.'), true);
  assert.equal(yes('Chat models refuse harmful requests; we propose a safer reward that outperforms the baselines.'), false);
});

test('a text that shows another topic needs the higher threshold of the interpretability model; the cue words alone need none', async () => {
  const { interpretabilityEvidence } = await import('../../src/retrieval/retriever.ts');
  const model = bundledInterpretabilityModel();
  assert.ok(model);
  // Another topic (a proposed method, decoding), no strong interpretability cue.
  const method = 'We propose a novel approach that contrasts the hidden layer representations of lower and higher layers during decoding to improve open-ended text generation.';
  assert.ok(textCues(method).otherTopic.length > 0 && !showsInterpretability(textCues(method)));
  const p = interpretabilityProbability(model, method);
  assert.equal(interpretabilityEvidence(method, 0, p + 0.01, model), false, 'below the other-topic threshold');
  assert.equal(interpretabilityEvidence(method, 1.01, p, model), true, 'at the other-topic threshold; the plain one does not apply');
  // No other topic: the plain threshold decides.
  const plain = 'How the lower and higher layers of a language model differ in what their representations hold.';
  assert.ok(textCues(plain).otherTopic.length === 0 && !showsInterpretability(textCues(plain)));
  const q = interpretabilityProbability(model, plain);
  assert.equal(interpretabilityEvidence(plain, q, 1.01, model), true);
  assert.equal(interpretabilityEvidence(plain, q + 0.01, 0, model), false);
  // The cue words decide by themselves; without a model only they can.
  const patching = 'We patch the activations of attention heads to find the circuit; our method outperforms baselines.';
  assert.equal(interpretabilityEvidence(patching, 1.01, 1.01, model), true);
  assert.equal(interpretabilityEvidence(method, 0, 0, null), false);
});

test('the answer asks the shipped model of a pasted abstract the cue rules cannot place, and names its reading as evidence (issue 16, round 16)', async () => {
  // "Geometric Signatures of Compositionality Across a Language Model's Lifetime" (arXiv:2410.01444, not in the corpus; CC0
  // metadata), read from a real-paper eval split: its own words name only representations and their intrinsic dimension.
  const line = readFileSync(join(ROOT, 'test/eval/real-fresh-23.jsonl'), 'utf8')
    .split('\n')
    .find((l) => l.includes('"arXiv:2410.01444"'));
  assert.ok(line, 'the eval split holds the abstract');
  const { query: text } = JSON.parse(line) as { query: string };
  const corpus = loadCorpus();
  const retriever = createRetriever({ corpus });
  const deps = { corpus, retriever, resolver: new PaperResolver(corpus) };
  assert.equal(deps.resolver.byTitle("Geometric Signatures of Compositionality Across a Language Model's Lifetime"), undefined);
  const reading = await retriever.readInterpretability!(text);
  assert.ok(reading && reading.probability >= reading.bar, JSON.stringify(reading));
  // A one-line question is not what the model was trained on: it is not asked.
  assert.equal(await retriever.readInterpretability!('do LLMs know what a number is?'), undefined);

  const read = await answer({ text }, deps);
  assert.equal(read.definitions.broadCultural.applies, true, read.definitions.broadCultural.evidence.join(' | '));
  assert.ok(read.definitions.broadCultural.evidence.some((e) => e.startsWith('a model trained on hand-labelled abstracts reads it as interpretability research')));
  assert.equal(read.definitions.broadTechnical.applies, true, read.definitions.broadTechnical.evidence.join(' | '));
  assert.ok(read.precedents.length > 0);
  // Without the model's reading the same words say nothing about interpretability: no verdict, no precedents.
  const unread = await answer({ text }, { ...deps, retriever: { recognizeConcepts: (t) => retriever.recognizeConcepts(t), searchPapers: (t, k) => retriever.searchPapers(t, k) } });
  assert.equal(unread.definitions.broadCultural.applies, false, unread.definitions.broadCultural.evidence.join(' | '));
  assert.deepEqual(unread.precedents, []);
});
