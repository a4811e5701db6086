// The encoder worker when the program runs from TypeScript source (tests, scripts, tsx): worker
// threads do not inherit the main thread's TypeScript loader, so register it here first.
// Compiled code (dist/) loads encoder-worker.js directly; see encoderWorkerFile in encoder-pool.ts.
import { register } from 'tsx/esm/api';

register();
const worker = await import('./encoder-worker.ts');
export default worker.default;
