#!/usr/bin/env node
// The CLI runs the compiled JavaScript in dist/, bundled into dist/cli.cjs and loaded with a V8 code cache
// (src/cli/load-bundle.ts): `npm ci` builds it (the `prepare` script), and `npm run build` rebuilds it after
// editing src/.
import { existsSync } from 'node:fs';

const loader = new URL('../dist/cli/load-bundle.js', import.meta.url);
if (!existsSync(loader) || !existsSync(new URL('../dist/cli.cjs', import.meta.url))) {
  process.stderr.write('mechanistic: dist/ is missing: run `npm run build` (npm ci runs it) in the project directory\n');
  process.exit(1);
}
const { loadCli, saveCliCodeCache } = await import(loader.href);
const { cli } = loadCli();
const argv = process.argv.slice(2);
// A one-shot `ask` starts loading its encoder in a thread of its own before the command runs.
if (argv[0] === 'ask') cli.startEarlyEncoder(argv, process.env);
process.exitCode = await cli.main(argv);
saveCliCodeCache();
