/**
 * Concept recognition's BM25 arm: a pasted abstract that uses none of a concept's aliases word for
 * word still finds the concept through its description, while a question that shares one common
 * word with a concept's text does not.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_CORPUS_DIR, loadCorpus } from '../../src/corpus/load.ts';
import { combineConceptEvidence, DEFAULT_CONCEPT_WEIGHTS } from '../../src/retrieval/concept-recognizer.ts';
import { createRetriever } from '../../src/retrieval/retriever.ts';

const corpus = loadCorpus(DEFAULT_CORPUS_DIR);
const retriever = createRetriever({ corpus });

test('an abstract in its own words finds activation patching through the concept description', async () => {
  const text =
    'We run the network on two prompts that differ in one word, copy the activation of one layer from the first run into the second, and measure how far the output moves.';
  assert.deepEqual(retriever.aliases.match(text).filter((m) => m.conceptId === 'activation-patching'), []);
  const ids = (await retriever.recognizeConcepts(text)).map((c) => c.id);
  assert.equal(ids[0], 'activation-patching');
});

test('one shared everyday word is not enough to name a concept', async () => {
  assert.deepEqual(await retriever.recognizeConcepts('how do I write a fused CUDA kernel for flash attention'), []);
  assert.deepEqual(await retriever.recognizeConcepts('best GPU for training a 7B model at home'), []);
});

test('BM25 evidence scales with the score and adds to alias evidence without passing 1', () => {
  const weak = combineConceptEvidence([], [], DEFAULT_CONCEPT_WEIGHTS, [{ id: 'a', score: 2 }]);
  assert.deepEqual(weak, [], 'a low BM25 score alone stays under the threshold');
  const strong = combineConceptEvidence([], [], DEFAULT_CONCEPT_WEIGHTS, [{ id: 'a', score: 40 }]);
  assert.equal(strong[0]?.id, 'a');
  const both = combineConceptEvidence([{ conceptId: 'a', alias: 'x', score: 0.65 }], [], DEFAULT_CONCEPT_WEIGHTS, [{ id: 'a', score: 40 }]);
  assert.ok(both[0]!.score > strong[0]!.score && both[0]!.score > 0.65 && both[0]!.score <= 1);
});
