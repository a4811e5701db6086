import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Concept } from '../../src/core/corpus-schema.ts';
import { ConceptTagger } from '../../src/ingest/concept-tags.ts';

const concept = (id: string, name: string, mi: string[], nlpi: string[]): Concept => ({
  id, name, description: 'A description long enough for the schema.', aliases: { mi, nlpi },
  bearsOn: { causal: true, internals: true }, precedents: [], miExamples: [], missed: 'Something missed.', seedRows: [], related: [],
});

const tagger = new ConceptTagger([
  concept('activation-patching', 'Activation patching', ['causal tracing', 'patching'], ['causal mediation analysis']),
  concept('feature-terminology', 'Feature', ['feature', 'features'], []),
  concept('probing', 'Probing classifiers', ['linear probe'], ['diagnostic classifier', 'probing']),
]);

test('an alias in the title is a strong tag; one only in the abstract is weak', () => {
  const proposals = tagger.propose('Causal Mediation Analysis for Interpreting Neural NLP', 'We train a linear probe as a baseline.');
  assert.deepEqual(proposals.map((p) => [p.concept, p.strength, p.where]), [
    ['activation-patching', 'strong', 'title'],
    ['probing', 'weak', 'abstract'],
  ]);
  assert.deepEqual(tagger.strongTags('Causal Mediation Analysis for Interpreting Neural NLP', 'We train a linear probe.'), ['activation-patching']);
});

test('generic single words and short aliases do not tag a paper', () => {
  assert.deepEqual(tagger.propose('Feature Attribution for Text Classifiers', 'Features matter.'), []);
  assert.deepEqual(tagger.propose('Causal tracing in GPT-2', ''), [{ concept: 'activation-patching', strength: 'strong', alias: 'causal tracing', where: 'title' }]);
  assert.deepEqual(tagger.propose('Probing the Probe', ''), [{ concept: 'probing', strength: 'strong', alias: 'probing', where: 'title' }]);
});
