/**
 * The rooms of the code base (README, Architecture): which folders may import which. A violation
 * names the file and the import.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.(ts|mts|mjs)$/.test(name) ? [path] : [];
  });
}

function imports(path: string): string[] {
  const text = readFileSync(path, 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]!);
}

/** Imports of files under `from` (a src/ folder) that resolve into `into`. */
function violations(from: string, into: string | ((spec: string) => boolean)): string[] {
  const out: string[] = [];
  for (const f of files(join(ROOT, 'src', from))) {
    for (const spec of imports(f)) {
      const bad =
        typeof into === 'string' ? spec.startsWith('.') && relative(ROOT, join(f, '..', spec)).startsWith(`src/${into}/`) : into(spec);
      if (bad) out.push(`${relative(ROOT, f)} imports ${spec}`);
    }
  }
  return out;
}

test('src/chat never imports src/serve; src/digest never imports src/chat', () => {
  assert.deepEqual(violations('chat', 'serve'), []);
  assert.deepEqual(violations('digest', 'chat'), []);
});

test('nothing outside src/store uses the database driver', () => {
  const outside = readdirSync(join(ROOT, 'src')).filter((d) => d !== 'store' && statSync(join(ROOT, 'src', d)).isDirectory());
  assert.deepEqual(outside.flatMap((d) => violations(d, (spec) => spec === 'better-sqlite3' || spec === 'pg')), []);
});

test('src/core is pure: no platform SDK, no I/O modules, nothing from the outer rooms', () => {
  const outer = ['app', 'chat', 'serve', 'store', 'sources', 'cli', 'digest', 'ingest', 'corpus'];
  const bad = (spec: string) =>
    /^(node:)?(fs|http|https|net|child_process|worker_threads)(\/|$)/.test(spec) ||
    /^(@slack|discord\.js|better-sqlite3|pg|hnswlib-node|@huggingface|@energetic-ai|pino)/.test(spec);
  assert.deepEqual(violations('core', bad), []);
  for (const room of outer) assert.deepEqual(violations('core', room), [], `core imports ${room}`);
});
