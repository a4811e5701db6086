import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadCorpus } from '../../src/corpus/load.ts';
import { createUseLiteEmbedder } from '../../src/retrieval/embedders/use-lite.ts';
import { corpusIndexItems } from '../../src/retrieval/index-items.ts';
import { readVectorCache, textHash } from '../../src/retrieval/vector-cache.ts';
import { BUNDLED_EMBEDDINGS_DIR } from '../../src/retrieval/vector-index.ts';
import { cosine } from './helpers.ts';

// A fresh clone must answer its first question in seconds: that holds only while the shipped
// vectors cover every text the index embeds.
test('the shipped use-lite vectors cover every item of the corpus', async () => {
  const embedder = await createUseLiteEmbedder();
  const items = corpusIndexItems(loadCorpus());
  const shipped = readVectorCache(BUNDLED_EMBEDDINGS_DIR, 'use-lite', embedder);
  const missing = items.filter((i) => !shipped.has(textHash(i.text))).map((i) => i.id);
  assert.deepEqual(
    missing,
    [],
    `corpus/embeddings/use-lite.* is out of date for ${missing.length} item(s) (${missing.slice(0, 5).join(', ')}…): ` +
      'run `npm run index -- --refresh-bundled` and commit corpus/embeddings/',
  );

  // The stored vectors are what the encoder gives for those texts now.
  const sample = items.slice(0, 5);
  const fresh = await embedder.embed(sample.map((i) => i.text));
  sample.forEach((item, i) => assert.ok(cosine(fresh[i]!, shipped.get(textHash(item.text))!) > 0.9999, item.id));
});
