/**
 * Loads a CommonJS package with a V8 code cache: the compiled code of the package's functions, saved by
 * an earlier process, so that a cold start deserializes them instead of parsing and compiling them.
 * Used for the bundled encoder's TensorFlow.js (`@energetic-ai/core`, a 1.7 MB bundle) and its tokenizer
 * package: compiling them was about a tenth of a cold `ask`'s encoder. The CLI itself is loaded the same
 * way, as one CommonJS bundle (dist/cli.cjs, cli/load-bundle.ts).
 *
 * The cache of a package is one file in `dir`, named by the package and a hash of its source, the Node.js
 * version and the architecture, and written by saveCodeCaches after the encoder's first call, so that it
 * holds the functions that call ran as well as those run at load. V8 itself rejects a cache made by
 * another V8 or with other flags, or that is damaged; then the package compiles from source as if there
 * were no cache, and the next saveCodeCaches writes a new one. Writing is best effort (a read-only
 * directory only means no cache).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { threadId } from 'node:worker_threads';

/** How a package was loaded: from its cache, compiled because there was none or V8 refused it, or already loaded. */
export type CodeCacheUse = 'used' | 'missing' | 'rejected' | 'loaded';

interface Unsaved {
  script: Script;
  dir: string;
  file: string;
  /** The start of every cache file name of this package (older ones are removed when a new one is written). */
  stem: string;
}

/** Packages loaded without a usable cache in this thread, whose caches saveCodeCaches writes. */
const unsaved: Unsaved[] = [];

/** Hex digits of the key in a cache file's name. */
const KEY_LENGTH = 20;

/** The cache file of a package's source, e.g. `dir/energetic-ai-core-<hash>.v8cache`. */
function cacheFile(dir: string, id: string, source: Buffer): { file: string; stem: string } {
  const key = createHash('sha1').update(source).update(`\0${process.version}\0${process.arch}`).digest('hex').slice(0, KEY_LENGTH);
  const stem = `${id.replace(/[^a-z0-9]+/gi, '-').replace(/^-/, '')}-`;
  return { file: join(dir, `${stem}${key}.v8cache`), stem };
}

function readCache(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/**
 * The name under which a module loaded with `importModule` finds it. Code compiled by `vm.Script` cannot
 * use `import()` in Node.js 20 (only with --experimental-vm-modules), so a module that imports ESM-only
 * packages calls this function instead: the CLI's bundle, whose build rewrites its `import('pkg')`s.
 */
export const IMPORT_FUNCTION = '__importPackage';

/**
 * `require(id)` from the module at `from` (a file URL or path), compiled with the code cache kept in `dir`
 * (none without one: the module is compiled from source and no cache is written). A package this thread has
 * already loaded is returned as it is. `importModule`, when given, is passed to the module as IMPORT_FUNCTION.
 */
export function requireWithCodeCache(
  from: string | URL,
  id: string,
  dir: string | undefined,
  options: { importModule?: (specifier: string) => Promise<unknown> } = {},
): { exports: unknown; cache: CodeCacheUse } {
  const require = createRequire(from);
  const filename = require.resolve(id);
  const loaded = require.cache[filename];
  if (loaded) return { exports: loaded.exports, cache: 'loaded' };

  const source = readFileSync(filename);
  const { file, stem } = dir ? cacheFile(dir, id, source) : { file: undefined, stem: '' };
  const cachedData = file ? readCache(file) : undefined;
  // The wrapper Node.js gives every CommonJS module (and the import function, when there is one).
  const parameters = `exports, require, module, __filename, __dirname${options.importModule ? `, ${IMPORT_FUNCTION}` : ''}`;
  const wrapped = `(function (${parameters}) { ${source.toString('utf8')}\n});`;
  const script = new Script(wrapped, { filename, ...(cachedData ? { cachedData } : {}) });
  const cache: CodeCacheUse = !cachedData ? 'missing' : script.cachedDataRejected ? 'rejected' : 'used';

  const module = new Module(filename) as NodeJS.Module;
  module.filename = filename;
  // In the require cache before it runs, as Node.js does: the package's own requires of itself find it.
  require.cache[filename] = module;
  try {
    (script.runInThisContext() as (...args: unknown[]) => void).call(module.exports, module.exports, createRequire(filename), module, filename, dirname(filename), options.importModule);
  } catch (e) {
    delete require.cache[filename];
    throw e;
  }
  module.loaded = true;
  if (cache !== 'used' && dir && file) unsaved.push({ script, dir, file, stem });
  return { exports: module.exports, cache };
}

/**
 * Writes the caches of the packages this thread loaded without a usable one (each through a temporary
 * file and a rename) and removes the package's other files (older caches, temporary files). Returns the
 * files written.
 */
export function saveCodeCaches(): string[] {
  const written: string[] = [];
  for (const { script, dir, file, stem } of unsaved.splice(0)) {
    const tmp = `${file}.${process.pid}-${threadId}.tmp`;
    try {
      mkdirSync(dir, { recursive: true });
      writeFileSync(tmp, script.createCachedData());
      renameSync(tmp, file);
      written.push(file);
      // Older caches of the package, and temporary files a stopped thread left (or another process is
      // writing: its rename then fails, which only means it writes no cache).
      const ours = new RegExp(`^${stem}[0-9a-f]{${KEY_LENGTH}}\\.v8cache(\\.[0-9]+-[0-9]+\\.tmp)?$`);
      for (const name of readdirSync(dir)) {
        if (ours.test(name) && join(dir, name) !== file) rmSync(join(dir, name), { force: true });
      }
    } catch {
      // Best effort: without a cache the next start compiles from source.
      try {
        rmSync(tmp, { force: true });
      } catch {
        // No directory to leave it in.
      }
    }
  }
  return written;
}
