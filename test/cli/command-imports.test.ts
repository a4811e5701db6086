/**
 * Every command module can be imported in one process in any order. Vega-Lite patches
 * Set.prototype at import, which broke discord.js imported after it (help exited with code 7).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function importInOrder(modules: string[]) {
  const script = `${modules.map((m) => `await import('./src/cli/commands/${m}.ts');`).join(' ')} console.log('imported');`;
  return spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
}

test('chart commands imported before serve (discord.js) do not break it, nor the reverse', () => {
  for (const order of [
    ['lineage', 'digest', 'serve'],
    ['serve', 'lineage', 'digest'],
  ]) {
    const r = importInOrder(order);
    assert.equal(r.status, 0, `${order.join(' → ')}: ${r.stderr.slice(-600)}`);
    assert.match(r.stdout, /imported/);
  }
});
