import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import type { Paper } from '../../src/core/corpus-schema.ts';
import { buildCorpusFile, type BuildCorpusFileOptions } from '../../src/ingest/corpus-file.ts';
import type { ImportedPaper } from '../../src/ingest/record.ts';

const imported = (over: Partial<ImportedPaper>): ImportedPaper => ({
  title: 'A Structural Probe for Finding Syntax in Word Representations',
  authors: ['John Hewitt', 'Christopher D. Manning'],
  year: 2019,
  venue: 'NAACL 2019',
  url: 'https://aclanthology.org/N19-1419/',
  kind: 'paper',
  ids: { acl: 'N19-1419', doi: '10.18653/v1/N19-1419' },
  abstract: 'Fixture abstract.',
  source: 'acl-anthology:N19.xml',
  ...over,
});

const existingPaper = (over: Partial<Paper>): Paper => ({
  id: 'x2020y',
  title: 'Some Title',
  authors: ['A B'],
  year: 2020,
  venue: 'ACL 2020',
  url: 'https://aclanthology.org/x/',
  kind: 'paper',
  ids: {},
  community: 'NLPI',
  communityEvidence: ['venue: ACL'],
  tags: [],
  provenance: [],
  summary: 'A summary of ten chars.',
  ...over,
});

const options = (over: Partial<BuildCorpusFileOptions>): BuildCorpusFileOptions => ({
  target: 'corpus/papers/test.yaml',
  header: '# test file',
  imported: [],
  others: [],
  existing: [],
  today: '2026-11-25',
  community: () => ({ community: 'NLPI', communityEvidence: ['venue: NAACL 2019 is an ACL venue'] }),
  ...over,
});

test('papers already in another corpus file are left out, by DOI, arXiv id, Anthology id or title and year', () => {
  const others = [
    existingPaper({ id: 'hewitt2019', ids: { doi: '10.18653/v1/n19-1419' } }),
    existingPaper({ id: 'olsson2022', title: 'In-context Learning and Induction Heads', year: 2022, ids: { arxiv: '2209.11895' } }),
    existingPaper({ id: 'clark2019', title: 'What Does BERT Look At? An Analysis of BERT\'s Attention', year: 2019, ids: {} }),
    existingPaper({ id: 'rimsky2024', title: 'Steering Llama 2 via Contrastive Activation Addition', year: 2024, ids: { acl: '2024.acl-long.828' } }),
  ];
  const built = buildCorpusFile(
    options({
      others,
      imported: [
        imported({}),
        imported({ title: 'In-context learning and induction heads', ids: { arxiv: '2209.11895v1' }, year: 2022 }),
        imported({ title: 'What does BERT look at? An analysis of BERT’s attention', ids: { acl: 'W19-4828' }, year: 2019 }),
        imported({ title: 'Steering Llama 2 via Contrastive Activation Addition', ids: { arxiv: '2312.06681' }, year: 2023 }),
        imported({ title: 'A New Paper', ids: { acl: '2020.acl-main.1' }, authors: ['Zed Zee'], year: 2020 }),
      ],
    }),
  );
  assert.deepEqual(
    built.duplicates.map((d) => [d.of, d.key.split(':')[0]]),
    [['hewitt2019', 'doi'], ['olsson2022', 'arxiv'], ['clark2019', 'title'], ['rimsky2024', 'title']],
  );
  assert.deepEqual(built.papers.map((p) => p.id), ['zee2020new']);
});

test('a rerun keeps ids, curated fields and provenance dates, so the file is byte-identical', () => {
  const first = buildCorpusFile(options({ imported: [imported({})], today: '2026-11-25' }));
  const curated = (parse(first.yaml) as Paper[]).map((p) => ({
    ...p,
    community: 'NLPI' as const,
    communityEvidence: ['authors: John Hewitt is in the ACL interpretability network'],
    tags: ['structural-probes'],
    summary: 'Finds a linear transformation under which distances encode parse trees.',
    // A curator's checked arXiv id (the source does not give it) dates the paper's first appearance; a rerun keeps it.
    ids: { ...p.ids, arxiv: '1905.00001' },
  }));
  const second = buildCorpusFile(options({ imported: [imported({})], existing: curated, today: '2027-01-01' }));
  const third = buildCorpusFile(options({ imported: [imported({})], existing: parse(second.yaml) as Paper[], today: '2027-02-02' }));
  assert.equal(second.yaml, third.yaml);
  const [p] = parse(second.yaml) as Paper[];
  assert.equal(p!.id, 'hewitt2019structural');
  assert.deepEqual(p!.tags, ['structural-probes']);
  assert.deepEqual(p!.ids, { acl: 'N19-1419', arxiv: '1905.00001', doi: '10.18653/v1/N19-1419' });
  assert.equal(p!.communityEvidence[0], 'authors: John Hewitt is in the ACL interpretability network');
  assert.deepEqual(p!.provenance, [{ source: 'acl-anthology:N19.xml', date: '2026-11-25' }]);
  assert.ok(second.yaml.startsWith('# test file\n- id: hewitt2019structural\n'));
});

test('duplicates within one run are dropped and ids stay unique', () => {
  const built = buildCorpusFile(
    options({
      imported: [
        imported({ title: 'Probing One', ids: { acl: 'A-1' } }),
        imported({ title: 'Probing Two', ids: { acl: 'A-2' } }),
        imported({ title: 'Probing One', ids: { acl: 'A-1' } }),
      ],
      others: [existingPaper({ id: 'hewitt2019probing', title: 'Unrelated' })],
    }),
  );
  assert.deepEqual(built.papers.map((p) => p.id), ['hewitt2019probingone', 'hewitt2019probingtwo']);
  assert.equal(built.duplicates.length, 1);
});

test('a record that fails the corpus schema is a record error naming the field; the rest are written', () => {
  const built = buildCorpusFile(
    options({
      imported: [
        imported({ abstract: undefined, ids: { s2: 'abc' }, title: 'No Abstract No Summary', url: 'https://www.semanticscholar.org/paper/abc' }),
        imported({ url: 'http://insecure.example/x', ids: { acl: 'B-1' }, title: 'Insecure URL' }),
        imported({}),
      ],
    }),
  );
  assert.equal(built.papers.length, 1);
  assert.equal(built.errors.length, 2);
  assert.match(built.errors[0]!.message, /no abstract we may store and no summary: add the line "s2:abc<TAB>/);
  assert.match(built.errors[1]!.message, /url: URLs must use https/);
});
