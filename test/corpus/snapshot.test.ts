/**
 * The corpus snapshot: the validated corpus written once as JSON and read back while the corpus
 * files are unchanged. Whatever path it comes by, the loaded Corpus is the same.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { CorpusError, DEFAULT_CORPUS_DIR, loadCorpus } from '../../src/corpus/load.ts';

/** A copy of the real corpus (papers, concepts, glossary) in a temp dir, without any snapshot. */
function copyCorpus(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mechanistic-snapshot-'));
  for (const part of ['papers', 'concepts', 'glossary.yaml']) cpSync(join(DEFAULT_CORPUS_DIR, part), join(dir, part), { recursive: true });
  return dir;
}

function snapshots(dir: string): string[] {
  try {
    return readdirSync(join(dir, '.snapshot')).map((n) => join(dir, '.snapshot', n));
  } catch {
    return [];
  }
}

test('the corpus read from the snapshot is identical to the one parsed from YAML', () => {
  const dir = copyCorpus();
  const fromYaml = loadCorpus(dir, { snapshot: 'off' });
  assert.equal(snapshots(dir).length, 0, '"off" writes nothing');
  const first = loadCorpus(dir);
  assert.equal(snapshots(dir).length, 1, 'the first load writes the snapshot');
  const fromSnapshot = loadCorpus(dir);
  assert.deepStrictEqual(first, fromYaml);
  assert.deepStrictEqual(fromSnapshot, fromYaml);
  assert.deepStrictEqual([...fromSnapshot.papers.keys()], [...fromYaml.papers.keys()], 'same order');
  assert.ok(fromYaml.papers.size > 700 && fromYaml.concepts.size >= 50 && fromYaml.glossary.size > 5);
});

test('the snapshot is what is read while the files are unchanged, and ignored once one changes', () => {
  const dir = copyCorpus();
  const original = loadCorpus(dir);
  const [snap] = snapshots(dir);
  // Mark the snapshot: the next load shows the mark, so it came from the snapshot, not the YAML.
  const data = JSON.parse(readFileSync(snap!, 'utf8'));
  data.papers[0].title = 'MARKED';
  writeFileSync(snap!, JSON.stringify(data));
  assert.equal([...loadCorpus(dir).papers.values()][0]!.title, 'MARKED');
  // refresh (corpus:check) parses the YAML whatever the snapshot says, and rewrites it.
  assert.deepStrictEqual(loadCorpus(dir, { snapshot: 'refresh' }), original);
  assert.deepStrictEqual(loadCorpus(dir), original);

  // An edit to a YAML file changes the key: parsed again, and the edit shows.
  const file = join(dir, 'concepts', 'activation-patching.yaml');
  writeFileSync(file, readFileSync(file, 'utf8').replace(/^name: .*$/m, 'name: Activation patching (edited)'));
  assert.equal(loadCorpus(dir).concepts.get('activation-patching')!.name, 'Activation patching (edited)');
  assert.equal(snapshots(dir).length, 2);
});

test('a broken corpus file is reported even when an older snapshot exists', () => {
  const dir = copyCorpus();
  loadCorpus(dir);
  const file = join(dir, 'glossary.yaml');
  writeFileSync(file, `${readFileSync(file, 'utf8')}\n- id: Not An Id\n`);
  assert.throws(() => loadCorpus(dir), (e) => e instanceof CorpusError && e.problems.some((p) => p.startsWith('glossary.yaml: Not An Id: id:')));
});

test('a corpus dir that cannot be written to loads all the same', () => {
  const dir = copyCorpus();
  writeFileSync(join(dir, '.snapshot'), 'a file where the snapshot directory would go');
  const a = loadCorpus(dir);
  assert.deepStrictEqual(a, loadCorpus(dir, { snapshot: 'off' }));
});
