/**
 * One encoder thread for a one-shot CLI question, started before anything else is loaded so that the
 * model's load (TF.js, its wasm, 28 MB of weights: most of a cold `ask`) runs on the second core while
 * the main thread loads the code, the corpus, the vector index and the store. The question's text is
 * given at the start too (`prime`): the thread embeds it as soon as the model is loaded, and the
 * answer's request for that exact text gets those vectors instead of waiting for a new call.
 *
 * The thread runs the pool workers' code (encoder-worker.ts) in a plain worker, without piscina: one
 * thread, one question. The vectors are the in-process encoder's: the same code embeds the same text,
 * one text per call. The thread never keeps the process alive by itself: it is referenced only while
 * the main thread waits for it.
 */
import { Worker } from 'node:worker_threads';
import type { Embedder } from '../embedder.ts';
import type { EncoderInfo, EncoderLoadFailure, EncoderWorkerData } from '../encoder-worker.ts';
import { loadFailureError } from './errors.ts';
import { withQueryCache } from '../query-cache.ts';
import type { QueryEncoder } from '../query-encoder.ts';
import type { EmbedderChoice } from './select.ts';

export interface EncoderThreadOptions {
  choice: EmbedderChoice;
  /** MECHANISTIC_MODELS_DIR. */
  modelsDir?: string;
  /** Texts to embed as soon as the model is loaded (the question), each in a call of its own. */
  prime?: string[];
  /** Where the bundled encoder keeps the V8 code cache of TF.js (code-cache.ts). */
  codeCacheDir?: string;
}

export interface EncoderThreadData extends EncoderWorkerData {
  choice: EmbedderChoice;
  prime: string[];
}

export interface EncoderThreadRequest {
  id: number;
  texts: string[];
}

export type EncoderThreadReply =
  | { kind: 'info'; info: EncoderInfo | EncoderLoadFailure }
  | { kind: 'vectors'; id: number; vectors: Float32Array[] }
  | { kind: 'error'; id: number; message: string };

export interface EncoderThread {
  /** The options it was started with: the caller checks them against the validated configuration. */
  readonly options: Readonly<EncoderThreadOptions>;
  /** The loaded encoder (rejects as createEmbedder would, e.g. EmbedderUnavailableError). */
  open(): Promise<{ embedder: Embedder; description: string; notice?: string }>;
  /** Stops the thread; later calls reject. */
  close(): Promise<void>;
}

/**
 * The worker's entry: under tsx (this file is `.ts`) a small `.mjs` that registers the TypeScript
 * loader in the worker first; compiled (`.js`), the compiled worker itself.
 */
function workerFile(): URL {
  return import.meta.url.endsWith('.ts') ? new URL('./encoder-thread-entry.mjs', import.meta.url) : new URL('./encoder-thread-worker.js', import.meta.url);
}

export function startEncoderThread(options: EncoderThreadOptions): EncoderThread {
  const data: EncoderThreadData = {
    options: { modelsDir: options.modelsDir, ...(options.codeCacheDir === undefined ? {} : { codeCacheDir: options.codeCacheDir }) },
    choice: options.choice,
    prime: options.prime ?? [],
  };
  const worker = new Worker(workerFile(), { workerData: data });
  // Referenced while the main thread waits for an answer from it, and only then (see the unref below).
  let waiting = 0;
  const hold = <T>(p: Promise<T>): Promise<T> => {
    if (waiting++ === 0) worker.ref();
    return p.finally(() => {
      if (--waiting === 0) worker.unref();
    });
  };

  let stopped: Error | undefined;
  const calls = new Map<number, { resolve: (v: Float32Array[]) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  let resolveInfo!: (info: EncoderInfo | EncoderLoadFailure) => void;
  let rejectInfo!: (e: Error) => void;
  const info = new Promise<EncoderInfo | EncoderLoadFailure>((resolve, reject) => {
    resolveInfo = resolve;
    rejectInfo = reject;
  });
  // Handled here: a thread nobody asks for (the command failed first) must not become an unhandled rejection.
  info.catch(() => {});

  const fail = (e: Error) => {
    stopped ??= e;
    rejectInfo(stopped);
    for (const call of calls.values()) call.reject(stopped);
    calls.clear();
  };
  worker.on('message', (reply: EncoderThreadReply) => {
    if (reply.kind === 'info') return resolveInfo(reply.info);
    const call = calls.get(reply.id);
    calls.delete(reply.id);
    if (reply.kind === 'vectors') call?.resolve(reply.vectors);
    else call?.reject(new Error(`encoder thread: ${reply.message}`));
  });
  worker.on('error', (e) => fail(new Error(`encoder thread: ${e.message}`, { cause: e })));
  worker.on('exit', (code) => fail(new Error(`encoder thread: stopped (exit code ${code})`)));
  // After the listeners: adding a 'message' listener references the worker's port again.
  worker.unref();

  const embed = (texts: string[]): Promise<Float32Array[]> => {
    if (stopped) return Promise.reject(stopped);
    const id = nextId++;
    const result = new Promise<Float32Array[]>((resolve, reject) => calls.set(id, { resolve, reject }));
    worker.postMessage({ id, texts } satisfies EncoderThreadRequest);
    return hold(result);
  };

  return {
    options: { ...options },
    async open() {
      const loaded = await hold(info);
      if ('failed' in loaded) throw loadFailureError(loaded.failed);
      const embedder: Embedder = { id: loaded.id, model: loaded.model, dimensions: loaded.dimensions, embed: (texts) => embed([...texts]) };
      return { embedder, description: loaded.description, ...(loaded.notice === undefined ? {} : { notice: loaded.notice }) };
    },
    async close() {
      fail(new Error('encoder thread: closed'));
      await worker.terminate();
    },
  };
}

/** The thread's encoder as openQueryEncoder gives one (`log` told which embedder, as createEmbedder tells it). */
export async function queryEncoderOf(thread: EncoderThread, log?: (message: string) => void): Promise<QueryEncoder> {
  try {
    const { embedder, description, notice } = await thread.open();
    log?.(`embedder: ${description}${notice ? ` (${notice})` : ''}`);
    return { embedder: withQueryCache(embedder), indexEmbedder: embedder, description, workers: 1, close: () => thread.close() };
  } catch (e) {
    await thread.close();
    throw e;
  }
}
