import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAnthologyXml } from '../../src/ingest/anthology.ts';
import { aclMainReason, curatedAclIds, parseMiCitedTsv, readAclMainReview } from '../../src/ingest/sources.ts';
import { parse } from 'yaml';
import {
  formatScoresTsv, keywordHits, parseLabelsTsv, parseScoresTsv, precisionReport, RULE, sampleOrder, selectionReason,
  type SelectionScore,
} from '../../src/ingest/selection.ts';

const score = (over: Partial<SelectionScore>): SelectionScore => ({
  anthologyId: 'P19-1001', year: 2019, venue: 'ACL 2019', keywords: ['probing'], titleKeywords: [], similarity: 0.3, bestTopic: 'probing', title: 'T', ...over,
});

test('keywords mark interpretability and analysis wording in titles and abstracts', () => {
  assert.deepEqual(keywordHits('A Structural Probe for Finding Syntax in Word Representations', 'We probe hidden states of BERT.'), [
    'probing', 'internal-representations',
  ]);
  assert.deepEqual(keywordHits('Neural Machine Translation with Better Beam Search', 'We improve BLEU.'), []);
  assert.ok(keywordHits('Is Attention Interpretable?', 'attention heads and faithful explanations').includes('attention-heads'));
});

test('the rule: title keywords with similarity, weak title keywords need more, or two strong keywords anywhere', () => {
  assert.match(selectionReason(score({ titleKeywords: ['probing'], similarity: RULE.titleStrong }))!, /^title keyword probing and similarity 0\.\d+ to topic "probing"/);
  assert.equal(selectionReason(score({ titleKeywords: ['probing'], similarity: RULE.titleStrong - 0.01 })), undefined);
  assert.equal(selectionReason(score({ keywords: ['interpretab'], titleKeywords: ['interpretab'], similarity: RULE.titleWeak - 0.01 })), undefined);
  assert.match(selectionReason(score({ keywords: ['interpretab'], titleKeywords: ['interpretab'], similarity: RULE.titleWeak }))!, /^title keyword interpretab/);
  assert.match(selectionReason(score({ keywords: ['probing', 'neurons'], similarity: RULE.twoStrong }))!, /^keywords probing\+neurons and similarity/);
  assert.equal(selectionReason(score({ keywords: ['probing', 'faithful'], similarity: 0.99 })), undefined, 'one strong and one weak keyword, none in the title');
  assert.equal(selectionReason(score({ keywords: [], titleKeywords: [], similarity: 0.99 })), undefined, 'no keyword hit: not a candidate');
});

test('scores round-trip through the TSV, sorted by id; a bad file is named', () => {
  const scores = [score({ anthologyId: 'Q19-1002', title: 'tab\there' }), score({ anthologyId: 'D19-1001', keywords: ['probing', 'neurons'], titleKeywords: ['neurons'] })];
  const tsv = formatScoresTsv(scores);
  const back = parseScoresTsv(tsv, 's.tsv');
  assert.deepEqual(back.map((s) => s.anthologyId), ['D19-1001', 'Q19-1002']);
  assert.deepEqual(back[0]!.keywords, ['probing', 'neurons']);
  assert.deepEqual(back[0]!.titleKeywords, ['neurons']);
  assert.deepEqual(back[1]!.titleKeywords, []);
  assert.equal(back[1]!.title, 'tab here');
  assert.throws(() => parseScoresTsv('id\tscore\n', 's.tsv'), /s\.tsv: expected the header/);
});

test('precision counts labelled selected papers; misses count labelled rejects', () => {
  const scores = [
    score({ anthologyId: 'A', titleKeywords: ['probing'], similarity: 0.9 }),
    score({ anthologyId: 'B', titleKeywords: ['probing'], similarity: 0.9 }),
    score({ anthologyId: 'C', titleKeywords: ['probing'], similarity: 0.1 }),
  ];
  const labels = parseLabelsTsv('anthology_id\trelevant\ttitle\tnote\nA\tyes\tt\t\nB\tno\tt\tMT paper\nC\tyes\tt\t\nZ\tno\tt\t\n', 'l.tsv');
  const r = precisionReport(scores, labels);
  assert.equal(r.selectedLabelled, 2);
  assert.equal(r.precision, 0.5);
  assert.equal(r.rejectedRelevant, 1);
  assert.deepEqual(r.unknown, ['Z']);
  assert.throws(() => parseLabelsTsv('anthology_id\trelevant\ttitle\tnote\nA\tmaybe\tt\t\n', 'l.tsv'), /line 2/);
});

test('the labelling sample order is stable and seed-dependent', () => {
  const ids = ['a', 'b', 'c', 'd', 'e', 'f'];
  assert.deepEqual(sampleOrder(ids, 's1'), sampleOrder([...ids].reverse(), 's1'));
  assert.notDeepEqual(sampleOrder(ids, 's1'), sampleOrder(ids, 's2'));
});

const SCORES = new URL('../../corpus/selection/acl-main-scores.tsv', import.meta.url).pathname;
const ACL_MAIN = new URL('../../corpus/papers/acl-main.yaml', import.meta.url).pathname;
const CITED = new URL('../../corpus/selection/mi-cited-acl.tsv', import.meta.url).pathname;
const MAIN_XML = new URL('../../../shared/data/acl-anthology/main/', import.meta.url).pathname;
const CORPUS = new URL('../../corpus/', import.meta.url).pathname;

test('every paper in acl-main.yaml is taken by the importer rule (review label, concept-named, MI-cited label, or the rules for unlabelled papers)', { skip: existsSync(MAIN_XML) ? false : `no shared XML at ${MAIN_XML}` }, () => {
  const encoder = new Map(parseScoresTsv(readFileSync(SCORES, 'utf8'), SCORES).flatMap((s) => (selectionReason(s) ? [[s.anthologyId, 'encoder'] as [string, string]] : [])));
  const cited = parseMiCitedTsv(readFileSync(CITED, 'utf8'));
  const xml = new Map(
    readdirSync(MAIN_XML).filter((f) => f.endsWith('.xml')).flatMap((f) => parseAnthologyXml(readFileSync(join(MAIN_XML, f), 'utf8'), f).papers).map((p) => [p.ids.acl, p]),
  );
  const review = readAclMainReview(CORPUS);
  const keep = curatedAclIds(CORPUS);
  const papers = parse(readFileSync(ACL_MAIN, 'utf8')) as { id: string; ids: { acl: string } }[];
  assert.ok(papers.length > 1000);
  for (const p of papers) {
    const x = xml.get(p.ids.acl);
    assert.ok(x && aclMainReason(x, encoder, cited, review, keep), `${p.id} (${p.ids.acl}) is not taken by the rule`);
  }
});
