/**
 * Where an answer lost its key precedents (scripts/eval/key-miss.ts), on a hand-built corpus and hand-built answers,
 * and the report's table of causes (keyMissLines) on a hand-built run.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Concept, Corpus, Paper } from '../../src/core/corpus-schema.ts';
import type { Answer, DefinitionVerdict, PaperRef } from '../../src/core/types.ts';
import { KEY_MISS_CAUSES, keyMissCounts, keyMissOf, type KeyMiss } from '../../scripts/eval/key-miss.ts';
import type { ItemScore } from '../../scripts/eval/metrics.ts';
import { keyMissLines, realFailureLines, senseFix } from '../../scripts/eval/report.ts';
import type { EvalRun, SystemResult } from '../../scripts/eval/run.ts';
import { fixturePaper } from '../helpers/fixture-paper.ts';

const paper = (id: string, year: number, community: 'MI' | 'NLPI', month?: number): Paper => fixturePaper(id, community, { year, ...(month ? { month } : {}) });

function concept(id: string, parts: { precedents?: string[]; later?: string[]; miExamples?: string[]; related?: string[] }): Concept {
  return {
    id,
    name: `Concept ${id}`,
    description: `The fixture concept ${id}, for tests.`,
    aliases: { mi: [], nlpi: [] },
    bearsOn: { causal: false, internals: true },
    precedents: (parts.precedents ?? []).map((p) => ({ id: p, why: `why ${p}` })),
    ...(parts.later ? { later: parts.later.map((p) => ({ id: p, why: `why ${p}` })) } : {}),
    miExamples: parts.miExamples ?? [],
    missed: 'what MI work misses, for tests',
    seedRows: [],
    related: parts.related ?? [],
  };
}

const corpus: Corpus = {
  papers: new Map(
    [paper('p1', 2016, 'NLPI'), paper('p2', 2017, 'NLPI'), paper('p3', 2018, 'NLPI'), paper('late', 2022, 'NLPI'), paper('n1', 2019, 'NLPI'), paper('m1', 2021, 'MI', 6), paper('q', 2015, 'NLPI')].map((p) => [p.id, p]),
  ),
  concepts: new Map(
    [
      concept('probing', { precedents: ['p1', 'p2'], later: ['late'], miExamples: ['m1'], related: ['neighbour'] }),
      concept('neighbour', { precedents: ['n1'] }),
      concept('lens', { precedents: ['p3'] }),
    ].map((c) => [c.id, c]),
  ),
  glossary: new Map(),
};

const yes: DefinitionVerdict = { applies: true, confidence: 0.8, evidence: ['"activations" → studies model internals'] };
const ref = (id: string): PaperRef => ({ id, title: id, authors: [], year: 2016, venue: '', url: '', community: 'NLPI', why: '', score: 0.5 });

function answerWith(parts: { concepts?: string[]; precedents?: string[]; broadCultural?: DefinitionVerdict; paper?: PaperRef }): Answer {
  return {
    query: 'a pasted abstract',
    paper: parts.paper ?? null,
    notices: [],
    definitions: { narrowTechnical: yes, broadTechnical: yes, narrowCultural: yes, broadCultural: parts.broadCultural ?? yes },
    concepts: (parts.concepts ?? []).map((id) => ({ id, name: id, aliases: [], score: 0.9 })),
    precedents: (parts.precedents ?? []).map(ref),
    related: [],
  };
}

const labels = (precedents: string[], concepts: string[] = ['probing']) => ({ precedents, concepts });

test('no cause when a key is in the top 5, or when the item has no keys', () => {
  assert.equal(keyMissOf(labels(['p2']), answerWith({ concepts: ['probing'], precedents: ['q', 'x', 'y', 'z', 'p2'] }), corpus), undefined);
  assert.equal(keyMissOf(labels([]), answerWith({ concepts: ['probing'], precedents: ['q'] }), corpus), undefined);
});

test('each step of the answer that can lose the keys, first one that holds', () => {
  const cause = (l: ReturnType<typeof labels>, a: Answer) => keyMissOf(l, a, corpus);
  const notInterp = cause(labels(['p1']), answerWith({ broadCultural: { applies: false, confidence: 0.7, evidence: ['about another topic'] } }))!;
  assert.equal(notInterp.cause, 'not-interpretability');
  assert.match(notInterp.detail, /broad cultural no \(about another topic\)/);
  assert.equal(cause(labels(['p1']), answerWith({ broadCultural: { applies: null, confidence: 0.5, evidence: [] } }))!.cause, 'not-interpretability');
  assert.equal(cause(labels(['p1']), answerWith({}))!.cause, 'no-concept');

  const ranked = cause(labels(['p1', 'p3']), answerWith({ concepts: ['probing'], precedents: ['a', 'b', 'c', 'd', 'e', 'f', 'p3'] }))!;
  assert.deepEqual(ranked, { cause: 'ranked-6-10', detail: '`p3` ranked 7' });

  // On a named concept's own list but not among the 10 precedents the answer gave.
  const below = cause(labels(['p2']), answerWith({ concepts: ['probing'], precedents: ['a', 'b'] }))!;
  assert.deepEqual(below, { cause: 'named-below-10', detail: '`p2` is a precedent of named `probing` but ranked below 10' });
  // A curated neighbour of a named concept fills in behind it: also a ranking loss.
  assert.match(cause(labels(['n1'], ['lens']), answerWith({ concepts: ['probing'] }))!.detail, /`n1` is a precedent of `neighbour`, a neighbour of a named concept/);

  // Later work of a named concept: undated, it is held to the concept's first MI work.
  const later = cause(labels(['late']), answerWith({ concepts: ['probing'] }))!;
  assert.equal(later.cause, 'later-work');
  assert.match(later.detail, /`late` \(2022\) is later NLPI work of named `probing`; the paste is undated, so earlier work is held to before `probing`'s first MI work \(2021-06\)/);
  const dated = cause(labels(['late']), answerWith({ concepts: ['probing'], paper: { ...ref('subject'), year: 2021 } }))!;
  assert.match(dated.detail, /the paper in question is dated 2021$/);

  const missed = cause(labels(['p3'], ['probing', 'lens']), answerWith({ concepts: ['probing'] }))!;
  assert.deepEqual(missed, { cause: 'concept-missed', detail: '`p3` comes through labelled `lens`, not recognized (named: `probing`)' });
  // A concept the labels do not give does not count, nor do papers no concept lists.
  assert.deepEqual(cause(labels(['p3', 'q']), answerWith({ concepts: ['probing'] })), { cause: 'no-link', detail: 'no named or labelled concept lists `p3`, `q`' });
});

test('counts of causes, in the report order', () => {
  const m = (cause: KeyMiss['cause']): KeyMiss => ({ cause, detail: '' });
  const counts = keyMissCounts([m('no-concept'), undefined, m('no-concept'), m('no-link')]);
  assert.deepEqual(Object.keys(counts), [...KEY_MISS_CAUSES]);
  assert.equal(counts['no-concept'], 2);
  assert.equal(counts['no-link'], 1);
  assert.equal(counts['ranked-6-10'], 0);
});

function score(id: string, hit: number | null, keyMiss?: KeyMiss): ItemScore {
  const none = { expected: 'true' as const, predicted: 'true' as const };
  return {
    query: id,
    hitAt5: hit,
    recallAt10: hit,
    reciprocalRank: hit,
    conceptTop1: 1,
    conceptF1: 1,
    definitions: { narrowTechnical: none, broadTechnical: none, narrowCultural: none, broadCultural: none },
    expectedConcepts: ['probing'],
    predictedConcepts: ['probing'],
    expectedPrecedents: hit === null ? [] : ['p1'],
    predictedPrecedents: [],
    predictedScores: [],
    evidence: { narrowTechnical: [], broadTechnical: [], narrowCultural: [], broadCultural: [] },
    interpretability: hit !== null,
    relevant: [],
    precisionAt5: null,
    id,
    ...(keyMiss ? { keyMiss } : {}),
  };
}

test('the report counts each way of answering apart, per group of splits, and each failure names its step', () => {
  const result = (system: string, items: ItemScore[]): SystemResult => ({ system, kind: 'hybrid', embedder: 'use-lite', summary: {} as SystemResult['summary'], items, hidden: [] });
  const lost = { cause: 'concept-missed' as const, detail: '`p1` comes through labelled `lens`' };
  const run = {
    embedders: [],
    gates: [],
    splits: {
      'real-fresh-28': {
        items: 3,
        results: [
          result('hybrid (use-lite)', [score('a', 1), score('b', 0, lost), score('c', null)]),
          result('hybrid (use-lite), leave-one-out', [score('a', 0, { cause: 'no-concept', detail: '' }), score('b', 0, lost), score('c', null)]),
          result('hybrid (use-lite), dated by its title, leave-one-out', [score('a', 1), score('b', 1), score('c', null)]),
        ],
      },
    },
  } as unknown as EvalRun;
  const lines = keyMissLines(run);
  const rows = lines.filter((l) => l.startsWith('| fresh-28'));
  assert.deepEqual(rows, [
    '| fresh-28 (the newest measure) | as answered today | 1/2 | 0 | 0 | 0 | 0 | 0 | 1 | 0 |',
    '| fresh-28 (the newest measure) | leave-one-out, undated | 2/2 | 0 | 1 | 0 | 0 | 0 | 1 | 0 |',
    '| fresh-28 (the newest measure) | leave-one-out, dated by its title | 0/2 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |',
  ]);
  const failure = realFailureLines([score('b', 0, lost)]).join('\n');
  assert.match(failure, /no key precedent in the top 5 \(expected one of `p1`; got none\); key on a labelled concept not named: `p1` comes through labelled `lens`/);
});

test("a wrong verdict on a builder's question names the rule that gave it", () => {
  assert.match(senseFix('narrowTechnical', { expected: 'null', predicted: 'false' }, 'studies internals but names no intervention'), /"can't tell" needs a causal claim about components/);
  assert.match(senseFix('narrowTechnical', { expected: 'null', predicted: 'true' }, '"patch" → causal intervention'), /an intervention cue matched/);
  assert.match(senseFix('broadTechnical', { expected: 'null', predicted: 'true' }, 'concept "Grokking" works on activations or weights'), /a recognized concept counts as broad technical evidence on its own/);
  assert.match(senseFix('broadTechnical', { expected: 'null', predicted: 'false' }, 'no mention of activations'), /only for a link that could not be read/);
  assert.equal(senseFix('broadCultural', { expected: 'true', predicted: 'false' }, 'about another topic'), 'the cues for broad cultural miss this wording');
});
