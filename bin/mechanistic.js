#!/usr/bin/env node
// The CLI runs the compiled JavaScript in dist/: `npm ci` builds it (the `prepare` script), and
// `npm run build` rebuilds it after editing src/.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('mechanistic: dist/ is missing: run `npm run build` (npm ci runs it) in the project directory\n');
  process.exit(1);
}
const argv = process.argv.slice(2);
// A one-shot `ask` starts loading its encoder in a thread of its own before the rest of the CLI loads.
if (argv[0] === 'ask') (await import(new URL('../dist/cli/early-encoder.js', import.meta.url).href)).startEarlyEncoder(argv, process.env);
const { main } = await import(entry.href);
process.exitCode = await main(argv);
