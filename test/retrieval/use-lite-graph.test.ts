import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { convolutionsAsMatMuls, type GraphNode, type GraphWeightSpec } from '../../src/retrieval/embedders/use-lite-graph.ts';
import { USE_LITE_MODEL_DIR } from '../../src/retrieval/embedders/use-lite-model.ts';

const bundled = JSON.parse(readFileSync(join(USE_LITE_MODEL_DIR, 'model.json'), 'utf8')) as {
  modelTopology: { node: GraphNode[] };
  weightsManifest: { weights: GraphWeightSpec[] }[];
};
const bundledSpecs = bundled.weightsManifest.flatMap((g) => g.weights);
const size = (s: GraphWeightSpec) => s.shape.reduce((a, b) => a * b, 1);

test("the bundled model's four 1x1 convolutions become matrix products of the same weights", () => {
  const nodes = bundled.modelTopology.node;
  const convolutions = nodes.filter((n) => n.op === 'Conv2D');
  assert.equal(convolutions.length, 4);
  const graph = convolutionsAsMatMuls(nodes, bundledSpecs);

  assert.deepEqual(graph.nodes.filter((n) => n.op === 'Conv2D'), []);
  const byName = new Map(graph.nodes.map((n) => [n.name, n]));
  for (const conv of convolutions) {
    // Its consumers read a node of the same name: the product reshaped back.
    const out = byName.get(conv.name)!;
    assert.equal(out.op, 'Reshape');
    const product = byName.get(out.input![0]!)!;
    assert.equal(product.op, 'MatMul');
    assert.equal(product.input![1], conv.input![1], 'the filter weight itself');
    assert.equal(byName.get(product.input![0]!)!.input![0], conv.input![0], 'the convolution input, flattened');
    const filter = graph.weightSpecs.find((s) => s.name === conv.input![1])!;
    const original = bundledSpecs.find((s) => s.name === conv.input![1])!;
    assert.deepEqual(filter.shape, original.shape.slice(2));
    assert.equal(size(filter), size(original));
  }
  // The shards are read as before: same weights, same order, same sizes.
  assert.deepEqual(graph.weightSpecs.map((s) => [s.name, s.dtype, size(s)]), bundledSpecs.map((s) => [s.name, s.dtype, size(s)]));
  // Every input of every node exists: a node, or a weight.
  const known = new Set([...graph.nodes.map((n) => n.name), ...graph.weightSpecs.map((s) => s.name)]);
  for (const node of graph.nodes) for (const input of node.input ?? []) assert.ok(known.has(input.replace(/^\^/, '').replace(/:\d+$/, '')), `${node.name} reads ${input}`);
  for (const name of Object.keys(graph.constants)) assert.equal(byName.get(name)?.op, 'Const', name);
});

test('convolutions that are not pointwise matrix products are left alone', () => {
  const ints = (...i: number[]) => ({ list: { i: i.map(String) } });
  const text = (s: string) => ({ s: [...s].map((c) => c.charCodeAt(0)) });
  const conv = (name: string, filter: string, attr: Record<string, unknown> = {}): GraphNode => ({ name, op: 'Conv2D', input: ['x', filter], attr });
  const nodes: GraphNode[] = [
    { name: 'x', op: 'Placeholder' },
    conv('wide', 'w3'),
    conv('strided', 'w1a', { strides: ints(1, 2, 2, 1) }),
    conv('dilated', 'w1b', { dilations: ints(1, 2, 2, 1) }),
    conv('nchw', 'w1c', { data_format: text('NCHW') }),
    conv('shared1', 'w1d'),
    conv('shared2', 'w1d'),
    conv('read-elsewhere', 'w1f'),
    { name: 'reader', op: 'Identity', input: ['w1f:0'] },
    conv('pointwise', 'w1e', { strides: ints(1, 1, 1, 1), data_format: text('NHWC'), padding: text('SAME') }),
  ];
  const spec = (name: string, shape: number[]): GraphWeightSpec => ({ name, shape, dtype: 'float32' });
  const specs = [spec('w3', [3, 3, 4, 8]), ...['w1a', 'w1b', 'w1c', 'w1d', 'w1e', 'w1f'].map((n) => spec(n, [1, 1, 4, 8]))];

  const graph = convolutionsAsMatMuls(nodes, specs);
  const convs = graph.nodes.filter((n) => n.op === 'Conv2D').map((n) => n.name);
  assert.deepEqual(convs, ['wide', 'strided', 'dilated', 'nchw', 'shared1', 'shared2', 'read-elsewhere']);
  assert.deepEqual(graph.weightSpecs.find((s) => s.name === 'w1e')!.shape, [4, 8]);
  assert.deepEqual(graph.weightSpecs.find((s) => s.name === 'w1d')!.shape, [1, 1, 4, 8]);
  assert.deepEqual(Array.from(graph.constants['pointwise/rows_shape']!.values), [-1, 4]);
  assert.deepEqual(Array.from(graph.constants['pointwise/out_channels']!.values), [0, 0, 0, 8]);
  // The inputs are not changed.
  assert.deepEqual(specs.find((s) => s.name === 'w1e')!.shape, [1, 1, 4, 8]);
  assert.equal(nodes.find((n) => n.name === 'pointwise')!.op, 'Conv2D');
});
