import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Concept, Paper } from '../../src/core/corpus-schema.ts';
import { conceptIndexText, corpusHash, corpusIndexItems, paperIndexText } from '../../src/retrieval/index-items.ts';

const paper = (id: string, extra: Partial<Paper>): Paper => ({
  id,
  title: `Title of ${id}`,
  authors: ['A. Author'],
  year: 2020,
  venue: 'BlackboxNLP',
  url: 'https://aclanthology.org/2020.blackboxnlp-main.1/',
  kind: 'paper',
  ids: {},
  community: 'NLPI',
  communityEvidence: ['published at BlackboxNLP'],
  tags: [],
  provenance: [],
  ...extra,
});

const concept: Concept = {
  id: 'activation-patching',
  name: 'activation patching',
  description: 'Replace activations from one run with those of another and watch the output change.',
  aliases: { mi: ['causal tracing', 'Activation Patching'], nlpi: ['causal mediation analysis', 'causal tracing'] },
  bearsOn: { causal: true, internals: true },
  precedents: [],
  miExamples: [],
  missed: 'Earlier mediation analyses in NLP did the same.',
  seedRows: [],
  related: [],
};

test('papers are indexed by title and summary, falling back to the abstract', () => {
  assert.equal(paperIndexText(paper('a', { summary: 'Our words.' })), 'Title of a. Our words.');
  assert.equal(paperIndexText(paper('b', { abstract: 'The abstract.' })), 'Title of b. The abstract.');
  assert.equal(paperIndexText(paper('c', { summary: 'Ours.', abstract: 'Theirs.' })), 'Title of c. Ours.');
});

test('concepts are indexed by name, both vocabularies of aliases (once each) and description', () => {
  assert.equal(
    conceptIndexText(concept),
    'activation patching (also: causal tracing, causal mediation analysis). Replace activations from one run with those of another and watch the output change.',
  );
});

test('corpus items have prefixed ids in a stable order: papers, then concepts, each sorted by id', () => {
  const corpus = {
    papers: new Map([
      ['zeta2021', paper('zeta2021', { summary: 'Zeta.' })],
      ['alpha2019', paper('alpha2019', { summary: 'Alpha.' })],
    ]),
    concepts: new Map([[concept.id, concept]]),
  };
  const items = corpusIndexItems(corpus);
  assert.deepEqual(
    items.map((i) => i.id),
    ['paper:alpha2019', 'paper:zeta2021', 'concept:activation-patching'],
  );
  assert.deepEqual(corpusIndexItems({ papers: new Map(), concepts: new Map() }), []);
});

test('the corpus hash depends on file paths and contents, not on the order files were read', () => {
  const a = { path: 'papers/a.yaml', text: 'x' };
  const b = { path: 'papers/b.yaml', text: 'y' };
  assert.equal(corpusHash([a, b]), corpusHash([b, a]));
  assert.notEqual(corpusHash([a, b]), corpusHash([a, { ...b, text: 'y2' }]));
  assert.notEqual(corpusHash([a, b]), corpusHash([a, { ...b, path: 'papers/c.yaml' }]));
  assert.match(corpusHash([]), /^[0-9a-f]{64}$/);
});
