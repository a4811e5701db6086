/**
 * `npm run build`: compiles src/ to dist/ with tsc (tsconfig.build.json) and copies the files tsc does
 * not emit (the web page's HTML/JS/CSS/SVG, .mjs worker entries) beside the compiled modules, so
 * `new URL('../web/', import.meta.url)` and worker URLs resolve the same from dist/ as from src/.
 *
 * dist/.build-hash records a hash of everything the build read; `--if-stale` skips the build when it
 * matches (the test command uses it), and tests that spawn bin/mechanistic.js call ensureFreshBuild(),
 * so a dist/ older than the sources can never be what a test runs.
 *
 * The new tree is built beside dist/ and swapped in at the end: a failed build leaves the old one.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

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

/** A bare import of a vendored package (`from 'zod'`, `import('zod')`) in compiled code. */
const vendoredImport = new RegExp(`(\\bfrom\\s*|\\bimport\\s*\\(\\s*)(['"])(${VENDORED.join('|')})\\2`, 'g');

/** Bundles each VENDORED package into `<out>/vendor/<name>.js` and points the compiled modules' imports of it there. */
function vendor(root: string, out: string): void {
  const esbuild = createRequire(join(root, 'package.json'))('esbuild') as typeof import('esbuild');
  for (const name of VENDORED) {
    esbuild.buildSync({
      stdin: { contents: `export * from '${name}';`, resolveDir: root, loader: 'js' },
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      outfile: join(out, 'vendor', `${name}.js`),
      legalComments: 'inline',
      logLevel: 'warning',
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
