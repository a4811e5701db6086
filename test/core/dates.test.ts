import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  arxivIdDate,
  compareDates,
  earliestAmong,
  earliestOf,
  fetchedIds,
  firstAppearance,
  firstAppearances,
  formatDate,
  isEarlier,
  venueMonths,
  writtenNoEarlierThan,
} from '../../src/core/dates.ts';

test('new-style arXiv ids give year and month', () => {
  assert.deepEqual(arxivIdDate('2104.08696'), { year: 2021, month: 4 });
  assert.deepEqual(arxivIdDate('2202.05262v5'), { year: 2022, month: 2 });
  assert.deepEqual(arxivIdDate('0704.0001'), { year: 2007, month: 4 });
  assert.deepEqual(arxivIdDate('1412.6980'), { year: 2014, month: 12 });
  assert.deepEqual(arxivIdDate('arXiv:2310.01405'), { year: 2023, month: 10 });
});

test('old-style arXiv ids give year and month, across the century', () => {
  assert.deepEqual(arxivIdDate('hep-th/9901001'), { year: 1999, month: 1 });
  assert.deepEqual(arxivIdDate('cs/0112017'), { year: 2001, month: 12 });
  assert.deepEqual(arxivIdDate('math.GT/0309136'), { year: 2003, month: 9 });
  assert.deepEqual(arxivIdDate('cond-mat/0703001v2'), { year: 2007, month: 3 });
});

test('strings that are not arXiv ids give no date', () => {
  for (const bad of ['', '2113.00001', '2100.12345', '0612.1234', '0703.1234', 'cs/0713001', 'hep-th/9001001', 'cs/0704001', '2104.086', '10.18653/v1/2022.acl-long.581', 'ACL 2022']) {
    assert.equal(arxivIdDate(bad), undefined, bad);
  }
});

test('compareDates: earlier and later by year, by month when both are known, concurrent otherwise', () => {
  assert.equal(compareDates({ year: 2021 }, { year: 2022, month: 1 }), 'earlier');
  assert.equal(compareDates({ year: 2023, month: 1 }, { year: 2022 }), 'later');
  assert.equal(compareDates({ year: 2022, month: 1 }, { year: 2022, month: 2 }), 'earlier');
  assert.equal(compareDates({ year: 2022, month: 5 }, { year: 2022, month: 2 }), 'later');
  assert.equal(compareDates({ year: 2022, month: 2 }, { year: 2022, month: 2 }), 'concurrent');
  assert.equal(compareDates({ year: 2022 }, { year: 2022, month: 12 }), 'concurrent');
  assert.equal(compareDates({ year: 2022, month: 1 }, { year: 2022 }), 'concurrent');
  assert.equal(isEarlier({ year: 2022, month: 1 }, { year: 2022 }), false);
  assert.equal(isEarlier({ year: 2021, month: 12 }, { year: 2022 }), true);
});

test('earliestOf one work: least year, then the least known month of that year', () => {
  assert.deepEqual(earliestOf([{ year: 2022, month: 5 }, { year: 2021, month: 4 }]), { year: 2021, month: 4 });
  assert.deepEqual(earliestOf([{ year: 2022 }, { year: 2022, month: 3 }]), { year: 2022, month: 3 });
  assert.deepEqual(earliestOf([{ year: 2022 }, undefined]), { year: 2022 });
  assert.equal(earliestOf([undefined]), undefined);
});

test('earliestAmong several works: a month-less work of the earliest year leaves the month unknown', () => {
  assert.deepEqual(earliestAmong([{ year: 2022, month: 9 }, { year: 2022, month: 2 }, { year: 2023 }]), { year: 2022, month: 2 });
  assert.deepEqual(earliestAmong([{ year: 2022, month: 9 }, { year: 2022 }]), { year: 2022 });
  assert.equal(earliestAmong([]), undefined);
});

test('venueMonths: an event month needs three papers of that exact venue, all agreeing', () => {
  const papers = [
    { year: 2020, month: 7, venue: 'ACL 2020' },
    { year: 2020, month: 7, venue: 'ACL 2020' },
    { year: 2020, month: 7, venue: 'ACL 2020' },
    { year: 2020, venue: 'ACL 2020' },
    { year: 2022, month: 2, venue: 'TACL 2022' },
    { year: 2022, month: 2, venue: 'TACL 2022' },
    { year: 2022, month: 8, venue: 'TACL 2022' },
    { year: 2019, month: 6, venue: 'NAACL 2019' },
    { year: 2019, month: 6, venue: 'NAACL 2019' },
  ];
  assert.deepEqual([...venueMonths(papers)], [['ACL 2020', 7]]);
});

test('firstAppearance: the earliest of the arXiv id, the recorded date and the event month', () => {
  // Knowledge Neurons: ACL 2022 (May), on arXiv in April 2021.
  assert.deepEqual(firstAppearance({ year: 2022, month: 5, venue: 'ACL 2022', ids: { arxiv: '2104.08696' } }), { year: 2021, month: 4 });
  // A venue year earlier than a later arXiv version keeps the venue's date.
  assert.deepEqual(firstAppearance({ year: 2019, month: 6, ids: { arxiv: '1906.99999' } }), { year: 2019, month: 6 });
  // The same year: the arXiv month dates a month-less entry.
  assert.deepEqual(firstAppearance({ year: 2022, ids: { arxiv: '2205.11380' } }), { year: 2022, month: 5 });
  // No month recorded: the event's month, when the corpus agrees on one.
  const months = new Map([['ACL 2020', 7]]);
  assert.deepEqual(firstAppearance({ year: 2020, venue: 'ACL 2020' }, months), { year: 2020, month: 7 });
  assert.deepEqual(firstAppearance({ year: 2020, month: 4, venue: 'ACL 2020' }, months), { year: 2020, month: 4 });
  assert.deepEqual(firstAppearance({ year: 2020, venue: 'TACL 2020' }, months), { year: 2020 });
  // A malformed id is ignored, not a crash.
  assert.deepEqual(firstAppearance({ year: 2020, ids: { arxiv: 'not-an-id' } }), { year: 2020 });
});

test('firstAppearances derives every paper once per papers map', () => {
  const papers = new Map([
    ['a', { year: 2020, month: 7, venue: 'ACL 2020' }],
    ['b', { year: 2020, month: 7, venue: 'ACL 2020' }],
    ['c', { year: 2020, month: 7, venue: 'ACL 2020' }],
    ['d', { year: 2020, venue: 'ACL 2020', ids: { arxiv: '1911.00001' } }],
    ['e', { year: 2020, venue: 'ACL 2020' }],
  ]);
  const dates = firstAppearances(papers);
  assert.deepEqual(dates.get('d'), { year: 2019, month: 11 });
  assert.deepEqual(dates.get('e'), { year: 2020, month: 7 });
  assert.equal(firstAppearances(papers), dates);
});

test('fetchedIds and formatDate', () => {
  assert.deepEqual(fetchedIds('arxiv:2202.05262'), { arxiv: '2202.05262' });
  assert.deepEqual(fetchedIds('doi:10.18653/v1/2023.acl-long.1'), {});
  assert.equal(formatDate({ year: 2021, month: 4 }), '2021-04');
  assert.equal(formatDate({ year: 2021 }), '2021');
});

test('writtenNoEarlierThan: the latest release a text names, by whole words, case as the release says', () => {
  const releases = [
    { name: 'GPT-4', names: ['GPT-4'], date: '2023-03' },
    { name: 'GPT-4o', names: ['GPT-4o'], date: '2024-05' },
    { name: 'BERT', names: ['BERT'], date: '2018-10' },
    { name: 'OPT', names: ['OPT'], caseSensitive: true, date: '2022-05' },
    { name: 'Llama 2', names: ['Llama 2'], date: '2023-07' },
  ];
  assert.deepEqual(writtenNoEarlierThan('We compare BERT with GPT-4 and Llama-2-7B.', releases), { date: { year: 2023, month: 7 }, release: 'Llama 2' });
  assert.deepEqual(writtenNoEarlierThan('Results on gpt-4o.', releases), { date: { year: 2024, month: 5 }, release: 'GPT-4o' });
  // Inside a longer word is no mention: RoBERTa is not BERT, GPT-4o is not GPT-4.
  assert.equal(writtenNoEarlierThan('RoBERTa and its variants', releases), undefined);
  assert.deepEqual(writtenNoEarlierThan('Only GPT-4o here', releases)?.release, 'GPT-4o');
  // A case-sensitive name: "opt" the verb is not the model.
  assert.equal(writtenNoEarlierThan('Users opt out of the study.', releases), undefined);
  assert.deepEqual(writtenNoEarlierThan('OPT-6.7B and OPT-13B', releases)?.release, 'OPT');
  assert.equal(writtenNoEarlierThan('', releases), undefined);
});
