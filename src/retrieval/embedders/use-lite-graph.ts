/**
 * The bundled model's 1×1 convolutions rewritten as matrix products of the same weights, before TF.js
 * loads the graph (use-lite-model.ts).
 *
 * The model projects each token's features with four Conv2D nodes whose filters are 1×1 (the attention's
 * qkv and output projections over [texts, tokens, 1, channels]): a matrix product per token. On TF.js's
 * wasm backend a process's first Conv2D sets up XNNPACK's convolution on top of the matrix products the
 * model runs anyway, so each such Conv2D becomes: the input flattened to [rows, channels], a MatMul with
 * the filter read as [channels in, channels out] (the same bytes), and the product reshaped to the input's
 * shape with the last dimension the output channels. The model's first call takes about 20 ms less (73
 * against 93 ms, bench/results.md), later calls about the same; the vectors are the original graph's,
 * equal to the last bit in test/retrieval/use-lite.test.ts.
 */

/** A node of the model's GraphDef as model.json holds it. */
export interface GraphNode {
  name: string;
  op: string;
  input?: string[];
  attr?: Record<string, unknown>;
}

export interface GraphWeightSpec {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: unknown;
}

/** Small int32 tensors the rewritten graph needs, by Const node name (not in the shards: the loader adds them). */
export type GraphConstants = Record<string, { values: Int32Array; shape: number[] }>;

const DT_FLOAT = 1;
const DT_INT32 = 3;

/** The bytes of a string attribute, as model.json stores them. */
function attrString(node: GraphNode, key: string): string | undefined {
  const s = (node.attr?.[key] as { s?: number[] } | undefined)?.s;
  return s ? String.fromCharCode(...s) : undefined;
}

function attrInts(node: GraphNode, key: string): number[] | undefined {
  const i = (node.attr?.[key] as { list?: { i?: string[] } } | undefined)?.list?.i;
  return i?.map(Number);
}

/** A 1×1, stride-1, undilated NHWC convolution (its padding then changes nothing) whose filter is a float32 weight used by no other node. */
function pointwise(node: GraphNode, specs: Map<string, GraphWeightSpec>, uses: Map<string, number>): GraphWeightSpec | undefined {
  if (node.op !== 'Conv2D' || node.input?.length !== 2) return undefined;
  const filter = specs.get(node.input[1]!);
  // Named plainly (not `name:0`), and read by this node alone: its shape changes.
  if (!filter || filter.dtype !== 'float32' || filter.quantization || uses.get(filter.name) !== 1) return undefined;
  const [h, w, cin, cout] = filter.shape;
  if (filter.shape.length !== 4 || h !== 1 || w !== 1 || !cin || !cout) return undefined;
  const ones = (v: number[] | undefined) => v === undefined || v.every((x) => x === 1);
  const format = attrString(node, 'data_format');
  if ((format !== undefined && format !== 'NHWC') || !ones(attrInts(node, 'strides')) || !ones(attrInts(node, 'dilations'))) return undefined;
  return (attrString(node, 'padding') ?? 'VALID') === 'EXPLICIT' ? undefined : filter;
}

function constNode(name: string, length: number): GraphNode {
  return { name, op: 'Const', attr: { dtype: { type: DT_INT32 }, value: { tensor: { dtype: DT_INT32, tensorShape: { dim: [{ size: String(length) }] } } } } };
}

/**
 * The model's nodes with every pointwise Conv2D as Reshape → MatMul → Reshape, the weight specs with those
 * filters as matrices, and the constants the new nodes read. Nodes and specs are new arrays; the inputs are
 * left as they are. A graph with no such convolution comes back unchanged.
 */
export function convolutionsAsMatMuls(nodes: GraphNode[], weightSpecs: GraphWeightSpec[]): { nodes: GraphNode[]; weightSpecs: GraphWeightSpec[]; constants: GraphConstants } {
  const specs = new Map(weightSpecs.map((s) => [s.name, s]));
  const uses = new Map<string, number>();
  // By node name: an input may name one of a node's outputs (`name:1`) or only wait for it (`^name`).
  for (const node of nodes) {
    for (const input of node.input ?? []) {
      const name = input.replace(/^\^/, '').replace(/:\d+$/, '');
      uses.set(name, (uses.get(name) ?? 0) + 1);
    }
  }

  const matrices = new Map<string, number[]>();
  const constants: GraphConstants = {};
  const out: GraphNode[] = [];
  for (const node of nodes) {
    const filter = pointwise(node, specs, uses);
    if (!filter) {
      out.push(node);
      continue;
    }
    const [, , cin, cout] = filter.shape as [number, number, number, number];
    const input = node.input![0]!;
    const n = node.name;
    matrices.set(filter.name, [cin, cout]);
    constants[`${n}/rows_shape`] = { values: Int32Array.of(-1, cin), shape: [2] };
    constants[`${n}/keep_dims`] = { values: Int32Array.of(1, 1, 1, 0), shape: [4] };
    constants[`${n}/out_channels`] = { values: Int32Array.of(0, 0, 0, cout), shape: [4] };
    const float = { T: { type: DT_FLOAT } };
    out.push(
      constNode(`${n}/rows_shape`, 2),
      constNode(`${n}/keep_dims`, 4),
      constNode(`${n}/out_channels`, 4),
      { name: `${n}/rows`, op: 'Reshape', input: [input, `${n}/rows_shape`], attr: { ...float, Tshape: { type: DT_INT32 } } },
      { name: `${n}/product`, op: 'MatMul', input: [`${n}/rows`, filter.name], attr: { ...float, transpose_a: { b: false }, transpose_b: { b: false } } },
      { name: `${n}/in_shape`, op: 'Shape', input: [input], attr: { ...float, out_type: { type: DT_INT32 } } },
      { name: `${n}/kept`, op: 'Mul', input: [`${n}/in_shape`, `${n}/keep_dims`], attr: { T: { type: DT_INT32 } } },
      { name: `${n}/out_shape`, op: 'Add', input: [`${n}/kept`, `${n}/out_channels`], attr: { T: { type: DT_INT32 } } },
      // Under the convolution's own name, so that its consumers read the product.
      { name: n, op: 'Reshape', input: [`${n}/product`, `${n}/out_shape`], attr: { ...float, Tshape: { type: DT_INT32 } } },
    );
  }
  return {
    nodes: out,
    weightSpecs: weightSpecs.map((s) => (matrices.has(s.name) ? { ...s, shape: matrices.get(s.name)! } : s)),
    constants,
  };
}
