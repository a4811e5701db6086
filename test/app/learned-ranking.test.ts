/**
 * The shipped bot ranks earlier work with the whole learned ranking beside the corpus: the scorer and
 * the hand-graded link grades it was fitted with (corpus/models/precedent-ranking.json). Real corpus,
 * real model file, the lexical app (no encoder).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mechanisticOver, openMechanistic } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { DEFAULT_CORPUS_DIR } from '../../src/corpus/load.ts';
import { loadMissRates } from '../../src/corpus/missed.ts';
import { corpusPaperResolver } from '../../src/corpus/paper-resolver.ts';
import { learnedRankingFor } from '../../src/corpus/precedent-model.ts';
import { createRetriever } from '../../src/retrieval/retriever.ts';

const QUESTIONS = [
  'We patch activations between clean and corrupted prompts to find the attention heads that carry the answer.',
  'We train a linear probe on the residual stream to read off whether a statement is true.',
  'Sparse autoencoders decompose MLP activations into monosemantic features.',
];

test('the app answers with the link grades of the shipped model, not the scorer alone', async () => {
  const app = await openMechanistic(loadConfig({ MECHANISTIC_DATA_DIR: mkdtempSync(join(tmpdir(), 'mech-learned-')) }), { dense: false });
  const learned = learnedRankingFor(DEFAULT_CORPUS_DIR);
  assert.ok(learned, 'the corpus ships a learned ranking');
  const corpus = app.corpus;
  const over = (ranking: object) =>
    mechanisticOver(corpus, { corpus, resolver: corpusPaperResolver(corpus), retriever: createRetriever({ corpus }), ...ranking }, 'test', loadMissRates(DEFAULT_CORPUS_DIR));
  const withGrades = over(learned);
  const scorerOnly = over({ precedentScorer: learned.precedentScorer });
  let differs = 0;
  for (const text of QUESTIONS) {
    const scores = async (m: typeof app) => (await m.ask({ text, limit: 10 })).precedents.map((p) => `${p.id} ${p.score.toFixed(6)}`);
    const shipped = await scores(app);
    assert.ok(shipped.length > 0, text);
    assert.deepEqual(shipped, await scores(withGrades), text);
    if (JSON.stringify(shipped) !== JSON.stringify(await scores(scorerOnly))) differs++;
  }
  assert.ok(differs > 0, 'the link grades move at least one answer');
});
