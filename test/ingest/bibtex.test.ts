import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { latexToText, parseBibtex, splitAuthors } from '../../src/ingest/bibtex.ts';

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
  assert.match(errors[0]!.message, /truncated: field "archivePrefix" has an unclosed "\{"/);
  assert.match(errors[0]!.message, /entry at line 23/);
  assert.match(errors[1]!.message, /missing author/);
  assert.match(errors[2]!.message, /truncated: the entry never closes/);
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

test('LaTeX accents, escapes and braces become plain text', () => {
  assert.equal(latexToText('M{\\"u}ller and {\\\'E}cole \\& {BERT}'), 'Müller and École & BERT');
  assert.deepEqual(splitAuthors('Garriga-Alonso, Adri{\\`a} and Nelson Elhage and others'), ['Adrià Garriga-Alonso', 'Nelson Elhage']);
});
