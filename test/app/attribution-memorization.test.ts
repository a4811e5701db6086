/**
 * Two concepts the real splits kept asking for (issue 16): training data attribution (influence functions, TracIn)
 * and memorization. Real corpus, the lexical app (no encoder): a question in either vocabulary names the concept and
 * its NLP-interpretability precedents, each earlier than the paper in question.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openMechanistic } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';

const app = await openMechanistic(loadConfig({ MECHANISTIC_DATA_DIR: mkdtempSync(join(tmpdir(), 'mech-tda-')) }), { dense: false });

test('influence functions and TracIn on a language model: training data attribution, with Han et al. 2020 among the precedents', async () => {
  for (const text of [
    'We use influence functions to find which training examples most shaped a language model\'s answers.',
    'Which pretraining documents does the model rely on? We score training data attribution with TracIn and compare it to similarity baselines.',
  ]) {
    const a = await app.ask({ text, limit: 10 });
    assert.equal(a.concepts[0]?.id, 'training-data-attribution', text);
    const ids = a.precedents.map((p) => p.id);
    assert.ok(ids.slice(0, 5).includes('han2020explaining'), `${text}: ${ids.join(', ')}`);
  }
});

test('verbatim memorization: the memorization concept, and only work earlier than the paper in question', async () => {
  const text = 'Which training sequences does a language model memorize verbatim, and how does memorization trade off against generalization?';
  const a = await app.ask({ text, limit: 10 });
  assert.equal(a.concepts[0]?.id, 'memorization');
  const ids = a.precedents.map((p) => p.id);
  assert.ok(ids.includes('zheng2022empirical') && ids.includes('tanzer2022memorisation'), ids.join(', '));
  // Undated, earlier means before the concept's first MI work (early 2023): its 2023-24 NLP work is later, not earlier.
  assert.ok(!ids.includes('dankers2023memorisation') && !ids.includes('huang2024demystifying'), ids.join(', '));
});
