// The classifier-training worker when the program runs from TypeScript source (tests, scripts, tsx):
// worker threads do not inherit the main thread's TypeScript loader, so register it here first.
// Compiled code (dist/) loads classifier-trainer.js directly; see trainInWorker in concept-classifier.ts.
import { register } from 'tsx/esm/api';

register();
await import('./classifier-trainer.ts');
