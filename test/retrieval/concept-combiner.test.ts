/**
 * The learned concept combination (src/retrieval/concept-combiner.ts) on hand-built channel evidence and hand-set
 * models, its file's checks, its fit on hand-built rows (scripts/eval/concept-combiner-fit.ts), and that the shipped
 * file is what the fit makes from the training splits.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import {
  BUNDLED_CONCEPT_COMBINER,
  bundledConceptCombiner,
  CONCEPT_FEATURES,
  combineWithModel,
  ConceptCombinerError,
  conceptFeatures,
  loadConceptCombiner,
  parseConceptCombiner,
  type ConceptCombinerModel,
  type ConceptEvidence,
} from '../../src/retrieval/concept-combiner.ts';
import { CONCEPT_SELECTION, CONCEPT_TRAINING_SPLITS, conceptRows, fitCombiner, type ConceptRow } from '../../scripts/eval/concept-combiner-fit.ts';
import { SHARED_ANTHOLOGY_DIR } from '../../scripts/eval/dataset.ts';
import { DEFAULT_CORPUS_DIR, loadCorpus } from '../../src/corpus/load.ts';
import { createRetriever } from '../../src/retrieval/retriever.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const at = (name: (typeof CONCEPT_FEATURES)[number]) => CONCEPT_FEATURES.indexOf(name);

const evidence = (parts: Partial<ConceptEvidence>): ConceptEvidence => ({ aliases: [], titleAliases: [], lexical: [], learned: [], similarities: [], base: [], ...parts });

/** A model that reads one feature only (weight 1 on standardised values with mean 0, scale 1). */
function modelOn(feature: (typeof CONCEPT_FEATURES)[number], extra: Partial<ConceptCombinerModel> = {}): ConceptCombinerModel {
  return {
    features: [...CONCEPT_FEATURES],
    mean: CONCEPT_FEATURES.map(() => 0),
    scale: CONCEPT_FEATURES.map(() => 1),
    weights: CONCEPT_FEATURES.map((f) => (f === feature ? 10 : 0)),
    bias: -5,
    threshold: 0.25,
    relativeFloor: 0.4,
    maxConcepts: 3,
    shareFloor: 0.8,
    ...extra,
  };
}

test('features: each channel in its column, ranks by score, the classifier on a log scale', () => {
  const f = conceptFeatures(
    evidence({
      aliases: [
        { conceptId: 'patching', alias: 'activation patching', score: 0.9 },
        { conceptId: 'circuits', alias: 'circuit', score: 0.5 },
      ],
      titleAliases: [{ conceptId: 'patching', alias: 'activation patching', score: 0.9 }],
      lexical: [
        { id: 'circuits', score: 8 },
        { id: 'probing', score: 24 },
      ],
      learned: [
        { id: 'probing', score: 0.2 },
        { id: 'patching', score: 0.5 },
      ],
      similarities: [{ id: 'probing', score: 0.6 }],
      base: [{ id: 'patching', score: 0.95, byAlias: true }],
    }),
  );
  assert.deepEqual([...f.keys()].sort(), ['circuits', 'patching', 'probing']);
  const patching = f.get('patching')!;
  assert.equal(patching[at('alias')], 0.9);
  assert.equal(patching[at('specificAlias')], 1);
  assert.equal(patching[at('titleSpecificAlias')], 1);
  assert.equal(patching[at('learnedRank')], 1);
  assert.ok(Math.abs(patching[at('learnedLog')]! - Math.log(0.5)) < 1e-12);
  assert.equal(patching[at('base')], 0.95);
  const circuits = f.get('circuits')!;
  // A one-word alias is no specific alias; BM25 8 is half a match and ranks second.
  assert.equal(circuits[at('specificAlias')], 0);
  assert.equal(circuits[at('lexical')], 0.5);
  assert.equal(circuits[at('lexicalRank')], 0.5);
  // A concept the classifier did not score sits at its floor, not at log 0.
  assert.ok(circuits[at('learnedLog')]! < -9);
  assert.equal(f.get('probing')![at('similarity')], 0.6);
});

test('the classifier\'s rank counts only where it recognizes the text: a first choice at a near-zero probability has no rank (issue 16, round 30)', () => {
  // A paper that names representational similarity analysis, on a topic the classifier has few papers for: its first
  // choice at 0.0014 must not outrank the four-word alias.
  const e = evidence({
    aliases: [{ conceptId: 'representational-similarity', alias: 'representational similarity analysis', score: 1 }],
    learned: [
      { id: 'in-context-task-representations', score: 0.0014 },
      { id: 'representational-similarity', score: 0.0006 },
    ],
    base: [{ id: 'representational-similarity', score: 1, byAlias: true }],
  });
  const f = conceptFeatures(e);
  assert.equal(f.get('in-context-task-representations')![at('learnedRank')], 0);
  assert.equal(f.get('representational-similarity')![at('learnedRank')], 0);
  // A model that reads the rank alone then has nothing to choose by, and the hand-set choice (the alias) stands.
  assert.deepEqual(combineWithModel(e, modelOn('learnedRank')).map((c) => c.id), ['representational-similarity']);
  // At or above the hand-set floor (0.02) the rank counts as before.
  const sure = conceptFeatures(evidence({ learned: [{ id: 'probing', score: 0.3 }, { id: 'patching', score: 0.02 }, { id: 'circuits', score: 0.01 }] }));
  assert.deepEqual(['probing', 'patching', 'circuits'].map((id) => sure.get(id)![at('learnedRank')]), [1, 0.5, 0]);
});

test('the hand-set combination stays the gate: no concept stays none, a guess stays a guess', () => {
  const lexical = [
    { id: 'probing', score: 30 },
    { id: 'circuits', score: 2 },
  ];
  const model = modelOn('lexical');
  assert.deepEqual(combineWithModel(evidence({ lexical }), model), []);
  const guess = combineWithModel(evidence({ lexical, base: [{ id: 'circuits', score: 0.35, byAlias: false, guess: true }] }), model);
  assert.deepEqual(guess, [{ id: 'probing', score: 0.35, byAlias: false, guess: true }]);
});

test('the shipped selection names a secondary concept at a fifth of the main one\'s probability, but not a faint one', () => {
  const e = evidence({
    lexical: [
      { id: 'probing', score: 40 },
      { id: 'logit-lens', score: 4.8 },
      { id: 'circuits', score: 3 },
    ],
    base: [{ id: 'probing', score: 0.9, byAlias: false }],
  });
  // Probabilities σ(10·0.833 - 5) ≈ 0.965, σ(10·0.375 - 5) ≈ 0.223 (above 0.2, and 0.23 of the first), σ(10·0.273 - 5) ≈ 0.094.
  assert.deepEqual(
    combineWithModel(e, modelOn('lexical', CONCEPT_SELECTION)).map((c) => c.id),
    ['probing', 'logit-lens'],
  );
  // The first selection (threshold 0.25, 0.4 of the best) left the secondary concept out.
  assert.deepEqual(
    combineWithModel(e, modelOn('lexical', { threshold: 0.25, relativeFloor: 0.4 })).map((c) => c.id),
    ['probing'],
  );
});

test('the model re-chooses and re-orders the concepts; every chosen one stays near the main one', () => {
  const e = evidence({
    aliases: [{ conceptId: 'circuits', alias: 'circuit discovery', score: 0.8 }],
    lexical: [
      { id: 'probing', score: 40 },
      { id: 'logit-lens', score: 20 },
      { id: 'circuits', score: 4 },
    ],
    base: [{ id: 'circuits', score: 0.9, byAlias: true }],
  });
  const chosen = combineWithModel(e, modelOn('lexical'));
  // Probabilities σ(10·0.833 - 5) ≈ 0.965, σ(10·0.714 - 5) ≈ 0.895, σ(10·0.333 - 5) ≈ 0.16 (below the threshold).
  assert.deepEqual(
    chosen.map((c) => c.id),
    ['probing', 'logit-lens'],
  );
  assert.equal(chosen[0]!.score, 0.9);
  assert.ok(chosen[1]!.score < 0.9 && chosen[1]!.score >= 0.8 * 0.9);
  assert.equal(chosen[0]!.byAlias, false);
  // At most maxConcepts, and the relative floor drops a far second.
  assert.deepEqual(
    combineWithModel(e, modelOn('lexical', { maxConcepts: 1 })).map((c) => c.id),
    ['probing'],
  );
  assert.deepEqual(
    combineWithModel(e, modelOn('lexical', { relativeFloor: 0.95 })).map((c) => c.id),
    ['probing'],
  );
  // A specific alias still marks its concept as named by alias.
  const byAlias = combineWithModel(e, modelOn('alias'));
  assert.deepEqual(byAlias, [{ id: 'circuits', score: 0.9, byAlias: true }]);
  // Nothing clears the threshold: the hand-set choice stands.
  assert.deepEqual(combineWithModel(e, modelOn('lexical', { threshold: 0.999 })), e.base);
});

test('the model file is checked, and a missing file leaves the hand-set combination alone', () => {
  const good = modelOn('lexical');
  assert.deepEqual(parseConceptCombiner(JSON.parse(JSON.stringify(good))), good);
  const refuse = (m: unknown, pattern: RegExp) => assert.throws(() => parseConceptCombiner(m), (e: Error) => e instanceof ConceptCombinerError && pattern.test(e.message));
  refuse({ ...good, features: [...CONCEPT_FEATURES].reverse() }, /npm run eval:fit-concepts/);
  refuse({ ...good, scale: CONCEPT_FEATURES.map(() => 0) }, /scale \(positive\)/);
  refuse({ ...good, weights: [1] }, /one finite number per feature/);
  refuse({ ...good, maxConcepts: 0 }, /maxConcepts a whole number/);
  refuse(null, /its features must be/);
  const dir = mkdtempSync(join(tmpdir(), 'mechanistic-combiner-'));
  assert.equal(loadConceptCombiner(join(dir, 'none.json')), undefined);
  writeFileSync(join(dir, 'bad.json'), '{"features": [');
  assert.throws(() => loadConceptCombiner(join(dir, 'bad.json')), (e: Error) => e instanceof ConceptCombinerError && e.message.startsWith(join(dir, 'bad.json')));
});

test('the fit learns which channel names the labelled concepts', () => {
  // Labelled concepts have high BM25 scores and noise elsewhere; the classifier says nothing useful.
  const rows: ConceptRow[] = [];
  for (let i = 0; i < 60; i++) {
    for (const [concept, labelled] of [
      ['a', true],
      ['b', false],
      ['c', i % 5 === 0],
    ] as const) {
      const ev = evidence({ lexical: [{ id: concept, score: labelled ? 20 + (i % 7) : 2 + (i % 3) }], learned: [{ id: concept, score: 0.01 + (i % 4) / 100 }] });
      rows.push(...conceptRows({ id: `i${i}`, concepts: labelled ? [concept] : [] }, ev));
    }
  }
  const model = fitCombiner(rows);
  assert.deepEqual(model.features, [...CONCEPT_FEATURES]);
  assert.ok(model.weights[at('lexical')]! > 1, `lexical weight ${model.weights[at('lexical')]}`);
  assert.ok(Math.abs(model.weights[at('learned')]!) < model.weights[at('lexical')]!);
  assert.equal(model.threshold, CONCEPT_SELECTION.threshold);
  assert.throws(() => fitCombiner([]), /no training rows/);
});

test('the shipped combiner is exactly what the fit makes from the training splits', { skip: !existsSync(SHARED_ANTHOLOGY_DIR) && 'no ../shared/data' }, () => {
  assert.ok(existsSync(BUNDLED_CONCEPT_COMBINER));
  assert.ok(!CONCEPT_TRAINING_SPLITS.includes('real-fresh-20') && CONCEPT_TRAINING_SPLITS.includes('real-fresh-19'));
  const dataDir = mkdtempSync(join(tmpdir(), 'mechanistic-combiner-index-'));
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/fit-concept-combiner.ts', '--check', '--data-dir', dataDir], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
  assert.match(run.stdout, /is up to date/);
});

test('the shipped model is read once and shared by every retriever', () => {
  const model = bundledConceptCombiner();
  assert.ok(model);
  assert.deepEqual(model, loadConceptCombiner());
  assert.equal(bundledConceptCombiner(), model);
});

test('features: the share of a concept\'s head words the text uses is a column of its own, 0 where none is used', () => {
  const f = conceptFeatures(evidence({ lexical: [{ id: 'probing', score: 10 }, { id: 'circuits', score: 5 }], heads: [{ id: 'probing', score: 0.8 }] }));
  assert.equal(f.get('probing')![at('headWords')], 0.8);
  assert.equal(f.get('circuits')![at('headWords')], 0);
});

test('a retriever reads the model only when a pasted abstract needs it: its channels still read while the file does not fit the code (the refit needs them)', async () => {
  const corpus = loadCorpus(DEFAULT_CORPUS_DIR);
  let reads = 0;
  const unfit = () => {
    reads++;
    throw new ConceptCombinerError('concept combiner: its features must be this code\'s; refit it with npm run eval:fit-concepts');
  };
  const retriever = createRetriever({ corpus, conceptCombiner: unfit });
  // Written for this test: an abstract the hand-set combination finds a concept in.
  const text =
    'Steering vectors change what a language model writes by adding a direction to its hidden states. We compute contrastive activation addition vectors from pairs of prompts that differ in one behaviour, add them to the residual stream at one layer during generation, and measure how often the behaviour appears. Adding the vector raises it and subtracting lowers it, across several model sizes, and the effect depends on the layer chosen.';
  const e = await retriever.conceptEvidence(text);
  assert.ok(e.base.length > 0, 'the hand-set combination found a concept');
  assert.equal(reads, 0, 'reading the channels does not read the model');
  await assert.rejects(retriever.recognizeConcepts(text), ConceptCombinerError);
  assert.equal(reads, 1);
  // A one-line question never needs it.
  assert.ok((await retriever.recognizeConcepts('what is a steering vector?')).length > 0);
  assert.equal(reads, 1);
  // A model given as a value, or a function that finds none, is used as before.
  const plain = await createRetriever({ corpus, conceptCombiner: false }).recognizeConcepts(text);
  assert.deepEqual(await createRetriever({ corpus, conceptCombiner: () => undefined }).recognizeConcepts(text), plain);
});
