import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { joinReadingLists, parseVerifiedFile, readingListCommunity } from '../../src/ingest/mi-reading-lists.ts';
import { parseReadingList } from '../../src/ingest/reading-list.ts';

const DATA = new URL('../../../shared/data/mi-reading-lists/', import.meta.url).pathname;
const hasData = existsSync(DATA);

const verifiedYaml = `
checked: 2026-11-25
papers:
  - arxiv: "2304.14997"
    title: Towards Automated Circuit Discovery for Mechanistic Interpretability
    authors: [Arthur Conmy, Augustine N. Mavor-Parker]
    summary: Automates circuit finding by pruning graph edges whose patching barely matters.
  - arxiv: "2306.03341"
    title: "Inference-Time Intervention: Eliciting Truthful Answers from a Language Model"
    authors: [Kenneth Li, Martin Wattenberg]
    summary: Shifts truth-correlated attention heads at inference time to get more truthful answers.
    lab: Harvard
  - arxiv: "2999.00001"
    title: A Paper In Neither List
    authors: [Nobody Here]
    summary: Exists only to check the error for unknown ids.
`;

const markdown = `# A list
## Causal Methods
- [Towards Automated Circuit Discovery for Mechanistic Interpretability](https://arxiv.org/abs/2304.14997). ACDC.
- [Some Unchecked Paper](https://arxiv.org/pdf/2401.00002v2). Not in the curated file.
## Libraries
- ![badge](https://img.shields.io/x) [**repeng**](https://github.com/vgel/repeng): control vectors. ([Paper](https://arxiv.org/pdf/2306.03341), [Blog](https://vgel.me/))
`;

test('list links become entries with their section; generic "Paper" links are named by the line\'s tool', () => {
  const entries = parseReadingList(markdown, 'me/list');
  assert.deepEqual(
    entries.map((e) => [e.arxiv, e.section, e.title]),
    [
      ['2304.14997', 'Causal Methods', 'Towards Automated Circuit Discovery for Mechanistic Interpretability'],
      ['2401.00002', 'Causal Methods', 'Some Unchecked Paper'],
      ['2306.03341', 'Libraries', 'repeng'],
    ],
  );
});

test('only curated entries are imported, dated by their arXiv id, with the list as MI evidence', () => {
  const joined = joinReadingLists(parseReadingList(markdown, 'me/list'), parseVerifiedFile(verifiedYaml, 'v.yaml'), 'lists');
  assert.deepEqual(joined.papers.map((p) => [p.ids.arxiv, p.year, p.month]), [['2304.14997', 2023, 4], ['2306.03341', 2023, 6]]);
  assert.equal(joined.papers[0]!.summary, 'Automates circuit finding by pruning graph edges whose patching barely matters.');
  assert.deepEqual(joined.unchecked.map((e) => e.arxiv), ['2401.00002']);
  assert.match(joined.errors[0]!.message, /in neither reading list/);
  const acdc = readingListCommunity(joined.papers[0]!, joined.listings.get(joined.papers[0]!.url)!, undefined);
  assert.equal(acdc.community, 'MI');
  assert.deepEqual(acdc.communityEvidence, [
    'authors: Arthur Conmy (first author) is in the MI/alignment network',
    'channel: listed in the CC0 MI reading list me/list (section "Causal Methods")',
  ]);
  const iti = readingListCommunity(joined.papers[1]!, joined.listings.get(joined.papers[1]!.url)!, 'Harvard');
  assert.deepEqual(iti.communityEvidence, ['channel: listed in the CC0 MI reading list me/list (section "Libraries")', 'lab: Harvard']);
});

test('an NLPI lead author outweighs the reading list, and the evidence says so', () => {
  const p = {
    title: 'x', authors: ['Mor Geva', 'Someone'], year: 2023, venue: 'arXiv', url: 'https://arxiv.org/abs/2304.14767',
    kind: 'paper' as const, ids: { arxiv: '2304.14767' }, source: 's',
  };
  const c = readingListCommunity(p, [{ list: 'me/list', section: 'Editing', title: 'x', url: p.url, arxiv: '2304.14767' }], undefined);
  assert.equal(c.community, 'NLPI');
  assert.match(c.communityEvidence[1]!, /outweighed by the authors rule$/);
});

test('a curated file with a bad entry is rejected with the field named', () => {
  assert.throws(() => parseVerifiedFile('checked: 2026-11-25\npapers:\n  - title: T\n    authors: []\n    summary: short\n', 'v.yaml'), /v\.yaml: .*papers\.0\.authors: Too small/);
});

test('the two real CC0 lists hold about 220 arXiv ids, "Mechanistic?" among them', { skip: !hasData && 'shared/data not beside the repo' }, () => {
  const ids = new Set(
    ['opm06__awesome-mech-interp.README.md', 'ruizheliUOA__Awesome-Interpretability-in-Large-Language-Models.README.md']
      .flatMap((f) => parseReadingList(readFileSync(DATA + f, 'utf8'), f))
      .map((e) => e.arxiv)
      .filter(Boolean),
  );
  assert.ok(ids.has('2410.09087'));
  assert.ok(ids.size >= 215 && ids.size <= 225, `found ${ids.size}`);
});

test('a list link without an arXiv id is covered by its url: dated by the curated month, or by the arXiv id it also gives', () => {
  const md = `## Circuits
- [Sparse Crosscoders](https://transformer-circuits.pub/2024/crosscoders/index.html). Crosscoders.
## Papers
- [Overthinking the Truth](https://openreview.net/pdf?id=Tigr1kMDZy)
- [Some Blog Post](https://www.lesswrong.com/posts/x/not-curated)
`;
  const yaml = `checked: 2026-12-02
papers:
  - url: https://transformer-circuits.pub/2024/crosscoders/index.html
    year: 2024
    month: 10
    venue: Transformer Circuits Thread
    title: Sparse Crosscoders for Cross-Layer Features and Model Diffing
    authors: [Jack Lindsey, Chris Olah]
    summary: One sparse dictionary read from and written to several layers at once.
  - url: https://openreview.net/pdf?id=Tigr1kMDZy
    arxiv: "2307.09476"
    title: "Overthinking the Truth: Understanding how Language Models Process False Demonstrations"
    authors: [Danny Halawi, Jacob Steinhardt]
    summary: Wrong few-shot labels take over after a critical layer, helped by false induction heads.
`;
  const joined = joinReadingLists(parseReadingList(md, 'me/list'), parseVerifiedFile(yaml, 'v.yaml'), 'lists');
  assert.deepEqual(joined.errors, []);
  assert.deepEqual(
    joined.papers.map((p) => [p.url, p.year, p.month, p.venue, p.ids.arxiv]),
    [
      ['https://transformer-circuits.pub/2024/crosscoders/index.html', 2024, 10, 'Transformer Circuits Thread', undefined],
      ['https://arxiv.org/abs/2307.09476', 2023, 7, 'arXiv', '2307.09476'],
    ],
  );
  // The OpenReview listing is kept as the paper's evidence, under the arXiv url it is now filed by.
  assert.equal(joined.listings.get('https://arxiv.org/abs/2307.09476')![0]!.section, 'Papers');
  assert.deepEqual(joined.unchecked, []);
  assert.throws(() => parseVerifiedFile(yaml.replace('month: 10', 'month: 13'), 'v.yaml'), /papers\.0\.month/);
});
