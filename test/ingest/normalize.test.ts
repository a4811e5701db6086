import { test } from 'node:test';
import assert from 'node:assert/strict';
import { proposeCommunity } from '../../src/ingest/community-rules.ts';
import { arxivIdDate as arxivPosted } from '../../src/ingest/arxiv-id.ts';
import { normalizeUrl, skipReason } from '../../src/ingest/seed-bibliography.ts';
import { normalizeVenue, venueFromAclId } from '../../src/ingest/venue.ts';
import type { Reference } from '../../src/ingest/references.ts';

test('URLs become https, and old aclweb.org Anthology links their aclanthology.org page', () => {
  assert.equal(normalizeUrl('http://www.aclweb.org/anthology/P19-1580'), 'https://aclanthology.org/P19-1580/');
  assert.equal(normalizeUrl('https://aclweb.org/anthology/N19-1002.pdf'), 'https://aclanthology.org/N19-1002/');
  assert.equal(normalizeUrl('http://www.aclweb.org/anthology/W/W16/W16-2524.pdf'), 'https://aclanthology.org/W16-2524/');
  assert.equal(normalizeUrl('http://arxiv.org/abs/1301.3781'), 'https://arxiv.org/abs/1301.3781');
  assert.equal(
    normalizeUrl('https://aclweb.org/portal/content/report-acl-committee-anonymity-policy'),
    'https://aclweb.org/portal/content/report-acl-committee-anonymity-policy',
    'only Anthology links are rewritten',
  );
});

test('arXiv ids give the year and month of first posting', () => {
  assert.deepEqual(arxivPosted('2004.12265'), { year: 2020, month: 4 });
  assert.deepEqual(arxivPosted('1409.0473'), { year: 2014, month: 9 });
  assert.deepEqual(arxivPosted('cs/0508053'), { year: 2005, month: 8 });
  assert.deepEqual(arxivPosted('hep-th/9711200'), { year: 1997, month: 11 });
  assert.equal(arxivPosted('2013.00001'), undefined);
  assert.equal(arxivPosted('not-an-id'), undefined);
});

test('venues are short and readable; an Anthology id names its venue', () => {
  assert.equal(venueFromAclId('2020.emnlp-main.574'), 'EMNLP 2020');
  assert.equal(venueFromAclId('2024.blackboxnlp-1.17'), 'BlackboxNLP 2024');
  assert.equal(venueFromAclId('D19-1002'), 'EMNLP 2019');
  assert.equal(venueFromAclId('W19-4828'), undefined, 'workshop ids do not say which workshop');
  assert.equal(normalizeVenue('BlackboxNLP 2019', 'W19-4828'), 'BlackboxNLP 2019');
  assert.equal(normalizeVenue('EMNLP-IJCNLP 2019'), 'EMNLP 2019');
  assert.equal(normalizeVenue('arXiv preprint (NeurIPS 2024)'), 'arXiv');
  assert.equal(normalizeVenue('arXiv preprint', '2024.emnlp-main.965'), 'EMNLP 2024');
  assert.equal(normalizeVenue('LessWrong (blog)'), 'LessWrong');
  assert.equal(normalizeVenue('blog (neelnanda.io)'), 'neelnanda.io');
  assert.equal(normalizeVenue('UAI 2019 (PMLR 115, 2020)'), 'UAI 2019');
  assert.equal(normalizeVenue('Communications of the ACM 61(10):36-43'), 'Communications of the ACM');
  assert.equal(
    normalizeVenue('Proceedings of the 1st Workshop on Evaluating Vector-Space Representations for NLP (RepEval 2016, co-located with ACL 2016)'),
    'RepEval 2016',
  );
  assert.equal(normalizeVenue('Transformer Circuits Thread'), 'Transformer Circuits Thread');
});

test('authors outrank channel and venue; a disagreeing lower rule is kept as outweighed', () => {
  const gemma = proposeCommunity({
    authors: ['Tom Lieberum', 'Someone Else'],
    venue: 'BlackboxNLP 2024',
    url: 'https://aclanthology.org/2024.blackboxnlp-1.19/',
    acl: '2024.blackboxnlp-1.19',
  });
  assert.equal(gemma.community, 'MI');
  assert.deepEqual(gemma.communityEvidence, [
    'authors: Tom Lieberum (first author) is in the MI/alignment network',
    'venue: BlackboxNLP 2024 is an ACL venue, outweighed by the authors rule',
  ]);

  const byLastAuthor = proposeCommunity({
    authors: ['A Student', 'Yonatan Belinkov'],
    venue: 'ICLR 2022',
    url: 'https://arxiv.org/abs/2110.07483',
  });
  assert.equal(byLastAuthor.community, 'NLPI');
  assert.deepEqual(byLastAuthor.communityEvidence, ['authors: Yonatan Belinkov (last author) is in the ACL interpretability network']);

  const forum = proposeCommunity({ authors: ['Jan Doe'], venue: 'LessWrong', url: 'https://www.lesswrong.com/posts/x/y' });
  assert.deepEqual(forum, { community: 'MI', communityEvidence: ['channel: published on LessWrong'] });

  const vision = proposeCommunity({ authors: ['Karen Simonyan'], venue: 'ICLR 2014 workshop', url: 'https://arxiv.org/abs/1312.6034' });
  assert.equal(vision.community, 'other');
  assert.match(vision.communityEvidence[0]!, /^venue: ICLR 2014 workshop is outside NLP/);

  const accents = proposeCommunity({ authors: ['Janos Kramar'], venue: 'arXiv', url: 'https://arxiv.org/abs/2403.00745' });
  assert.equal(accents.community, 'MI', 'names match without accents and middle names');
});

test('only checked papers, blog posts and books with a URL are imported', () => {
  const base: Reference = {
    key: 'x2020', title: 'T', authors: ['A B'], year: 2020, venue: 'ACL 2020', url: 'https://aclanthology.org/x/',
    arxiv: null, acl: null, doi: null, kind: 'paper', confidence: 'checked',
  };
  assert.equal(skipReason(base), undefined);
  assert.equal(skipReason({ ...base, kind: 'blog' }), undefined);
  assert.match(skipReason({ ...base, kind: 'web' })!, /kind "web"/);
  assert.match(skipReason({ ...base, confidence: 'likely' })!, /likely/);
  assert.match(skipReason({ ...base, unresolved: true })!, /unresolved/);
  assert.match(skipReason({ ...base, url: null })!, /no URL/);
  assert.match(skipReason({ ...base, authors: [] })!, /no authors/);
});
