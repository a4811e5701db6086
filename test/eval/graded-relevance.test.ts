/**
 * The three-grade relevance section of the eval report: hand grades (relevant / loosely related /
 * irrelevant) of the hybrid's top 5 on the real splits, read from eval/relevance-grades.tsv.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { GRADES_PATH, gradedRelevanceLines, parseGrades } from '../../scripts/eval/report.ts';
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
