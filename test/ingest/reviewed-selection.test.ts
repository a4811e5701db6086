import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isReviewCandidate, isWideReviewCandidate, parseReviewTsv, reviewedReason } from '../../src/ingest/reviewed-selection.ts';
import { aclMainReason } from '../../src/ingest/sources.ts';

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

test('a malformed or repeated review line is an error naming the line', () => {
  assert.throws(() => parseReviewTsv('2020.acl-main.1\tmaybe\tx\n', 'r.tsv'), /r\.tsv: line 1: expected/);
  assert.throws(() => parseReviewTsv('a\tyes\tx\na\tno\ty\n', 'r.tsv'), /line 2: a is labelled twice/);
});
