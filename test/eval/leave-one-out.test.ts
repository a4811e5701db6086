import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Corpus, Paper } from '../../src/core/corpus-schema.ts';
import type { EvalItem } from '../../scripts/eval/dataset.ts';
import { PaperResolver } from '../../src/core/paper-resolver.ts';
import { corpusWithout, ownCorpusPaper, titleLookupResolution } from '../../scripts/eval/run.ts';

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

const abstract = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ') + '.';

test('a pasted arXiv paper is dated as its title match would date it: the month of its id, its author line, arXiv as venue', () => {
  const view = new PaperResolver(corpus);
  const text = `Patchscopes: A Unifying Framework for Inspecting Hidden Representations\nAsma Ghandeharioun, Avi Caciularu, Adam Pearce\n\n${abstract}`;
  const r = titleLookupResolution(item({ id: 'arXiv:2401.06102', query: text }), view, undefined);
  assert.ok(r?.fetched);
  assert.equal(r.fetched.id, 'arxiv:2401.06102');
  assert.equal(r.fetched.title, 'Patchscopes: A Unifying Framework for Inspecting Hidden Representations');
  assert.deepEqual([r.fetched.year, r.fetched.month], [2024, 1]);
  assert.deepEqual(r.fetched.authors, ['Asma Ghandeharioun', 'Avi Caciularu', 'Adam Pearce']);
  assert.equal(r.fetched.venue, 'arXiv.org');
  assert.equal(r.fetched.aclId, undefined);
  assert.equal(r.fetched.abstract, abstract);
  assert.match(r.notices.join(' '), /Found by its title \(Semantic Scholar\)/);
});

test('with no author line, the match takes the left-out corpus paper\'s authors; with none at all it is not used (asFetched)', () => {
  const without = corpusWithout(corpus, 'meng2022');
  const text = `Locating and Editing Factual Associations in GPT\n\n${abstract}`;
  const own = corpus.papers.get('meng2022')!;
  const r = titleLookupResolution(item({ id: 'arXiv:2202.05262', query: text }), new PaperResolver(without), own);
  assert.deepEqual(r?.fetched?.authors, ['A B']);
  assert.deepEqual([r?.fetched?.year, r?.fetched?.month], [2022, 2]);
  assert.equal(titleLookupResolution(item({ id: 'arXiv:2202.05262', query: text }), new PaperResolver(without), undefined), undefined);
});

test('a pasted Anthology paper takes the Anthology\'s date, venue and id, and its authors when none were pasted', () => {
  const text = `Layered Bias: Interpreting Bias in Pretrained Large Language Models\n\n${abstract}`;
  const r = titleLookupResolution(item({ id: '2023.blackboxnlp-1.22', query: text }), new PaperResolver(corpus), undefined);
  assert.ok(r?.fetched);
  assert.equal(r.fetched.aclId, '2023.blackboxnlp-1.22');
  assert.equal(r.fetched.id, 'acl:2023.blackboxnlp-1.22');
  assert.deepEqual([r.fetched.year, r.fetched.month], [2023, 12]);
  assert.match(r.fetched.venue, /BlackboxNLP/);
  assert.deepEqual(r.fetched.authors.slice(0, 2), ['Nirmalendu Prakash', 'Roy Ka-Wei Lee']);
});

test('no match where the live bot would not look: no title line, a title the corpus holds, or no paper id to build it from', () => {
  const full = new PaperResolver(corpus);
  assert.equal(titleLookupResolution(item({ id: 'arXiv:2401.06102', query: `What does this circuit do when we patch heads?\n\n${abstract}` }), full, undefined), undefined);
  assert.equal(titleLookupResolution(item({ id: 'arXiv:2202.05262', query: `Locating and Editing Factual Associations in GPT\nKevin Meng, David Bau\n\n${abstract}` }), full, undefined), undefined);
  assert.equal(titleLookupResolution(item({ query: `Patchscopes: A Unifying Framework for Inspecting Hidden Representations\nAsma Ghandeharioun, Avi Caciularu\n\n${abstract}` }), full, undefined), undefined);
  assert.equal(titleLookupResolution(item({ id: '2099.nosuch-1.1', query: `Patchscopes: A Unifying Framework for Inspecting Hidden Representations\nAsma Ghandeharioun\n\n${abstract}` }), full, undefined), undefined);
});
