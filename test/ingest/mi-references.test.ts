import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { citingPapers, parseCitedEntries, readMiReferences } from '../../src/ingest/mi-references.ts';
import { normalizeTitle } from '../../src/ingest/text.ts';

const DIR = new URL('../../../shared/data/mi-references/', import.meta.url).pathname;
const skip = existsSync(DIR) ? false : `no shared MI reference lists at ${DIR}: skipped`;

test('a cited entry keeps title, authors, year and arXiv id; @misc with title only is kept; a broken entry is one error', () => {
  const r = parseCitedEntries(
    '@article{a, title={Understanding intermediate layers using linear classifier probes}, author={Alain, G. and Bengio, Y.}, year={2018}, eprint={1610.01644}}\n' +
      '@misc{b, title={A blog post}}\n@misc{c, author={X}\n',
    't.bib',
  );
  assert.equal(r.works.length, 2);
  assert.deepEqual(r.works[0]!.authors, ['G. Alain', 'Y. Bengio']);
  assert.equal(r.works[0]!.arxiv, '1610.01644');
  assert.equal(r.works[0]!.year, 2018);
  assert.equal(r.errors.length, 1);
});

test('the 8 shared reference lists: every entry read, works merged by title across lists', { skip }, () => {
  const refs = readMiReferences(DIR);
  assert.deepEqual(refs.errors, []);
  assert.equal(refs.entries, 539);
  assert.ok(refs.byTitle.size > 300);
  assert.deepEqual(citingPapers(refs, 'Transformer Feed-Forward Layers Are Key-Value Memories').sort(), ['conmy2023towards', 'meng2022']);
  assert.deepEqual(citingPapers(refs, 'Are Sixteen Heads Really Better than One?').sort(), ['conmy2023towards', 'turner2023']);
});

test('key precedents the MI lists cite resolve to corpus papers', { skip }, () => {
  const refs = readMiReferences(DIR);
  const titles = new Set<string>();
  for (const f of ['acl-main.yaml', 'mi-cited.yaml', 'seed.yaml', 'blackboxnlp.yaml']) {
    const papers = parse(readFileSync(new URL(`../../corpus/papers/${f}`, import.meta.url), 'utf8')) as { title: string }[];
    for (const p of papers) titles.add(normalizeTitle(p.title));
  }
  for (const t of [
    'Transformer Feed-Forward Layers Are Key-Value Memories',
    'Are Sixteen Heads Really Better than One?',
    'Understanding intermediate layers using linear classifier probes',
    'Knowledge Neurons in Pretrained Transformers',
    'Null It Out: Guarding Protected Attributes by Iterative Nullspace Projection',
  ]) {
    assert.ok(refs.byTitle.has(normalizeTitle(t)), `${t} is cited`);
    assert.ok(titles.has(normalizeTitle(t)), `${t} is in the corpus`);
  }
});
