/**
 * Transformers.js backend: a sentence-transformers model in ONNX form, by default
 * `Xenova/all-MiniLM-L6-v2` (384-d), mean-pooled and L2-normalised as sentence-transformers does.
 *
 * The model is looked up in `modelsDir` (MECHANISTIC_MODELS_DIR) when given, otherwise in
 * Transformers.js's own local model path and cache. It is downloaded from the Hugging Face hub
 * only when `allowRemote` is true, into `modelsDir` when given so that the next start finds it.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FeatureExtractionPipeline } from '@huggingface/transformers';
import type { Embedder } from '../embedder.ts';
import { capEmbedInput, EMBED_CHAR_BUDGET } from './input-cap.ts';
import { normalizeInPlace } from './normalize.ts';

export const MINILM_DEFAULT_MODEL = 'Xenova/all-MiniLM-L6-v2';

/** Texts per ONNX run: MiniLM's attention cost grows with the longest text in a padded batch. */
const BATCH_SIZE = 32;
/** How long to wait for the hub to start answering before treating the network as off. */
const CONNECT_TIMEOUT_MS = 15_000;

/**
 * Where Transformers.js looks by default: `models/` and `.cache/` in its package directory.
 * Computed without importing the library, which takes about a second to load its ONNX runtime:
 * when MiniLM is not on disk, `auto` should not pay that on every start.
 */
const PACKAGE_DIR = dirname(dirname(createRequire(import.meta.url).resolve('@huggingface/transformers')));
const DEFAULT_DIRS = [join(PACKAGE_DIR, 'models') + '/', join(PACKAGE_DIR, '.cache') + '/'];

type Transformers = typeof import('@huggingface/transformers');
let library: Promise<{ transformers: Transformers; originalFetch: Transformers['env']['fetch']; defaultRemoteHost: string }> | undefined;

function loadTransformers() {
  library ??= import('@huggingface/transformers').then(
    (transformers) => ({ transformers, originalFetch: transformers.env.fetch, defaultRemoteHost: transformers.env.remoteHost }),
    (e: unknown) => {
      library = undefined;
      throw e;
    },
  );
  return library;
}

export interface MiniLmOptions {
  /** A directory holding `<model>/config.json`, `tokenizer.json` and `onnx/model.onnx` (the hub layout). */
  modelsDir?: string;
  /** Hub id, e.g. `Xenova/all-MiniLM-L6-v2`. */
  model?: string;
  /** Download from the hub when the model is not on disk. Default false. */
  allowRemote?: boolean;
  /** The hub (or a mirror) to download from; default `https://huggingface.co/`. */
  remoteHost?: string;
}

/** The model could not be loaded; `message` says what was looked for and where. */
export class MiniLmUnavailableError extends Error {
  constructor(
    message: string,
    /** Directories searched for the model files. */
    readonly searched: string[],
    /** True when no copy was found; false when a copy was found (or downloaded) but failed to load. */
    readonly missing: boolean,
    /** The underlying failure in a few words, e.g. `getaddrinfo ENOTFOUND huggingface.co`. */
    readonly reason: string = message,
  ) {
    super(message);
  }
}

/** The ONNX weight files we accept, best first, with the Transformers.js dtype that selects each. */
const WEIGHT_FILES = [
  { file: 'model.onnx', dtype: 'fp32' },
  { file: 'model_quantized.onnx', dtype: 'q8' },
] as const;

interface LocalModel {
  dir: string;
  dtype: (typeof WEIGHT_FILES)[number]['dtype'];
}

/** Finds a complete copy of `model` under one of `dirs` (hub layout: `<dir>/<org>/<name>/...`). */
export function findLocalModel(model: string, dirs: readonly string[]): LocalModel | undefined {
  for (const dir of dirs) {
    const root = join(dir, model);
    if (!existsSync(join(root, 'config.json')) || !existsSync(join(root, 'tokenizer.json'))) continue;
    const weights = WEIGHT_FILES.find((w) => existsSync(join(root, 'onnx', w.file)));
    if (weights) return { dir, dtype: weights.dtype };
  }
  return undefined;
}

/** Gives up on a request whose response headers have not arrived in time; a slow body is fine. */
function fetchWithConnectTimeout(originalFetch: Transformers['env']['fetch'], timeoutMs: number): Transformers['env']['fetch'] {
  return async (input: string | URL, init?: RequestInit) => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Error(`no answer from the hub in ${timeoutMs / 1000} s`)), timeoutMs);
    try {
      return await originalFetch(input, { ...init, signal: controller.signal });
    } finally {
      clearTimeout(timer);
    }
  };
}

/** fetch reports "fetch failed" and hides the useful part (ENOTFOUND, ECONNREFUSED) in `cause`. */
function rootCause(e: unknown): string {
  let current = e;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  const message = current instanceof Error ? current.message : String(current);
  return message.split('\n')[0]!;
}

function searchedDirs(modelsDir: string | undefined): string[] {
  return modelsDir ? [modelsDir] : DEFAULT_DIRS;
}

export async function createMiniLmEmbedder(options: MiniLmOptions = {}): Promise<Embedder> {
  const model = options.model ?? MINILM_DEFAULT_MODEL;
  const dirs = searchedDirs(options.modelsDir);
  const local = findLocalModel(model, dirs);
  const allowRemote = options.allowRemote ?? false;
  if (!local && !allowRemote) {
    throw new MiniLmUnavailableError(`${model} is not in ${dirs.join(' or ')} and downloading is off`, dirs, true);
  }

  let loaded: Awaited<ReturnType<typeof loadTransformers>>;
  try {
    loaded = await loadTransformers();
  } catch (e) {
    throw new MiniLmUnavailableError(`Transformers.js could not start: ${rootCause(e)}`, dirs, false, rootCause(e));
  }
  const { transformers, originalFetch, defaultRemoteHost } = loaded;
  const { env, pipeline } = transformers;
  // Transformers.js keeps these settings in one global object; we set all of them on every
  // load so that one embedder's directory never leaks into the next.
  env.allowLocalModels = true;
  env.allowRemoteModels = !local && allowRemote;
  env.localModelPath = local?.dir ?? options.modelsDir ?? DEFAULT_DIRS[0]!;
  env.cacheDir = options.modelsDir ?? DEFAULT_DIRS[1]!;
  env.remoteHost = options.remoteHost ?? defaultRemoteHost;
  env.fetch = fetchWithConnectTimeout(originalFetch, CONNECT_TIMEOUT_MS);

  let extractor: FeatureExtractionPipeline;
  try {
    extractor = await pipeline('feature-extraction', model, {
      dtype: local?.dtype ?? 'fp32',
      local_files_only: !env.allowRemoteModels,
    });
  } catch (e) {
    const reason = rootCause(e);
    const where = local ? `from ${join(local.dir, model)}` : `from ${env.remoteHost}`;
    throw new MiniLmUnavailableError(`loading ${model} ${where} failed: ${reason}`, dirs, !local, reason);
  }

  const run = async (texts: readonly string[]): Promise<Float32Array[]> => {
    // Cut by characters first: the tokenizer would read what truncation then drops (input-cap.ts).
    const inputs = texts.map((t) => capEmbedInput(t, EMBED_CHAR_BUDGET.minilm));
    const output = await extractor(inputs, { pooling: 'mean', normalize: true });
    const [rows, width] = output.dims as [number, number];
    const data = output.data as Float32Array;
    const vectors: Float32Array[] = [];
    // Normalised again in float32 so that cached and fresh vectors have exactly the same norm.
    for (let r = 0; r < rows; r++) vectors.push(normalizeInPlace(data.slice(r * width, (r + 1) * width)));
    return vectors;
  };

  const [probe] = await run(['dimension probe']);
  const dimensions = probe!.length;
  return {
    id: 'minilm',
    model,
    dimensions,
    async embed(texts) {
      const out: Float32Array[] = [];
      for (let start = 0; start < texts.length; start += BATCH_SIZE) {
        out.push(...(await run(texts.slice(start, start + BATCH_SIZE))));
      }
      return out;
    },
  };
}
