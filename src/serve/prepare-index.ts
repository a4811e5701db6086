/**
 * Builds or refreshes the vector index in a worker thread before serve opens it. Embedding a
 * corpus keeps a CPU busy for a long time in one synchronous stretch; on the main thread that
 * would leave /healthz, /readyz and Slack's events unanswered (and a health check failing) until
 * it is done. Opening the index afterwards on the main thread only reads the saved files.
 */
import { Worker } from 'node:worker_threads';
import type { Config } from '../config.ts';
import type { IndexProgress } from '../retrieval/vector-index.ts';

export interface PrepareIndexHooks {
  progress?: (event: IndexProgress) => void;
  log?: (message: string) => void;
}

export function prepareIndexInWorker(config: Config, hooks: PrepareIndexHooks = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./index-worker-entry.mjs', import.meta.url), { workerData: { config } });
    let done = false;
    worker.on('message', (m: { type: 'progress'; event: IndexProgress } | { type: 'log'; message: string } | { type: 'done' }) => {
      if (m.type === 'progress') hooks.progress?.(m.event);
      else if (m.type === 'log') hooks.log?.(m.message);
      else done = true;
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (done) resolve();
      else reject(new Error(`the index worker stopped with exit code ${code} before the index was ready`));
    });
  });
}
