/**
 * Worker-thread body of `prepareIndex`: opens the Mechanistic once, which builds or refreshes the
 * vector index in MECHANISTIC_DATA_DIR, reporting progress to the parent, then exits.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openMechanistic } from '../app.ts';
import type { Config } from '../config.ts';

const { config } = workerData as { config: Config };
await openMechanistic(config, {
  progress: (event) => parentPort!.postMessage({ type: 'progress', event }),
  log: (message) => parentPort!.postMessage({ type: 'log', message }),
});
parentPort!.postMessage({ type: 'done' });
