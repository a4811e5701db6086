/**
 * The eval's quality floors, on the hybrid only (the system the bot runs): dev and held-out
 * questions must keep their precedents, concepts and definition verdicts above the floors in
 * scripts/eval/run.ts. Quality only; timings belong to `npm run bench`.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { DEFAULT_CORPUS_DIR, loadCorpus } from '../../src/corpus/load.ts';
import { checkAgainstCorpus, EvalSetError, isVerdictSplit, loadSplit, parseEvalSet } from '../../scripts/eval/dataset.ts';
import { runEval, type EvalRun } from '../../scripts/eval/run.ts';
import { shippedRanking } from '../../scripts/eval/systems.ts';

const corpus = loadCorpus(DEFAULT_CORPUS_DIR);
let run: EvalRun;

before(async () => {
  // The builders' splits the floors gate, and one real split for the real-paper runs (npm run eval answers all of them).
  run = await runEval({ corpus, dataDir: mkdtempSync(join(tmpdir(), 'mechanistic-eval-')), kinds: ['hybrid'], embedders: ['use-lite'], splits: ['dev', 'heldout', 'dev-interventions', 'heldout-interventions', 'real-fresh-28'], ranking: shippedRanking(DEFAULT_CORPUS_DIR) });
});

test('both splits are big enough and every expected id is in the corpus', () => {
  assert.ok(loadSplit('dev', corpus).length >= 80);
  assert.ok(loadSplit('heldout', corpus).length >= 30);
  assert.ok(loadSplit('dev-interventions', corpus).length >= 45);
  assert.ok(loadSplit('heldout-interventions', corpus).length >= 20);
});

test('an expectation naming an unknown paper or a non-NLPI precedent fails loudly', () => {
  const items = parseEvalSet(
    '{"query":"q","concepts":["no-such-concept"],"precedents":["nosuch2099","meng2022"],"definitions":{"narrowTechnical":true,"broadTechnical":true,"narrowCultural":null,"broadCultural":true}}\n',
    'x.jsonl',
  );
  const problems = checkAgainstCorpus(items, corpus, 'x.jsonl');
  assert.equal(problems.length, 3);
  assert.match(problems.join('\n'), /unknown concept id "no-such-concept"/);
  assert.match(problems.join('\n'), /unknown paper id "nosuch2099"/);
  assert.match(problems.join('\n'), /"meng2022" is MI, but precedents are NLPI works/);
  assert.throws(() => parseEvalSet('{"query":"q"}\n', 'y.jsonl'), EvalSetError);
});

for (const split of ['dev', 'heldout', 'dev-interventions', 'heldout-interventions'] as const) {
  test(`the hybrid stays above every quality floor on the ${split} split`, () => {
    const gates = run.gates.filter((g) => g.name.startsWith(`${split}:`) && g.name.includes('≥'));
    // The builders' splits are gated on retrieval, concepts and the four verdicts; the intervention questions on the verdicts.
    assert.ok(gates.length >= (isVerdictSplit(split) ? 4 : 8), `expected the floor gates for ${split}, got ${gates.length}`);
    const failed = gates.filter((g) => !g.passed);
    assert.deepEqual(failed, [], failed.map((g) => `${g.name}: ${g.detail}`).join('\n'));
  });
}

test('off-topic questions get no precedents and no concepts', () => {
  for (const split of ['dev', 'heldout'] as const) {
    const hybrid = run.splits[split].results[0]!;
    assert.equal(hybrid.kind, 'hybrid');
    const offTopic = hybrid.items.filter((i) => i.definitions.broadCultural.expected === 'false');
    assert.ok(offTopic.length >= 5);
    for (const i of offTopic) {
      assert.deepEqual(i.predictedPrecedents, [], `precedents for "${i.query}"`);
      assert.deepEqual(i.predictedConcepts, [], `concepts for "${i.query}"`);
    }
  }
});

test('a real split is answered three ways: as today, leave-one-out, and leave-one-out dated by its title', () => {
  const { items, results } = run.splits['real-fresh-28'];
  assert.deepEqual(
    results.map((r) => r.system),
    ['hybrid (use-lite)', 'hybrid (use-lite), leave-one-out', 'hybrid (use-lite), dated by its title, leave-one-out'],
  );
  for (const r of results) assert.equal(r.items.length, items);
  // Both leave-one-out runs hide the same corpus papers: the split's 16 that the corpus now holds.
  assert.equal(results[1]!.hidden.length, 16);
  assert.deepEqual(results[2]!.hidden, results[1]!.hidden);
});
