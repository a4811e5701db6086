/**
 * "Earlier work" in answers, by first appearance (src/core/dates.ts): on a small hand-built corpus
 * with a fixed Retriever (our own interface). A precedent is earlier than the paper in question when
 * its date is known (a corpus paper, a fetched paper, a pasted venue year), else earlier than the
 * concept's earliest MI work; a concept's `later` list is earlier work only for a paper dated after it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { answer, type Retriever } from '../../src/core/answer.ts';
import type { Concept, Corpus, Paper } from '../../src/core/corpus-schema.ts';
import { PaperResolver } from '../../src/core/paper-resolver.ts';
import type { Answer, FetchedPaper } from '../../src/core/types.ts';
import { fixturePaper } from '../helpers/fixture-paper.ts';

const EDITING = 'We locate a stored fact in the MLP layers and edit the weights to change it.';

function corpus(): Corpus {
  const papers: Paper[] = [
    // Knowledge Neurons: ACL 2022 (May) by venue, on arXiv in April 2021.
    fixturePaper('kn', 'NLPI', { year: 2022, month: 5, venue: 'ACL 2022', ids: { arxiv: '2104.08696' }, title: 'Neurons that hold facts' }),
    fixturePaper('old', 'NLPI', { year: 2019, month: 7, title: 'Controlling units of a translation model' }),
    // Later NLPI work: after the earliest MI example (Feb 2022).
    fixturePaper('steer', 'NLPI', { year: 2022, month: 5, ids: { arxiv: '2205.05124' }, title: 'Latent vectors steer a frozen model' }),
    fixturePaper('side', 'NLPI', { year: 2025, month: 11, title: 'Side effects of rank-one edits' }),
    // Tagged NLPI work of the same year as the MI work, month unknown: concurrent.
    fixturePaper('tagged2022', 'NLPI', { year: 2022, tags: ['editing'], title: 'Editing facts in a masked model' }),
    fixturePaper('tagged2020', 'NLPI', { year: 2020, tags: ['editing'], title: 'Where facts live in a masked model' }),
    // The MI example: ROME, arXiv Feb 2022, NeurIPS 2022.
    fixturePaper('rome', 'MI', { year: 2022, month: 2, venue: 'NeurIPS 2022', ids: { arxiv: '2202.05262' }, title: 'Locating and editing facts in GPT' }),
    fixturePaper('mi2024', 'MI', { year: 2024, month: 3, title: 'Editing many facts at once in a large model', tags: ['editing'] }),
    fixturePaper('hit2023', 'NLPI', { year: 2023, month: 1, title: 'A search hit from 2023' }),
    fixturePaper('hit2018', 'NLPI', { year: 2018, month: 1, title: 'A search hit from 2018' }),
  ];
  const editing: Concept = {
    id: 'editing',
    name: 'Model editing',
    description: 'Editing weights or units to change a stored fact, for tests.',
    aliases: { mi: [], nlpi: [] },
    bearsOn: { causal: true, internals: true },
    precedents: [
      { id: 'kn', why: 'knowledge neurons, edited to change a fact' },
      { id: 'old', why: 'controlled output by setting units' },
    ],
    later: [
      { id: 'steer', why: 'steered generation with added vectors' },
      { id: 'side', why: 'side effects of rank-one edits' },
    ],
    miExamples: ['rome', 'mi2024'],
    missed: 'what MI work misses, for tests',
    seedRows: [],
    related: ['probing'],
  };
  // A curated neighbour whose own MI work came later (2024): its 2023 precedent is earlier than that, not than ROME.
  const probing: Concept = {
    ...editing,
    id: 'probing',
    name: 'Probing',
    precedents: [{ id: 'probe2023', why: 'a probe study from 2023' }, { id: 'probe2018', why: 'a probe study from 2018' }],
    later: [],
    miExamples: ['mi2024'],
    related: [],
  };
  papers.push(
    fixturePaper('probe2023', 'NLPI', { year: 2023, month: 6, title: 'Probing a model in 2023' }),
    fixturePaper('probe2018', 'NLPI', { year: 2018, month: 6, title: 'Probing a model in 2018' }),
  );
  return { papers: new Map(papers.map((p) => [p.id, p])), concepts: new Map([editing, probing].map((c) => [c.id, c])), glossary: new Map() };
}

/** Every text the core asked the retriever to read for concepts, last first. */
const readTexts: string[] = [];

const retriever = (hits: string[] = []): Retriever => ({
  async recognizeConcepts(text) {
    readTexts.unshift(text);
    return [{ id: 'editing', score: 0.9 }];
  },
  async searchPapers(_text, k) {
    return hits.slice(0, k).map((id, rank) => ({ id, score: 1 / (1 + rank) }));
  },
});

async function ask(text: string, opts: { hits?: string[]; fetched?: FetchedPaper } = {}): Promise<Answer> {
  const c = corpus();
  return answer(
    { text, limit: 50, ...(opts.fetched ? { resolution: { fetched: opts.fetched, notices: [] } } : {}) },
    { corpus: c, retriever: retriever(opts.hits), resolver: new PaperResolver(c), ranking: { minPrecedents: 5 } },
  );
}

const ids = (refs: { id: string }[]) => refs.map((r) => r.id).sort();
const whyOf = (a: Answer, id: string) => [...a.precedents, ...a.related].find((r) => r.id === id)?.why ?? '';

test('about ROME (a corpus paper): Knowledge Neurons is earlier by its arXiv id, though its venue year is later', async () => {
  const a = await ask('Locating and editing facts in GPT');
  assert.equal(a.paper?.id, 'rome');
  assert.deepEqual(ids(a.precedents), ['kn', 'old', 'probe2018', 'tagged2020']);
  assert.match(whyOf(a, 'steer'), /^Later NLP-interpretability work: steered generation/);
  assert.match(whyOf(a, 'side'), /^Later NLP-interpretability work: /);
  assert.match(whyOf(a, 'tagged2022'), /^Concurrent NLP-interpretability work: /);
});

test('with no date, precedents are earlier than the concept\'s earliest MI work; later work is labelled as such', async () => {
  const a = await ask(EDITING, { hits: ['hit2023', 'hit2018'] });
  assert.equal(a.paper, null);
  assert.deepEqual(ids(a.precedents), ['hit2018', 'kn', 'old', 'probe2018', 'tagged2020']);
  assert.match(whyOf(a, 'steer'), /^Later NLP-interpretability work \(after the first MI work on Model editing\): steered/);
  assert.match(whyOf(a, 'tagged2022'), /^Concurrent NLP-interpretability work \(concurrent with the first MI work on Model editing\): /);
  // A search hit, and a curated neighbour's precedent, are held to the main concept's earliest MI work too.
  assert.ok(!a.precedents.some((r) => r.id === 'hit2023'));
  assert.match(whyOf(a, 'probe2023'), /^Later NLP-interpretability work \(after the first MI work on Model editing\): a probe study from 2023 \(Probing, related to Model editing\)$/);
  // A question about a method is no paper: it has no date to give, and no notice asks for one.
  assert.ok(!a.notices.some((n) => n.startsWith('The text gives no date')), a.notices.join(' | '));
});

test('an undated pasted abstract: a notice says how much later work the missing date kept out, and how to give one', async () => {
  const abstract = Array.from({ length: 4 }, () => EDITING).join(' ');
  const a = await ask(`Editing stored facts\n\n${abstract}`);
  assert.equal(a.paper, null);
  const notice = a.notices.find((n) => n.startsWith('The text gives no date'));
  assert.ok(notice, a.notices.join(' | '));
  assert.match(notice, /before the first MI work on Model editing \(2022-02\): 3 NLP-interpretability works after it are listed under related work as later\. Add the paper's venue and year/);
});

test('a paper dated after later work gets it as earlier work; work after the paper stays later', async () => {
  const a = await ask('Editing many facts at once in a large model');
  assert.equal(a.paper?.id, 'mi2024');
  assert.deepEqual(ids(a.precedents), ['kn', 'old', 'probe2018', 'probe2023', 'steer', 'tagged2020', 'tagged2022']);
  assert.match(whyOf(a, 'side'), /^Later NLP-interpretability work: /);
  assert.ok(!a.notices.some((n) => n.startsWith('The text gives no date')), a.notices.join(' | '));
});

test('a fetched paper is dated by its arXiv id when that is earlier than the date the source gives', async () => {
  const fetched: FetchedPaper = {
    id: 'arxiv:2201.00001',
    title: 'A fetched paper on editing facts',
    authors: ['A. Author'],
    year: 2023,
    venue: 'ICLR 2023',
    url: 'https://arxiv.org/abs/2201.00001',
    source: 'arXiv',
  };
  const a = await ask('https://arxiv.org/abs/2201.00001', { fetched });
  // January 2022: before ROME's MI work and the 2022 later work; not after tagged2022 (same year, month unknown).
  assert.deepEqual(ids(a.precedents), ['kn', 'old', 'probe2018', 'tagged2020']);
  assert.match(whyOf(a, 'tagged2022'), /^Concurrent /);
  assert.match(whyOf(a, 'steer'), /^Later NLP-interpretability work: /);
});

test('a pasted venue year dates the text: work of that year is concurrent, not earlier', async () => {
  const a = await ask(`A. Author, B. Builder\nEMNLP 2022\nEditing stored facts\n\n${EDITING}`);
  assert.equal(a.paper, null);
  assert.deepEqual(ids(a.precedents), ['kn', 'old', 'probe2018', 'tagged2020']);
  assert.match(whyOf(a, 'steer'), /^Concurrent NLP-interpretability work: /);
  assert.ok(!a.notices.some((n) => n.startsWith('The text gives no date')), a.notices.join(' | '));
});

test('a pasted paper found by its title is dated by the fetched record, and its title and abstract are read once', async () => {
  const abstract = `${EDITING} ${EDITING.replace('stored fact', 'second fact')}`;
  const title = 'Editing two stored facts';
  const fetched: FetchedPaper = {
    id: 'arxiv:2406.00002',
    title,
    authors: ['A. Author', 'B. Builder'],
    year: 2024,
    month: 6,
    venue: 'arXiv',
    url: 'https://arxiv.org/abs/2406.00002',
    abstract,
    source: 'Semantic Scholar',
  };
  const pasted = `${title}\nA. Author, B. Builder\n\n${abstract}`;
  const undated = await ask(pasted);
  assert.ok(!undated.precedents.some((r) => r.id === 'steer'), 'undated: the later work is not earlier');
  const a = await ask(pasted, { fetched });
  assert.equal(a.paper?.id, 'arxiv:2406.00002');
  // June 2024: the 2022 later work and the 2023 neighbour's precedent are earlier; the 2025 work is not.
  assert.deepEqual(ids(a.precedents), ['kn', 'old', 'probe2018', 'probe2023', 'steer', 'tagged2020', 'tagged2022']);
  assert.match(whyOf(a, 'side'), /^Later NLP-interpretability work: /);
  // The question already holds the title and abstract: only the venue is added to what is read.
  assert.equal(readTexts[0], `${pasted}\n\n\narXiv`);
  // A fetched abstract the question lacks is read (a link alone).
  await ask('https://arxiv.org/abs/2406.00002', { fetched });
  assert.equal(readTexts[0], `https://arxiv.org/abs/2406.00002\n${title}\n${abstract}\narXiv`);
});
