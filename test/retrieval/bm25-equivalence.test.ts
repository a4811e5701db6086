/**
 * The BM25 index (precomputed postings, top-k by heap) returns exactly what the former
 * implementation returned, kept in bm25-reference.ts: same ids, same order, same scores, on the real
 * corpus, for every eval question and a few edge cases, at several k.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { Bm25Index } from '../../src/retrieval/bm25.ts';
import { conceptsByPaper, lexicalPaperText } from '../../src/retrieval/retriever.ts';
import { conceptLexicalText } from '../../src/retrieval/concept-recognizer.ts';
import { DEFAULT_CORPUS_DIR, loadCorpus } from '../../src/corpus/load.ts';
import { ReferenceBm25Index } from './bm25-reference.ts';

const corpus = loadCorpus(DEFAULT_CORPUS_DIR);
const conceptsOf = conceptsByPaper(corpus);
const paperDocs = [...corpus.papers.values()].map((p) => ({ id: p.id, text: lexicalPaperText(p, corpus, conceptsOf) }));
const conceptDocs = [...corpus.concepts.values()].map((c) => ({ id: c.id, text: conceptLexicalText(c) }));
const titleDocs = [...corpus.papers.values()].map((p) => ({ id: p.id, text: `${p.title} ${p.authors.join(' ')} ${p.year}` }));

const questions = ['dev', 'heldout'].flatMap((split) =>
  readFileSync(new URL(`../eval/${split}.jsonl`, import.meta.url), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { query: string }).query),
);
const extra = [
  '',
  'the of and',
  'zebra crossing',
  'model model model model',
  'language models',
  'attention',
  'Locating and Editing Factual Associations in GPT. We analyze the storage and recall of factual associations in autoregressive transformer language models, finding evidence that these associations correspond to localized, directly-editable computations.',
];

for (const [name, docs] of [
  ['papers (title, summary, concept aliases)', paperDocs],
  ['titles and authors', titleDocs],
  ['concepts', conceptDocs],
] as const) {
  test(`BM25 over ${name}: same results as the former implementation for ${questions.length + extra.length} queries`, () => {
    assert.ok(questions.length >= 100);
    const fast = new Bm25Index(docs);
    const reference = new ReferenceBm25Index(docs);
    assert.equal(fast.size, reference.size);
    for (const q of [...questions, ...extra]) {
      for (const k of [1, 5, 10, 50, 1_000_000]) {
        assert.deepStrictEqual(fast.search(q, k), reference.search(q, k), `${JSON.stringify(q.slice(0, 60))} k=${k}`);
      }
    }
    for (const term of ['patch', 'probe', 'zebra', 'model']) assert.equal(fast.idf(term), reference.idf(term), term);
  });
}

test('ties keep the earlier document first, and repeated searches do not leak scores', () => {
  const docs = [
    { id: 'd0', text: 'alpha beta' },
    { id: 'd1', text: 'alpha beta' },
    { id: 'd2', text: 'alpha beta' },
    { id: 'd3', text: 'gamma' },
  ];
  const fast = new Bm25Index(docs);
  const reference = new ReferenceBm25Index(docs);
  assert.deepStrictEqual(fast.search('alpha', 2), reference.search('alpha', 2));
  assert.deepStrictEqual(fast.search('alpha', 2).map((r) => r.id), ['d0', 'd1']);
  assert.deepStrictEqual(fast.search('gamma alpha', 10), reference.search('gamma alpha', 10));
  assert.deepStrictEqual(fast.search('alpha', 0), []);
  assert.deepStrictEqual(new Bm25Index([]).search('alpha', 3), []);
});
