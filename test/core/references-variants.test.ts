/**
 * References the matcher once missed although the corpus holds the work, read from the real shared reference
 * lists (../shared/data/mi-references) with the real BibTeX reader and matched against the real corpus: a
 * double surname printed three ways (Suau Cuadros), a draft title cited before the paper was posted
 * (Cunningham et al.), a tool cited by its name alone (TransformerLens), and an arXiv id the BlackboxNLP entry
 * did not carry (Copy Suppression). Each fix also has a case it must not match.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { referencesFromBibtex } from '../../src/app/bibtex-references.ts';
import type { Corpus } from '../../src/core/corpus-schema.ts';
import { ReferenceMatcher, surnameKey, surnameKeys, type CitedReference } from '../../src/core/references.ts';
import { loadCorpus } from '../../src/corpus/load.ts';
import { fixturePaper } from '../helpers/fixture-paper.ts';

const SHARED = fileURLToPath(new URL('../../../shared/data/mi-references/', import.meta.url));
const skip = existsSync(SHARED) ? false : `the shared reference lists are not here (${SHARED}); they come with the team's shared checkout`;

const listText = (file: string) => readFileSync(`${SHARED}${file}`, 'utf8');

/** One entry of a shared list, as its BibTeX text (from "@" to the next entry). */
function entryText(file: string, key: string): string {
  const text = listText(file);
  const start = text.search(new RegExp(`@\\w+\\{${key},`));
  assert.ok(start >= 0, `${file} has no entry ${key}`);
  const next = text.slice(start + 1).search(/\n@/);
  return next < 0 ? text.slice(start) : text.slice(start, start + 1 + next);
}

function reference(file: string, key: string): CitedReference {
  const ref = referencesFromBibtex(listText(file), file).find((r) => r.entry === key);
  assert.ok(ref, `${file} has no entry ${key}`);
  return ref;
}

let corpus: Corpus | undefined;
const matcher = () => new ReferenceMatcher((corpus ??= loadCorpus()));

test('a double surname matches under every printed form: the shared list\'s "Cuadros, Xavier Suau", "{Suau Cuadros}, Xavier", "Suau Cuadros, Xavier"', { skip }, () => {
  const entry = entryText('conmy2023towards.bib', 'cuadros2022selfconditioning');
  assert.match(entry, /author = \{Cuadros, Xavier Suau and/, 'the list prints the first surname as a given name');
  const m = matcher().matchOne(reference('conmy2023towards.bib', 'cuadros2022selfconditioning'));
  assert.deepEqual(m && { id: m.paper.id, how: m.how }, { id: 'suau2021self', how: 'title' });
  // The same entry with the surname written whole, as other lists print it.
  for (const whole of ['{Suau Cuadros}, Xavier', 'Suau Cuadros, Xavier']) {
    const [ref] = referencesFromBibtex(entry.replace('Cuadros, Xavier Suau', whole), 'variant');
    assert.equal(matcher().matchOne(ref!)?.paper.id, 'suau2021self', whole);
  }
  // Not a licence for another first author: the same entry with a different first author stays unmatched.
  const [other] = referencesFromBibtex(entry.replace('Cuadros, Xavier Suau', 'Zappala, Marco'), 'other');
  assert.equal(matcher().matchOne(other!), undefined);
});

test('surname keys: a double surname gives each part and the whole; initials and particles give none of their own', () => {
  assert.deepEqual(surnameKeys('Xavier Suau Cuadros').sort(), ['cuadros', 'suau', 'suaucuadros']);
  assert.deepEqual(surnameKeys('Cuadros, Xavier Suau').sort(), ['cuadros', 'suau', 'suaucuadros']);
  assert.deepEqual(surnameKeys('{Suau Cuadros}, Xavier').sort(), ['cuadros', 'suau', 'suaucuadros']);
  assert.deepEqual(surnameKeys('Xavier Suau'), ['suau']);
  assert.deepEqual(surnameKeys('Vig, J.'), ['vig']);
  assert.deepEqual(surnameKeys('Hoagy Cunningham'), ['cunningham']);
  assert.deepEqual(surnameKeys('Edward J. Hu'), ['hu'], 'an initial before the surname is not a surname');
  assert.ok(!surnameKeys('Dupré la Tour, T.').includes('la'), 'a lowercase particle is not a surname of its own');
  assert.equal(surnameKey('Cuadros, Xavier Suau'), 'cuadros', 'surnameKey itself is unchanged');
});

test("a draft title (Cunningham et al., cited by bricken2023 before the paper was posted) matches the posted paper by its author list", { skip }, () => {
  const draft = reference('bricken2023.bib', 'cunningham2023sparse');
  assert.deepEqual(draft.ids, {}, 'the entry gives no id: only authors, year and title can tell');
  const m = matcher().matchOne(draft);
  assert.equal(m?.paper.id, 'cunningham2024');
  assert.equal(m?.how, 'title');
  // arditi2024 cites the posted paper with its arXiv id: the id decides.
  const posted = matcher().matchOne(reference('arditi2024.bib', 'cunningham2023sparse'));
  assert.deepEqual(posted && { id: posted.paper.id, how: posted.how }, { id: 'cunningham2024', how: 'arxiv' });
  // The same authors' other 2023 work in the same list (a one-author post) is not taken for it.
  assert.notEqual(matcher().matchOne(reference('bricken2023.bib', 'cunningham2023autointerpretation'))?.paper.id, 'cunningham2024');
});

test('the draft-title rule needs the same author list, a near year, shared title words and one candidate', { skip }, () => {
  const draft = reference('bricken2023.bib', 'cunningham2023sparse');
  const posted = fixturePaper('posted', 'MI', {
    title: 'Sparse Autoencoders Find Highly Interpretable Features in Language Models',
    authors: ['Hoagy Cunningham', 'Aidan Ewart', 'Logan Riggs', 'Robert Huben', 'Lee Sharkey'],
    year: 2024,
  });
  const only = (...papers: ReturnType<typeof fixturePaper>[]) =>
    new ReferenceMatcher({ papers: new Map(papers.map((p) => [p.id, p])), concepts: new Map(), glossary: new Map() });
  assert.equal(only(posted).matchOne(draft)?.paper.id, 'posted');
  // Two authors only, a year too far, another author list, too few shared title words: unmatched.
  assert.equal(only(posted).matchOne({ ...draft, authors: draft.authors.slice(0, 2) }), undefined);
  assert.equal(only({ ...posted, year: 2026 }).matchOne(draft), undefined);
  assert.equal(only({ ...posted, authors: ['Hoagy Cunningham', 'Ann Other', 'Bea Nobody', 'Cy Someone', 'Di Else'] }).matchOne(draft), undefined);
  assert.equal(only({ ...posted, title: 'Sparse Autoencoders for Protein Language Models at Scale' }).matchOne(draft), undefined);
  // Two corpus papers by the same authors that both fit: no guess.
  assert.equal(only(posted, { ...posted, id: 'posted-b', title: 'Sparse Autoencoders Find Highly Interpretable Circuits in Language Models' }).matchOne(draft), undefined);
});

test('Copy Suppression, cited by conmy2023towards as arXiv 2310.04625, is the BlackboxNLP 2024 paper', { skip }, () => {
  const cited = reference('conmy2023towards.bib', 'mcdougall2023copy');
  assert.equal(cited.ids.arxiv, '2310.04625');
  const m = matcher().matchOne(cited);
  assert.deepEqual(m && { id: m.paper.id, how: m.how }, { id: 'mcdougall2024copy', how: 'arxiv' });
});

test('a tool cited by its name alone (TransformerLens) is the corpus entry whose title is that name and a subtitle', { skip }, () => {
  for (const file of ['arditi2024.bib', 'conmy2023towards.bib']) {
    const cited = reference(file, 'nanda2022transformerlens');
    assert.equal(cited.title, 'TransformerLens');
    const m = matcher().matchOne(cited);
    assert.deepEqual(m && { id: m.paper.id, how: m.how }, { id: 'bloom2022transformerlens', how: 'title' }, file);
  }
  // The name needs the same first author (or the cited one second) and a year within one.
  const cited = reference('arditi2024.bib', 'nanda2022transformerlens');
  assert.equal(matcher().matchOne({ ...cited, authors: ['Ann Other'] }), undefined);
  assert.equal(matcher().matchOne({ ...cited, year: 2025 }), undefined);
});
