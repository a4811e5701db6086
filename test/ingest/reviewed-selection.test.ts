import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseAnthologyXml } from '../../src/ingest/anthology.ts';
import { labelledRecall } from '../../src/ingest/lexical-selection.ts';
import { parseLabelsTsv, parseScoresTsv, selectionReason } from '../../src/ingest/selection.ts';
import { inReviewNets, isReviewCandidate, isWideReviewCandidate, parseReviewTsv, reviewedReason, withLaterReviews } from '../../src/ingest/reviewed-selection.ts';
import { aclMainReason, curatedAclIds, parseMiCitedTsv, readAclMainFirstReview, readAclMainLaterReviews, readAclMainReview } from '../../src/ingest/sources.ts';

const paper = (id: string, title: string, abstract = '', track = 'main') => ({ title, abstract, track, ids: { acl: id } });

test('the review net takes analysis-looking titles and keyword hits, and leaves plain system papers out', () => {
  assert.ok(isReviewCandidate('Do Language Models Understand Negation?', ''));
  assert.ok(isReviewCandidate('A Structural Probe for Finding Syntax in Word Representations', undefined));
  assert.ok(isReviewCandidate('Some Title', 'We analyze the attention heads of BERT.'));
  assert.equal(isReviewCandidate('Neural Machine Translation with Better Beam Search', 'We improve BLEU by 2 points.'), false);
  // The wide net also reads the abstract for the title words.
  assert.equal(isReviewCandidate('Hallucinations in Translation', 'We study the behaviour of multilingual systems.'), false);
  assert.ok(isWideReviewCandidate('Hallucinations in Translation', 'We study the behaviour of multilingual systems.'));
});

test('review labels: yes takes, no drops even what the lexical rule would take, no label falls back to the rules', () => {
  const review = parseReviewTsv('# comment\n2020.acl-main.1\tyes\tprobing syntax\n2020.acl-main.2\tno\tQA system\n', 'review.tsv');
  assert.match(reviewedReason('2020.acl-main.1', review)!, /^reviewed: probing syntax/);
  assert.equal(reviewedReason('2020.acl-main.2', review), null);
  assert.equal(reviewedReason('2020.acl-main.3', review), undefined);

  const probeTitle = 'A Structural Probe for Finding Syntax in Word Representations';
  assert.equal(aclMainReason(paper('2020.acl-main.2', probeTitle), new Map(), new Map(), review), undefined, 'a reviewed no drops it');
  assert.match(aclMainReason(paper('2020.acl-main.3', probeTitle), new Map(), new Map(), review)!, /^lexical rule/, 'unlabelled: the rule decides');
  assert.match(aclMainReason(paper('2020.acl-main.1', 'Anything'), new Map(), new Map(), review)!, /^reviewed/);
  // A reviewed demo (an interpretability tool) is in; an unlabelled one is out even if the lexical rule likes it.
  assert.match(aclMainReason(paper('2020.acl-main.1', 'Anything', '', 'demos'), new Map(), new Map(), review)!, /^reviewed/);
  assert.equal(aclMainReason(paper('2020.acl-demos.9', probeTitle, '', 'demos'), new Map(), new Map(), review), undefined);
  // MI-cited NLPI works and concept-named papers are in.
  assert.match(aclMainReason(paper('2020.acl-main.2', 'x'), new Map(), new Map([['2020.acl-main.2', true]]), review)!, /cited by an MI paper/);
  const keep = new Map([['2020.acl-main.2', 'named by the concept probing (corpus/concepts/probing.yaml)']]);
  assert.match(aclMainReason(paper('2020.acl-main.2', 'x'), new Map(), new Map(), review, keep)!, /named by the concept probing/);
});

test('a yes stays when the second reviewer agrees or, after a disagreement, the third says yes; later passes never turn a no into a yes', () => {
  const first = parseReviewTsv('a\tyes\tprobing syntax\nb\tyes\tgender bias audit\nc\tno\tQA system\nd\tyes\tattention analysis\ne\tyes\tbias in embeddings geometry\nf\tyes\tcalibration\n', 'first.tsv');
  const second = parseReviewTsv('a\tyes\tprobing\nb\tno\toutput bias audit\nc\tyes\tsomething\ne\tno\tbias benchmark\nf\tno\ttask eval\n', 'second.tsv');
  const third = parseReviewTsv('b\tno\tbias audit\ne\tyes\tgender subspace analysis\nc\tyes\tx\n', 'third.tsv');
  const all = withLaterReviews(first, second, third);
  assert.equal(all.get('a')!.relevant, true, 'the second agrees');
  assert.deepEqual(all.get('b'), { relevant: false, note: 'majority no: first review yes (gender bias audit), second no (output bias audit), third no (bias audit)' });
  assert.equal(all.get('c')!.relevant, false, 'the later passes read only yes rows; their labels on a no change nothing');
  assert.equal(all.get('d')!.relevant, true, 'not read again yet');
  assert.equal(all.get('e')!.relevant, true, 'the third breaks the tie for yes');
  assert.equal(all.get('f')!.relevant, true, 'a disagreement not decided yet stays yes');
  assert.equal(reviewedReason('b', all), null);
  assert.equal(withLaterReviews(first, second).get('b')!.relevant, true, 'without a third review nothing is dropped');
});

test('a malformed or repeated review line is an error naming the line', () => {
  assert.throws(() => parseReviewTsv('2020.acl-main.1\tmaybe\tx\n', 'r.tsv'), /r\.tsv: line 1: expected/);
  assert.throws(() => parseReviewTsv('a\tyes\tx\na\tno\ty\n', 'r.tsv'), /line 2: a is labelled twice/);
});

const SEL = (f: string) => new URL(`../../corpus/selection/${f}`, import.meta.url).pathname;
const CORPUS = new URL('../../corpus/', import.meta.url).pathname;
const MAIN_XML = new URL('../../../shared/data/acl-anthology/main/', import.meta.url).pathname;
const noXml = existsSync(MAIN_XML) ? false : `no shared ACL XML at ${MAIN_XML}: skipped`;

test('every paper in the two review nets has exactly one label, every later label is on a first-review yes, and the measured precision and recall are the README figures', { skip: noXml }, () => {
  const papers = readdirSync(MAIN_XML).filter((f) => f.endsWith('.xml')).flatMap((f) => parseAnthologyXml(readFileSync(join(MAIN_XML, f), 'utf8'), f).papers);
  const review = readAclMainReview(CORPUS);
  const nets = papers.filter(inReviewNets);
  assert.deepEqual(nets.filter((p) => !review.has(p.ids.acl)).map((p) => p.ids.acl), [], 'unlabelled candidates');
  const inXml = new Set(papers.map((p) => p.ids.acl));
  assert.deepEqual([...review.keys()].filter((id) => !inXml.has(id)), [], 'labels of papers the XML does not have');
  const first = readAclMainFirstReview(CORPUS);
  const { second, third } = readAclMainLaterReviews(CORPUS);
  assert.deepEqual([...first].filter(([, l]) => l.relevant).map(([id]) => id).filter((id) => !second.has(id)), [], 'first-review yes labels the second review has not read');
  assert.deepEqual([...second.keys()].filter((id) => !first.get(id)?.relevant), [], 'second-review labels on papers that are not first-review yes');
  assert.deepEqual([...second].filter(([, l]) => !l.relevant).map(([id]) => id).filter((id) => !third.has(id)).length, 0, 'disagreements the third review has not decided');
  assert.deepEqual([...third.keys()].filter((id) => second.get(id)?.relevant !== false), [], 'third-review labels on papers without a disagreement');

  const scores = parseScoresTsv(readFileSync(SEL('acl-main-scores.tsv'), 'utf8'), 'scores');
  const encoder = new Map(scores.flatMap((s) => (selectionReason(s) ? [[s.anthologyId, 'encoder'] as [string, string]] : [])));
  const cited = parseMiCitedTsv(readFileSync(SEL('mi-cited-acl.tsv'), 'utf8'));
  const keep = curatedAclIds(CORPUS);
  const selected = new Set(papers.filter((p) => aclMainReason(p, encoder, cited, review, keep)).map((p) => p.ids.acl));
  const labels = parseLabelsTsv(readFileSync(SEL('acl-main-random-labels.tsv'), 'utf8'), 'random');
  const all = labelledRecall(labels, (id) => selected.has(id));
  const heldOut = labelledRecall(labels.slice(320), (id) => selected.has(id));
  // corpus/README.md: all 640 rows: 43 relevant, 40 selected, 39 of them relevant; rows 321-640: 25, 23, 22.
  assert.deepEqual([all.relevant, all.selected, all.truePositives], [43, 40, 39]);
  assert.deepEqual([heldOut.relevant, heldOut.selected, heldOut.truePositives], [25, 23, 22]);
  const readme = readFileSync(new URL('../../corpus/README.md', import.meta.url), 'utf8');
  assert.match(readme, /precision 97\.5%, recall 90\.7%/);
  // The stratified precision sample: 155 of its papers selected, 145 of them relevant (93.5%).
  const sample = parseLabelsTsv(readFileSync(SEL('acl-main-precision-sample.tsv'), 'utf8'), 'precision sample');
  assert.equal(sample.length, 300);
  const taken = sample.filter((l) => selected.has(l.anthologyId));
  assert.deepEqual([taken.length, taken.filter((l) => l.relevant).length], [155, 145]);
  assert.match(readme, /of the 155 the selection takes, 145 are relevant \(\*\*93\.5%\*\*\)/);
});
