/**
 * Loads the CLI from its bundle, dist/cli.cjs (scripts/build.ts), with a V8 code cache: the compiled code of
 * the CLI's functions, saved by an earlier process, so that a cold start deserializes them instead of parsing
 * and compiling its modules (Node.js 20 keeps no compiled code of ES modules between processes). Only
 * bin/mechanistic.js uses it, and only from dist/: the sources have no bundle.
 *
 * The cache is one file in the data directory's code-cache/ (embedders/code-cache.ts: named by a hash of the
 * bundle, the Node.js version and the architecture; V8 rejects one made by another V8 or that is damaged, and
 * then the bundle compiles from source). saveCliCodeCache writes it after the command has run, so that it
 * holds the functions the command ran. The bundle has a copy of code-cache.ts of its own, for the encoder's
 * packages: this module's copy holds the bundle alone.
 */
import 'dotenv/config';
import { codeCacheDir, dataDirFromEnv } from '../data-dir.ts';
import { requireWithCodeCache, saveCodeCaches, type CodeCacheUse } from '../retrieval/embedders/code-cache.ts';
import type { startEarlyEncoder } from './early-encoder.ts';
import type { main } from './main.ts';

/** What the bundle exports. */
export interface Cli {
  main: typeof main;
  startEarlyEncoder: typeof startEarlyEncoder;
}

/** The code cache's directory (none when there is no home directory to default to: the configuration says so later). */
function cacheDirOf(env: Record<string, string | undefined>): string | undefined {
  try {
    return codeCacheDir(dataDirFromEnv(env));
  } catch {
    return undefined;
  }
}

/** Loads dist/cli.cjs, with the code cache of the data directory that `env` (with .env applied) names. */
export function loadCli(env: Record<string, string | undefined> = process.env): { cli: Cli; cache: CodeCacheUse } {
  // `import()` of the bundle's ESM-only packages (Vega, transformers.js), resolved from here: dist/cli/.
  const { exports, cache } = requireWithCodeCache(import.meta.url, '../cli.cjs', cacheDirOf(env), { importModule: (specifier) => import(specifier) });
  return { cli: exports as Cli, cache };
}

/** Writes the bundle's code cache when it was loaded without a usable one (best effort). */
export function saveCliCodeCache(): void {
  saveCodeCaches();
}
