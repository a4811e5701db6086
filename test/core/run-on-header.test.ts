/**
 * Where a paste run into one line has its title and its authors (src/core/input.ts `runOnHeader`), measured on real
 * papers: the ACL Anthology's ACL, EMNLP, NAACL and TACL papers in ../shared/data (CC BY 4.0), every third one with an
 * abstract. Run together with spaces only (as Discord's command box pastes), a title and its abstract must almost never
 * read as a title and authors (a title ending in "A B and C D" or a list of capitalized terms), an abstract alone still
 * less, and a title, its authors listed with commas and its abstract must give back that title and those authors.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { runOnHeader } from '../../src/core/input.ts';
import { parseAnthologyXml, readAnthologyDir } from '../../src/ingest/anthology.ts';

const MAIN = new URL('../../../shared/data/acl-anthology/main/', import.meta.url).pathname;

test('on real Anthology papers run into one line: no authors read from a title and abstract, and the title and authors read when they are there', () => {
  const papers = readAnthologyDir(MAIN)
    .flatMap((r) => r.papers)
    .filter((p) => p.abstract !== undefined && p.abstract.split(/\s+/).length >= 60)
    .filter((_, i) => i % 3 === 0);
  assert.ok(papers.length > 5000, `${papers.length} papers`);
  let fromAbstract = 0;
  let fromTitleAndAbstract = 0;
  let listed = 0;
  let read = 0;
  for (const p of papers) {
    const abstract = p.abstract!.replace(/\s+/g, ' ').trim();
    if (runOnHeader(abstract)) fromAbstract++;
    if (runOnHeader(`${p.title} ${abstract}`)) fromTitleAndAbstract++;
    if (p.authors.length < 2) continue;
    listed++;
    const header = runOnHeader(`${p.title} ${p.authors.join(', ')} ${abstract}`);
    if (header?.title === p.title.trim() && header.authors.length === p.authors.length) read++;
  }
  // Measured on all of them: 5 of 16,659 abstracts, 11 titles with their abstracts; 15,408 of 16,375 headers read (15,406 before an in-text citation stopped discarding the real title end, 15,407 before
  // surnames that open with a hyphenated particle were read as names).
  assert.ok(fromAbstract / papers.length <= 0.001, `${fromAbstract} of ${papers.length} abstracts read as a header`);
  assert.ok(fromTitleAndAbstract / papers.length <= 0.002, `${fromTitleAndAbstract} of ${papers.length} titles and abstracts read as a header`);
  assert.ok(read / listed >= 0.92, `${read} of ${listed} titles and authors read back`);
});

test('an in-text citation deep in the abstract ("BERT Devlin et al. 2019") does not take the place of the author line', () => {
  // Bylinina et al., EMNLP 2023 (2023.emnlp-main.938), its page's lines run into one, as Discord's command box pastes it.
  const xml = readFileSync(`${MAIN}2023.emnlp.xml`, 'utf8');
  const paper = parseAnthologyXml(xml, '2023.emnlp.xml').papers.find((p) => p.ids.acl === '2023.emnlp-main.938');
  assert.ok(paper?.abstract, 'the paper and its abstract are in the shared Anthology data');
  assert.match(paper.abstract, /Devlin et al\. 2019/);
  const line = `${paper.title} ${paper.authors.join(', ')} ${paper.abstract.replace(/\s+/g, ' ').trim()}`;
  const header = runOnHeader(line);
  assert.equal(header?.title, 'Connecting degree and polarity: An artificial language learning study');
  assert.deepEqual(header?.authors, ['Lisa Bylinina', 'Alexey Tikhonov', 'Ekaterina Garmash']);
  assert.match(header?.abstract ?? '', /^We investigate/);
});

test('a surname that opens with a hyphenated particle ("Iria de-Dios-Flores") is read as a name', () => {
  // de-Dios-Flores et al., ACL 2023 (2023.acl-long.12), its page's lines run into one, as Discord's command box pastes it.
  const xml = readFileSync(`${MAIN}2023.acl.xml`, 'utf8');
  const paper = parseAnthologyXml(xml, '2023.acl.xml').papers.find((p) => p.ids.acl === '2023.acl-long.12');
  assert.ok(paper?.abstract, 'the paper and its abstract are in the shared Anthology data');
  assert.equal(paper.authors[0], 'Iria de-Dios-Flores');
  const line = `${paper.title} ${paper.authors.join(', ')} ${paper.abstract.replace(/\s+/g, ' ').trim()}`;
  const header = runOnHeader(line);
  assert.equal(header?.title, paper.title);
  assert.deepEqual(header?.authors, paper.authors);
  assert.match(header?.abstract ?? '', /^Using psycholinguistic/);
  // The same name first and last in a run-on author line.
  const abstract = 'We compare the ability of humans and several pre-trained masked language models to correctly identify control dependencies in Spanish sentences, and find that the models struggle with the structures humans resolve easily across many different kinds of verbs and contexts.';
  assert.deepEqual(runOnHeader(`Probing Control in Language Models Ann Smith, Iria de-Dios-Flores ${abstract}`)?.authors, ['Ann Smith', 'Iria de-Dios-Flores']);
  assert.deepEqual(runOnHeader(`Probing Control in Language Models Iria de-Dios-Flores, Ann Smith ${abstract}`)?.authors, ['Iria de-Dios-Flores', 'Ann Smith']);
});
