import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Bm25Index } from '../../src/retrieval/bm25.ts';
import { AliasMatcher, combineConceptEvidence, HeadWords } from '../../src/retrieval/concept-recognizer.ts';
import { reciprocalRankFusion } from '../../src/retrieval/fusion.ts';
import { stem, tokenize } from '../../src/retrieval/tokenize.ts';
import type { Concept } from '../../src/core/corpus-schema.ts';

test('stemming joins inflections that questions use', () => {
  assert.equal(stem('patching'), stem('patch'));
  assert.equal(stem('patched'), stem('patch'));
  assert.equal(stem('heads'), stem('head'));
  assert.equal(stem('probes'), stem('probe'));
  assert.deepEqual(tokenize('The probing of the heads'), [stem('probing'), stem('heads')]);
});

test('BM25 ranks the document that matches rare terms first and omits non-matching ones', () => {
  const idx = new Bm25Index([
    { id: 'a', text: 'causal mediation analysis of gender bias in language models' },
    { id: 'b', text: 'language models language models language models' },
    { id: 'c', text: 'a tokenizer benchmark' },
  ]);
  const hits = idx.search('mediation analysis of a language model', 10);
  assert.equal(hits[0]!.id, 'a');
  assert.ok(!hits.some((h) => h.id === 'c'));
  assert.deepEqual(idx.search('zebra', 5), []);
});

test('rank fusion rewards agreement between lists', () => {
  const fused = reciprocalRankFusion([
    { results: [{ id: 'x', score: 9 }, { id: 'y', score: 8 }], weight: 1 },
    { results: [{ id: 'y', score: 0.9 }, { id: 'z', score: 0.8 }], weight: 1 },
  ]);
  assert.equal(fused[0]!.id, 'y');
  assert.deepEqual(fused.map((f) => f.id).sort(), ['x', 'y', 'z']);
});

const concept = (id: string, mi: string[], nlpi: string[]): Concept => ({
  id,
  name: id.replace(/-/g, ' '),
  description: 'a concept used in these tests only, long enough',
  aliases: { mi, nlpi },
  bearsOn: { causal: true, internals: true },
  precedents: [],
  miExamples: [],
  missed: 'nothing in particular here',
  seedRows: [],
  related: [],
});

test('aliases match inflected, gapped phrasing and prefer the longer alias', () => {
  const m = new AliasMatcher([
    concept('activation-patching', ['causal tracing', 'patching attention heads'], ['causal mediation analysis']),
    concept('probing', ['linear probe'], ['diagnostic classifier']),
  ]);
  const hits = m.match('we did causal tracing on the MLPs');
  assert.equal(hits[0]!.conceptId, 'activation-patching');
  assert.equal(hits[0]!.alias, 'causal tracing');
  const gapped = m.match('We patched the attention heads of GPT-2');
  assert.equal(gapped[0]?.conceptId, 'activation-patching');
  assert.deepEqual(m.match('a study of tokenizer speed'), []);
  assert.equal(m.match('we trained diagnostic classifiers')[0]?.conceptId, 'probing');
});

test('embedding evidence counts only above the floor and adds to alias evidence', () => {
  const combined = combineConceptEvidence(
    [{ conceptId: 'a', alias: 'x', score: 0.6 }],
    [
      { id: 'a', score: 0.75 },
      { id: 'b', score: 0.3 },
      { id: 'c', score: 0.79 },
    ],
  );
  const ids = combined.map((c) => c.id);
  assert.equal(ids[0], 'a');
  assert.ok(ids.includes('c'));
  assert.ok(!ids.includes('b'));
  assert.ok(combined[0]!.score > 0.6);
});

test('a two-word alias is matched as written, stopwords counted, and within one sentence', () => {
  const m = new AliasMatcher([
    concept('probe-critiques', ['control tasks'], []),
    concept('attention-as-explanation', ['attention as explanation'], []),
    concept('attribution-graphs', ['attribution graph'], []),
  ]);
  const ids = (text: string) => m.match(text).map((h) => h.conceptId);
  assert.deepEqual(ids('We compare probes against control tasks.'), ['probe-critiques']);
  assert.deepEqual(ids('We control for task differences between the two studies.'), [], '"control for task" is not "control tasks"');
  assert.deepEqual(ids('Is attention as explanation faithful?'), ['attention-as-explanation']);
  assert.deepEqual(ids('Is attention an explanation at all?'), ['attention-as-explanation'], 'one stopword for another');
  assert.deepEqual(ids('We build an attribution graph of the model.'), ['attribution-graphs']);
  assert.deepEqual(ids('Links come from tweet-to-topic attribution. Graph-based rules label them.'), [], 'not across a sentence end');
});

test('head words: the stems a concept\'s aliases share, found in any phrasing, weighted by how few concepts share them', () => {
  const heads = new HeadWords([
    concept('probing', ['linear probe', 'supervised probe'], ['probing classifier', 'diagnostic classifier', 'information encoded in representations', 'representation probing']),
    concept('steering-vectors', ['steering vector', 'activation steering'], ['representation steering', 'offset vector', 'steering representations']),
    concept('ablation', ['knock out a unit'], ['zeroing neurons']),
  ]);
  // "probe" and "classifier" are probing's own; "representation" is shared with steering, so it weighs less.
  assert.deepEqual(heads.of('probing').sort(), [stem('classifier'), stem('probe'), stem('representations')].sort());
  assert.deepEqual(heads.of('ablation'), []);
  const scores = new Map(heads.score('We train probes on the hidden states and compare the classifiers.').map((s) => [s.id, s.score]));
  // Both of probing's weighted head words, not the shared one: a share below 1 but above two thirds.
  assert.ok(scores.get('probing')! > 2 / 3 && scores.get('probing')! < 1, `probing ${scores.get('probing')}`);
  assert.ok(!scores.has('steering-vectors') && !scores.has('ablation'));
  // A word the concepts share counts for each, less than a concept's own word does.
  const shared = new Map(heads.score('Their representations differ.').map((s) => [s.id, s.score]));
  assert.ok(shared.get('probing')! > 0 && shared.get('probing')! < scores.get('probing')!);
  assert.ok(shared.get('steering-vectors')! > 0);
  assert.deepEqual(heads.score('Nothing about any of them.'), []);
});
