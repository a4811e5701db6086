import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createEmbedder, EmbedderUnavailableError } from '../../src/retrieval/embedders/select.ts';
import { FIXTURE_MODELS_DIR, tempDir, TINY_MODEL, unreachableHost } from './helpers.ts';

test('auto falls back to use-lite with a notice when no MiniLM files exist', async () => {
  const modelsDir = tempDir();
  const logged: string[] = [];
  const selected = await createEmbedder({ choice: 'auto', modelsDir, log: (m) => logged.push(m) });
  assert.equal(selected.embedder.id, 'use-lite');
  assert.equal(selected.description, 'use-lite (universal-sentence-encoder-lite, 512-d)');
  assert.ok(selected.notice, 'a notice says why MiniLM was not used');
  assert.match(selected.notice, new RegExp(`MECHANISTIC_MODELS_DIR=${modelsDir} has no Xenova/all-MiniLM-L6-v2`));
  assert.match(selected.notice, /MECHANISTIC_EMBEDDER=minilm/);
  assert.equal(logged.length, 1);
  assert.match(logged[0]!, /^embedder: use-lite/);
});

test('auto uses MiniLM when it is on disk, without a notice', async () => {
  const selected = await createEmbedder({ choice: 'auto', modelsDir: FIXTURE_MODELS_DIR, model: TINY_MODEL });
  assert.equal(selected.embedder.id, 'minilm');
  assert.equal(selected.embedder.model, TINY_MODEL);
  assert.equal(selected.description, `minilm (${TINY_MODEL}, 16-d)`);
  assert.equal(selected.notice, undefined);
});

test('use-lite is used when asked for, even when MiniLM is available', async () => {
  const selected = await createEmbedder({ choice: 'use-lite', modelsDir: FIXTURE_MODELS_DIR, model: TINY_MODEL });
  assert.equal(selected.embedder.id, 'use-lite');
  assert.equal(selected.notice, undefined);
});

test('minilm that cannot load is an error naming the variable, the directory and what to do', async () => {
  const modelsDir = tempDir();
  await assert.rejects(createEmbedder({ choice: 'minilm', modelsDir, allowRemote: false }), (e: unknown) => {
    assert.ok(e instanceof EmbedderUnavailableError);
    assert.equal(
      e.message,
      `MECHANISTIC_EMBEDDER=minilm, but MECHANISTIC_MODELS_DIR=${modelsDir} has no Xenova/all-MiniLM-L6-v2 and downloading is off: ` +
        `copy the model (config.json, tokenizer.json, onnx/model.onnx) to ${modelsDir}/Xenova/all-MiniLM-L6-v2/, ` +
        'or use MECHANISTIC_EMBEDDER=use-lite',
    );
    return true;
  });
});

test('minilm whose download fails says so and still says what to do', async () => {
  const modelsDir = tempDir();
  await assert.rejects(
    createEmbedder({ choice: 'minilm', modelsDir, model: TINY_MODEL, remoteHost: await unreachableHost() }),
    (e: unknown) => {
      assert.ok(e instanceof EmbedderUnavailableError);
      assert.match(e.message, new RegExp(`^MECHANISTIC_EMBEDDER=minilm, but MECHANISTIC_MODELS_DIR=${modelsDir} has no ${TINY_MODEL} and downloading it failed \\(.*ECONNREFUSED.*\\): copy the model`));
      assert.match(e.message, /or use MECHANISTIC_EMBEDDER=use-lite$/);
      return true;
    },
  );
});

test('auto does not download MiniLM unless allowed, and says how to get it', async () => {
  const modelsDir = tempDir();
  const selected = await createEmbedder({ choice: 'auto', modelsDir, model: TINY_MODEL, remoteHost: await unreachableHost() });
  assert.equal(selected.embedder.id, 'use-lite');
  assert.match(selected.notice ?? '', /downloading is off; MECHANISTIC_EMBEDDER=minilm downloads it once where the network allows/);
});
