/**
 * Opening the service: the encoder starts before the corpus is read (its worker loads the model on
 * the other core meanwhile), so a corpus that fails to load must still stop the encoder it started.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DEFAULT_CORPUS_DIR } from '../../src/corpus/load.ts';
import { runScript } from '../helpers/run-script.ts';

/**
 * Opens the service over `dir` in a child process (a worker left running would keep it alive, or,
 * unref'd, be cut off silently) and prints the error's class and `describe(e)`, then the live worker threads.
 */
function openInChild(dir: string, describe: string): string[] {
  const appUrl = new URL('../../src/app.ts', import.meta.url).href;
  const configUrl = new URL('../../src/config.ts', import.meta.url).href;
  const script = `import { openMechanistic } from ${JSON.stringify(appUrl)};
import { loadConfig } from ${JSON.stringify(configUrl)};
const config = loadConfig({ MECHANISTIC_DATA_DIR: ${JSON.stringify(join(dir, 'data'))}, MECHANISTIC_ENCODER_WORKERS: '1', MECHANISTIC_NETWORK: 'off' });
try {
  await openMechanistic(config, { corpusDir: ${JSON.stringify(dir)} });
  console.log('opened');
} catch (e) {
  console.log(e.constructor.name, ${describe});
}
console.log('workers', process.getActiveResourcesInfo().filter((r) => r === 'Worker' || r === 'MessagePort').length);`;
  return runScript(dir, 'open', script).split('\n');
}

function corpusCopy(parts: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'mechanistic-open-'));
  for (const part of parts) cpSync(join(DEFAULT_CORPUS_DIR, part), join(dir, part), { recursive: true });
  return dir;
}

test('a broken corpus rejects the open with the corpus problem, and the started encoder workers are stopped', () => {
  const dir = corpusCopy(['papers', 'concepts', 'glossary.yaml']);
  const glossary = join(dir, 'glossary.yaml');
  writeFileSync(glossary, `${readFileSync(glossary, 'utf8')}\n- id: Not An Id\n`);
  assert.deepEqual(openInChild(dir, '/Not An Id/.test(e.message)'), ['CorpusError true', 'workers 0']);
});

test('a damaged precedent ranking model beside the corpus rejects the open as a corpus problem, and the encoder workers are stopped', () => {
  const dir = corpusCopy(['papers', 'concepts', 'glossary.yaml', 'models']);
  writeFileSync(join(dir, 'models', 'precedent-ranking.json'), '{"features": ["prior"], "weights": [1], "bias": 0}');
  assert.deepEqual(openInChild(dir, "e.message.includes('precedent-ranking.json'), /npm run eval:fit-ranking/.test(e.message)"), ['CorpusError true true', 'workers 0']);
});
