/**
 * The sentence encoder in worker threads: a piscina pool of `threads` workers, each loading the
 * model once, behind the ordinary `Embedder` interface. The encoder is the CPU-heavy part of an
 * answer (its tokenizer alone can take seconds on a long text); off the main thread it no longer
 * stalls health checks, chat acknowledgements or the answer timeout, and with one worker per core
 * answers use every core.
 *
 * Concurrent `embed` calls are micro-batched: texts wait up to `batchWindowMs` (and, while every
 * worker is busy, until one is free) and go to a worker together, at most `maxBatch` at a time
 * and only with texts of similar length; the model is cheaper per text in a batch (16 questions:
 * about a third of the time of 16 single calls), unless it has to pad short texts to a long one. Vectors are the in-process encoder's: the same code
 * runs in the worker, on the same capped input (float rounding may differ with batch company, as
 * it does in process).
 *
 * A batch's vectors are handed to their callers one per turn of the main thread (main-thread-turns.ts).
 *
 * A worker that dies is replaced by piscina; the calls whose texts it held reject with
 * `EncoderWorkerError` at once instead of hanging. `close()` answers what is queued, then stops the
 * workers. Idle workers do not keep the process alive.
 */
import { Piscina } from 'piscina';
import type { Embedder } from './embedder.ts';
import { loadFailureError } from './embedders/errors.ts';
import { capEmbedInput, EMBED_CHAR_BUDGET, USE_LITE_SHORT_CUT } from './embedders/input-cap.ts';
import type { EmbedderChoice } from './embedders/select.ts';
import type { EncoderInfo, EncoderLoadFailure, EncoderTask, EncoderWorkerData } from './encoder-worker.ts';
import { nextTurn } from './main-thread-turns.ts';

export interface EncoderPoolOptions {
  choice: EmbedderChoice;
  /** MECHANISTIC_MODELS_DIR. */
  modelsDir?: string;
  /** Transformers.js model id for MiniLM. */
  model?: string;
  allowRemote?: boolean;
  remoteHost?: string;
  /** Where the bundled encoder keeps the V8 code cache of TF.js (embedders/code-cache.ts). */
  codeCacheDir?: string;
  /** Worker threads (MECHANISTIC_ENCODER_WORKERS). */
  threads: number;
  /** How long the first queued text waits for company, in ms. Default 2. */
  batchWindowMs?: number;
  /** Texts per worker call at most. Default 16. */
  maxBatch?: number;
  /** Tests only: a worker given this exact text exits, as if it had crashed. */
  exitOnText?: string;
}

export interface EncoderPool extends Embedder {
  /** One line for people, as createEmbedder gives it, e.g. `use-lite (universal-sentence-encoder-lite, 512-d)`. */
  readonly description: string;
  /** Why the preferred embedder was not used, when it was not. */
  readonly notice?: string;
  readonly threads: number;
  /** Worker calls made and texts sent, since creation (warm-up excluded). */
  readonly stats: { batches: number; texts: number };
  /** Embeds what is queued, then stops the workers; later calls reject. Safe to call twice. */
  close(): Promise<void>;
}

/** An encoder worker stopped (crashed, or was stopped) while it held these texts. */
export class EncoderWorkerError extends Error {}

/**
 * The worker's entry: under tsx (this file is `.ts`) a small `.mjs` that registers the TypeScript
 * loader in the worker first; compiled (`.js`), the compiled worker itself.
 */
export function encoderWorkerFile(moduleUrl: string = import.meta.url): URL {
  return moduleUrl.endsWith('.ts') ? new URL('./encoder-worker-entry.mjs', moduleUrl) : new URL('./encoder-worker.js', moduleUrl);
}

interface Pending {
  text: string;
  resolve: (vector: Float32Array) => void;
  reject: (error: Error) => void;
}

function workerError(e: unknown): Error {
  const message = e instanceof Error ? e.message : String(e);
  if (/worker exited|Terminating worker thread|pool is closed/i.test(message)) {
    return new EncoderWorkerError(`the encoder worker thread stopped before answering (${message}); a new one takes its place: ask again`, { cause: e });
  }
  return new Error(`encoder worker: ${message}`, { cause: e });
}

export async function createEncoderPool(options: EncoderPoolOptions): Promise<EncoderPool> {
  const threads = options.threads;
  if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`encoder threads must be a whole number ≥ 1, got ${threads}`);
  const windowMs = options.batchWindowMs ?? 2;
  const maxBatch = options.maxBatch ?? 16;
  const workerData: EncoderWorkerData = {
    options: { modelsDir: options.modelsDir, model: options.model, allowRemote: options.allowRemote, remoteHost: options.remoteHost, codeCacheDir: options.codeCacheDir },
    ...(options.exitOnText === undefined ? {} : { exitOnText: options.exitOnText }),
  };
  const pool = new Piscina({
    filename: encoderWorkerFile().href,
    workerData,
    minThreads: threads,
    maxThreads: threads,
    concurrentTasksPerWorker: 1,
    idleTimeout: Number.POSITIVE_INFINITY,
  });
  // Without a listener, a worker error outside any task would be thrown on the main thread.
  pool.on('error', () => {});

  // Every worker loads the model at once, before the first question. When choosing may download
  // MiniLM, one worker chooses (and downloads) first and the others load what it chose. Later
  // tasks name the chosen backend, so a worker that replaces a dead one loads the same.
  const ask = async (choice: EmbedderChoice): Promise<EncoderInfo> => {
    const answer = (await pool.run({ kind: 'info', choice } satisfies EncoderTask)) as EncoderInfo | EncoderLoadFailure;
    if ('failed' in answer) throw loadFailureError(answer.failed);
    return answer;
  };
  const mayDownload = options.choice !== 'use-lite' && (options.allowRemote ?? options.choice === 'minilm');
  let info: EncoderInfo;
  try {
    const first = mayDownload ? [await ask(options.choice)] : [];
    const all = [...first, ...(await Promise.all(Array.from({ length: threads - first.length }, () => ask(first[0]?.id ?? options.choice))))];
    info = all[0]!;
    const other = all.find((i) => i.id !== info.id || i.dimensions !== info.dimensions);
    if (other) throw new Error(`encoder workers disagree: ${info.description} and ${other.description}`);
  } catch (e) {
    await pool.destroy();
    throw e;
  }

  const budget = EMBED_CHAR_BUDGET[info.id];
  // Past this many characters a text fills the model's window anyway (use-lite: its short cut).
  const saturation = info.id === 'use-lite' ? USE_LITE_SHORT_CUT : budget;
  const effectiveLength = (text: string) => Math.min(text.length, saturation);
  const stats = { batches: 0, texts: 0 };
  const queue: Pending[] = [];
  let timer: NodeJS.Timeout | undefined;
  let windowOver = false;
  let busy = 0;
  const running = new Set<Promise<void>>();
  let closed = false;
  let closing: Promise<void> | undefined;

  /** One worker call for these texts, each with the callers waiting for it. */
  const dispatch = (batch: [string, Pending[]][]): void => {
    busy++;
    const texts = batch.map(([text]) => text);
    stats.batches += 1;
    stats.texts += texts.length;
    const task: EncoderTask = { kind: 'embed', choice: info.id, texts };
    const done = (pool.run(task) as Promise<Float32Array[]>)
      .then(
        (vectors) => {
          // Each caller gets its own array, even when two asked for the same text, and its own turn of
          // the main thread: what a caller does with its vector (the rest of an answer) runs as one
          // unit, and the loop polls for I/O (new requests to acknowledge) between two callers' units
          // instead of running the whole batch's answers back to back.
          batch.forEach(([, waiters], i) => waiters.forEach((p) => void nextTurn().then(() => p.resolve(vectors[i]!.slice()))));
        },
        (e: unknown) => {
          const error = workerError(e);
          for (const [, waiters] of batch) for (const p of waiters) p.reject(error);
        },
      )
      .finally(() => {
        busy--;
        running.delete(done);
        flushIfDue();
      });
    running.add(done);
  };

  /**
   * Sends everything waiting, each distinct text once, in batches of texts of similar length (the
   * model pads every text of a batch to the longest, so one pasted abstract among short questions
   * would multiply their cost), spread over the free workers (one batch on one worker would leave
   * the others idle).
   */
  const flush = (): void => {
    windowOver = false;
    if (timer) clearTimeout(timer);
    timer = undefined;
    const byText = new Map<string, Pending[]>();
    for (const p of queue.splice(0)) {
      const waiters = byText.get(p.text);
      if (waiters) waiters.push(p);
      else byText.set(p.text, [p]);
    }
    const waiting = [...byText].sort(([a], [b]) => effectiveLength(a) - effectiveLength(b));
    const size = Math.min(maxBatch, Math.ceil(waiting.length / Math.max(1, threads - busy)));
    let batch: [string, Pending[]][] = [];
    for (const entry of waiting) {
      const first = batch[0];
      if (first && (batch.length >= size || effectiveLength(entry[0]) > 1.5 * effectiveLength(first[0]) + 40)) {
        dispatch(batch);
        batch = [];
      }
      batch.push(entry);
    }
    if (batch.length > 0) dispatch(batch);
  };

  /** Sends what waits once its window is over and a worker is free, or at once when closing. */
  const flushIfDue = (): void => {
    if (queue.length > 0 && (closed || (windowOver && busy < threads))) flush();
  };

  const schedule = (): void => {
    if (queue.length >= maxBatch && busy < threads) return flush();
    if (timer || windowOver) return;
    timer = setTimeout(() => {
      timer = undefined;
      windowOver = true;
      // While every worker is busy the texts keep waiting, and the batches grow, until one is free.
      flushIfDue();
    }, windowMs);
  };

  return {
    id: info.id,
    model: info.model,
    dimensions: info.dimensions,
    description: info.description,
    ...(info.notice === undefined ? {} : { notice: info.notice }),
    threads,
    stats,
    embed(texts) {
      if (closed) return Promise.reject(new Error('the encoder pool is closed'));
      if (texts.length === 0) return Promise.resolve([]);
      const vectors = texts.map(
        (text) =>
          new Promise<Float32Array>((resolve, reject) => {
            // Cut here too: long texts never cross to the worker.
            queue.push({ text: capEmbedInput(text, budget), resolve, reject });
          }),
      );
      schedule();
      return Promise.all(vectors);
    },
    close() {
      closed = true;
      closing ??= (async () => {
        if (timer) clearTimeout(timer);
        timer = undefined;
        flushIfDue();
        await Promise.allSettled([...running]);
        await pool.destroy();
      })();
      return closing;
    },
  };
}
