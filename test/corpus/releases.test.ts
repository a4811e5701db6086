/**
 * corpus/releases.yaml: the named models and benchmarks that date an undated text. A release date must never be later
 * than the paper it cites (it errs early), and a name must belong to one release only.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadCorpus } from '../../src/corpus/load.ts';
import { arxivIdDate, compareDates, writtenNoEarlierThan } from '../../src/core/dates.ts';

const corpus = loadCorpus();
const releases = [...(corpus.releases?.values() ?? [])];

test('the shipped releases load, each dated no later than the arXiv paper it cites', () => {
  assert.ok(releases.length >= 40, `${releases.length} releases`);
  for (const r of releases) {
    if (!r.source.startsWith('arXiv:')) continue;
    const paper = arxivIdDate(r.source)!;
    const [year, month] = r.date.split('-').map(Number) as [number, number];
    assert.notEqual(compareDates(paper, { year, month }), 'earlier', `${r.id}: released ${r.date}, after its paper ${r.source}`);
    // A release earlier than its paper says why.
    if (paper.year !== year || paper.month !== month) assert.ok(r.note, `${r.id}: dated ${r.date} but cites ${r.source}, with no note`);
  }
});

test('every name of a release dates a text as that release, and no name belongs to two releases', () => {
  const owner = new Map<string, string>();
  for (const r of releases) {
    assert.equal(new Set(r.names).size, r.names.length, `${r.id} lists a name twice`);
    for (const name of r.names) {
      // Spellings of one release may differ in case only ("BIG-bench", "BIG-Bench"); two releases never share a name.
      const key = name.toLowerCase();
      assert.ok(!owner.has(key) || owner.get(key) === r.id, `"${name}" is a name of ${owner.get(key)} and ${r.id}`);
      owner.set(key, r.id);
      const found = writtenNoEarlierThan(`We run our experiments on ${name} and report results.`, [r]);
      assert.deepEqual(found?.release, r.name, `${r.id}: "${name}"`);
    }
  }
});

test('a text naming Llama 2 and GPT-2 is no older than July 2023; Shannon and a palm tree date nothing', () => {
  assert.deepEqual(writtenNoEarlierThan('We patch attention heads in GPT-2 small and Llama-2-7b.', releases), { date: { year: 2023, month: 7 }, release: 'Llama 2' });
  assert.equal(writtenNoEarlierThan('Following Claude Shannon, we measure the entropy of a palm tree image with a clip of audio.', releases), undefined);
});
