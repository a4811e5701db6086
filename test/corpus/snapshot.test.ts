/**
 * The corpus snapshot: the validated corpus written once as JSON and read back while the corpus
 * files are unchanged. Whatever path it comes by, the loaded Corpus is the same.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
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
    return readdirSync(join(dir, '.snapshot'))
      .filter((n) => n.startsWith('corpus-') && n.endsWith('.json'))
      .map((n) => join(dir, '.snapshot', n));
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
  // Written in ASCII (\u escapes), though the corpus has names with accents, which come back as they were.
  assert.ok(readFileSync(snapshots(dir)[0]!).every((b) => b < 128), 'the snapshot is ASCII');
  assert.ok([...fromSnapshot.papers.values()].some((p) => /[^\x00-\x7f]/.test(p.authors.join(' ') + p.title)), 'the corpus has non-ASCII text');
});

test('the snapshot is what is read while the files are unchanged, and ignored once one changes', () => {
  const dir = copyCorpus();
  const original = loadCorpus(dir);
  const [snap] = snapshots(dir);
  // Mark the snapshot: the next load shows the mark, so it came from the snapshot, not the YAML.
  // Its first line is the byte length of the JSON on the second, and "ascii"; the abstracts follow.
  const text = readFileSync(snap!, 'latin1');
  const headStart = text.indexOf('\n') + 1;
  assert.match(text.slice(0, headStart), /^\d+ ascii\n$/);
  const headEnd = headStart + Number(text.slice(0, headStart).split(' ')[0]);
  const data = JSON.parse(text.slice(headStart, headEnd));
  data.papers[0].title = 'MARKED ☃';
  // Written back as UTF-8 (not the loader's ASCII, so without "ascii"): still read.
  const head = Buffer.from(JSON.stringify(data), 'utf8');
  writeFileSync(snap!, Buffer.concat([Buffer.from(`${head.length}\n`), head, Buffer.from(text.slice(headEnd), 'latin1')]));
  const marked = [...loadCorpus(dir).papers.values()];
  assert.equal(marked[0]!.title, 'MARKED ☃');
  assert.deepStrictEqual(marked.map((p) => p.abstract), [...original.papers.values()].map((p) => p.abstract), 'the abstracts after a UTF-8 head');
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

function pointers(dir: string): string[] {
  return readdirSync(join(dir, '.snapshot')).filter((n) => n.startsWith('stat-'));
}

test('an unchanged corpus is found by its files\' stats, without reading them; their texts are read when asked for', () => {
  const dir = copyCorpus();
  const fromYaml = loadCorpus(dir);
  assert.equal(pointers(dir).length, 1, 'the first load writes the stat pointer');
  const [pointer] = pointers(dir);
  const key = readFileSync(join(dir, '.snapshot', pointer!), 'utf8');
  assert.ok(snapshots(dir)[0]!.includes(`corpus-${key.slice(0, 32)}`), 'the pointer names the snapshot');
  const byStats = loadCorpus(dir);
  assert.equal(typeof Object.getOwnPropertyDescriptor(byStats, 'files')?.get, 'function', 'the texts are not read up front');
  assert.deepStrictEqual(byStats, fromYaml, 'and are the same when read');
});

test('an edit that keeps the size and puts the mtime back is still seen (ctime changes)', () => {
  const dir = copyCorpus();
  loadCorpus(dir);
  const file = join(dir, 'concepts', 'activation-patching.yaml');
  // A copy with the file's timestamps (to the nanosecond), for `touch -r` to put them back after the edit.
  const reference = join(dir, 'reference-times');
  execFileSync('cp', ['-p', file, reference]);
  const before = statSync(file, { bigint: true });
  const text = readFileSync(file, 'utf8');
  const edited = text.replace(/^name: (.)/m, (_, c: string) => `name: ${c === 'X' ? 'Y' : 'X'}`);
  assert.equal(edited.length, text.length);
  writeFileSync(file, edited);
  execFileSync('touch', ['-r', reference, file]);
  const after = statSync(file, { bigint: true });
  assert.equal(after.mtimeNs, before.mtimeNs, 'same mtime');
  assert.equal(after.size, before.size, 'same size');
  assert.equal(loadCorpus(dir).concepts.get('activation-patching')!.name[0], edited.match(/^name: (.)/m)![1]);
});

test('a file added to the corpus, or one removed, is seen', () => {
  const dir = copyCorpus();
  const before = loadCorpus(dir);
  const extra = join(dir, 'glossary-extra.yaml');
  writeFileSync(extra, '- id: zz-extra-term\n  term: Extra term\n  definition: A term added after the snapshot was written.\n');
  // The glossary is glossary.yaml and files named *glossary.yaml; this one is not one of them.
  assert.deepStrictEqual(loadCorpus(dir), before);
  const paper = readdirSync(join(dir, 'papers')).sort()[0]!;
  const removed = loadCorpus(dir).papers.size;
  rmSync(join(dir, 'papers', paper));
  assert.ok(loadCorpus(dir).papers.size < removed, 'a removed papers file takes its papers with it');
});

test('a corpus file changed after a start found it by stats: reading its texts is an error, not a stale corpus', () => {
  const dir = copyCorpus();
  loadCorpus(dir);
  const corpus = loadCorpus(dir);
  const file = join(dir, 'glossary.yaml');
  writeFileSync(file, `${readFileSync(file, 'utf8')}\n`);
  assert.throws(() => corpus.files, (e) => e instanceof CorpusError && /changed while the corpus was loading/.test(e.message));
});

test('a start reads the snapshot without its abstracts; they are read later even if the file was pruned meanwhile', () => {
  const dir = copyCorpus();
  const fromYaml = loadCorpus(dir, { snapshot: 'off' });
  loadCorpus(dir);
  const [snap] = snapshots(dir);
  const fromSnapshot = loadCorpus(dir);
  // Another process prunes or replaces the file before any abstract is asked for.
  rmSync(snap!);
  const abstracts = [...fromSnapshot.papers.values()].map((p) => p.abstract);
  assert.ok(abstracts.filter((a) => a !== undefined).length > 100, 'the corpus has abstracts');
  assert.deepStrictEqual(abstracts, [...fromYaml.papers.values()].map((p) => p.abstract));
  assert.deepStrictEqual(fromSnapshot, fromYaml);
});
