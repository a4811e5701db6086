import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createUseLiteEmbedder } from '../../src/retrieval/embedders/use-lite.ts';
import { withQueryCache } from '../../src/retrieval/query-cache.ts';
import { counting } from './helpers.ts';

test('the query cache returns the same vector for the same text without running the model again', async () => {
  const model = counting(await createUseLiteEmbedder());
  const cached = withQueryCache(model, 8);
  const [first] = await cached.embed(['what is a steering vector?']);
  const [second] = await cached.embed(['what is a steering vector?']);
  assert.deepEqual(Array.from(second!), Array.from(first!));
  assert.deepEqual(model.texts, ['what is a steering vector?']);
  assert.deepEqual(cached.stats, { hits: 1, misses: 1 });
  assert.equal(cached.id, 'use-lite');
  assert.equal(cached.dimensions, 512);
});

test('the query cache embeds only the texts it has not seen, once each, and keeps order', async () => {
  const model = counting(await createUseLiteEmbedder());
  const cached = withQueryCache(model, 8);
  await cached.embed(['logit lens']);
  const out = await cached.embed(['probing', 'logit lens', 'probing']);
  assert.deepEqual(model.texts, ['logit lens', 'probing']);
  const [direct] = await (await createUseLiteEmbedder()).embed(['probing']);
  assert.deepEqual(Array.from(out[0]!), Array.from(direct!));
  assert.deepEqual(Array.from(out[2]!), Array.from(direct!));
});

test('the query cache forgets the least recently used text first', async () => {
  const model = counting(await createUseLiteEmbedder());
  const cached = withQueryCache(model, 2);
  await cached.embed(['a']);
  await cached.embed(['b']);
  await cached.embed(['a']); // a is now more recent than b
  await cached.embed(['c']); // evicts b
  model.texts.length = 0;
  await cached.embed(['a', 'c']);
  assert.deepEqual(model.texts, [], 'a and c are still cached');
  await cached.embed(['b']);
  assert.deepEqual(model.texts, ['b'], 'b was evicted');
});

test('a caller changing a returned vector does not change the cached one', async () => {
  const cached = withQueryCache(await createUseLiteEmbedder(), 4);
  const [v] = await cached.embed(['induction heads']);
  const original = Array.from(v!);
  v!.fill(0);
  const [again] = await cached.embed(['induction heads']);
  assert.deepEqual(Array.from(again!), original);
});
