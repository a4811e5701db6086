/** Issue 16: weak concept evidence must not name a concept in a long pasted abstract. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { combineConceptEvidence, DEFAULT_CONCEPT_WEIGHTS, type AliasMatch } from '../../src/retrieval/concept-recognizer.ts';

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
