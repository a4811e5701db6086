/** The record of the eval papers the interpretability model left out, and the eval's refusal to measure without it. */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { EVAL_SETS_DIR, evalPaperIds, INTERPRETABILITY_LEFT_OUT, leftOutRecord, staleInterpretabilityModel } from '../../scripts/eval/left-out.ts';

test('the shipped interpretability model left out every paper of the eval sets as they are now', () => {
  assert.equal(staleInterpretabilityModel(), undefined);
  const record = JSON.parse(readFileSync(INTERPRETABILITY_LEFT_OUT, 'utf8')) as { evalPapersLeftOut: number };
  assert.equal(record.evalPapersLeftOut, evalPaperIds().size);
});

test('a split added after the model was trained makes it stale, with the command that mends it; so does a missing record', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mechanistic-left-out-'));
  const sets = join(dir, 'eval');
  cpSync(EVAL_SETS_DIR, sets, { recursive: true });
  const record = join(dir, 'left-out.json');
  writeFileSync(record, leftOutRecord(evalPaperIds(sets)));
  assert.equal(staleInterpretabilityModel(sets, record), undefined);
  // Ids are read without their "arXiv:" prefix, and a paper already in another set adds nothing.
  const known = [...evalPaperIds(sets)][0]!;
  writeFileSync(join(sets, 'real-fresh-99.jsonl'), `${JSON.stringify({ id: known, title: 't' })}\n`);
  assert.equal(staleInterpretabilityModel(sets, record), undefined);
  writeFileSync(join(sets, 'real-fresh-99.jsonl'), `${JSON.stringify({ id: 'arXiv:2612.00001', title: 't' })}\n`);
  assert.ok(evalPaperIds(sets).has('2612.00001'));
  const stale = staleInterpretabilityModel(sets, record);
  assert.match(stale ?? '', /leaving out \d+ eval papers, but the eval sets now hold \d+/);
  assert.match(stale ?? '', /npm run ingest:interpretability-model/);
  assert.match(staleInterpretabilityModel(sets, join(dir, 'none.json')) ?? '', /no record of the eval papers it left out/);
});
