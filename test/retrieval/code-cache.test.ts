/**
 * The V8 code cache of a CommonJS package (src/retrieval/embedders/code-cache.ts), on real files and in real
 * processes: each process compiles the package once, as a cold start does.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const CODE_CACHE = fileURLToPath(new URL('../../src/retrieval/embedders/code-cache.ts', import.meta.url));
/** The project, where `--import tsx` resolves. */
const REPO = fileURLToPath(new URL('../..', import.meta.url));

/** A project with a package `demo` (CommonJS, requiring a file of its own and a built-in module). */
function project(): string {
  const root = mkdtempSync(join(tmpdir(), 'mechanistic-code-cache-'));
  const pkg = join(root, 'node_modules', 'demo');
  mkdirSync(pkg, { recursive: true });
  writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'demo', main: 'index.js' }));
  writeFileSync(join(pkg, 'helper.js'), 'exports.twice = (x) => 2 * x;\n');
  writeFileSync(
    join(pkg, 'index.js'),
    [
      "const { twice } = require('./helper.js');",
      "const path = require('node:path');",
      'function lazy(n) { let s = 0; for (let i = 0; i < n; i++) s += twice(i); return s; }',
      'module.exports = { lazy, self: () => require(__filename) === module.exports, base: path.basename(__filename), dir: path.basename(__dirname) };',
    ].join('\n'),
  );
  writeFileSync(join(root, 'main.js'), '');
  return root;
}

/** Loads `demo` in a new process with the cache in `dir`, calls it, saves the cache; returns what happened. */
function load(root: string, dir: string): { cache: string; lazy: number; self: boolean; base: string; pkgDir: string; written: string[] } {
  const script = `
    import { requireWithCodeCache, saveCodeCaches } from ${JSON.stringify(CODE_CACHE)};
    const { exports, cache } = requireWithCodeCache(${JSON.stringify(join(root, 'main.js'))}, 'demo', ${JSON.stringify(dir)});
    const again = requireWithCodeCache(${JSON.stringify(join(root, 'main.js'))}, 'demo', ${JSON.stringify(dir)});
    if (again.exports !== exports || again.cache !== 'loaded') throw new Error('loaded twice');
    const lazy = exports.lazy(10);
    console.log(JSON.stringify({ cache, lazy, self: exports.self(), base: exports.base, pkgDir: exports.dir, written: saveCodeCaches() }));`;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: REPO, encoding: 'utf8' });
  return JSON.parse(out);
}

test('a package loads from source once, its cache is written, and later processes use it', () => {
  const root = project();
  const dir = join(root, 'cache', 'code');
  const first = load(root, dir);
  assert.deepEqual(first, { cache: 'missing', lazy: 90, self: true, base: 'index.js', pkgDir: 'demo', written: first.written });
  assert.equal(first.written.length, 1);
  assert.match(first.written[0]!, /demo-[0-9a-f]{20}\.v8cache$/);
  assert.deepEqual(readdirSync(dir), [first.written[0]!.split('/').pop()], 'no temporary file left');

  const mtime = statSync(first.written[0]!).mtimeMs;
  const second = load(root, dir);
  assert.deepEqual(second, { ...first, cache: 'used', written: [] });
  assert.equal(statSync(first.written[0]!).mtimeMs, mtime, 'not written again');
});

test('a damaged cache is refused by V8: the package compiles from source and the cache is written anew', () => {
  const root = project();
  const dir = join(root, 'cache');
  const [file] = load(root, dir).written;
  const good = readFileSync(file!);
  for (const damage of [Buffer.from('not a code cache'), good.subarray(0, good.length >> 1), Buffer.alloc(0)]) {
    writeFileSync(file!, damage);
    const run = load(root, dir);
    assert.equal(run.lazy, 90);
    assert.equal(run.cache, 'rejected');
    assert.deepEqual(run.written, [file]);
    assert.equal(load(root, dir).cache, 'used', 'the rewritten cache is good');
  }
});

test("an edited package file gets a cache of its own, and the older one and leftover temporary files are removed; an unwritable directory only means no cache", () => {
  const root = project();
  const dir = join(root, 'cache');
  const [old] = load(root, dir).written;
  // What a thread stopped between writing and renaming leaves.
  writeFileSync(`${old}.12345-1.tmp`, 'partial');
  writeFileSync(join(root, 'node_modules', 'demo', 'helper.js'), 'exports.twice = (x) => 3 * x;\n');
  // helper.js is another module, outside index.js's cache: index.js's cache still holds, and the new helper runs.
  const helperEdited = load(root, dir);
  assert.deepEqual([helperEdited.cache, helperEdited.lazy], ['used', 135]);
  writeFileSync(join(root, 'node_modules', 'demo', 'index.js'), `${readFileSync(join(root, 'node_modules', 'demo', 'index.js'), 'utf8')}\n// edited\n`);
  const edited = load(root, dir);
  assert.equal(edited.cache, 'missing', 'another source, another cache');
  assert.equal(edited.lazy, 135);
  assert.notEqual(edited.written[0], old);
  assert.deepEqual(readdirSync(dir), [edited.written[0]!.split('/').pop()], 'the older cache of the package and the temporary file removed');

  const notADir = join(root, 'main.js', 'cache');
  const blocked = load(root, notADir);
  assert.deepEqual([blocked.cache, blocked.lazy, blocked.written], ['missing', 135, []]);
});
