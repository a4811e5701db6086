/**
 * The ranking rules of answer(), on a small hand-built corpus with a fake Retriever (our own
 * interface), so the rules can be changed without the real encoder or the real corpus.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { answer, DEFAULT_RANKING, guessNotice, MAX_LIMIT, pageAnswer, rankingOptions, type RankingOptions, type Retriever, type ScoredId } from '../../src/core/answer.ts';
import type { Community, Concept, Corpus, Paper } from '../../src/core/corpus-schema.ts';
import { PaperResolver } from '../../src/core/paper-resolver.ts';
import { DEFINITION_KEYS, type Answer } from '../../src/core/types.ts';
import { fixturePaper } from '../helpers/fixture-paper.ts';

function paper(id: string, year: number, community: Community, extra: Partial<Paper> = {}): Paper {
  return fixturePaper(id, community, { year, ...extra });
}

function concept(id: string, name: string, parts: { precedents?: string[]; miExamples?: string[]; related?: string[] } = {}): Concept {
  return {
    id,
    name,
    description: `The fixture concept ${name}, for tests.`,
    aliases: { mi: [], nlpi: [] },
    bearsOn: { causal: true, internals: true },
    precedents: (parts.precedents ?? []).map((p) => ({ id: p, why: `why ${p} matters` })),
    miExamples: parts.miExamples ?? [],
    missed: 'what MI work misses, for tests',
    seedRows: [],
    related: parts.related ?? [],
  };
}

function corpusOf(papers: Paper[], concepts: Concept[]): Corpus {
  return { papers: new Map(papers.map((p) => [p.id, p])), concepts: new Map(concepts.map((c) => [c.id, c])), glossary: new Map() };
}

/** A retriever that returns fixed concepts and search hits, and records what it was asked. */
function fakeRetriever(concepts: ScoredId[], hits: string[]) {
  const calls = { recognize: [] as string[], search: [] as { text: string; k: number }[] };
  const retriever: Retriever = {
    async recognizeConcepts(text) {
      calls.recognize.push(text);
      return concepts;
    },
    async searchPapers(text, k) {
      calls.search.push({ text, k });
      return hits.slice(0, k).map((id, rank) => ({ id, score: 1 / (1 + rank) }));
    },
  };
  return { retriever, calls };
}

interface Ask {
  concepts: ScoredId[];
  hits?: string[];
  limit?: number;
  offset?: number;
  ranking?: Partial<RankingOptions>;
  citationGap?: (paperId: string, conceptId: string) => number;
}

const METHOD = 'We patch the outputs of attention heads from a clean run into a corrupted run.';

async function ask(corpus: Corpus, text: string, o: Ask): Promise<Answer & { calls: ReturnType<typeof fakeRetriever>['calls'] }> {
  const { retriever, calls } = fakeRetriever(o.concepts, o.hits ?? []);
  const a = await answer(
    { text, limit: o.limit, offset: o.offset },
    { corpus, retriever, resolver: new PaperResolver(corpus), ranking: o.ranking, citationGap: o.citationGap },
  );
  return { ...a, calls };
}

const ids = (refs: { id: string }[]) => refs.map((r) => r.id);

// The paper in question for the cutoff tests: MI work from June 2020.
const Q_TITLE = 'Patching the heads that carry the indirect object';
const cutoffCorpus = () =>
  corpusOf(
    [
      paper('q', 2020, 'MI', { month: 6, title: Q_TITLE, tags: ['patching'] }),
      paper('a2018', 2018, 'NLPI'),
      paper('o2017', 2017, 'other'),
      paper('b2019', 2019, 'NLPI'),
      paper('c2020mar', 2020, 'NLPI', { month: 3 }),
      paper('d2020sep', 2020, 'NLPI', { month: 9 }),
      paper('e2020', 2020, 'NLPI'),
      paper('f2021', 2021, 'NLPI'),
      paper('g2020jun', 2020, 'NLPI', { month: 6 }),
      paper('mi2019', 2019, 'MI'),
    ],
    [
      concept('patching', 'Activation patching', {
        precedents: ['a2018', 'o2017', 'b2019', 'c2020mar', 'd2020sep', 'e2020', 'f2021', 'q', 'g2020jun'],
        miExamples: ['mi2019', 'q'],
      }),
    ],
  );

test('precedents are NLPI work strictly earlier than the paper in question; same year only when both months say so', async () => {
  const corpus = cutoffCorpus();
  const a = await ask(corpus, Q_TITLE, { concepts: [{ id: 'patching', score: 0.9 }], hits: ['q', 'mi2019'] });
  assert.equal(a.paper?.id, 'q');
  assert.deepEqual(ids(a.precedents), ['a2018', 'b2019', 'c2020mar']);
  const related = new Map(a.related.map((r) => [r.id, r]));
  for (const later of ['d2020sep', 'f2021']) {
    assert.match(related.get(later)?.why ?? '', /^Later NLP-interpretability work: why .* matters \(Activation patching\)$/, later);
  }
  // The same month, or the same year with a month unknown, is not strictly earlier: concurrent.
  for (const same of ['e2020', 'g2020jun']) {
    assert.match(related.get(same)?.why ?? '', /^Concurrent NLP-interpretability work: why .* matters \(Activation patching\)$/, same);
  }
  assert.equal(related.get('mi2019')?.why, 'MI work on Activation patching');
  // Neither the paper in question nor non-NLPI work listed as a precedent shows up.
  for (const absent of ['q', 'o2017']) assert.ok(![...a.precedents, ...a.related].some((r) => r.id === absent), absent);
  assert.ok(a.precedents.every((r) => r.community === 'NLPI'));

  // Without a paper, the concept's earliest MI work (mi2019, month unknown) is the cutoff.
  const noPaper = await ask(corpus, METHOD, { concepts: [{ id: 'patching', score: 0.9 }] });
  assert.equal(noPaper.paper, null);
  assert.deepEqual(ids(noPaper.precedents), ['a2018']);
  assert.match(noPaper.related.find((r) => r.id === 'b2019')?.why ?? '', /^Concurrent NLP-interpretability work \(concurrent with the first MI work on Activation patching\): /);
  assert.match(noPaper.related.find((r) => r.id === 'f2021')?.why ?? '', /^Later NLP-interpretability work \(after the first MI work on Activation patching\): /);
});

test('an undated text that names a model is no older than its release: NLPI work before it is earlier work, even after the concept\'s first MI work', async () => {
  const base = cutoffCorpus();
  const releases = new Map([
    ['llama-2', { id: 'llama-2', name: 'Llama 2', names: ['Llama 2', 'Llama-2'], caseSensitive: false, date: '2021-07', source: 'arXiv:2307.09288' }],
    ['gpt-2', { id: 'gpt-2', name: 'GPT-2', names: ['GPT-2'], caseSensitive: false, date: '2019-02', source: 'https://openai.com/index/better-language-models/' }],
  ]);
  const corpus: Corpus = { ...base, releases };
  const text = `${METHOD} We study Llama-2 and GPT-2.`;
  const a = await ask(corpus, text, { concepts: [{ id: 'patching', score: 0.9 }] });
  // Before the latest named release (July 2021 in this fixture): 2018 to September 2020 and 2020 without a month.
  assert.deepEqual(new Set(ids(a.precedents)), new Set(['a2018', 'b2019', 'c2020mar', 'd2020sep', 'e2020', 'g2020jun']));
  assert.match(a.notices.join('\n'), /The text names Llama 2 \(released 2021-07\), so it is no older than that: NLP-interpretability work from before 2021-07 counts as earlier work\./);
  // f2021 (month unknown) is not provably before July 2021: related work, and said why.
  assert.match(a.related.find((r) => r.id === 'f2021')?.why ?? '', /^NLP-interpretability work not provably earlier \(from 2021-07 or after, and the text names Llama 2, released then\): /);
  // A release older than the concept's first MI work (GPT-2 alone) changes nothing, and says nothing.
  const older = await ask(corpus, `${METHOD} We study GPT-2.`, { concepts: [{ id: 'patching', score: 0.9 }] });
  assert.deepEqual(ids(older.precedents), ['a2018']);
  assert.ok(!older.notices.some((n) => /The text names/.test(n)));
  // A name inside a longer word is not a mention; a known paper's own date wins over any release it names.
  assert.deepEqual(ids((await ask(corpus, `${METHOD} We study Llama-20B.`, { concepts: [{ id: 'patching', score: 0.9 }] })).precedents), ['a2018']);
  const known = await ask(corpus, `${Q_TITLE}\n\nWe patch heads of Llama 2.`, { concepts: [{ id: 'patching', score: 0.9 }] });
  assert.equal(known.paper?.id, 'q');
  assert.deepEqual(ids(known.precedents), ['a2018', 'b2019', 'c2020mar']);
});

test('a concept\'s later work is never earlier work for an undated text, even when the concept has no dated MI work, unless it predates a release the text names', async () => {
  const editing: Concept = {
    ...concept('editing', 'Model editing', { precedents: ['a2018'] }),
    later: [{ id: 'f2021', why: 'why f2021 matters' }],
  };
  const corpus: Corpus = {
    ...corpusOf([paper('a2018', 2018, 'NLPI'), paper('f2021', 2021, 'NLPI', { month: 3 })], [editing]),
    releases: new Map([['llama-2', { id: 'llama-2', name: 'Llama 2', names: ['Llama 2'], caseSensitive: false, date: '2023-07', source: 'arXiv:2307.09288' }]]),
  };
  const a = await ask(corpus, METHOD, { concepts: [{ id: 'editing', score: 0.9 }] });
  assert.deepEqual(ids(a.precedents), ['a2018']);
  assert.match(a.related.find((r) => r.id === 'f2021')?.why ?? '', /^Later NLP-interpretability work \(listed as later work on Model editing\): why f2021 matters/);
  // A text that names a release from after it makes it earlier work.
  const named = await ask(corpus, `${METHOD} We edit Llama 2.`, { concepts: [{ id: 'editing', score: 0.9 }] });
  assert.deepEqual(ids(named.precedents), ['a2018', 'f2021']);
});

test('later NLPI work goes to related, its score down-weighted by laterWorkFactor', async () => {
  const corpus = cutoffCorpus();
  // A concept with no MI example bounds nothing: with no paper in question, every precedent is earlier work.
  const unbounded = corpusOf([...corpus.papers.values()], [{ ...corpus.concepts.get('patching')!, miExamples: [] }]);
  const asPrecedent = (await ask(unbounded, METHOD, { concepts: [{ id: 'patching', score: 0.9 }] })).precedents.find((r) => r.id === 'f2021')!;
  const asLater = (await ask(corpus, Q_TITLE, { concepts: [{ id: 'patching', score: 0.9 }] })).related.find((r) => r.id === 'f2021')!;
  // Position 6 of the best concept's list: 1 / (1 + 0.12 * 6).
  assert.equal(asPrecedent.score, 0.581);
  assert.equal(asLater.score, Math.round(0.6 * (1 / 1.72) * 1000) / 1000);
  const undamped = (await ask(corpus, Q_TITLE, { concepts: [{ id: 'patching', score: 0.9 }], ranking: { laterWorkFactor: 1 } })).related.find((r) => r.id === 'f2021')!;
  assert.equal(undamped.score, asPrecedent.score);
});

test('a concept\'s precedents keep their curated order, whatever their years', async () => {
  const corpus = corpusOf(
    [paper('b2019', 2019, 'NLPI'), paper('a2018', 2018, 'NLPI'), paper('c2012', 2012, 'NLPI')],
    [concept('patching', 'Activation patching', { precedents: ['b2019', 'a2018', 'c2012'] })],
  );
  const a = await ask(corpus, METHOD, { concepts: [{ id: 'patching', score: 0.7 }] });
  assert.deepEqual(ids(a.precedents), ['b2019', 'a2018', 'c2012']);
  assert.deepEqual(a.precedents.map((r) => r.why), ['why b2019 matters (Activation patching)', 'why a2018 matters (Activation patching)', 'why c2012 matters (Activation patching)']);
});

test('two concepts\' precedents interleave, weighted relative to the best concept', async () => {
  const corpus = corpusOf(
    ['p1', 'p2', 'p3', 'p4', 'r1', 'r2', 'r3'].map((id, i) => paper(id, 2010 + i, 'NLPI')),
    [concept('patching', 'Activation patching', { precedents: ['p1', 'p2', 'p3', 'p4'], related: ['probing'] }), concept('probing', 'Probing', { precedents: ['r1', 'r2', 'r3'] })],
  );
  const a = await ask(corpus, METHOD, { concepts: [{ id: 'patching', score: 0.5 }, { id: 'probing', score: 0.4 }, { id: 'not-in-corpus', score: 0.3 }] });
  assert.deepEqual(ids(a.concepts), ['patching', 'probing']);
  assert.deepEqual(ids(a.precedents), ['p1', 'r1', 'p2', 'r2', 'p3', 'r3', 'p4']);
  // Weights 1 and 0.6 + 0.4 * 0.8 = 0.92, each over 1 + 0.12 * position.
  assert.deepEqual(a.precedents.map((r) => r.score), [1, 0.92, 0.893, 0.821, 0.806, 0.742, 0.735]);
});

test('curated neighbours of the best concept fill in behind the recognized concepts\' precedents', async () => {
  const corpus = corpusOf(
    [paper('p1', 2011, 'NLPI'), paper('p2', 2012, 'NLPI'), paper('l1', 2013, 'NLPI'), paper('r1', 2015, 'NLPI'), paper('r2', 2014, 'NLPI'), paper('s1', 2016, 'NLPI'), paper('x1', 2010, 'NLPI')],
    [
      concept('patching', 'Activation patching', { precedents: ['p1', 'p2'], related: ['probing', 'steering', 'no-such-concept'] }),
      concept('lens', 'Logit lens', { precedents: ['l1'], related: ['far'] }),
      concept('probing', 'Probing', { precedents: ['r1', 'r2'] }),
      concept('steering', 'Steering', { precedents: ['s1'] }),
      concept('far', 'Far away', { precedents: ['x1'] }),
    ],
  );
  const a = await ask(corpus, METHOD, { concepts: [{ id: 'patching', score: 1 }, { id: 'lens', score: 0.96 }] });
  // r1 and s1 tie at the neighbour weight; the earlier one comes first. Only the best concept's neighbours count.
  assert.deepEqual(ids(a.precedents), ['p1', 'l1', 'p2', 'r1', 's1', 'r2']);
  assert.equal(a.precedents[3]!.why, 'why r1 matters (Probing, related to Activation patching)');
  assert.equal(a.precedents[3]!.score, DEFAULT_RANKING.neighbourWeight);
});

test('papers tagged with a recognized concept: NLPI ones are precedents, others related work', async () => {
  const corpus = corpusOf(
    [paper('p1', 2011, 'NLPI'), paper('t1', 2012, 'NLPI', { tags: ['patching'] }), paper('t2', 2013, 'MI', { tags: ['patching'] }), paper('t3', 2014, 'NLPI', { tags: ['other-concept'] })],
    [concept('patching', 'Activation patching', { precedents: ['p1'] }), concept('other-concept', 'Other concept')],
  );
  const a = await ask(corpus, METHOD, { concepts: [{ id: 'patching', score: 0.8 }] });
  assert.deepEqual(ids(a.precedents), ['p1', 't1']);
  assert.deepEqual([a.precedents[1]!.why, a.precedents[1]!.score], ['NLP-interpretability work on Activation patching', 0.36]);
  assert.deepEqual(a.related.map((r) => [r.id, r.why, r.score]), [['t2', 'MI work on Activation patching', 0.36]]);
});

test('search hits fill the precedents up to minPrecedents; the rest of the hits are related work', async () => {
  const corpus = corpusOf(
    [
      paper('q', 2020, 'MI', { month: 6, title: Q_TITLE }),
      paper('p1', 2011, 'NLPI'),
      paper('p2', 2012, 'NLPI'),
      ...['h1', 'h2', 'h3', 'h4', 'h5'].map((id, i) => paper(id, 2013 + i, 'NLPI')),
      paper('m1', 2015, 'MI'),
      paper('late', 2030, 'NLPI'),
    ],
    [concept('patching', 'Activation patching', { precedents: ['p1', 'p2'] })],
  );
  const hits = ['q', 'h1', 'm1', 'late', 'h2', 'h3', 'h4', 'h5', 'p1', 'not-in-corpus'];
  const a = await ask(corpus, Q_TITLE, { concepts: [{ id: 'patching', score: 0.9 }], hits });
  assert.equal(DEFAULT_RANKING.minPrecedents, 5);
  assert.deepEqual(ids(a.precedents), ['p1', 'p2', 'h1', 'h2', 'h3']);
  assert.match(a.precedents[2]!.why, /^Close to your question/);
  // Relevance 1 / (1 + rank / 5) over the hits without the paper in question; 0.2 per unit as precedent, 0.3 as related.
  assert.deepEqual(a.precedents.slice(2).map((r) => r.score), [0.2, 0.125, 0.111]);
  assert.deepEqual(a.related.map((r) => [r.id, r.score]), [['m1', 0.25], ['late', 0.214], ['h4', 0.15], ['h5', 0.136]]);
  assert.deepEqual(a.calls.search.map((c) => c.k), [DEFAULT_RANKING.searchHits]);
});

test('with no concept recognized, no search hit is named a precedent: they are related work, and a notice says so', async () => {
  const corpus = corpusOf([paper('h1', 2013, 'NLPI'), paper('m1', 2015, 'MI')], []);
  const a = await ask(corpus, 'Is this interpretability work on attention heads?', { concepts: [], hits: ['m1', 'h1'] });
  assert.equal(a.definitions.broadCultural.applies, true);
  assert.deepEqual(ids(a.precedents), []);
  assert.deepEqual(ids(a.related), ['m1', 'h1']);
  assert.ok(a.notices.includes('No crosswalk concept was recognized, so no earlier work is named as a precedent; the related works below come from text search alone.'));
});

test('with no concept recognized, the method the text describes is named as a concept to look up, never as precedents', async () => {
  const corpus = corpusOf([paper('h1', 2013, 'NLPI')], [concept('steering-vectors', 'Steering vectors', { precedents: ['h1'] }), concept('probing', 'Probing')]);
  const a = await ask(corpus, 'We steer the activations of the model along one direction in the residual stream.', { concepts: [], hits: ['h1'] });
  assert.deepEqual(ids(a.precedents), []);
  assert.ok(a.notices.includes('The method the text describes points to "Steering vectors" (`concept steering-vectors`): look it up for its earlier work, or name it in the question.'), a.notices.join('\n'));
  // No method named (or a method whose concept the corpus lacks): no hint.
  const plain = await ask(corpus, 'Is this interpretability work on attention heads?', { concepts: [], hits: ['h1'] });
  assert.ok(!plain.notices.some((n) => n.startsWith('The method the text describes')), plain.notices.join('\n'));
  // A direction whose removal is an erasure, not steering.
  const erasing = corpusOf([paper('h1', 2013, 'NLPI')], [concept('steering-vectors', 'Steering vectors'), concept('concept-erasure', 'Concept erasure')]);
  for (const text of ['We find a direction in the residual stream whose removal stops the model from refusing.', 'The removal of the direction from the residual stream stops the model from refusing.']) {
    const erased = await ask(erasing, text, { concepts: [], hits: ['h1'] });
    assert.ok(erased.notices.includes('The method the text describes points to "Concept erasure" (`concept concept-erasure`): look it up for its earlier work, or name it in the question.'), erased.notices.join('\n'));
  }
  const absent = await ask(corpus, 'We patch the outputs of attention heads from a clean run into a corrupted run.', { concepts: [], hits: ['h1'] });
  assert.ok(!absent.notices.some((n) => n.startsWith('The method the text describes')), absent.notices.join('\n'));
});

test('the citationGap hook raises a precedent', async () => {
  const corpus = corpusOf(
    [paper('a', 2010, 'NLPI'), paper('b', 2011, 'NLPI'), paper('c', 2012, 'NLPI')],
    [concept('patching', 'Activation patching', { precedents: ['a', 'b', 'c'] })],
  );
  const asked: string[] = [];
  const gap = (paperId: string, conceptId: string) => {
    asked.push(`${paperId}/${conceptId}`);
    return paperId === 'c' ? 1 : 0;
  };
  assert.deepEqual(ids((await ask(corpus, METHOD, { concepts: [{ id: 'patching', score: 1 }] })).precedents), ['a', 'b', 'c']);
  const raised = await ask(corpus, METHOD, { concepts: [{ id: 'patching', score: 1 }], citationGap: gap });
  assert.deepEqual(ids(raised.precedents), ['c', 'a', 'b']);
  assert.equal(raised.precedents[0]!.score, Math.round((1 / 1.24 + DEFAULT_RANKING.citationGapWeight) * 1000) / 1000);
  assert.deepEqual(asked.sort(), ['a/patching', 'b/patching', 'c/patching']);
});

test('a question that is not interpretability research gets no precedents, no related work and no search', async () => {
  const corpus = corpusOf([paper('p1', 2011, 'NLPI'), paper('m1', 2015, 'MI')], [concept('patching', 'Activation patching', { precedents: ['p1'], miExamples: ['m1'] })]);
  const text = 'What is the best pasta recipe for a dinner party?';
  const a = await ask(corpus, text, { concepts: [{ id: 'patching', score: 0.3 }], hits: ['p1', 'm1'] });
  assert.equal(a.definitions.broadCultural.applies, false);
  assert.deepEqual([a.concepts, a.precedents, a.related], [[], [], []]);
  assert.deepEqual(a.calls.search, []);
  // The same fixture does give precedents once the question is about interpretability.
  const b = await ask(corpus, text, { concepts: [{ id: 'patching', score: 0.9 }], hits: ['p1', 'm1'] });
  assert.equal(b.definitions.broadCultural.applies, true);
  assert.deepEqual([ids(b.precedents), ids(b.related)], [['p1'], ['m1']]);
});

/** Long lists: 60 curated NLPI precedents, 55 MI examples, and search hits. */
const longCorpus = () => {
  const nlpi = Array.from({ length: 60 }, (_, i) => paper(`n${i}`, 1960 + (i % 7), 'NLPI'));
  const mi = Array.from({ length: 55 }, (_, i) => paper(`m${i}`, 2015 + (i % 5), 'MI'));
  return corpusOf([...nlpi, ...mi], [concept('patching', 'Activation patching', { precedents: nlpi.map((p) => p.id), miExamples: mi.map((p) => p.id) })]);
};
const longHits = [...Array.from({ length: 30 }, (_, i) => `m${i * 2}`), ...Array.from({ length: 30 }, (_, i) => `n${59 - i * 2}`)];

test('limit and offset page precedents and related work', async () => {
  const corpus = longCorpus();
  const full = await ask(corpus, METHOD, { concepts: [{ id: 'patching', score: 0.8 }], hits: longHits, limit: MAX_LIMIT });
  assert.equal(full.precedents.length, MAX_LIMIT);
  assert.equal(full.related.length, MAX_LIMIT);
  const first = await ask(corpus, METHOD, { concepts: [{ id: 'patching', score: 0.8 }], hits: longHits });
  assert.deepEqual([first.precedents, first.related], [full.precedents.slice(0, 10), full.related.slice(0, 10)]);
  const third = await ask(corpus, METHOD, { concepts: [{ id: 'patching', score: 0.8 }], hits: longHits, limit: 7, offset: 14 });
  assert.deepEqual([third.precedents, third.related], [full.precedents.slice(14, 21), full.related.slice(14, 21)]);
  const tooMany = await ask(corpus, METHOD, { concepts: [{ id: 'patching', score: 0.8 }], hits: longHits, limit: 500 });
  assert.equal(tooMany.precedents.length, MAX_LIMIT);
  const past = await ask(corpus, METHOD, { concepts: [{ id: 'patching', score: 0.8 }], hits: longHits, offset: 200 });
  assert.deepEqual([past.precedents, past.related], [[], []]);
  assert.equal(past.concepts.length, 1);
});

test('pageAnswer of the full answer is the answer asked with that offset and limit', async () => {
  const corpus = longCorpus();
  const deps = { corpus, retriever: fakeRetriever([{ id: 'patching', score: 0.8 }], longHits).retriever, resolver: new PaperResolver(corpus) };
  const full = await answer({ text: METHOD, limit: MAX_LIMIT, offset: 0 }, deps);
  const copy = structuredClone(full);
  for (let offset = 0; offset < MAX_LIMIT; offset++) {
    for (let limit = 1; offset + limit <= MAX_LIMIT; limit++) {
      assert.deepEqual(pageAnswer(full, offset, limit), await answer({ text: METHOD, limit, offset }, deps), `offset ${offset}, limit ${limit}`);
    }
  }
  assert.deepEqual(full, copy, 'pageAnswer leaves the full answer as it was');
  const page = pageAnswer(full, 3, 2);
  assert.deepEqual([ids(page.precedents), ids(page.related)], [ids(full.precedents.slice(3, 5)), ids(full.related.slice(3, 5))]);
  assert.deepEqual({ ...page, precedents: [], related: [] }, { ...full, precedents: [], related: [] });
});

test('the ranking options are what the ranking uses', async () => {
  const corpus = corpusOf(
    [paper('b2019', 2019, 'NLPI'), paper('a2018', 2018, 'NLPI'), paper('r1', 2001, 'NLPI'), paper('l1', 2002, 'NLPI'), paper('h1', 2003, 'NLPI')],
    [
      concept('patching', 'Activation patching', { precedents: ['b2019', 'a2018'], related: ['probing'] }),
      concept('probing', 'Probing', { precedents: ['r1'] }),
      concept('lens', 'Logit lens', { precedents: ['l1'] }),
    ],
  );
  // By default a secondary concept far below the main one and not its neighbour is dropped.
  const dropped = await ask(corpus, METHOD, { concepts: [{ id: 'patching', score: 1 }, { id: 'lens', score: 0.2 }], hits: ['h1'] });
  assert.deepEqual([ids(dropped.concepts), ids(dropped.precedents)], [['patching'], ['b2019', 'a2018', 'r1', 'h1']]);
  const keep = { secondaryCloseShare: 0 };
  const base: Ask = { concepts: [{ id: 'patching', score: 1 }, { id: 'lens', score: 0.2 }], hits: ['h1'], ranking: keep };
  const defaults = await ask(corpus, METHOD, base);
  assert.deepEqual(ids(defaults.precedents), ['b2019', 'a2018', 'l1', 'r1', 'h1']);
  // No decay along the curated list: the two tie and the earlier comes first.
  assert.deepEqual(ids((await ask(corpus, METHOD, { ...base, ranking: { ...keep, curatedRankDecay: 0 } })).precedents), ['a2018', 'b2019', 'l1', 'r1', 'h1']);
  // Neighbours weighted above the concept's own precedents.
  assert.deepEqual(ids((await ask(corpus, METHOD, { ...base, ranking: { ...keep, neighbourWeight: 2 } })).precedents), ['r1', 'b2019', 'a2018', 'l1', 'h1']);
  // Second concept weighted by its raw relative score: its precedent falls behind the neighbour.
  assert.deepEqual(ids((await ask(corpus, METHOD, { ...base, ranking: { ...keep, conceptWeightBase: 0, conceptWeightSpan: 1 } })).precedents), ['b2019', 'a2018', 'r1', 'l1', 'h1']);
  const one = await ask(corpus, METHOD, { ...base, ranking: { ...keep, maxConcepts: 1 } });
  assert.deepEqual([ids(one.concepts), ids(one.precedents)], [['patching'], ['b2019', 'a2018', 'r1', 'h1']]);
  const noFill = await ask(corpus, METHOD, { ...base, ranking: { ...keep, minPrecedents: 0, searchHits: 7 } });
  assert.deepEqual([ids(noFill.precedents), ids(noFill.related)], [['b2019', 'a2018', 'l1', 'r1'], ['h1']]);
  assert.deepEqual(noFill.calls.search.map((c) => c.k), [7]);
});

test('a secondary concept is kept within a fifth of the main score, a curated neighbour within two fifths', async () => {
  const corpus = corpusOf(
    [paper('b2019', 2019, 'NLPI'), paper('r1', 2001, 'NLPI'), paper('l1', 2002, 'NLPI')],
    [
      concept('patching', 'Activation patching', { precedents: ['b2019'], related: ['probing'] }),
      concept('probing', 'Probing', { precedents: ['r1'] }),
      concept('lens', 'Logit lens', { precedents: ['l1'] }),
    ],
  );
  const kept = async (concepts: Ask['concepts']) => ids((await ask(corpus, METHOD, { concepts, hits: [] })).concepts);
  assert.deepEqual([DEFAULT_RANKING.secondaryCloseShare, DEFAULT_RANKING.secondaryRelatedShare], [0.8, 0.6]);
  assert.deepEqual(await kept([{ id: 'patching', score: 1 }, { id: 'lens', score: 0.85 }]), ['patching', 'lens']);
  assert.deepEqual(await kept([{ id: 'patching', score: 1 }, { id: 'lens', score: 0.75 }]), ['patching']);
  assert.deepEqual(await kept([{ id: 'patching', score: 1 }, { id: 'probing', score: 0.65 }]), ['patching', 'probing']);
  assert.deepEqual(await kept([{ id: 'patching', score: 1 }, { id: 'probing', score: 0.55 }]), ['patching']);
  // A kept secondary concept brings its own precedents.
  const both = await ask(corpus, METHOD, { concepts: [{ id: 'patching', score: 1 }, { id: 'lens', score: 0.85 }], hits: [] });
  assert.ok(ids(both.precedents).includes('l1'), JSON.stringify(ids(both.precedents)));
});

test('ranking options: defaults, overrides and refusals', () => {
  assert.deepEqual(rankingOptions(), { ...DEFAULT_RANKING });
  assert.deepEqual(rankingOptions({ neighbourWeight: 0.5, maxConcepts: undefined }), { ...DEFAULT_RANKING, neighbourWeight: 0.5 });
  assert.ok(Object.isFrozen(DEFAULT_RANKING));
  assert.throws(() => rankingOptions({ neighbourWeight: -0.1 }), RangeError);
  assert.throws(() => rankingOptions({ laterWorkFactor: Number.NaN }), RangeError);
  assert.throws(() => rankingOptions({ maxConcepts: 1.5 }), RangeError);
  assert.throws(() => rankingOptions({ searchRelevanceHalfRank: 0 }), RangeError);
  assert.throws(() => rankingOptions({ nosuch: 1 } as Partial<RankingOptions>), /unknown ranking option nosuch/);
});

test('with the measured miss rates, a precedent\'s why-line says how many measured MI papers on the concept cite it', async () => {
  const corpus = cutoffCorpus();
  const cell = { concept: 'patching', precedent: 'a2018', papers: 6, citing: 1, missRate: 5 / 6 };
  const missRates = { get: (c: string, p: string) => (c === cell.concept && p === cell.precedent ? cell : undefined) };
  const { retriever } = fakeRetriever([{ id: 'patching', score: 0.9 }], []);
  const a = await answer({ text: METHOD }, { corpus, retriever, resolver: new PaperResolver(corpus), missRates });
  const p = a.precedents.find((x) => x.id === 'a2018');
  assert.ok(p, JSON.stringify(ids(a.precedents)));
  assert.match(p.why, /\(Activation patching; cited by 1 of 6 measured MI papers on it\)$/);
  for (const other of a.precedents.filter((x) => x.id !== 'a2018')) assert.doesNotMatch(other.why, /measured MI/);
});

test('a pasted title with an author and venue line in front, slightly reworded, resolves to the corpus paper; it is never its own related work', async () => {
  const corpus = cutoffCorpus();
  const text = `Ann Author, Bo Builder (Anthropic)\nEMNLP 2023\nPatching the Heads That Carry the Indirect Object:\n\n${METHOD}`;
  const a = await ask(corpus, text, { concepts: [], hits: ['q', 'a2018'] });
  assert.equal(a.paper?.id, 'q');
  assert.ok(![...a.precedents, ...a.related].some((r) => r.id === 'q'));
  // The concepts the corpus files the paper under (its tag, the concepts listing it as an MI example) come in
  // even when the text matched none.
  assert.deepEqual(a.concepts.map((c) => c.id), ['patching']);
  assert.equal(a.concepts[0]!.score, DEFAULT_RANKING.curatedConceptScore);
  assert.deepEqual(ids(a.precedents).slice(0, 3), ['a2018', 'b2019', 'c2020mar']);
});

test('a paper pasted in one line, its title running into its abstract, or quoted in a short question, resolves to the corpus paper; it is never its own related work', async () => {
  const corpus = cutoffCorpus();
  for (const text of [`${Q_TITLE}. ${METHOD}`, `${Q_TITLE}: is this mechanistic?`, `Patching the Heads that Carry the Indirect Object — ${METHOD}`, `is "${Q_TITLE}" mechanistic?`]) {
    const a = await ask(corpus, text, { concepts: [], hits: ['q', 'a2018'] });
    assert.equal(a.paper?.id, 'q', text);
    assert.ok(a.notices[0]?.startsWith(`Answering about "${Q_TITLE}" (2020)`), a.notices.join(' | '));
    assert.ok(![...a.precedents, ...a.related].some((r) => r.id === 'q'), text);
    assert.deepEqual(ids(a.precedents).slice(0, 3), ['a2018', 'b2019', 'c2020mar']);
  }
  // A method phrase before a colon is a question about the method, not a paper.
  const method = await ask(corpus, `Activation patching: ${METHOD}`, { concepts: [{ id: 'patching', score: 0.9 }], hits: ['q', 'a2018'] });
  assert.equal(method.paper, null);
});

test('a short question citing a paper as papers do is about it; several matches are named, none is a notice, and neither is a confident "no"', async () => {
  const corpus = corpusOf(
    [
      paper('meng2022', 2022, 'MI', { title: 'Locating and Editing Factual Associations in GPT', authors: ['Kevin Meng', 'David Bau'] }),
      paper('meng2022mass', 2022, 'MI', { title: 'Mass-Editing Memory in a Transformer', authors: ['Kevin Meng', 'Arnab Sen Sharma'] }),
      paper('jain2019', 2019, 'NLPI', { title: 'Attention is not Explanation', authors: ['Sarthak Jain', 'Byron C. Wallace'] }),
      paper('decao2021', 2021, 'NLPI', { title: 'Editing Factual Knowledge in Language Models', authors: ['Nicola De Cao', 'Wilker Aziz'] }),
    ],
    [],
  );
  const about = async (text: string) => answer({ text }, { corpus, retriever: fakeRetriever([], []).retriever, resolver: new PaperResolver(corpus) });
  for (const [text, id] of [
    ['is Jain and Wallace (2019) mechanistic?', 'jain2019'],
    ['what came before Jain & Wallace, 2019', 'jain2019'],
    ['De Cao et al. 2021: is it mechanistic?', 'decao2021'],
    // A preprint cited by its venue's year, and a word of the title picking one of two.
    ['is De Cao et al. (2022) mechanistic?', 'decao2021'],
    ['Meng et al. 2022 on mass-editing memory', 'meng2022mass'],
  ] as const) {
    const a = await about(text);
    assert.equal(a.paper?.id, id, text);
    assert.match(a.notices[0]!, /found in the corpus/, text);
  }
  const several = await about('Is Meng et al. 2022 mechanistic?');
  assert.equal(several.paper, null);
  assert.ok(several.notices.includes('"Meng et al. 2022" matches 2 corpus papers: "Locating and Editing Factual Associations in GPT" (2022), "Mass-Editing Memory in a Transformer" (2022). Add a word of its title, or paste its title or link, to be answered about one of them.'), several.notices.join(' | '));
  for (const k of DEFINITION_KEYS) assert.notEqual(several.definitions[k].applies, false, `${k}: the paper was not read, so never "no"`);
  assert.match(several.definitions.broadTechnical.evidence[0]!, /cites "Meng et al\. 2022", which could not be pinned to one paper/);
  const none = await about('is Smith et al. 2024 mechanistic?');
  assert.equal(none.paper, null);
  assert.ok(none.notices.some((n) => n.startsWith('No corpus paper matches "Smith et al. 2024": paste its title or link')), none.notices.join(' | '));
  for (const k of DEFINITION_KEYS) assert.notEqual(none.definitions[k].applies, false, k);
  // Not citations: a venue and a year, a name and a year without brackets; and a citation in an abstract names related work.
  for (const text of [
    'an EMNLP 2023 paper on probing',
    'is Olsson 2022 mechanistic?',
    `Jain and Wallace (2019) showed this. ${'We patch the heads of the model and measure the change. '.repeat(6)}`,
    // A question about a method that compares it with a cited paper is about the method.
    'We patch the outputs of single heads to find where bias is carried; is this like Jain and Wallace (2019)?',
    'We patch the outputs of single heads to find where facts are stored, as Meng et al. 2022 did?',
  ]) {
    const a = await about(text);
    assert.equal(a.paper, null, text);
    assert.ok(!a.notices.some((n) => /corpus paper/.test(n)), text);
  }
});

test('a title that only shares some words with a corpus title does not resolve to it', async () => {
  const corpus = cutoffCorpus();
  const resolver = new PaperResolver(corpus);
  assert.equal(resolver.byTitle('Patching the heads that carry the direct object in BERT')?.id, undefined);
  // A longer title with one word changed is close enough (Dice 0.9).
  const long = new PaperResolver(corpusOf([paper('t', 2021, 'MI', { title: 'Which attention heads carry the indirect object in small transformer models' })], []));
  assert.equal(long.byTitle('Which attention heads carry the indirect object in tiny transformer models\n\nWe patch heads.')?.id, 't');
  assert.equal(resolver.byTitle('Heads that carry objects')?.id, undefined);
  assert.equal(resolver.byTitle(`${Q_TITLE.toUpperCase()}!`)?.id, 'q');
  // A long first sentence of an abstract is not a title.
  assert.equal(resolver.byTitle(`${METHOD} ${METHOD} ${METHOD}`)?.id, undefined);
});

test('a pasted header (author line, venue, affiliation) feeds narrow cultural and dates the text; recognition is unchanged', async () => {
  const corpus = cutoffCorpus();
  const body = 'We patch the outputs of attention heads from a clean run into a corrupted run to find the heads that carry the object.';
  const plain = await ask(corpus, body, { concepts: [{ id: 'patching', score: 0.9 }] });
  const acl = await ask(corpus, `Ann Author, Bo Builder and Cy Critic\nEMNLP 2020\n\n${body}`, { concepts: [{ id: 'patching', score: 0.9 }] });
  assert.equal(plain.definitions.narrowCultural.applies, null);
  assert.equal(acl.definitions.narrowCultural.applies, false);
  assert.match(acl.definitions.narrowCultural.evidence[0]!, /EMNLP 2020 is an ACL venue.*pasted header/);
  assert.deepEqual(ids(acl.concepts), ids(plain.concepts));
  // The venue's year is the cutoff: only work before 2020 stays a precedent.
  assert.deepEqual(ids(acl.precedents), ['a2018', 'b2019']);
  const mi = await ask(corpus, `Ann Author (Anthropic), Bo Builder (Anthropic)\n\n${body}`, { concepts: [{ id: 'patching', score: 0.9 }] });
  assert.equal(mi.definitions.narrowCultural.applies, true);
  assert.match(mi.definitions.narrowCultural.evidence[0]!, /Anthropic/);
  // An author line none of whose authors wrote an MI corpus paper is "no", saying why, not "the question does not say".
  const unknown = await ask(corpus, `Ann Author, Bo Builder and Cy Critic\n\n${body}`, { concepts: [{ id: 'patching', score: 0.9 }] });
  assert.equal(unknown.definitions.narrowCultural.applies, false);
  assert.match(unknown.definitions.narrowCultural.evidence[0]!, /^authors: none of its 3 authors wrote any of the \d+ corpus papers labelled MI.*\(from the pasted header\)$/);
  assert.match(plain.definitions.narrowCultural.evidence[0]!, /which the question does not say/);
});

test('a precedent the seed paper pairs with the concept says so in its why-line; a curator\'s addition does not', async () => {
  const patching = concept('patching', 'Activation patching', { precedents: ['b2019', 'a2018'] });
  patching.precedents[0] = { ...patching.precedents[0]!, seedPaired: true };
  const corpus = corpusOf([paper('b2019', 2019, 'NLPI'), paper('a2018', 2018, 'NLPI')], [patching]);
  const a = await ask(corpus, METHOD, { concepts: [{ id: 'patching', score: 0.7 }] });
  assert.deepEqual(a.precedents.map((r) => r.why), ['why b2019 matters (Activation patching; paired with it in Saphra & Wiegreffe 2024)', 'why a2018 matters (Activation patching)']);
});

test('a guessed concept brings precedents only once the verdict says interpretability, and never counts toward the verdict', async () => {
  const corpus = corpusOf(
    [paper('h1', 2013, 'NLPI'), paper('h2', 2014, 'NLPI'), paper('p1', 2011, 'NLPI')],
    [concept('head-roles', 'Attention head roles', { precedents: ['h1', 'h2'] }), concept('patching', 'Activation patching', { precedents: ['p1'] })],
  );
  const guess: ScoredId = { id: 'head-roles', score: 0.35, byAlias: false, guess: true };
  // The text reads as interpretability (broad cultural yes with no concept): the guess ranks the precedents and says so.
  const interp = 'Is this interpretability work on attention heads?';
  const a = await ask(corpus, interp, { concepts: [guess], hits: [] });
  assert.equal(a.definitions.broadCultural.applies, true);
  assert.deepEqual(a.concepts.map((c) => [c.id, c.guess]), [['head-roles', true]]);
  assert.deepEqual(ids(a.precedents), ['h1', 'h2']);
  assert.ok(a.notices.includes(guessNotice('Attention head roles')), a.notices.join('\n'));
  assert.ok(!a.notices.some((n) => n.startsWith('No crosswalk concept was recognized, so')), a.notices.join('\n'));
  const without = await ask(corpus, interp, { concepts: [], hits: [] });
  assert.deepEqual(a.definitions, without.definitions);
  // A text that is not interpretability: however strong the guess, no concept and no precedents (a found concept would flip it).
  const pasta = 'What is the best pasta recipe for a dinner party?';
  const b = await ask(corpus, pasta, { concepts: [{ ...guess, score: 0.9 }], hits: ['p1'] });
  assert.equal(b.definitions.broadCultural.applies, false);
  assert.deepEqual([b.concepts, b.precedents, b.related], [[], [], []]);
  assert.equal((await ask(corpus, pasta, { concepts: [{ id: 'head-roles', score: 0.9 }], hits: [] })).definitions.broadCultural.applies, true);
  // A concept that was found outranks any guess.
  const c = await ask(corpus, interp, { concepts: [{ id: 'patching', score: 0.8 }, guess], hits: [] });
  assert.deepEqual(c.concepts.map((x) => [x.id, x.guess]), [['patching', undefined]]);
  assert.ok(!c.notices.includes(guessNotice('Attention head roles')));
});

test('a corpus paper\'s curated concepts leave no room for a guess', async () => {
  const base = cutoffCorpus();
  const corpus = corpusOf([...base.papers.values()], [...base.concepts.values(), concept('head-roles', 'Attention head roles', { precedents: ['a2018'] })]);
  const a = await ask(corpus, Q_TITLE, { concepts: [{ id: 'head-roles', score: 0.35, byAlias: false, guess: true }], hits: [] });
  assert.equal(a.paper?.id, 'q');
  assert.deepEqual(a.concepts.map((c) => [c.id, c.guess]), [['patching', undefined]]);
});
