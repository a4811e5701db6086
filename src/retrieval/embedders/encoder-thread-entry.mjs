// The one-shot encoder thread (encoder-thread.ts) when the program runs from TypeScript source (tests,
// scripts, tsx): worker threads do not inherit the main thread's TypeScript loader, so register it here
// first. Compiled code (dist/) loads encoder-thread-worker.js directly.
import { register } from 'tsx/esm/api';

register();
await import('./encoder-thread-worker.ts');
