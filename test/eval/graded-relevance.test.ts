/**
 * The three-grade relevance section of the eval report: hand grades (relevant / loosely related /
 * irrelevant) of the hybrid's top 5 on the real splits, read from eval/relevance-grades.tsv.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { datedLines, GRADES_PATH, gradedRelevanceLines, parseGrades, realSplitGroups } from '../../scripts/eval/report.ts';
import type { EvalRun } from '../../scripts/eval/run.ts';

const item = (id: string, predictedPrecedents: string[], interpretability = true) => ({ id, predictedPrecedents, interpretability }) as never;
const run = (items: unknown[]) =>
  ({ embedders: [], gates: [], splits: { 'real-fresh-2': { items: items.length, results: [{ system: 'hybrid (use-lite)', kind: 'hybrid', items }] } } }) as unknown as EvalRun;

test('graded precision@5 counts loosely related as half, over graded slots, and reports the ungraded ones', () => {
  const grades = parseGrades('# split\titem\tpaper\tgrade\nreal-fresh-2\ta\tp1\trelevant\nreal-fresh-2\ta\tp2\tloose\nreal-fresh-2\ta\tp3\tirrelevant\nreal-fresh-2\tb\tp1\trelevant\n');
  const lines = gradedRelevanceLines(run([item('a', ['p1', 'p2', 'p3', 'p4']), item('b', ['p1']), item('c', ['p9'], false)]), grades);
  const row = lines.find((l) => l.startsWith('| real-fresh-2'))!;
  // 4 graded: 2 relevant, 1 loose, 1 irrelevant -> (2 + 0.5) / 4; strict 2 / 4; p4 of item a is not graded; c is not interpretability.
  assert.equal(row, '| real-fresh-2 | hybrid (use-lite) | 4 | 2 | 1 | 1 | 0.625 | 0.500 | 1 |');
});

test('a malformed grade line fails with its line number', () => {
  assert.throws(() => parseGrades('real-fresh-2\ta\tp1\tsomewhat\n'), /line 1/);
});

test('the committed grades file parses', () => {
  if (existsSync(GRADES_PATH)) assert.ok(parseGrades(readFileSync(GRADES_PATH, 'utf8')).size > 0);
});

test('the real splits pool into the ranking\'s training splits, the later ones, the newest, the untouched ones and all of them', () => {
  const groups = realSplitGroups(['dev', 'heldout', 'real-dev', 'real-fresh-19', 'real-fresh-20', 'real-fresh-21', 'real-fresh-22']);
  assert.deepEqual(
    groups.map((g) => [g.name, g.splits]),
    [
      ['training splits (real-dev to fresh-19)', ['real-dev', 'real-fresh-19']],
      ['later splits (fresh-20 to fresh-21)', ['real-fresh-20', 'real-fresh-21']],
      ['fresh-22 (the newest measure)', ['real-fresh-22']],
      ['all real papers', ['real-dev', 'real-fresh-19', 'real-fresh-20', 'real-fresh-21', 'real-fresh-22']],
    ],
  );
});

test('the untouched splits pool into a group of their own, when two or more of them are run', () => {
  const groups = realSplitGroups(['real-fresh-19', 'real-fresh-33', 'real-fresh-34', 'real-fresh-35', 'real-fresh-36', 'real-fresh-37']);
  assert.deepEqual(
    groups.map((g) => [g.name, g.splits]),
    [
      ['training splits (real-fresh-19)', ['real-fresh-19']],
      ['later splits (fresh-33 to fresh-36)', ['real-fresh-33', 'real-fresh-34', 'real-fresh-35', 'real-fresh-36']],
      ['fresh-37 (the newest measure)', ['real-fresh-37']],
      ['untouched measures (fresh-34, fresh-36, fresh-37)', ['real-fresh-34', 'real-fresh-36', 'real-fresh-37']],
      ['all real papers', ['real-fresh-19', 'real-fresh-33', 'real-fresh-34', 'real-fresh-35', 'real-fresh-36', 'real-fresh-37']],
    ],
  );
  // One untouched split alone is no pool.
  assert.ok(!realSplitGroups(['real-fresh-33', 'real-fresh-34']).some((g) => g.name.startsWith('untouched')));
});

test('the dated section sets the leave-one-out answers beside the same answers dated by their title, pooled per group', () => {
  const verdicts = (nc: string, expected = 'false') => ({
    narrowTechnical: { expected: 'true', predicted: 'true' },
    broadTechnical: { expected: 'true', predicted: 'true' },
    narrowCultural: { expected, predicted: nc },
    broadCultural: { expected: 'true', predicted: 'true' },
  });
  const scored = (id: string, hitAt5: number | null, precedents: string[], nc: string, interpretability = true) =>
    ({ id, hitAt5, recallAt10: hitAt5, reciprocalRank: hitAt5, conceptTop1: 1, conceptF1: 1, predictedPrecedents: precedents, expectedConcepts: [], predictedConcepts: [], precisionAt5: null, interpretability, definitions: verdicts(nc) }) as never;
  const r = {
    embedders: [],
    gates: [],
    splits: {
      'real-fresh-20': {
        items: 3,
        results: [
          { system: 'hybrid (use-lite)', kind: 'hybrid', items: [] },
          { system: 'hybrid (use-lite), leave-one-out', kind: 'hybrid', items: [scored('a', 0, ['p1', 'p2'], 'null'), scored('b', 1, ['p1'], 'false'), scored('n', null, [], 'false', false)] },
          { system: 'hybrid (use-lite), dated by its title, leave-one-out', kind: 'hybrid', items: [scored('a', 1, ['p3', 'p1'], 'false'), scored('b', 1, ['p1'], 'false'), scored('n', null, ['p1'], 'false', false)] },
        ],
      },
    },
  } as unknown as EvalRun;
  const grades = parseGrades('real-fresh-20\ta\tp1\trelevant\nreal-fresh-20\ta\tp2\tloose\nreal-fresh-20\tb\tp1\tirrelevant\n');
  const lines = datedLines(r, grades);
  assert.ok(lines[0]!.startsWith('## Dated by its title'));
  // Undated: 1 of 2 key items hit; 11 of 12 senses (a's narrow cultural is "can't tell", labelled "no"); 2 of 3 narrow
  // cultural; the non-interpretability paper has no precedents; grades 1, 0.5, 0 over 3 slots; nothing ungraded.
  const undated = lines.filter((l) => l.includes('| undated (offline) |'));
  assert.deepEqual(undated, [
    '| fresh-20 (the newest measure) | undated (offline) | 1/2 (0.500) | 0.917 | 0.667 | 0/1 | 0.500 | 0 |',
    '| all real papers | undated (offline) | 1/2 (0.500) | 0.917 | 0.667 | 0/1 | 0.500 | 0 |',
  ]);
  // Dated: both hit, every sense right, one non-interpretability paper with precedents; p1 (1) and b's p1 (0) graded, p3 not.
  assert.ok(lines.includes('| all real papers | dated by its title | 2/2 (1.000) | 1.000 | 1.000 | 1/1 | 0.500 | 1 |'));
  assert.deepEqual(datedLines({ ...r, splits: { dev: r.splits['real-fresh-20' as never] } } as unknown as EvalRun, grades), []);
});
