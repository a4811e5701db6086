import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { checkCorpusDir, formatSummary } from '../../src/corpus/check.ts';
import { DEFAULT_CORPUS_DIR } from '../../src/corpus/load.ts';

const OPTIONS = { maxYear: 2026 };

type Entry = Record<string, unknown>;

function paper(id: string, over: Entry = {}): Entry {
  return {
    id,
    title: `A study called ${id}`,
    authors: ['A. Author'],
    year: 2019,
    venue: 'ACL 2019',
    url: `https://aclanthology.org/${id}/`,
    community: 'NLPI',
    communityEvidence: ['ACL venue'],
    summary: 'What the study found, in our words.',
    ...over,
  };
}

function concept(id: string, over: Entry = {}): Entry {
  return {
    id,
    name: `Concept ${id}`,
    description: 'A method for reading what a network computes.',
    aliases: { mi: [], nlpi: [] },
    bearsOn: { causal: false, internals: true },
    precedents: [
      { id: 'old1', why: 'the first to try it on language' },
      { id: 'old2', why: 'the standard critique of it' },
    ],
    miExamples: ['new1'],
    missed: 'Baselines the older work insisted on.',
    seedRows: [1],
    related: [],
    ...over,
  };
}

/** Writes a corpus to a fresh temp dir: papers, concepts (one file each) and a glossary. */
function writeCorpus(parts: { papers?: Entry[]; concepts?: Entry[]; glossary?: Entry[] }): string {
  const dir = mkdtempSync(join(tmpdir(), 'mechanistic-corpus-'));
  mkdirSync(join(dir, 'papers'));
  mkdirSync(join(dir, 'concepts'));
  const papers = parts.papers ?? [
    paper('old1', { year: 2018, venue: 'EMNLP 2018' }),
    paper('old2'),
    paper('new1', { year: 2022, venue: 'Transformer Circuits Thread', community: 'MI', url: 'https://transformer-circuits.pub/2022/x/' }),
  ];
  writeFileSync(join(dir, 'papers', 'seed.yaml'), stringify(papers));
  for (const c of parts.concepts ?? [concept('probing')]) {
    writeFileSync(join(dir, 'concepts', `${String(c.id)}.yaml`), stringify(c));
  }
  writeFileSync(
    join(dir, 'glossary.yaml'),
    stringify(
      parts.glossary ?? [
        {
          id: 'probe',
          term: 'probe',
          meaning: 'A classifier trained on hidden states to read off a property.',
          contested: 'Whether a probe reveals what the model uses or what the probe learns.',
          papers: ['old1'],
          concepts: ['probing'],
        },
      ],
    ),
  );
  return dir;
}

function someMatch(lines: string[], pattern: RegExp): boolean {
  return lines.some((l) => pattern.test(l));
}

test('a well-formed corpus has no problems and a summary per community, year and concept', () => {
  const result = checkCorpusDir(writeCorpus({}), OPTIONS);
  assert.deepEqual(result.problems, []);
  assert.ok(result.summary);
  assert.deepEqual(result.summary.papersByCommunity, { NLPI: 2, MI: 1, other: 0 });
  assert.deepEqual(result.summary.papersByYear, [[2018, 1], [2019, 1], [2022, 1]]);
  assert.deepEqual(result.summary.perConcept, [{ id: 'probing', precedents: 2, miExamples: 1 }]);
  assert.match(formatSummary(result.summary), /probing: 2\/1/);
});

test('a concept id used twice is a problem (from the loader)', () => {
  const dir = writeCorpus({});
  writeFileSync(join(dir, 'concepts', 'probing-copy.yaml'), stringify(concept('probing')));
  const result = checkCorpusDir(dir, OPTIONS);
  assert.ok(someMatch(result.problems, /duplicate concept id: probing/), result.problems.join('\n'));
  assert.equal(result.summary, null);
});

test('one paper under two ids is a problem, by arXiv id, DOI, Anthology id or title and year', () => {
  const papers = [
    paper('old1', { ids: { arxiv: '1906.04341', doi: '10.18653/v1/W19-4828', acl: 'W19-4828' } }),
    paper('old2'),
    paper('old1again', { ids: { arxiv: '1906.04341' }, url: 'https://arxiv.org/abs/1906.04341' }),
    paper('old1doi', { ids: { doi: '10.18653/V1/W19-4828' }, url: 'https://doi.org/10.18653/v1/W19-4828' }),
    paper('old1acl', { ids: { acl: 'W19-4828' }, url: 'https://aclanthology.org/W19-4828/' }),
    paper('sametitle', { title: 'A Study Called OLD2!', url: 'https://arxiv.org/abs/2001.00001' }),
    paper('new1', { community: 'MI' }),
  ];
  const { problems } = checkCorpusDir(writeCorpus({ papers }), OPTIONS);
  assert.ok(someMatch(problems, /old1 and old1again have the same arXiv id/), problems.join('\n'));
  assert.ok(someMatch(problems, /old1 and old1doi have the same DOI/), problems.join('\n'));
  assert.ok(someMatch(problems, /old1 and old1acl have the same Anthology id/), problems.join('\n'));
  assert.ok(someMatch(problems, /old2 and sametitle have the same title and year/), problems.join('\n'));
});

test('a preprint and its reworded later version are flagged as a possible duplicate; series parts are not', () => {
  const papers = [
    paper('old1', { title: 'Linear Representations of Sentiment in Large Language Models', authors: ['Curt Tigges'], year: 2023, venue: 'arXiv' }),
    paper('old1ws', { title: 'Language Models Linearly Represent Sentiment', authors: ['Curt Tigges', 'B. Other'], year: 2024, venue: 'BlackboxNLP 2024' }),
    paper('old2', { title: 'Causes and Explanations: A Structural-Model Approach. Part I: Causes', authors: ['Joseph Halpern'], year: 2005, venue: 'BJPS' }),
    paper('old2b', { title: 'Causes and Explanations: A Structural-Model Approach. Part II: Explanations', authors: ['Joseph Halpern'], year: 2005, venue: 'BJPS' }),
    paper('new1', { title: 'Linear Representations of Sentiment', authors: ['Someone Else'], year: 2024, venue: 'arXiv', community: 'MI' }),
  ];
  const result = checkCorpusDir(writeCorpus({ papers }), OPTIONS);
  assert.deepEqual(result.problems, []);
  const dupes = result.warnings.filter((w) => /may be one work/.test(w));
  assert.deepEqual(dupes, ['papers old1 and old1ws may be one work (same first author, similar titles): merge them if so']);
});

test('ids that point nowhere are problems: precedents, MI examples, related, tags, glossary', () => {
  const concepts = [
    concept('probing', {
      precedents: [{ id: 'ghost2017', why: 'does not exist in the corpus' }],
      miExamples: ['ghostmi'],
      related: ['no-such-concept'],
    }),
  ];
  const papers = [paper('old1', { tags: ['not-a-concept'] }), paper('old2'), paper('new1', { community: 'MI' })];
  const glossary = [
    {
      id: 'probe',
      term: 'probe',
      meaning: 'A classifier trained on hidden states to read off a property.',
      contested: 'Whether a probe reveals what the model uses or what the probe learns.',
      papers: ['nobody2020'],
      concepts: ['nothing'],
    },
  ];
  const { problems } = checkCorpusDir(writeCorpus({ papers, concepts, glossary }), OPTIONS);
  for (const expected of [
    /concept probing: precedent "ghost2017" is not in the corpus/,
    /concept probing: MI example "ghostmi" is not in the corpus/,
    /concept probing: related concept "no-such-concept" is not in the corpus/,
    /paper old1: tag \(concept id\) "not-a-concept"/,
    /glossary term probe: paper "nobody2020"/,
    /glossary term probe: concept "nothing"/,
  ]) {
    assert.ok(someMatch(problems, expected), `${expected}\n${problems.join('\n')}`);
  }
});

test('a URL on a host that is not of record is a problem; the known hosts pass', () => {
  const papers = [
    paper('old1', { url: 'https://www.semanticscholar.org/paper/abc' }),
    paper('old2', { url: 'https://proceedings.neurips.cc/paper/2019/hash/x-Abstract.html' }),
    paper('new1', { community: 'MI', url: 'https://www.lesswrong.com/posts/x/y' }),
  ];
  const { problems } = checkCorpusDir(writeCorpus({ papers }), OPTIONS);
  assert.deepEqual(
    problems.filter((p) => /host/.test(p)).map((p) => p.split(':')[0]),
    ['paper old1'],
  );
});

test('a precedent that is not an NLPI paper is a problem', () => {
  const papers = [
    paper('old1', { community: 'other', url: 'https://arxiv.org/abs/1312.6034' }),
    paper('old2'),
    paper('new1', { community: 'MI', year: 2022, venue: 'arXiv' }),
  ];
  const { problems } = checkCorpusDir(writeCorpus({ papers }), OPTIONS);
  assert.ok(someMatch(problems, /concept probing: precedent old1 is labelled other, not NLPI/), problems.join('\n'));
  assert.equal(problems.length, 1, problems.join('\n'));
});

test('a venue year far from the paper year, or a year in the future, is a problem', () => {
  const papers = [
    paper('old1', { year: 2019, venue: 'EMNLP 2016' }),
    paper('old2', { year: 2020, venue: 'UAI 2019 (PMLR 115, 2020)' }),
    paper('new1', { community: 'MI', year: 2031, venue: 'arXiv preprint' }),
  ];
  const { problems } = checkCorpusDir(writeCorpus({ papers }), OPTIONS);
  assert.ok(someMatch(problems, /paper old1: venue "EMNLP 2016" names 2016 but year is 2019/), problems.join('\n'));
  assert.ok(someMatch(problems, /paper new1: year 2031 is after 2026/), problems.join('\n'));
  assert.ok(!someMatch(problems, /paper old2/), problems.join('\n'));
});

test('a precedent not earlier than the concept\'s earliest MI example is a problem; later NLPI work goes under later', () => {
  const papers = [
    paper('old1', { year: 2024, venue: 'ACL 2024' }),
    paper('old2', { year: 2023, venue: 'ACL 2023', month: 7 }),
    paper('same', { year: 2023, venue: 'ACL 2023' }),
    paper('new1', { community: 'MI', year: 2023, month: 3, venue: 'arXiv preprint' }),
    paper('new2', { community: 'MI', year: 2024, venue: 'arXiv preprint' }),
  ];
  const precedents = [
    { id: 'old1', why: 'the first to try it on language' },
    { id: 'old2', why: 'the standard critique of it' },
    { id: 'same', why: 'the same year, month unknown' },
  ];
  const { problems } = checkCorpusDir(writeCorpus({ papers, concepts: [concept('probing', { precedents, miExamples: ['new2', 'new1'] })] }), OPTIONS);
  for (const id of ['old1', 'old2', 'same']) {
    assert.ok(someMatch(problems, new RegExp(`concept probing: precedent ${id} is not earlier than the concept's MI work \\(first appeared .*; the earliest MI example, new1, 2023-03\\): move it to later`)), `${id}\n${problems.join('\n')}`);
  }
  assert.equal(problems.length, 3, problems.join('\n'));

  // Under `later` they pass; a later entry that is in fact earlier, or listed twice, is a problem.
  const moved = concept('probing', {
    precedents: [{ id: 'early', why: 'appeared well before the MI work' }],
    later: [...precedents, { id: 'early2', why: 'also appeared before the MI work' }, { id: 'early', why: 'listed in both lists' }],
    miExamples: ['new2', 'new1'],
  });
  const withEarly = [...papers, paper('early', { year: 2018, venue: 'EMNLP 2018' }), paper('early2', { year: 2020, venue: 'ACL 2020' })];
  const result = checkCorpusDir(writeCorpus({ papers: withEarly, concepts: [moved] }), OPTIONS);
  assert.ok(someMatch(result.problems, /concept probing: later work early2 is in fact earlier than the concept's MI work .*: move it to precedents/), result.problems.join('\n'));
  assert.ok(someMatch(result.problems, /concept probing: early is listed twice \(in precedents and later\)/), result.problems.join('\n'));
  // The entry listed twice is checked where it is listed too.
  assert.ok(someMatch(result.problems, /concept probing: later work early is in fact earlier/), result.problems.join('\n'));
  assert.equal(result.problems.length, 3, result.problems.join('\n'));
});

test('first appearance decides: a venue-year-later precedent posted on arXiv before the MI work passes', () => {
  const papers = [
    // ACL 2022 (May) by venue, on arXiv in April 2021; the MI example is from February 2022.
    paper('old1', { year: 2022, month: 5, venue: 'ACL 2022', ids: { arxiv: '2104.08696' } }),
    paper('old2', { year: 2019 }),
    paper('rome', { community: 'MI', year: 2022, month: 2, venue: 'NeurIPS 2022', url: 'https://arxiv.org/abs/2202.05262', ids: { arxiv: '2202.05262' } }),
  ];
  const precedents = [
    { id: 'old1', why: 'knowledge neurons, located and edited' },
    { id: 'old2', why: 'an older precedent of it' },
  ];
  const ok = checkCorpusDir(writeCorpus({ papers, concepts: [concept('probing', { precedents, miExamples: ['rome'] })] }), OPTIONS);
  assert.deepEqual(ok.problems, []);
  const noArxiv = papers.map((p) => (p.id === 'old1' ? { ...p, ids: {} } : p));
  const { problems } = checkCorpusDir(writeCorpus({ papers: noArxiv, concepts: [concept('probing', { precedents, miExamples: ['rome'] })] }), OPTIONS);
  assert.ok(someMatch(problems, /precedent old1 is not earlier .*first appeared 2022-05; the earliest MI example, rome, 2022-02/), problems.join('\n'));
});

test('later NLPI work on a concept with no MI example, or not NLPI, is a problem', () => {
  const papers = [paper('old1', { year: 2018, venue: 'EMNLP 2018' }), paper('old2'), paper('mi', { community: 'MI', year: 2021, venue: 'arXiv' })];
  const c = concept('probing', { miExamples: [], later: [{ id: 'old2', why: 'later than nothing at all' }, { id: 'mi', why: 'MI work, not NLPI work' }] });
  const { problems } = checkCorpusDir(writeCorpus({ papers, concepts: [c] }), OPTIONS);
  assert.ok(someMatch(problems, /concept probing: later work old2 is listed, but the concept has no MI example to be later than/), problems.join('\n'));
  assert.ok(someMatch(problems, /concept probing: later work mi is labelled MI, not NLPI/), problems.join('\n'));
});

test('the shipped corpus passes', () => {
  const result = checkCorpusDir(DEFAULT_CORPUS_DIR, { maxYear: new Date().getUTCFullYear() });
  assert.deepEqual(result.problems, []);
  assert.ok(result.summary && result.summary.concepts >= 40, 'at least 40 concepts');
  assert.ok(result.summary.glossaryTerms >= 12, 'at least 12 glossary terms');
  assert.deepEqual(result.warnings.filter((w) => /seed row/.test(w)), [], 'every row of the seed map has a concept');
});

test('a seed-map row without a concept is a warning', () => {
  const result = checkCorpusDir(writeCorpus({ concepts: [concept('probing', { seedRows: [1, 2] })] }), OPTIONS);
  assert.ok(someMatch(result.warnings, /seed row 3 of the precedent map has no concept/));
  assert.ok(!someMatch(result.warnings, /seed row 2 of/));
});
