/**
 * The learned precedent ranking's fit (scripts/eval/ranking-model.ts), its file beside the corpus
 * (src/corpus/precedent-model.ts), and that the shipped file is what the fit makes.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { PRECEDENT_FEATURES } from '../../src/core/precedent-ranking.ts';
import { CorpusError, DEFAULT_CORPUS_DIR } from '../../src/corpus/load.ts';
import { learnedRankingFor, loadPrecedentModel, PRECEDENT_MODEL_FILE } from '../../src/corpus/precedent-model.ts';
import { SHARED_ANTHOLOGY_DIR, type EvalItem } from '../../scripts/eval/dataset.ts';
import { fitRankingModel, itemRows, linkGradeTable, withLinkGrades, type AnsweredItem } from '../../scripts/eval/ranking-model.ts';
import { REAL_SPLITS, TRAINING_SPLITS } from '../../scripts/eval/dataset.ts';
import { precedentFeatures } from '../helpers/precedent-features.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const at = (name: (typeof PRECEDENT_FEATURES)[number]) => PRECEDENT_FEATURES.indexOf(name);

/** A deterministic pseudo-random stream (xorshift), so the synthetic data is the same on every run. */
function random(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

/** Rows whose target follows a known logistic model in two features (relevance up, linked concepts down). */
function syntheticRows(n: number) {
  const rnd = random(7);
  return Array.from({ length: n }, () => {
    const x = PRECEDENT_FEATURES.map(() => rnd());
    const z = -1 + 4 * x[at('relevance')]! - 3 * x[at('linkedConceptsLog')]!;
    return { x, target: rnd() < 1 / (1 + Math.exp(-z)) ? 1 : 0, weight: 1 };
  });
}

test('the fit recovers the direction and rough size of the weights that made the data', () => {
  const m = fitRankingModel(syntheticRows(4000), { l2: 0.1 });
  assert.deepEqual(m.features, [...PRECEDENT_FEATURES]);
  const w = (name: (typeof PRECEDENT_FEATURES)[number]) => m.weights[at(name)]!;
  assert.ok(w('relevance') > 3 && w('relevance') < 5, `relevance ${w('relevance')}`);
  assert.ok(w('linkedConceptsLog') < -2 && w('linkedConceptsLog') > -4, `linked ${w('linkedConceptsLog')}`);
  for (const name of PRECEDENT_FEATURES.filter((n) => n !== 'relevance' && n !== 'linkedConceptsLog')) assert.ok(Math.abs(w(name)) < 0.6, `${name} ${w(name)}`);
  assert.deepEqual(fitRankingModel(syntheticRows(4000), { l2: 0.1 }), m, 'deterministic');
});

test('a feature held to a sign stays at 0 when the data pull it the other way, and the rest are refitted', () => {
  const free = fitRankingModel(syntheticRows(4000), { l2: 0.1 });
  for (const [name, sign] of [['linkedConceptsLog', 1], ['relevance', -1]] as const) {
    const held = fitRankingModel(syntheticRows(4000), { l2: 0.1, signs: { [name]: sign } });
    assert.ok(free.weights[at(name)]! * sign < 0);
    assert.equal(held.weights[at(name)], 0, name);
    assert.notEqual(held.bias, free.bias);
  }
  // Signs the data agree with change nothing.
  assert.deepEqual(fitRankingModel(syntheticRows(4000), { l2: 0.1, signs: { relevance: 1, linkedConceptsLog: -1 } }), free);
});

test("an item's rows: listed papers are 1, graded ones their grade, the rest 0 at half weight; each item weighs the same", () => {
  const item = { id: 'arXiv:2401.00001', query: 'q', precedents: ['key'], relevant: ['key', 'listed'], concepts: [] } as unknown as EvalItem;
  const grades = new Map([
    ['real-fresh-9\tarXiv:2401.00001\tloose', 'loose'],
    ['real-fresh-9\tarXiv:2401.00001\tlisted', 'irrelevant'],
  ]);
  const rows = itemRows('real-fresh-9', item, 'today', ['key', 'listed', 'loose', 'unknown'].map((paper) => ({ paper, features: precedentFeatures({ relevance: 0.5 }) })), grades);
  assert.deepEqual(
    rows.map((r) => [r.paper, r.target]),
    [
      ['key', 1],
      ['listed', 1],
      ['loose', 0.5],
      ['unknown', 0],
    ],
  );
  const total = rows.reduce((s, r) => s + r.weight, 0);
  assert.ok(Math.abs(total - 10) < 1e-9);
  assert.equal(rows[3]!.weight * 2, rows[0]!.weight);
  assert.deepEqual(itemRows('real-fresh-9', item, 'loo', [], grades), []);
});

test("link grades: each item counts once per link, and an item's own grades never make its features", () => {
  const item = (id: string, relevant: string[]) => ({ id, query: id, precedents: [], relevant, concepts: [] }) as unknown as EvalItem;
  const a = item('arXiv:2401.00001', ['inlp']);
  const b = item('arXiv:2401.00002', []);
  const c = item('arXiv:2401.00003', []);
  const grades = new Map([
    ['real-fresh-9\tarXiv:2401.00002\tinlp', 'loose'],
    ['real-fresh-9\tarXiv:2401.00002\tsurvey', 'irrelevant'],
    ['real-fresh-9\tarXiv:2401.00003\tsurvey', 'irrelevant'],
    ['real-fresh-9\tarXiv:2401.00003\thit', 'relevant'],
  ]);
  const cand = (paper: string, linkConcept: string | undefined) => ({ paper, features: precedentFeatures({ linkConcept }) });
  const answered: AnsweredItem[] = [
    // Answered two ways: the listed paper counts once.
    { split: 'real-fresh-9', item: a, mode: 'today', candidates: [cand('inlp', 'erasure'), cand('ungraded', 'erasure')] },
    { split: 'real-fresh-9', item: a, mode: 'loo', candidates: [cand('inlp', 'erasure')] },
    { split: 'real-fresh-9', item: b, mode: 'today', candidates: [cand('inlp', 'erasure'), cand('survey', 'erasure')] },
    // The same paper through another concept is another link; a search hit has no link.
    { split: 'real-fresh-9', item: c, mode: 'today', candidates: [cand('survey', 'probing'), cand('hit', undefined)] },
  ];
  const { table, byItem } = linkGradeTable(answered, grades);
  assert.deepEqual(
    [...table].sort(),
    [
      ['erasure inlp', [1.5, 2]],
      ['erasure survey', [0, 1]],
      ['probing survey', [0, 1]],
    ],
  );
  const features = (i: number) => Object.fromEntries(withLinkGrades(answered[i]!, table, byItem).map((x) => [x.paper, x.features.linkGrade]));
  // Item a sees only b's "loose" for inlp, pulled toward ½ by two neutral grades: (0.5 + 1) / (1 + 2).
  assert.deepEqual(features(0), { inlp: 0.5, ungraded: undefined });
  assert.deepEqual(features(1), { inlp: 0.5 });
  // Item b sees a's listing for inlp, and nobody else graded its survey link.
  assert.deepEqual(features(2), { inlp: 2 / 3, survey: undefined });
  assert.deepEqual(features(3), { survey: undefined, hit: undefined });
});

test('the model file: none is no model, a damaged one is a clear error naming the file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mechanistic-ranking-'));
  assert.equal(loadPrecedentModel(dir), undefined);
  assert.equal(learnedRankingFor(dir), undefined);
  mkdirSync(join(dir, 'models'));
  writeFileSync(join(dir, PRECEDENT_MODEL_FILE), '{"features": ["prior"], "weights": [1], "bias": 0}');
  assert.throws(() => loadPrecedentModel(dir), (e: Error) => e instanceof CorpusError && e.message.includes(join(dir, PRECEDENT_MODEL_FILE)));
  writeFileSync(join(dir, PRECEDENT_MODEL_FILE), '{not json');
  assert.throws(() => loadPrecedentModel(dir), CorpusError);
});

test('the shipped model trained only on splits declared tuned: every later split measures it', () => {
  const model = loadPrecedentModel(DEFAULT_CORPUS_DIR);
  assert.ok(model, 'corpus/models/precedent-ranking.json is shipped');
  const trained = new Set<string>(TRAINING_SPLITS);
  assert.ok(trained.has('real-fresh-19') && REAL_SPLITS.includes('real-fresh-20') && !trained.has('real-fresh-20'));
  for (const split of REAL_SPLITS.slice(REAL_SPLITS.indexOf('real-fresh-20'))) assert.ok(!trained.has(split), split);
  // Its link grades come from those splits' graded answers.
  assert.ok(Object.keys(model.linkGrades ?? {}).length > 100);
  // The measured miss rates may raise a precedent, never bury it; being listed by many concepts never raises one.
  assert.ok(model.weights[at('citationGap')]! >= 0);
  assert.ok(model.weights[at('linkedConceptsLog')]! <= 0);
});

test('the shipped model is exactly what the fit makes from the training splits', { skip: !existsSync(SHARED_ANTHOLOGY_DIR) && 'no ../shared/data' }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mechanistic-ranking-index-'));
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/fit-ranking.ts', '--check', '--data-dir', dataDir], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
  assert.match(run.stdout, /is up to date/);
});
