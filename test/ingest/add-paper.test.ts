/**
 * `mechanistic paper add <link>`: a paper read from a (loopback) source is appended to a curated file of a
 * temporary copy of the corpus, validated by the corpus loader; duplicates are refused. Never the real corpus.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { paperCommand } from '../../src/cli/commands/paper.ts';
import { UsageError, type CliIo } from '../../src/cli/command.ts';
import { DEFAULT_CORPUS_DIR, loadCorpus } from '../../src/corpus/load.ts';
import { AddPaperError, addPaperFromLink } from '../../src/ingest/add-paper.ts';
import { ATOM, JSON_TYPE, fixture, sourcesFor, startFakes, type Fakes } from '../sources/fakes.ts';

let fakes: Fakes;
before(async () => {
  fakes = await startFakes();
});
after(async () => {
  await fakes.close();
});

/** A copy of the real corpus's papers, concepts and glossary in a temp dir. */
function tempCorpus(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mech-add-'));
  for (const part of ['papers', 'concepts', 'glossary.yaml']) cpSync(join(DEFAULT_CORPUS_DIR, part), join(dir, part), { recursive: true });
  return dir;
}

const today = '2027-01-15';

test('an arXiv link outside the corpus is appended to papers/added.yaml with its CC0 abstract, a proposed label and provenance', async () => {
  fakes.arxiv.route('/api/query?id_list=2401.06102&', { body: fixture('arxiv-2401.06102.atom.xml'), headers: ATOM });
  const dir = tempCorpus();
  const before = fakes.arxiv.requests.length;
  const added = await addPaperFromLink('https://arxiv.org/abs/2401.06102v4', { corpusDir: dir, sources: sourcesFor(fakes), today });
  assert.equal(fakes.arxiv.requests.length - before, 1);
  assert.equal(added.via, 'arXiv');
  const p = added.paper;
  assert.equal(p.title, 'Patchscopes: A Unifying Framework for Inspecting Hidden Representations of Language Models');
  assert.equal(p.year, 2024);
  assert.equal(p.ids.arxiv, '2401.06102');
  assert.ok(p.abstract && p.abstract.length > 100, 'arXiv abstracts are CC0');
  assert.equal(p.summary, undefined, 'no summary is made up');
  assert.equal(p.community, 'NLPI', 'Mor Geva (last author) is in the ACL interpretability network');
  assert.match(p.communityEvidence[0]!, /Mor Geva \(last author\)/);
  assert.deepEqual(p.provenance, [{ source: 'arxiv:2401.06102', date: today }]);
  const text = readFileSync(join(dir, 'papers', 'added.yaml'), 'utf8');
  assert.match(text, /^# Papers added one by one/);
  const corpus = loadCorpus(dir, { snapshot: 'off' });
  assert.equal(corpus.papers.get(p.id)?.title, p.title, 'the corpus loads with the new entry (schema-valid)');

  // The same paper again, by another link form: refused before any request, file unchanged.
  const n = fakes.total();
  await assert.rejects(addPaperFromLink('arXiv:2401.06102', { corpusDir: dir, sources: sourcesFor(fakes), today }), (e: unknown) => e instanceof AddPaperError && /already in the corpus/.test(e.message) && e.message.includes(p.id));
  assert.equal(fakes.total(), n);
  assert.equal(readFileSync(join(dir, 'papers', 'added.yaml'), 'utf8'), text);
});

test('a second paper is appended after the first; a paper of the curated corpus is refused with its id', async () => {
  fakes.arxiv.route('/api/query?id_list=2401.06102&', { body: fixture('arxiv-2401.06102.atom.xml'), headers: ATOM });
  const dir = tempCorpus();
  await addPaperFromLink('2401.06102', { corpusDir: dir, sources: sourcesFor(fakes), today });
  const n = fakes.total();
  await assert.rejects(addPaperFromLink('https://arxiv.org/abs/2211.00593', { corpusDir: dir, sources: sourcesFor(fakes), today }), /already in the corpus: arXiv 2211\.00593 is "Interpretability in the Wild/);
  assert.equal(fakes.total(), n, 'the corpus is asked first');
  // The same work under another DOI (same title and year): refused as a duplicate by title. (The title is changed
  // from the fixture's, "A Primer in BERTology", which the curated corpus now holds as rogers2020primer.)
  const primer = (doi: string) =>
    fixture('crossref-work.json')
      .replaceAll('10.1162/tacl_a_00349', doi)
      .replace('A Primer in BERTology: What We Know About How BERT Works', 'A Second Unknown Survey of What BERT Learns');
  fakes.crossref.route('/works/10.1162/tacl_a_90001', { body: primer('10.1162/tacl_a_90001'), headers: JSON_TYPE });
  fakes.crossref.route('/works/10.1162/tacl_a_90002', { body: primer('10.1162/tacl_a_90002'), headers: JSON_TYPE });
  const summary = 'A survey of what BERT is known to learn, in our words.';
  const first = await addPaperFromLink('10.1162/tacl_a_90001', { corpusDir: dir, sources: sourcesFor(fakes), today, summary });
  const text = readFileSync(join(dir, 'papers', 'added.yaml'), 'utf8');
  assert.equal((text.match(/^- id: /gm) ?? []).length, 2, 'appended after the first entry');
  await assert.rejects(addPaperFromLink('10.1162/tacl_a_90002', { corpusDir: dir, sources: sourcesFor(fakes), today, summary }), new RegExp(`already in the corpus: .* duplicates ${first.paper.id}`));
  assert.equal(readFileSync(join(dir, 'papers', 'added.yaml'), 'utf8'), text);
});

test('a Crossref paper needs the curator\'s summary (its abstract may not be stored), then is added without one', async () => {
  const body = fixture('crossref-work.json')
    .replaceAll('10.1162/tacl_a_00349', '10.1162/tacl_a_99998')
    .replace('A Primer in BERTology: What We Know About How BERT Works', 'An Entirely Unknown Study of Probing Heads');
  fakes.crossref.route('/works/10.1162', { body, headers: JSON_TYPE });
  const dir = tempCorpus();
  await assert.rejects(addPaperFromLink('https://doi.org/10.1162/tacl_a_99998', { corpusDir: dir, sources: sourcesFor(fakes), today }), /pass --summary/);
  assert.equal(existsSync(join(dir, 'papers', 'added.yaml')), false);
  const added = await addPaperFromLink('https://doi.org/10.1162/tacl_a_99998', { corpusDir: dir, sources: sourcesFor(fakes), today, summary: 'Probes attention heads for syntax, in our words.' });
  assert.equal(added.paper.abstract, undefined);
  assert.equal(added.paper.summary, 'Probes attention heads for syntax, in our words.');
  assert.equal(added.paper.ids.doi, '10.1162/tacl_a_99998');
  assert.ok(added.paper.communityEvidence.length >= 1);
  loadCorpus(dir, { snapshot: 'off' });
});

function io(env: Record<string, string>): CliIo & { out: string[] } {
  const out: string[] = [];
  return { out, stdout: (t) => out.push(t), stderr: () => {}, readStdin: async function* () {}, env };
}

test('the CLI: "paper add" writes the entry; with the network off it refuses with the reason and asks nothing', async () => {
  fakes.arxiv.route('/api/query?id_list=2401.06102&', { body: fixture('arxiv-2401.06102.atom.xml'), headers: ATOM });
  const dir = tempCorpus();
  const data = mkdtempSync(join(tmpdir(), 'mech-add-data-'));
  const off = io({ ...fakes.env, MECHANISTIC_DATA_DIR: data, MECHANISTIC_NETWORK: 'off' });
  const n = fakes.total();
  await assert.rejects(paperCommand.run(['add', 'https://arxiv.org/abs/2401.06102', '--corpus', dir], off), (e: unknown) => e instanceof UsageError && /MECHANISTIC_NETWORK=off/.test(e.message));
  assert.equal(fakes.total(), n);
  const on = io({ ...fakes.env, MECHANISTIC_DATA_DIR: data });
  assert.equal(await paperCommand.run(['add', 'https://arxiv.org/abs/2401.06102', '--corpus', dir, '--json'], on), 0);
  const out = JSON.parse(on.out[0]!);
  assert.equal(out.added.ids.arxiv, '2401.06102');
  assert.equal(out.via, 'arXiv');
  assert.ok(existsSync(join(dir, 'papers', 'added.yaml')));
  // The lookup form of the command still works.
  await assert.rejects(paperCommand.run(['add'], on), UsageError);
});
