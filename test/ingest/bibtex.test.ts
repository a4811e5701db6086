import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseBibtex, readBibtex } from '../../src/ingest/bibtex.ts';

const bib = readFileSync(new URL('../fixtures/ingest/refs.bib', import.meta.url), 'utf8');

test('imports the good entries of a pasted .bib and reports each broken one by key', () => {
  const { papers, errors } = parseBibtex(bib, 'bibtex:refs.bib');
  assert.deepEqual(papers.map((p) => p.title), [
    'Investigating Gender Bias in Language Models Using Causal Mediation Analysis',
    'Amnesic Probing: Behavioral Explanation with Amnesic Counterfactuals',
    'Man is to Computer Programmer as Woman is to Homemaker? Debiasing Word Embeddings',
  ]);
  assert.deepEqual(
    errors.map((e) => e.record),
    ['olsson2022context', 'noauthor2020', 'mueller2024quest'],
  );
  assert.match(errors[0]!.message, /truncated: a "\{" or quote is never closed \(entry at line 23; skipped\)/);
  assert.match(errors[1]!.message, /missing author, .*\(entry at line 37; skipped\)/);
  assert.match(errors[2]!.message, /truncated: the entry never closes .*\(entry at line 43; skipped\)/);
});

test('BibTeX fields become corpus facts: names flipped, ids found, abstracts dropped', () => {
  const [vig, elazar, bolukbasi] = parseBibtex(bib, 'bibtex:refs.bib').papers;
  assert.equal(vig!.authors[0], 'Jesse Vig');
  assert.equal(vig!.authors.at(-1), 'Stuart Shieber');
  assert.equal(vig!.venue, 'Advances in Neural Information Processing Systems');
  assert.match(vig!.url, /^https:\/\/proceedings\.neurips\.cc\//);
  assert.equal(elazar!.ids.doi, '10.1162/tacl_a_00359');
  assert.equal(elazar!.url, 'https://doi.org/10.1162/tacl_a_00359');
  assert.equal(elazar!.month, 3);
  assert.equal(elazar!.year, 2021);
  assert.equal(elazar!.abstract, undefined);
  assert.equal(bolukbasi!.ids.arxiv, '1607.06520');
  assert.equal(bolukbasi!.venue, 'arXiv');
  assert.equal(bolukbasi!.url, 'https://arxiv.org/abs/1607.06520');
});

test('LaTeX accents, escapes, braces, @string macros and markup become plain text; names are "First Last"', () => {
  const { entries, errors } = readBibtex(
    '@string{acl = "Proceedings of ACL"}\n@string{pre = {The }}\n' +
      '@inproceedings{x,\n title = {M{\\"u}ller and {\\\'E}cole \\& {BERT} in \\emph{the} Wild --- 50\\%},\n' +
      ' author = {Garriga-Alonso, Adri{\\`a} and Nelson Elhage and Dupr{\\\'e} la Tour, Tom and others},\n' +
      ' booktitle = pre # acl, month = mar, year = 2020, url = {https://aclanthology.org/2020.acl-main.1/}, note = {\\url{https://x.org/a_b}}}\n',
  );
  assert.deepEqual(errors, []);
  const [e] = entries;
  assert.equal(e!.key, 'x');
  assert.equal(e!.line, 3);
  assert.equal(e!.fields.get('title'), 'Müller and École & BERT in the Wild — 50%');
  assert.deepEqual(e!.authors, ['Adrià Garriga-Alonso', 'Nelson Elhage', 'Tom Dupré la Tour']);
  assert.equal(e!.fields.get('booktitle'), 'The Proceedings of ACL');
  assert.equal(e!.fields.get('month'), '3');
  assert.equal(e!.fields.get('note'), 'https://x.org/a_b');
});

test('an unreadable entry is an error with its key and line, and the entries after it still come through', () => {
  const { entries, errors } = readBibtex('@article{a, title={A}, year={2020}}\n\n@article{b2020,\n title = {never closed\n\n@misc{c, title = {C}}\n');
  assert.deepEqual(entries.map((e) => [e.key, e.line]), [['a', 1], ['c', 6]]);
  assert.deepEqual(errors.map((e) => [e.key, e.line]), [['b2020', 3]]);
  assert.deepEqual(readBibtex(''), { entries: [], errors: [] });
  assert.deepEqual(readBibtex('% a comment, no entries\n@comment{x}\n'), { entries: [], errors: [] });
});
