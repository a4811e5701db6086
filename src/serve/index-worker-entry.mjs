// The worker's entry point, in plain JavaScript so it runs the same from src/ and from dist/.
// Compiled (dist/), the worker module beside it is JavaScript. From src/ (tests and scripts through
// tsx), worker threads do not inherit the main thread's TypeScript loader: register it first.
import { existsSync } from 'node:fs';

const compiled = new URL('./index-worker.js', import.meta.url);
if (existsSync(compiled)) {
  await import(compiled.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./index-worker.ts');
}
