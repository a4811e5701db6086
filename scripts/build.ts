/**
 * `npm run build`: compiles src/ to dist/ with tsc (tsconfig.build.json) and copies the files tsc does
 * not emit (the web page's HTML/JS/CSS/SVG, .mjs worker entries) beside the compiled modules, so
 * `new URL('../web/', import.meta.url)` and worker URLs resolve the same from dist/ as from src/.
 *
 * dist/.build-hash records a hash of everything the build read; `--if-stale` skips the build when it
 * matches (the test command uses it), and tests that spawn bin/mechanistic.js call ensureFreshBuild(),
 * so a dist/ older than the sources can never be what a test runs.
 *
 * The CLI also gets a bundle of its own, dist/cli.cjs (bundleCli), which bin/mechanistic.js loads with a V8 code
 * cache; the compiled modules stay beside it for the worker threads, the tests and the paths the bundle computes.
 *
 * The new tree is built beside dist/ and swapped in at the end: a failed build leaves the old one.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IMPORT_FUNCTION } from '../src/retrieval/embedders/code-cache.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
export const DIST_DIR = join(ROOT, 'dist');
const HASH_FILE = '.build-hash';
/** Files outside src/ that change what the build produces (the lock file: the vendored packages' versions). */
const BUILD_INPUTS = ['tsconfig.json', 'tsconfig.build.json', 'scripts/build.ts', 'package-lock.json'];

/**
 * Packages bundled into one module each, `dist/vendor/<name>.js`, which the compiled code imports instead of the
 * package. zod's ESM build is about 95 modules that Node resolves, reads and links one by one at every start of
 * every command (about 40 ms of a cold `ask`, measured); as one module it loads in about half that.
 */
const VENDORED = ['zod'];

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...walk(path));
    else out.push(path);
  }
  return out;
}

/** A hash of every file under src/ (path and content) and of the build configuration. */
export function sourceHash(root: string = ROOT): string {
  const h = createHash('sha256');
  const files = [...walk(join(root, 'src')), ...BUILD_INPUTS.map((p) => join(root, p))];
  for (const path of files) {
    h.update(relative(root, path)).update('\0');
    h.update(existsSync(path) ? readFileSync(path) : '(missing)').update('\0');
  }
  return h.digest('hex');
}

/** True when dist/ was built from the sources as they are now. */
export function distIsFresh(root: string = ROOT): boolean {
  try {
    return readFileSync(join(root, 'dist', HASH_FILE), 'utf8').trim() === sourceHash(root);
  } catch {
    return false;
  }
}

/** Not TypeScript, so tsc does not emit it: copied as is. */
function isAsset(path: string): boolean {
  return !path.endsWith('.ts');
}

export function build(root: string = ROOT): void {
  const hash = sourceHash(root);
  const dist = join(root, 'dist');
  const tmp = join(root, `dist.tmp-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  const tsc = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json'), '--outDir', tmp], { stdio: 'inherit', cwd: root });
  if (r.status !== 0) {
    rmSync(tmp, { recursive: true, force: true });
    throw new Error(`tsc failed (exit ${r.status ?? r.signal})`);
  }
  vendor(root, tmp);
  bundleCli(root, tmp);
  const src = join(root, 'src');
  for (const path of walk(src).filter(isAsset)) {
    const target = join(tmp, relative(src, path));
    mkdirSync(dirname(target), { recursive: true });
    cpSync(path, target);
  }
  writeFileSync(join(tmp, HASH_FILE), `${hash}\n`);
  const old = join(root, `dist.old-${process.pid}`);
  if (existsSync(dist)) renameSync(dist, old);
  renameSync(tmp, dist);
  rmSync(old, { recursive: true, force: true });
}

/** What every esbuild bundle of the build shares: for Node.js 20, licence comments kept, warnings shown. */
const NODE_BUNDLE = { bundle: true, platform: 'node', target: 'node20', legalComments: 'inline', logLevel: 'warning' } as const;

/** A bare import of a vendored package (`from 'zod'`, `import('zod')`) in compiled code. */
const vendoredImport = new RegExp(`(\\bfrom\\s*|\\bimport\\s*\\(\\s*)(['"])(${VENDORED.join('|')})\\2`, 'g');

/** Bundles each VENDORED package into `<out>/vendor/<name>.js` and points the compiled modules' imports of it there. */
function vendor(root: string, out: string): void {
  const esbuild = createRequire(join(root, 'package.json'))('esbuild') as typeof import('esbuild');
  for (const name of VENDORED) {
    esbuild.buildSync({
      stdin: { contents: `export * from '${name}';`, resolveDir: root, loader: 'js' },
      ...NODE_BUNDLE,
      format: 'esm',
      outfile: join(out, 'vendor', `${name}.js`),
    });
  }
  for (const file of walk(out).filter((f) => f.endsWith('.js') && !f.startsWith(join(out, 'vendor')))) {
    const text = readFileSync(file, 'utf8');
    const rewritten = text.replace(vendoredImport, (_, lead: string, quote: string, name: string) => {
      const target = relative(dirname(file), join(out, 'vendor', `${name}.js`)).split('\\').join('/');
      return `${lead}${quote}${target.startsWith('.') ? target : `./${target}`}${quote}`;
    });
    if (rewritten !== text) writeFileSync(file, rewritten);
  }
}

/**
 * Packages bundled into dist/cli.cjs with the packages they depend on: the pure-JavaScript CommonJS packages
 * every command loads at start (the logger; the question limiter, whose package's index loads all its
 * limiters). Loading them took about 35 ms of every start (21 and 15 ms, each required alone); in the bundle
 * they share its code cache. The project's other dependencies stay a `require` or `import()` of the package:
 * the native ones (better-sqlite3, hnswlib-node), the encoder's (loaded in its thread with a code cache of
 * their own), and those only some commands load (discord.js, Bolt, openai, Vega). Neither inlined package may
 * take a path that needs files beside its own (pino's transports) or `import()` (rate-limiter-flexible's
 * Drizzle limiter).
 */
const CLI_INLINED = ['pino', 'rate-limiter-flexible'];

/**
 * ESM-only packages the compiled code imports statically (`@retorquere/bibtex-parser`: its CommonJS build
 * cannot be required), which the CLI's bundle requires as CommonJS files of their own,
 * `dist/vendor/<name>.cjs`, when a command first needs them: inlined, they doubled the bundle that every
 * start reads (about 8 ms of a cold `ask`).
 */
const CLI_CONVERTED = ['@retorquere/bibtex-parser'];

/** The file of a CLI_CONVERTED package, relative to the bundle. */
const convertedFile = (name: string): string => `./vendor/${name.replace(/^@/, '').replace(/\//g, '-')}.cjs`;

/** An `import('pkg')` of a package in compiled code (not of a relative path, which the bundle includes). */
const packageImport = /\bimport\((['"])([^'"./][^'"]*)\1\)/g;

/**
 * The bundle's entry. `main` is imported when called, so that loading the bundle runs only the early encoder's
 * modules and the bin starts the encoder's thread before the rest of the CLI's modules run.
 */
const ENTRY = `export { startEarlyEncoder } from './cli/early-encoder.js';
export async function main(argv) {
  return (await import('./cli/main.js')).main(argv);
}
`;

/**
 * Bundles the compiled CLI (`<out>/cli/main.js` and the early encoder, which share state) into one CommonJS
 * file, `<out>/cli.cjs`, exporting `main` and `startEarlyEncoder`. bin/mechanistic.js loads it through
 * cli/load-bundle.ts with a V8 code cache, which Node.js 20 offers for scripts but not for ES modules:
 * compiling the CLI's ~200 modules from source was the main thread's largest item in a cold `ask`.
 *
 * A CommonJS file needs three rewrites of the compiled code: `import.meta.url` becomes the URL of the module
 * it was in (beside the bundle, in `<out>`), so files found relative to a module (the web page, worker entries,
 * the corpus) are the same; `import('pkg')` becomes the loader's import function (code-cache.ts's
 * IMPORT_FUNCTION); and a static import of a package becomes `require`, so the build fails when such a package
 * cannot be required (ESM only: import it with `import()` instead).
 */
function bundleCli(root: string, out: string): void {
  const esbuild = createRequire(join(root, 'package.json'))('esbuild') as typeof import('esbuild');
  // The rewritten copies of the compiled modules, bundled from beside them (esbuild's plugins, which could
  // rewrite while bundling, need its asynchronous API; the build is synchronous for ensureFreshBuild).
  const stage = join(out, '.cli-bundle');
  for (const name of CLI_CONVERTED) {
    esbuild.buildSync({
      stdin: { contents: `export * from '${name}';`, resolveDir: root, loader: 'js' },
      ...NODE_BUNDLE,
      format: 'cjs',
      outfile: join(out, convertedFile(name)),
    });
  }
  for (const file of walk(out).filter((f) => f.endsWith('.js'))) {
    const path = relative(out, file).split(sep).join('/');
    const text = CLI_CONVERTED.reduce(
      (t, name) => t.replaceAll(`from '${name}'`, `from '${convertedFile(name)}'`),
      readFileSync(file, 'utf8')
        .replaceAll('import.meta.url', `__moduleUrl(${JSON.stringify(path)})`)
        .replace(packageImport, (_, quote: string, specifier: string) => `${IMPORT_FUNCTION}(${quote}${specifier}${quote})`),
    );
    mkdirSync(dirname(join(stage, path)), { recursive: true });
    writeFileSync(join(stage, path), text);
  }
  const { dependencies } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  const external = Object.keys(dependencies)
    .filter((name) => !CLI_INLINED.includes(name))
    .flatMap((name) => [name, `${name}/*`]);
  let result: import('esbuild').BuildResult<{ metafile: true }>;
  try {
    result = esbuild.buildSync({
      stdin: { contents: ENTRY, resolveDir: stage, loader: 'js' },
      // Paths in the bundle's comments relative to the stage: the same bundle from the same sources.
      absWorkingDir: stage,
      ...NODE_BUNDLE,
      format: 'cjs',
      outfile: join(out, 'cli.cjs'),
      // The converted packages' files are required from beside the bundle, as written.
      external: [...external, ...CLI_CONVERTED.map(convertedFile)],
      metafile: true,
      // The URL of a module of <out> by its path there (the bundle is in <out>, its `__dirname`).
      banner: { js: 'var __moduleUrl = (path) => require("node:url").pathToFileURL(require("node:path").join(__dirname, path)).href;' },
    });
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
  const require = createRequire(join(root, 'package.json'));
  for (const { path, kind, external } of Object.values(result.metafile.outputs).flatMap((o) => o.imports)) {
    if (!external || kind === 'dynamic-import' || path.startsWith('node:') || path.startsWith('./')) continue;
    let file: string;
    try {
      file = require.resolve(path);
    } catch (e) {
      throw new Error(`cli.cjs requires ${path}, which cannot be required (${(e as Error).message.split('\n')[0]}): import it with import()`);
    }
    if (file.startsWith('node:') || !file.includes(sep)) continue;
    if (isEsm(file)) throw new Error(`cli.cjs requires ${path}, which is ESM only (${file}): import it with import()`);
  }
}

/** Whether Node.js loads a package's file as an ES module: `.mjs`, or `.js` under a package.json of `"type": "module"`. */
function isEsm(file: string): boolean {
  if (file.endsWith('.mjs')) return true;
  if (!file.endsWith('.js')) return false;
  for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) return (JSON.parse(readFileSync(manifest, 'utf8')) as { type?: string }).type === 'module';
  }
  return false;
}

/**
 * Builds dist/ unless it is fresh. Concurrent callers (test files run in parallel) take turns through
 * a lock directory, and the second finds the first one's build fresh.
 */
export function ensureFreshBuild(root: string = ROOT): void {
  if (distIsFresh(root)) return;
  const lock = join(root, 'dist.lock');
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`${lock} held for 3 minutes: remove it if no build is running`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  try {
    if (!distIsFresh(root)) build(root);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const ifStale = process.argv.includes('--if-stale');
  try {
    if (ifStale) ensureFreshBuild();
    else build();
  } catch (e) {
    console.error(`build: ${(e as Error).message}`);
    process.exit(1);
  }
}
