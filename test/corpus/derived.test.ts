/**
 * Data derived from the corpus and kept beside its snapshot (the BM25 indexes, the vector index's
 * corpus hash): answers from a start that reads it are the answers of a start that parses the YAML
 * and builds everything, and derived data is never used for other corpus files or other code.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { mechanisticOver } from '../../src/app.ts';
import type { Corpus } from '../../src/core/corpus-schema.ts';
import { firstAppearances } from '../../src/core/dates.ts';
import { loadFirstAppearances } from '../../src/corpus/first-appearances.ts';
import { DEFAULT_CORPUS_DIR, derivedData, loadCorpus } from '../../src/corpus/load.ts';
import { corpusPaperResolver } from '../../src/corpus/paper-resolver.ts';
import { corpusHash, corpusHashOf, corpusIndexItems, indexTextHashes } from '../../src/retrieval/index-items.ts';
import { createRetriever } from '../../src/retrieval/retriever.ts';
import { textHash } from '../../src/retrieval/vector-cache.ts';

function copyCorpus(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mechanistic-derived-'));
  for (const part of ['papers', 'concepts', 'glossary.yaml']) cpSync(join(DEFAULT_CORPUS_DIR, part), join(dir, part), { recursive: true });
  return dir;
}

const derivedFiles = (dir: string, name: string) => readdirSync(join(dir, '.snapshot')).filter((n) => n.startsWith(`derived-${name}-`) && n.endsWith('.bin'));

const questions = [
  ...readFileSync(new URL('../eval/dev.jsonl', import.meta.url), 'utf8')
    .split('\n')
    .filter(Boolean)
    .slice(0, 12)
    .map((l) => (JSON.parse(l) as { query: string }).query),
  'Locating and Editing Factual Associations in GPT',
  'we did causal tracing on the MLPs',
  'attention is not explanation',
];

/** Every answer, as JSON (key order included), from the lexical service over this corpus. */
async function answers(corpus: Corpus): Promise<string[]> {
  // As openMechanistic does: first appearances from the derived data when the corpus has it.
  loadFirstAppearances(corpus);
  const m = mechanisticOver(corpus, { corpus, resolver: corpusPaperResolver(corpus), retriever: createRetriever({ corpus }) }, 'none (lexical only)');
  const out: string[] = [];
  for (const text of questions) out.push(JSON.stringify(await m.ask({ text, limit: 10, offset: 0 })));
  out.push(JSON.stringify(m.paper('vig2020')), JSON.stringify([...corpus.papers.values()]));
  return out;
}

test('answers from a start that reads the snapshot and its derived data equal those from the YAML', async () => {
  const dir = copyCorpus();
  const fromYaml = loadCorpus(dir, { snapshot: 'off' });
  assert.equal(derivedData(fromYaml), undefined, 'no snapshot, no derived data');
  const expected = await answers(fromYaml);

  const first = loadCorpus(dir);
  assert.deepEqual(await answers(first), expected, 'first start: YAML parsed, indexes built and written');
  assert.equal(derivedFiles(dir, 'bm25-papers').length, 1);
  assert.equal(derivedFiles(dir, 'bm25-concepts').length, 1);

  const second = loadCorpus(dir);
  assert.equal(typeof Object.getOwnPropertyDescriptor([...second.papers.values()].find((p) => p.abstract)!, 'abstract')?.get, 'function', 'from the snapshot');
  assert.deepEqual(await answers(second), expected, 'second start: snapshot and derived indexes read');
  assert.equal(corpusHashOf(second), corpusHash(fromYaml.files), 'the kept corpus hash is that of the files');
  assert.equal(corpusHashOf(loadCorpus(dir)), corpusHash(fromYaml.files), 'and so it is when read back');
  assert.equal(derivedFiles(dir, 'paper-titles').length, 1, 'the normalized titles are kept');
  assert.deepEqual(await answers(loadCorpus(dir)), expected, 'and read back by the next start');
});

test('the kept indexes are what a start reads, and an edited corpus file never gets them', async () => {
  const dir = copyCorpus();
  const original = await answers(loadCorpus(dir));
  const [file] = derivedFiles(dir, 'bm25-papers');
  // Spoil the kept paper index (cut short): the next start sees it is no index and builds it again.
  const path = join(dir, '.snapshot', file!);
  writeFileSync(path, readFileSync(path).subarray(0, 200));
  assert.deepEqual(await answers(loadCorpus(dir)), original);
  assert.ok(readFileSync(path).length > 200, 'rewritten');

  // Edit a paper's title: new corpus key, so new derived data; the edit shows in lexical search.
  const papersFile = join(dir, 'papers', readdirSync(join(dir, 'papers')).find((n) => readFileSync(join(dir, 'papers', n), 'utf8').includes('id: vig2020'))!);
  writeFileSync(papersFile, readFileSync(papersFile, 'utf8').replace(/(- id: vig2020\n\s+title: )/, '$1Zyxwvut quasiunique '));
  const edited = loadCorpus(dir);
  const search = createRetriever({ corpus: edited }).bm25.search('zyxwvut quasiunique', 3);
  assert.deepEqual(search.map((h) => h.id), ['vig2020'], 'the edited title is in the index');
  assert.equal(derivedFiles(dir, 'bm25-papers').length, 2, 'a second index, under the new key');
  assert.equal(corpusHashOf(edited), corpusHash(edited.files));
});

test('derived data is keyed by the code that derives it, and a corpus changed in place has none', () => {
  const dir = copyCorpus();
  const corpus = loadCorpus(dir);
  const store = derivedData(corpus)!;
  const code = join(dir, 'deriving-code.js');
  writeFileSync(code, 'export const version = 1;\n');
  const codeUrl = pathToFileURL(code).href;
  store.write('test-data', [codeUrl], Buffer.from('derived by version 1'));
  assert.equal(store.read('test-data', [codeUrl])?.toString(), 'derived by version 1');
  writeFileSync(code, 'export const version = 2;\n');
  assert.equal(store.read('test-data', [codeUrl]), undefined, 'other code: not used');
  assert.throws(() => store.read('Bad Name', []), /lowercase letters, digits and dashes/);

  assert.equal(derivedData({ ...corpus, papers: new Map(corpus.papers) }), undefined, 'a copy of the papers is another corpus');
  // The maps are read-only by type; should one be changed all the same, the derived data no longer applies.
  (corpus.papers as Map<string, unknown>).delete([...corpus.papers.keys()][0]!);
  assert.equal(derivedData(corpus), undefined, 'a corpus changed in place is another corpus');
});

test('first appearances kept beside the snapshot are those computed from the papers', () => {
  const dir = copyCorpus();
  const computed = firstAppearances(loadCorpus(dir, { snapshot: 'off' }).papers);
  // The first start computes and keeps them; the next reads them.
  loadFirstAppearances(loadCorpus(dir));
  assert.equal(derivedFiles(dir, 'first-appearances').length, 1);
  const corpus = loadCorpus(dir);
  loadFirstAppearances(corpus);
  const kept = firstAppearances(corpus.papers);
  assert.deepStrictEqual([...kept], [...computed]);
  assert.ok([...kept.values()].some((d) => d.month === undefined) && [...kept.values()].some((d) => d.month !== undefined), 'dates with and without a month');
  // Spoilt (cut short): not used, computed and kept again.
  const path = join(dir, '.snapshot', derivedFiles(dir, 'first-appearances')[0]!);
  writeFileSync(path, readFileSync(path).subarray(0, 100));
  const again = loadCorpus(dir);
  loadFirstAppearances(again);
  assert.deepStrictEqual([...firstAppearances(again.papers)], [...computed]);
  assert.ok(readFileSync(path).length > 100, 'rewritten');
});

test('index text hashes kept beside the snapshot are those of the item texts, and a start that reads them makes no text', () => {
  const dir = copyCorpus();
  const items = corpusIndexItems(loadCorpus(dir, { snapshot: 'off' }));
  const computed = items.map((i) => textHash(i.text));
  // The first start computes and keeps them; the next reads them without making a single item text.
  const first = loadCorpus(dir);
  assert.deepEqual(indexTextHashes(first, corpusIndexItems(first)), computed);
  assert.equal(derivedFiles(dir, 'index-text-hashes').length, 1);
  const next = loadCorpus(dir);
  const untouched = corpusIndexItems(next).map(({ id }) => ({
    id,
    get text(): string {
      throw new Error(`the text of ${id} was made`);
    },
  }));
  assert.deepEqual(indexTextHashes(next, untouched), computed);
  // Spoilt (cut short): not used, computed and kept again.
  const path = join(dir, '.snapshot', derivedFiles(dir, 'index-text-hashes')[0]!);
  writeFileSync(path, readFileSync(path).subarray(0, 200));
  const again = loadCorpus(dir);
  assert.deepEqual(indexTextHashes(again, corpusIndexItems(again)), computed);
  assert.ok(readFileSync(path).length > 200, 'rewritten');
  // A corpus with no snapshot computes them.
  assert.deepEqual(indexTextHashes(loadCorpus(dir, { snapshot: 'off' }), items), computed);
});
