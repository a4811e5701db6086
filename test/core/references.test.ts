/**
 * Reference matching and precedent coverage on a small hand-built corpus.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Community, Concept, Corpus, Paper } from '../../src/core/corpus-schema.ts';
import {
  anthologyVolume,
  citationGapOf,
  coverage,
  matchReferences,
  measureMissRates,
  missRatesOf,
  surnameKey,
  type CitedReference,
} from '../../src/core/references.ts';
import { cellWithout, missRatesExcept } from '../../src/core/references.ts';
import { fixturePaper } from '../helpers/fixture-paper.ts';

function paper(id: string, title: string, authors: string[], year: number, community: Community, extra: Partial<Paper> = {}): Paper {
  return fixturePaper(id, community, { title, authors, year, ...extra });
}

function concept(id: string, precedents: string[]): Concept {
  return {
    id,
    name: `Concept ${id}`,
    description: `The fixture concept ${id}, for tests.`,
    aliases: { mi: [], nlpi: [] },
    bearsOn: { causal: true, internals: true },
    precedents: precedents.map((p) => ({ id: p, why: `why ${p} matters` })),
    miExamples: [],
    missed: 'what MI work misses, for tests',
    seedRows: [],
    related: [],
  };
}

const PAPERS = [
  paper('vig2020', 'Causal Mediation Analysis for Interpreting Neural NLP: The Case of Gender Bias', ['Jesse Vig', 'Sebastian Gehrmann'], 2020, 'NLPI', { ids: { arxiv: '2004.12265' } }),
  paper('geiger2020', 'Neural Natural Language Inference Models Partially Embed Theories of Lexical Entailment and Negation', ['Atticus Geiger', 'Kyle Richardson'], 2020, 'NLPI', { ids: { acl: '2020.blackboxnlp-1.16' } }),
  paper('tenney2019', 'BERT Rediscovers the Classical NLP Pipeline', ['Ian Tenney', 'Dipanjan Das'], 2019, 'NLPI', { ids: { acl: 'P19-1452', doi: '10.18653/v1/p19-1452' } }),
  paper('alain2016', 'Understanding intermediate layers using linear classifier probes', ['Guillaume Alain', 'Yoshua Bengio'], 2016, 'NLPI'),
  paper('hewitt2019', 'A Structural Probe for Finding Syntax in Word Representations', ['John Hewitt', 'Christopher D. Manning'], 2019, 'NLPI', { tags: ['probing'] }),
  paper('hewitt2019b', 'Designing and Interpreting Probes with Control Tasks', ['John Hewitt', 'Percy Liang'], 2019, 'NLPI', { tags: ['probing'] }),
  paper('giulianelli2018', 'Under the Hood: Using Diagnostic Classifiers to Investigate and Improve how Language Models Track Agreement Information', ['Mario Giulianelli'], 2018, 'NLPI'),
  paper('reif2019', 'Visualizing and Measuring the Geometry of BERT', ['Emily Reif', 'Ann Yuan', 'Andy Coenen'], 2019, 'NLPI'),
  paper('later2025', 'A Much Later Work on Patching', ['Z. Later'], 2025, 'NLPI', { tags: ['patching'] }),
  paper('meng2022', 'Locating and Editing Factual Associations in GPT', ['Kevin Meng', 'David Bau'], 2022, 'MI', { month: 2 }),
  paper('wang2023', 'Interpretability in the Wild', ['Kevin Wang'], 2023, 'MI'),
];
const CORPUS: Corpus = {
  papers: new Map(PAPERS.map((p) => [p.id, p])),
  concepts: new Map([
    ['patching', concept('patching', ['vig2020', 'geiger2020', 'giulianelli2018', 'meng2022'])],
    ['probing', concept('probing', ['alain2016', 'tenney2019'])],
  ]),
  glossary: new Map(),
};

const ref = (entry: string, title: string, year: number | null, authors: string[] = [], ids: CitedReference['ids'] = {}): CitedReference => ({ entry, title, year, authors, ids });

test('matches by DOI, arXiv id (also inside a DOI), Anthology id, then title; unmatched are listed', () => {
  const m = matchReferences(
    [
      ref('tenney-doi', 'BERT rediscovers the classical NLP pipeline', 2019, ['Tenney, I.'], { doi: 'https://doi.org/10.18653/v1/P19-1452' }),
      ref('vig-arxiv', 'Investigating gender bias in language models using causal mediation analysis', 2020, ['Vig, J.'], { arxiv: '2004.12265v2' }),
      ref('vig-arxiv-doi', 'Causal mediation analysis for interpreting neural NLP', 2020, [], { doi: '10.48550/arXiv.2004.12265' }),
      ref('geiger-acl', 'Neural natural language inference models partially embed theories', 2020, [], { acl: '2020.blackboxnlp-1.16' }),
      ref('hewitt-title', 'A structural probe for finding syntax in word representations', 2019, ['Hewitt, John and Manning, Christopher D.']),
      ref('nobody', 'A paper the corpus does not have at all', 2021, ['Nobody, N.']),
    ],
    CORPUS,
  );
  assert.deepEqual(m.matched, [
    { entry: 'tenney-doi', id: 'tenney2019', how: 'doi' },
    { entry: 'vig-arxiv', id: 'vig2020', how: 'arxiv' },
    { entry: 'vig-arxiv-doi', id: 'vig2020', how: 'arxiv' },
    { entry: 'geiger-acl', id: 'geiger2020', how: 'anthology' },
    { entry: 'hewitt-title', id: 'hewitt2019', how: 'title' },
  ]);
  assert.deepEqual(m.unmatched, ['nobody']);
});

test('title matching tolerates year drift, accents, braces and near-identical titles, never a different paper', () => {
  const m = matchReferences(
    [
      // Alain & Bengio: arXiv 2016, cited as the 2018 workshop version.
      ref('alain2018', 'Understanding Intermediate Layers Using Linear Classifier Probes', 2018, ['Alain, G.', 'Bengio, Y.']),
      // One word different, same year and first author.
      ref('giulianelli', 'Under the hood: using diagnostic classifiers to investigate and improve how language models track agreement', 2018, ['Giulianelli, M.']),
      // Same words as a corpus title, but a different first author: not the same paper.
      ref('impostor', 'A Structural Probe for Finding Syntax in Word Representations', 2019, ['Smith, A.']),
      // Year too far for a near-identical title.
      ref('far', 'Under the hood: using diagnostic classifiers to investigate and improve how language models track agreement', 2021, ['Giulianelli, M.']),
      // A different Hewitt 2019 paper sharing words: must not be taken for the structural probe.
      ref('control', 'Designing and interpreting probes', 2019, ['Hewitt, J.']),
      // Author order differs between versions: an exact title with the cited first author listed later.
      ref('coenen2019', 'Visualizing and measuring the geometry of {BERT}', 2019, ['Coenen, A.', 'Reif, E.']),
    ],
    CORPUS,
  );
  assert.deepEqual(m.matched, [
    { entry: 'alain2018', id: 'alain2016', how: 'title' },
    { entry: 'giulianelli', id: 'giulianelli2018', how: 'title' },
    { entry: 'coenen2019', id: 'reif2019', how: 'title' },
  ]);
  assert.deepEqual(m.unmatched, ['impostor', 'far', 'control']);
});

test('an id whose title contradicts it is not trusted', () => {
  const m = matchReferences([ref('garbled', 'Something entirely unrelated about vision', 2015, [], { arxiv: '2004.12265' })], CORPUS);
  assert.deepEqual(m.matched, []);
});

test('surnames are read from both "Last, First" and "First Last"', () => {
  assert.equal(surnameKey('Vig, J.'), 'vig');
  assert.equal(surnameKey('Jesse Vig'), 'vig');
  assert.equal(surnameKey('Dupr{\\\'e} la Tour, T.'), 'duprelatour');
});

test('coverage splits earlier NLPI precedents into cited and missing, later and MI work excluded', () => {
  const [patching, probing] = coverage({
    corpus: CORPUS,
    concepts: ['patching', 'probing', 'unknown-concept'],
    cited: new Set(['vig2020', 'hewitt2019']),
    subject: { id: 'meng2022', year: 2022, month: 2 },
  });
  assert.equal(patching!.concept.id, 'patching');
  assert.deepEqual(patching!.cited.map((p) => p.id), ['vig2020']);
  // Unmeasured: earliest first. meng2022 (MI) and later2025 (after the paper) are not precedents.
  assert.deepEqual(patching!.missing.map((m) => m.paper.id), ['giulianelli2018', 'geiger2020']);
  assert.ok(patching!.missing.every((m) => m.missRate === null));
  assert.equal(patching!.score, 0.333);
  // Curated precedents and NLPI papers tagged with the concept.
  assert.deepEqual(probing!.cited.map((p) => p.id), ['hewitt2019']);
  assert.deepEqual(probing!.missing.map((m) => m.paper.id), ['alain2016', 'hewitt2019b', 'tenney2019']);
  assert.equal(probing!.score, 0.25);
});

test('a paper of the same Anthology volume is not earlier work, whatever its preprint\'s date; journals have no volume here', () => {
  assert.deepEqual(
    ['2024.acl-long.123', 'W19-4808', 'w19-4828', 'P19-1452', '2020.blackboxnlp-1.16', 'Q16-1037', '2021.tacl-1.57', 'J19-1001', 'not-an-id'].map(anthologyVolume),
    ['2024.acl-long', 'W19-48', 'W19-48', 'P19-1', '2020.blackboxnlp-1', undefined, undefined, undefined, undefined],
  );
  // BlackboxNLP 2019 met in August. A paper of it posted on arXiv in June is dated June, so by date alone it is earlier
  // than its neighbour in the volume; the two appeared together.
  const papers = [
    paper('neighbour', 'What a Neighbour Found', ['N. Eighbour'], 2019, 'NLPI', { month: 6, ids: { acl: 'W19-4828', arxiv: '1906.04341' } }),
    paper('older', 'An Older Precedent', ['O. Lder'], 2018, 'NLPI', { ids: { acl: 'W18-5426' } }),
    paper('subject', 'The Paper in Question', ['S. Ubject'], 2019, 'NLPI', { month: 8, ids: { acl: 'W19-4808' } }),
  ];
  const corpus: Corpus = { papers: new Map(papers.map((p) => [p.id, p])), concepts: new Map([['heads', concept('heads', ['neighbour', 'older'])]]), glossary: new Map() };
  const missing = (subject: Parameters<typeof coverage>[0]['subject'], cited = new Set<string>()) =>
    coverage({ corpus, concepts: ['heads'], cited, subject })[0]!;
  // By the Anthology id given (a scanned paper), or by the subject's corpus record.
  assert.deepEqual(missing({ year: 2019, month: 8, aclId: 'W19-4808' }).missing.map((m) => m.paper.id), ['older']);
  assert.deepEqual(missing({ id: 'subject', year: 2019, month: 8 }).missing.map((m) => m.paper.id), ['older']);
  // Without a volume (an arXiv paper of August 2019), or in another volume, the June preprint is earlier work.
  assert.deepEqual(missing({ year: 2019, month: 8 }).missing.map((m) => m.paper.id), ['older', 'neighbour']);
  assert.ok(missing({ year: 2019, month: 8, aclId: 'P19-1452' }).missing.some((m) => m.paper.id === 'neighbour'));
  // A neighbour the paper cites is still counted as cited.
  assert.deepEqual(missing({ year: 2019, month: 8, aclId: 'W19-4808' }, new Set(['neighbour'])).cited.map((p) => p.id), ['neighbour']);
  // Nor does an MI paper of the volume count as missing its neighbour in the measured miss rates.
  const mi = paper('mi-at-workshop', 'An MI Paper at the Workshop', ['M. I.'], 2019, 'MI', { month: 8, ids: { acl: 'W19-4801' } });
  const withMi: Corpus = { ...corpus, papers: new Map([...corpus.papers, [mi.id, mi]]) };
  const cells = measureMissRates(withMi, [{ id: mi.id, year: 2019, month: 8, concepts: ['heads'], cited: new Set() }]);
  assert.deepEqual(cells.map((c) => [c.precedent, c.papers]), [['older', 1]]);
  const elsewhere = measureMissRates(withMi, [{ id: 'arxiv-mi', year: 2019, month: 8, concepts: ['heads'], cited: new Set() }]);
  assert.deepEqual(elsewhere.map((c) => c.precedent).sort(), ['neighbour', 'older']);
});

test('measured miss rates order the missing (most often missed first) and feed the citation gap', () => {
  const cells = measureMissRates(CORPUS, [
    { id: 'mi-a', year: 2022, concepts: ['patching'], cited: new Set(['vig2020']) },
    { id: 'mi-b', year: 2023, concepts: ['patching'], cited: new Set(['vig2020', 'giulianelli2018']) },
    { id: 'mi-c', year: 2023, concepts: ['patching'], cited: new Set([]) },
    { id: 'mi-d', year: 2019, concepts: ['patching'], cited: new Set([]) },
  ]);
  const cell = (p: string) => cells.find((c) => c.concept === 'patching' && c.precedent === p);
  assert.deepEqual(cell('vig2020'), { concept: 'patching', precedent: 'vig2020', papers: 3, citing: 2, missRate: 0.333, citedBy: ['mi-a', 'mi-b'], missedBy: ['mi-c'] });
  assert.deepEqual(cell('geiger2020'), { concept: 'patching', precedent: 'geiger2020', papers: 3, citing: 0, missRate: 1, citedBy: [], missedBy: ['mi-a', 'mi-b', 'mi-c'] });
  // mi-d (2019) could cite giulianelli2018 but not the 2020 works.
  assert.deepEqual(cell('giulianelli2018'), { concept: 'patching', precedent: 'giulianelli2018', papers: 4, citing: 1, missRate: 0.75, citedBy: ['mi-b'], missedBy: ['mi-a', 'mi-c', 'mi-d'] });
  assert.equal(cell('meng2022'), undefined, 'MI papers are not precedents');

  const rates = missRatesOf(cells);
  const [patching] = coverage({ corpus: CORPUS, concepts: ['patching'], cited: new Set(), subject: { year: 2024 }, missRates: rates });
  assert.deepEqual(patching!.missing.map((m) => [m.paper.id, m.missRate]), [['geiger2020', 1], ['giulianelli2018', 0.75], ['vig2020', 0.333]]);
  const gap = citationGapOf(rates);
  assert.equal(gap('geiger2020', 'patching'), 1);
  assert.equal(gap('hewitt2019', 'probing'), 0);
  // Small samples count for less.
  const small = citationGapOf(missRatesOf([{ concept: 'x', precedent: 'y', papers: 1, citing: 0, missRate: 1 }]));
  assert.ok(Math.abs(small('y', 'x') - 1 / 3) < 1e-9);
});

test('miss rates without one measured paper: recomputed per cell from the counts', () => {
  const cells = [
    { concept: 'c', precedent: 'p1', papers: 3, citing: 1, missRate: 0.667, citedBy: ['a'], missedBy: ['b', 'me'] },
    { concept: 'c', precedent: 'p2', papers: 2, citing: 1, missRate: 0.5, citedBy: ['me'], missedBy: ['b'] },
    { concept: 'c', precedent: 'p3', papers: 1, citing: 0, missRate: 1, citedBy: [], missedBy: ['me'] },
    { concept: 'c', precedent: 'p4', papers: 2, citing: 0, missRate: 1, citedBy: [], missedBy: ['a', 'b'] },
  ];
  const rates = missRatesOf(cells);
  const rest = rates.without('me');
  assert.deepEqual(rest.get('c', 'p1'), { concept: 'c', precedent: 'p1', papers: 2, citing: 1, missRate: 0.5, citedBy: ['a'], missedBy: ['b'] });
  assert.deepEqual(rest.get('c', 'p2'), { concept: 'c', precedent: 'p2', papers: 1, citing: 0, missRate: 1, citedBy: [], missedBy: ['b'] });
  assert.equal(rest.get('c', 'p3'), undefined, 'no paper left: not measured');
  assert.equal(rest.get('c', 'p4'), cells[3]);
  assert.equal(rates.without('nobody'), rates);
  assert.equal(missRatesExcept(rates, undefined), rates);
  // A cell that does not name its papers (an older table) cannot be adjusted and stays as it is.
  assert.deepEqual(cellWithout({ concept: 'c', precedent: 'p', papers: 1, citing: 0, missRate: 1 }, 'me'), { concept: 'c', precedent: 'p', papers: 1, citing: 0, missRate: 1 });
});
