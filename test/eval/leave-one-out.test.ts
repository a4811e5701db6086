import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Corpus, Paper } from '../../src/core/corpus-schema.ts';
import type { EvalItem } from '../../scripts/eval/dataset.ts';
import { PaperResolver } from '../../src/core/paper-resolver.ts';
import { corpusWithout, ownCorpusPaper } from '../../scripts/eval/run.ts';

const paper = (id: string, title: string, ids: Paper['ids']): Paper => ({
  id, title, ids, authors: ['A B'], year: 2022, venue: 'arXiv', url: `https://example.org/${id}`, kind: 'paper',
  community: 'MI', communityEvidence: ['channel: test'], tags: [], provenance: [], summary: 'A summary of ten chars.',
});
const corpus = {
  papers: new Map([
    ['meng2022', paper('meng2022', 'Locating and Editing Factual Associations in GPT', { arxiv: '2202.05262' })],
    ['hewitt2019', paper('hewitt2019', 'A Structural Probe for Finding Syntax in Word Representations', { acl: 'N19-1419' })],
  ]),
  concepts: new Map(),
} as unknown as Corpus;
const item = (over: Partial<EvalItem>): EvalItem =>
  ({ query: 'x', concepts: [], precedents: [], definitions: { narrowTechnical: null, broadTechnical: null, narrowCultural: null, broadCultural: null }, ...over }) as EvalItem;

test('a real item finds its own corpus paper by arXiv id, Anthology id or title (as the bot resolves them), and nothing else', () => {
  const resolver = new PaperResolver(corpus);
  assert.equal(ownCorpusPaper(item({ id: 'arXiv:2202.05262' }), resolver)?.id, 'meng2022');
  assert.equal(ownCorpusPaper(item({ id: 'N19-1419' }), resolver)?.id, 'hewitt2019');
  assert.equal(ownCorpusPaper(item({ id: 'arXiv:2401.06102', title: 'Locating and editing factual associations in GPT' }), resolver)?.id, 'meng2022');
  assert.equal(ownCorpusPaper(item({ id: 'arXiv:2401.06102', title: 'Patchscopes' }), resolver), undefined);
  assert.equal(ownCorpusPaper(item({}), resolver), undefined);
});

test('the leave-one-out corpus lacks that paper and leaves the original untouched', () => {
  const view = corpusWithout(corpus, 'meng2022');
  assert.deepEqual([...view.papers.keys()], ['hewitt2019']);
  assert.equal(corpus.papers.size, 2);
  assert.equal(view.concepts, corpus.concepts);
});
