/**
 * The learned ranking of earlier work (src/core/precedent-ranking.ts) and how answer() uses it, on a
 * hand-built corpus with a fake Retriever: the features it is given, the model's checks, and that
 * the scorer, not the hand weights, orders the precedents when one is passed.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { answer, type Retriever } from '../../src/core/answer.ts';
import type { Concept, Corpus, Paper } from '../../src/core/corpus-schema.ts';
import { PaperResolver } from '../../src/core/paper-resolver.ts';
import {
  linearPrecedentScorer,
  linkGradeOf,
  linkKey,
  modelLinkGrades,
  parsePrecedentModel,
  PRECEDENT_FEATURES,
  precedentFeatureVector,
  precedentProbability,
  PrecedentModelError,
  priorPrecedentScorer,
  smoothedLinkGrade,
  type PrecedentFeatures,
  type PrecedentScorer,
} from '../../src/core/precedent-ranking.ts';
import { fixturePaper } from '../helpers/fixture-paper.ts';
import { precedentFeatures } from '../helpers/precedent-features.ts';

/** A fixture concept; the precedents in `seedPaired` are the ones the seed pairs with it. */
function concept(id: string, precedents: string[], related: string[] = [], seedPaired: string[] = []): Concept {
  return {
    id,
    name: `Concept ${id}`,
    description: `The fixture concept ${id}.`,
    aliases: { mi: [], nlpi: [] },
    bearsOn: { causal: true, internals: true },
    precedents: precedents.map((p) => ({ id: p, why: `why ${p}`, ...(seedPaired.includes(p) ? { seedPaired: true } : {}) })),
    miExamples: [],
    missed: 'for tests',
    seedRows: [],
    related,
  };
}

const papers: Paper[] = [
  fixturePaper('generic', 'NLPI', { year: 2016, title: 'A survey of everything' }),
  fixturePaper('specific', 'NLPI', { year: 2019, title: 'Amnesic probing of syntactic agreement', summary: 'Removing a property from representations and measuring the effect on agreement.' }),
  fixturePaper('other', 'NLPI', { year: 2018, title: 'Attention is not explanation' }),
  fixturePaper('neighbourly', 'NLPI', { year: 2017, title: 'Diagnostic classifiers' }),
  fixturePaper('tagged', 'NLPI', { year: 2018, title: 'Tagged work', tags: ['erasure'] }),
];
const corpus: Corpus = {
  papers: new Map(papers.map((p) => [p.id, p])),
  concepts: new Map([
    ['erasure', concept('erasure', ['generic', 'specific'], ['probing'], ['specific'])],
    ['attention', concept('attention', ['other', 'generic'])],
    ['probing', concept('probing', ['neighbourly', 'generic'])],
  ]),
  glossary: new Map(),
};

const retriever: Retriever = {
  recognizeConcepts: async () => [
    { id: 'erasure', score: 0.8, byAlias: true },
    { id: 'attention', score: 0.78, byAlias: false },
  ],
  searchPapers: async () => [{ id: 'specific', score: 1 }],
};

const QUESTION = 'We remove syntactic agreement from the representations, amnesic probing style, and measure the effect.';

async function ask(precedentScorer?: PrecedentScorer, linkGrade?: (paperId: string, conceptId: string) => number | undefined) {
  const seen: { id: string; f: PrecedentFeatures }[] = [];
  const recording: PrecedentScorer = (f, id) => {
    seen.push({ id, f });
    return (precedentScorer ?? priorPrecedentScorer)(f, id);
  };
  const a = await answer({ text: QUESTION, limit: 10 }, { corpus, retriever, resolver: new PaperResolver(corpus), precedentScorer: recording, ...(linkGrade ? { linkGrade } : {}) });
  return { a, seen };
}

test('without a scorer, answer() ranks by the hand-weighted prior, as the prior scorer does', async () => {
  const plain = await answer({ text: QUESTION, limit: 10 }, { corpus, retriever, resolver: new PaperResolver(corpus) });
  const { a } = await ask();
  assert.deepEqual(a.precedents, plain.precedents);
  assert.deepEqual(
    plain.precedents.map((p) => p.id),
    ['specific', 'generic', 'other', 'tagged', 'neighbourly'],
  );
});

test('every candidate precedent is described: source, concept, curated rank, relevance, overlap, years', async () => {
  const { seen } = await ask();
  const byId = (id: string, source: string) => seen.find((s) => s.id === id && s.f.source === source)?.f;
  const specific = byId('specific', 'concept')!;
  assert.equal(specific.mainConcept, true);
  assert.equal(specific.conceptShare, 1);
  assert.equal(specific.conceptByAlias, true);
  assert.equal(specific.curatedRank, 1);
  assert.equal(specific.laterList, false);
  assert.equal(specific.seedPaired, true, 'the seed pairs it with the concept');
  assert.equal(specific.relevance, 1, 'the first search hit');
  assert.equal(specific.linkedConcepts, 1);
  assert.ok(specific.titleOverlap > 0.5, `the question has most of its title words (${specific.titleOverlap})`);
  assert.ok(specific.textOverlap > 0);
  assert.equal(specific.yearsBefore, undefined, 'no date for the paper in question and no MI work on the concept');
  const generic = byId('generic', 'concept')!;
  assert.equal(generic.linkedConcepts, 3, 'listed by all three concepts');
  assert.equal(generic.relevance, 0);
  assert.equal(generic.titleOverlap, 0);
  assert.equal(generic.seedPaired, false);
  const second = seen.find((s) => s.id === 'other')!.f;
  assert.equal(second.mainConcept, false);
  assert.equal(second.conceptShare, 0.78 / 0.8);
  assert.equal(second.conceptByAlias, false);
  const neighbour = byId('neighbourly', 'neighbour')!;
  assert.equal(neighbour.mainConcept, true, 'a neighbour of the best concept fills in for it');
  assert.equal(neighbour.conceptShare, 0);
  assert.equal(byId('tagged', 'tagged')!.curatedRank, undefined);
  assert.equal(byId('tagged', 'tagged')!.seedPaired, false, 'only a curated link can be the seed\'s pairing');
});

test('a scorer, not the hand weights, orders the precedents', async () => {
  const { a } = await ask((f) => -f.linkedConcepts - f.prior);
  assert.equal(a.precedents.at(-1)!.id, 'generic', 'the paper every concept lists goes last');
  // A paper reached several ways keeps its best score: 'generic' as a neighbour's second precedent has the lowest prior.
  const { a: reversed } = await ask((f) => -f.prior);
  assert.deepEqual(
    reversed.precedents.map((p) => p.id),
    ['generic', 'neighbourly', 'tagged', 'other', 'specific'],
  );
});

test('the feature vector has one value per named feature, each in 0..1', () => {
  const f = precedentFeatures({
    prior: 0.9,
    source: 'neighbour',
    conceptShare: 0.5,
    conceptByAlias: false,
    laterList: true,
    seedPaired: true,
    relevance: 0.25,
    citationGap: 0.4,
    linkedConcepts: 200,
    titleOverlap: 1,
    textOverlap: 0.1,
    yearsBefore: 40,
  });
  const x = precedentFeatureVector(f);
  assert.equal(x.length, PRECEDENT_FEATURES.length);
  const named = Object.fromEntries(PRECEDENT_FEATURES.map((n, i) => [n, x[i]]));
  assert.deepEqual(
    [named.fromConcept, named.fromNeighbour, named.fromTagged, named.fromSearch, named.curatedFirst, named.curatedRankInverse, named.laterList, named.seedPaired],
    [0, 1, 0, 0, 1, 1, 1, 1],
  );
  assert.equal(named.yearsBefore, 1, 'capped at 15 years');
  assert.equal(named.yearsUnknown, 0);
  assert.ok(x.every((v) => v >= 0 && v <= 1.0001), `${x}`);
  const unknown = Object.fromEntries(PRECEDENT_FEATURES.map((n, i) => [n, precedentFeatureVector({ ...f, yearsBefore: undefined, curatedRank: undefined })[i]]));
  assert.deepEqual([unknown.yearsBefore, unknown.yearsUnknown, unknown.curatedRankInverse, unknown.curatedFirst], [0, 1, 0, 0]);
});

test('a model file must name this code feature list, with one finite weight each', () => {
  const weights = PRECEDENT_FEATURES.map(() => 0);
  const ok = parsePrecedentModel({ features: [...PRECEDENT_FEATURES], weights, bias: -1 });
  assert.equal(ok.bias, -1);
  assert.throws(() => parsePrecedentModel({ features: [...PRECEDENT_FEATURES].reverse(), weights, bias: 0 }), (e: Error) => e instanceof PrecedentModelError && /npm run eval:fit-ranking/.test(e.message));
  assert.throws(() => parsePrecedentModel({ features: [...PRECEDENT_FEATURES], weights: weights.slice(1), bias: 0 }), PrecedentModelError);
  assert.throws(() => parsePrecedentModel({ features: [...PRECEDENT_FEATURES], weights: [...weights.slice(1), Number.NaN], bias: 0 }), PrecedentModelError);
  assert.throws(() => parsePrecedentModel(null), PrecedentModelError);
});

test('the learned scorer is the logistic of the weighted features', () => {
  const weights = PRECEDENT_FEATURES.map((n) => (n === 'relevance' ? 2 : 0));
  const model = parsePrecedentModel({ features: [...PRECEDENT_FEATURES], weights, bias: -1 });
  const f = (relevance: number) => precedentFeatures({ relevance });
  assert.equal(precedentProbability(model, f(0.5)), 0.5);
  assert.ok(Math.abs(precedentProbability(model, f(1)) - 1 / (1 + Math.exp(-1))) < 1e-12);
  const score = linearPrecedentScorer(model);
  assert.ok(score(f(1), 'x') > score(f(0.2), 'x'));
});

test('the link grade of a candidate is looked up for the concept that links it, never for a search hit', async () => {
  const asked: string[] = [];
  const { seen } = await ask(undefined, (paperId, conceptId) => {
    asked.push(`${conceptId} ${paperId}`);
    return conceptId === 'erasure' && paperId === 'specific' ? 0.9 : undefined;
  });
  const byId = (id: string, source: string) => seen.find((s) => s.id === id && s.f.source === source)?.f;
  assert.deepEqual([byId('specific', 'concept')!.linkConcept, byId('specific', 'concept')!.linkGrade], ['erasure', 0.9]);
  // A neighbour's precedent is linked by the neighbour's own list; a tagged paper by its tag.
  assert.equal(byId('neighbourly', 'neighbour')!.linkConcept, 'probing');
  assert.equal(byId('tagged', 'tagged')!.linkConcept, 'erasure');
  assert.equal(byId('generic', 'concept')!.linkGrade, undefined);
  assert.ok(asked.includes('probing neighbourly') && asked.includes('attention other'));
  // Without grades every link is ungraded.
  const { seen: plain } = await ask();
  assert.ok(plain.every((s) => s.f.linkGrade === undefined));
});

test('link grades: a smoothed mean of the hand grades, read from the model file and checked there', () => {
  assert.equal(smoothedLinkGrade(0, 0), undefined);
  assert.equal(smoothedLinkGrade(2, 2), 0.75, 'two "relevant" grades are pulled halfway to neutral');
  assert.equal(smoothedLinkGrade(0, 2), 0.25);
  const weights = PRECEDENT_FEATURES.map(() => 0);
  const model = parsePrecedentModel({ features: [...PRECEDENT_FEATURES], weights, bias: 0, linkGrades: { [linkKey('erasure', 'specific')]: [5, 6] } });
  const grades = modelLinkGrades(model);
  assert.equal(linkGradeOf(grades, 'specific', 'erasure'), 0.75);
  assert.equal(linkGradeOf(grades, 'specific', 'probing'), undefined, 'a grade is for one link, not for the paper');
  assert.equal(linkGradeOf(grades, 'specific', undefined), undefined);
  assert.equal(modelLinkGrades(parsePrecedentModel({ features: [...PRECEDENT_FEATURES], weights, bias: 0 })).size, 0, 'a model without grades');
  for (const bad of [{ 'erasure specific': [4, 3] }, { 'erasure specific': [1, 0] }, { erasure: [1, 1] }, { 'erasure specific': 'x' }, []]) {
    assert.throws(() => parsePrecedentModel({ features: [...PRECEDENT_FEATURES], weights, bias: 0, linkGrades: bad }), PrecedentModelError, JSON.stringify(bad));
  }
  // The feature: the grade itself, and whether there is one.
  const x = (linkGrade: number | undefined) => Object.fromEntries(PRECEDENT_FEATURES.map((n, i) => [n, precedentFeatureVector(precedentFeatures({ linkGrade }))[i]]));
  assert.deepEqual([x(0.75).linkGrade, x(0.75).linkUngraded], [0.75, 0]);
  assert.deepEqual([x(undefined).linkGrade, x(undefined).linkUngraded], [0, 1]);
});
