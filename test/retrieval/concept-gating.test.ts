/** Issue 16: weak concept evidence must not name a concept in a long pasted abstract. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { answer, guessNotice } from '../../src/core/answer.ts';
import { namesInterpretability, showsInterpretability, textCues } from '../../src/core/definitions.ts';
import { PaperResolver } from '../../src/core/paper-resolver.ts';
import { DEFAULT_CORPUS_DIR, loadCorpus } from '../../src/corpus/load.ts';
import { combineConceptEvidence, DEFAULT_CONCEPT_WEIGHTS, type AliasMatch } from '../../src/retrieval/concept-recognizer.ts';
import { createRetriever } from '../../src/retrieval/retriever.ts';

const W = DEFAULT_CONCEPT_WEIGHTS;
const LONG = W.longTextWords + 10;

test('in a long text a concept found only by faint embedding / BM25 evidence is dropped; in a short question it counts', () => {
  const sims = [{ id: 'automata-formal-languages', score: 0.74 }];
  assert.deepEqual(combineConceptEvidence([], sims, W, [], LONG), []);
  assert.equal(combineConceptEvidence([], sims, W, [], 5)[0]?.id, 'automata-formal-languages');
});

test('a one-word alias ("feature") is not specific evidence in a long text; a two-word alias is', () => {
  const oneWord: AliasMatch[] = [{ conceptId: 'feature-terminology', alias: 'feature', score: 0.65 }];
  assert.deepEqual(combineConceptEvidence(oneWord, [], W, [], LONG), []);
  const twoWords: AliasMatch[] = [{ conceptId: 'model-editing', alias: 'knowledge editing', score: 0.85 }];
  assert.equal(combineConceptEvidence(twoWords, [], W, [], LONG)[0]?.id, 'model-editing');
});

test('secondary concepts far below the main one are dropped in a long text', () => {
  const alias: AliasMatch[] = [
    { conceptId: 'steering-vectors', alias: 'contrastive activation addition', score: 1 },
    { conceptId: 'probing', alias: 'linear probe', score: 0.5 },
  ];
  assert.deepEqual(combineConceptEvidence(alias, [], W, [], LONG).map((c) => c.id), ['steering-vectors']);
  assert.deepEqual(combineConceptEvidence(alias, [], W, [], 5).map((c) => c.id), ['steering-vectors', 'probing']);
});

test('the corpus-trained classifier adds its first choices only to a long text in which another channel found a concept', () => {
  const alias: AliasMatch[] = [{ conceptId: 'steering-vectors', alias: 'contrastive activation addition', score: 1 }];
  const learned = [
    { id: 'representation-interventions', score: 0.3 },
    { id: 'probing', score: 0.25 },
    { id: 'logit-lens', score: 0.2 },
  ];
  // Long text, another concept found: the classifier's first two choices are kept, its third is not.
  assert.equal(W.learnedCandidates, 2);
  const long = combineConceptEvidence(alias, [], W, [], LONG, learned).map((c) => c.id);
  assert.deepEqual(long, ['steering-vectors', 'probing', 'representation-interventions']);
  assert.deepEqual(combineConceptEvidence(alias, [], { ...W, learnedCandidates: 1 }, [], LONG, learned).map((c) => c.id), ['steering-vectors', 'representation-interventions']);
  // Nothing else found: the classifier alone never names a topic (it ranks concepts for any text).
  assert.deepEqual(combineConceptEvidence([], [], W, [], LONG, learned), []);
  // A one-line question: too few words for it.
  assert.deepEqual(combineConceptEvidence(alias, [], W, [], 5, learned).map((c) => c.id), ['steering-vectors']);
  // Below its floor it adds nothing.
  assert.deepEqual(combineConceptEvidence(alias, [], W, [], LONG, [{ id: 'probing', score: W.learnedFloor / 2 }]).map((c) => c.id), ['steering-vectors']);
});

test('the classifier\'s choice strengthens a concept the other channels found faintly', () => {
  const sims = [
    { id: 'model-editing', score: 0.74 },
    { id: 'knowledge-in-mlps', score: 0.8 },
  ];
  const without = combineConceptEvidence([], sims, W, [], LONG);
  assert.deepEqual(without.map((c) => c.id), []);
  const alias: AliasMatch[] = [{ conceptId: 'knowledge-in-mlps', alias: 'knowledge neurons', score: 0.9 }];
  const boosted = combineConceptEvidence(alias, sims, W, [], LONG, [{ id: 'model-editing', score: 0.25 }]);
  assert.ok(boosted.some((c) => c.id === 'model-editing'), JSON.stringify(boosted));
  const before = combineConceptEvidence(alias, sims, W, [], LONG);
  assert.ok(!before.some((c) => c.id === 'model-editing'), JSON.stringify(before));
});

test('an abstract that shows interpretability but reaches no concept gets the classifier\'s first choice as a marked guess', () => {
  const learned = [
    { id: 'attention-head-roles', score: 0.03 },
    { id: 'attention-flow', score: 0.025 },
  ];
  const faint = [{ id: 'automata-formal-languages', score: 0.6 }];
  // Nothing reaches the bar and the text's own words show interpretability: the first choice, at the lowest reported score.
  assert.deepEqual(combineConceptEvidence([], faint, W, [], LONG, learned, 'shown'), [{ id: 'attention-head-roles', score: W.threshold, byAlias: false, guess: true }]);
  // No guess for a text that does not show interpretability, for a one-line question, without a classifier, or when switched off.
  assert.deepEqual(combineConceptEvidence([], faint, W, [], LONG, learned, 'none'), []);
  assert.deepEqual(combineConceptEvidence([], [], W, [], 5, learned, 'shown'), []);
  assert.deepEqual(combineConceptEvidence([], faint, W, [], LONG, [], 'shown'), []);
  assert.deepEqual(combineConceptEvidence([], faint, { ...W, learnedGuess: false }, [], LONG, learned, 'shown'), []);
  // A concept that reaches the bar is a finding, and then there is no guess.
  const alias: AliasMatch[] = [{ conceptId: 'steering-vectors', alias: 'contrastive activation addition', score: 1 }];
  const found = combineConceptEvidence(alias, [], W, [], LONG, learned, 'shown');
  assert.ok(found.length > 0 && found.every((c) => c.guess === undefined), JSON.stringify(found));
});

test('a text that names interpretability next to another topic may get the closest guess too; the classifier adds no evidence for it', () => {
  const learned = [
    { id: 'arithmetic-mechanisms', score: 0.2 },
    { id: 'training-dynamics', score: 0.05 },
  ];
  // Named in so many words ("interpretability", an attribution method) but not shown by two signals: the guess only.
  assert.deepEqual(combineConceptEvidence([], [], W, [], LONG, learned, 'named'), [{ id: 'arithmetic-mechanisms', score: W.threshold, byAlias: false, guess: true }]);
  assert.deepEqual(combineConceptEvidence([], [], W, [], LONG, learned, 'none'), []);
  // Naming interpretability does not let the classifier's evidence through: a faint secondary match stays out.
  const faint = [{ id: 'training-dynamics', score: 0.7 }];
  assert.deepEqual(combineConceptEvidence([], faint, W, [], LONG, learned, 'named').map((c) => [c.id, c.guess]), [['arithmetic-mechanisms', true]]);
  // Shown by the text's own words, the classifier's choices count as evidence: found concepts, not a guess.
  assert.deepEqual(combineConceptEvidence([], faint, W, [], LONG, learned, 'shown').map((c) => [c.id, c.guess]), [['arithmetic-mechanisms', undefined], ['training-dynamics', undefined]]);
});

test('an abstract that calls itself interpretability while also beating baselines gets its closest concept as a marked guess, and earlier work under it', async () => {
  const corpus = loadCorpus(DEFAULT_CORPUS_DIR);
  const retriever = createRetriever({ corpus });
  // Written for this test: an analysis of a small transformer, a fix it motivates, a win over baselines, and one strong interpretability word.
  const text =
    'Small transformers still get long integer addition wrong. We train a two-layer transformer on eight-digit addition and follow where it goes wrong: it splits the sum into one subtask per digit and learns each digit at a different time, and it fails when a carry has to travel across several digits. Guided by this account we change the training data so that long carries are common, and the model then outperforms much larger language models on the task. Beyond accuracy, the study adds to the interpretability of arithmetic in transformers.';
  const cues = textCues(text);
  assert.ok(!showsInterpretability(cues) && namesInterpretability(cues), 'one strong word next to another topic: named, not shown');
  const concepts = await retriever.recognizeConcepts(text);
  assert.deepEqual(concepts.map((c) => [c.id, c.guess]), [['arithmetic-mechanisms', true]]);
  const a = await answer({ text, limit: 10 }, { corpus, retriever, resolver: new PaperResolver(corpus) });
  assert.equal(a.definitions.broadCultural.applies, true);
  assert.ok(a.precedents.length > 0, 'the verdict says interpretability, so the guess brings earlier work');
  assert.ok(a.notices.includes(guessNotice(corpus.concepts.get('arithmetic-mechanisms')!.name)), a.notices.join('\n'));
});
