import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import { prepareIndexInWorker } from '../../src/serve/prepare-index.ts';
import type { IndexProgress } from '../../src/retrieval/vector-index.ts';

test('the index is built in a worker thread into the data dir, with progress passed back', { timeout: 600_000 }, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mechanistic-prepare-'));
  const config = loadConfig({ MECHANISTIC_DATA_DIR: dataDir, MECHANISTIC_EMBEDDER: 'use-lite' });
  const events: IndexProgress[] = [];
  await prepareIndexInWorker(config, { progress: (e) => events.push(e) });
  assert.ok(existsSync(join(dataDir, 'index', 'manifest.json')));
  assert.equal(events[0]?.phase, 'rebuild');
  assert.ok(events.some((e) => e.phase === 'insert' && e.done === e.total));
  const again: IndexProgress[] = [];
  await prepareIndexInWorker(config, { progress: (e) => again.push(e) });
  assert.deepEqual(again, [], 'an index that is up to date is not rebuilt');
});
