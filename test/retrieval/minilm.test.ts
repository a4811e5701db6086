import assert from 'node:assert/strict';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import { createMiniLmEmbedder, findLocalModel, MiniLmUnavailableError } from '../../src/retrieval/embedders/minilm.ts';
import { cosine, FIXTURE_MODELS_DIR, norm, tempDir, TINY_MODEL } from './helpers.ts';

test('minilm loads a model from MECHANISTIC_MODELS_DIR offline and gives unit vectors', async () => {
  const embedder = await createMiniLmEmbedder({ modelsDir: FIXTURE_MODELS_DIR, model: TINY_MODEL, allowRemote: false });
  assert.equal(embedder.id, 'minilm');
  assert.equal(embedder.model, TINY_MODEL);
  assert.equal(embedder.dimensions, 16, 'the fixture has hidden size 16');
  const vectors = await embedder.embed(['we patch attention heads', 'a soup recipe with bread', 'x'.repeat(5000)]);
  assert.equal(vectors.length, 3);
  for (const v of vectors) {
    assert.equal(v.length, 16);
    assert.ok(Math.abs(norm(v) - 1) < 1e-5, `norm ${norm(v)}`);
  }
  assert.ok(cosine(vectors[0]!, vectors[1]!) < 0.999, 'different texts give different vectors');
});

test('minilm is deterministic and padding does not change a vector', async () => {
  const embedder = await createMiniLmEmbedder({ modelsDir: FIXTURE_MODELS_DIR, model: TINY_MODEL });
  const [first] = await embedder.embed(['probing classifiers']);
  const [again] = await embedder.embed(['probing classifiers']);
  assert.deepEqual(Array.from(again!), Array.from(first!));
  // In a batch the short text is padded to the long one's length; the attention mask must hide the padding.
  const batch = await embedder.embed(['probing classifiers', 'the logit lens reads the residual stream of every layer of a transformer']);
  for (let i = 0; i < 16; i++) assert.ok(Math.abs(batch[0]![i]! - first![i]!) < 1e-5, `component ${i}`);
});

test('minilm without the model on disk and without downloading fails before touching Transformers.js', async () => {
  const empty = tempDir();
  assert.equal(findLocalModel(TINY_MODEL, [empty]), undefined);
  await assert.rejects(createMiniLmEmbedder({ modelsDir: empty, model: TINY_MODEL, allowRemote: false }), (e: unknown) => {
    assert.ok(e instanceof MiniLmUnavailableError);
    assert.equal(e.missing, true);
    assert.deepEqual(e.searched, [empty]);
    assert.match(e.message, /Xenova\/tiny-minilm is not in .* downloading is off/);
    return true;
  });
});

/** Serves the fixture in the hub's URL layout (`/<model>/resolve/main/<file>`), as the Hugging Face hub does. */
async function fakeHub(): Promise<{ url: string; requests: string[]; close: () => Promise<void> }> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const match = /^\/(.+?)\/resolve\/main\/(.+)$/.exec(req.url ?? '');
    const file = match ? join(FIXTURE_MODELS_DIR, decodeURIComponent(match[1]!), decodeURIComponent(match[2]!)) : '';
    if (!match || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end('Entry not found');
      return;
    }
    res.writeHead(200, { 'content-length': statSync(file).size, 'content-type': 'application/octet-stream' });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

test('minilm downloads a missing model into MECHANISTIC_MODELS_DIR once, then loads it offline', async () => {
  const hub = await fakeHub();
  const modelsDir = tempDir();
  try {
    const downloaded = await createMiniLmEmbedder({ modelsDir, model: TINY_MODEL, allowRemote: true, remoteHost: hub.url });
    assert.ok(hub.requests.some((r) => r.endsWith('/onnx/model.onnx')), hub.requests.join('\n'));
    assert.ok(findLocalModel(TINY_MODEL, [modelsDir]), 'the model files are now in the models dir');
    const [fromDownload] = await downloaded.embed(['steering vectors']);
    await hub.close();

    const offline = await createMiniLmEmbedder({ modelsDir, model: TINY_MODEL, allowRemote: false });
    const [fromDisk] = await offline.embed(['steering vectors']);
    assert.deepEqual(Array.from(fromDisk!), Array.from(fromDownload!));
  } finally {
    await hub.close().catch(() => {});
  }
});
