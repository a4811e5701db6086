/**
 * Runs a TypeScript module in a fresh Node process (through tsx, from the project root) and
 * asserts it ended on its own: for what must be seen from outside, such as threads left running.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Writes `source` to `<dir>/<name>.mts`, runs it, and returns what it printed; fails if it had to be killed or failed. */
export function runScript(dir: string, name: string, source: string): string {
  const file = join(dir, `${name}.mts`);
  writeFileSync(file, source);
  const r = spawnSync(process.execPath, ['--import', 'tsx', file], {
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    encoding: 'utf8',
    timeout: 120_000,
  });
  assert.equal(r.signal, null, `the process had to be killed: ${r.stderr}`);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}
