/**
 * The encoder answers use, as configured: in MECHANISTIC_ENCODER_WORKERS worker threads
 * (encoder-pool.ts), or on the calling thread. Workers are the default on the main thread: a server
 * answers many questions, and the encoder must not hold its event loop. A one-shot CLI question
 * asks for the in-process encoder (starting workers costs more than its one encoder call), and so
 * does code already running in a worker thread (the serve's index worker), which gains nothing
 * from a pool of its own.
 */
import { isMainThread } from 'node:worker_threads';
import type { Config } from '../config.ts';
import { codeCacheDir } from '../data-dir.ts';
import type { Embedder } from './embedder.ts';
import { withQueryCache, type CachedEmbedder } from './query-cache.ts';

export interface QueryEncoder {
  /** For questions: the encoder behind the query-embedding cache. */
  embedder: CachedEmbedder;
  /** For building the index: the same encoder without the cache. */
  indexEmbedder: Embedder;
  /** E.g. `use-lite (universal-sentence-encoder-lite, 512-d)`. */
  description: string;
  /** Encoder worker threads; 0 when the encoder runs in process. */
  workers: number;
  /** Stops the worker threads (answering what is queued first); a no-op in process. */
  close(): Promise<void>;
}

export interface OpenQueryEncoderOptions {
  /** Run the encoder on this thread. Default: only when not on the main thread. */
  inProcess?: boolean;
  /** Told which embedder is used and why. */
  log?: (message: string) => void;
  /** Tests only: see EncoderPoolOptions.exitOnText. */
  exitOnText?: string;
}

export async function openQueryEncoder(
  config: Pick<Config, 'MECHANISTIC_EMBEDDER' | 'MECHANISTIC_MODELS_DIR' | 'MECHANISTIC_ENCODER_WORKERS'> & Partial<Pick<Config, 'dataDir'>>,
  opts: OpenQueryEncoderOptions = {},
): Promise<QueryEncoder> {
  const selection = {
    choice: config.MECHANISTIC_EMBEDDER,
    modelsDir: config.MECHANISTIC_MODELS_DIR,
    // The bundled encoder's compiled TF.js is kept with the data (none without a data directory).
    ...(config.dataDir === undefined ? {} : { codeCacheDir: codeCacheDir(config.dataDir) }),
  };
  if (opts.inProcess ?? !isMainThread) {
    // Imported here: the backends load a model runtime, which the main thread does not need with workers.
    const { createEmbedder } = await import('./embedders/select.ts');
    const selected = await createEmbedder({ ...selection, log: opts.log });
    return { embedder: withQueryCache(selected.embedder), indexEmbedder: selected.embedder, description: selected.description, workers: 0, close: async () => {} };
  }
  const threads = config.MECHANISTIC_ENCODER_WORKERS;
  // Imported here too: the pool loads piscina, which the in-process encoder does not need.
  const { createEncoderPool } = await import('./encoder-pool.ts');
  const pool = await createEncoderPool({ ...selection, threads, ...(opts.exitOnText === undefined ? {} : { exitOnText: opts.exitOnText }) });
  opts.log?.(`embedder: ${pool.description}${pool.notice ? ` (${pool.notice})` : ''}, in ${threads} worker thread${threads === 1 ? '' : 's'}`);
  return { embedder: withQueryCache(pool), indexEmbedder: pool, description: pool.description, workers: threads, close: () => pool.close() };
}
