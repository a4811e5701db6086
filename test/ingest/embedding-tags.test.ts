import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatEmbeddingTagsTsv, proposeByEmbedding } from '../../src/ingest/embedding-tags.ts';

const v = (...xs: number[]) => Float32Array.from(xs);

test('each paper gets its closest concepts above the threshold, best first, at most perPaper', () => {
  const proposals = proposeByEmbedding(
    [{ id: 'p1', vector: v(1, 0) }, { id: 'p2', vector: v(0, 1) }],
    [{ id: 'probing', vector: v(1, 0) }, { id: 'patching', vector: v(0.8, 0.6) }, { id: 'steering', vector: v(0, 1) }],
    0.5,
    2,
  );
  assert.deepEqual(proposals.map((p) => [p.paper, p.concept]), [['p1', 'probing'], ['p1', 'patching'], ['p2', 'steering'], ['p2', 'patching']]);
  assert.equal(proposeByEmbedding([{ id: 'p', vector: v(1, 0) }], [{ id: 'c', vector: v(0, 1) }], 0.5, 2).length, 0);
  assert.match(formatEmbeddingTagsTsv(proposals), /\npaper\tconcept\tsimilarity\np1\tprobing\t1\.000\np1\tpatching\t0\.800\n/);
});
