import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { parseInput } from '../../src/core/input.ts';
import { createMemorySourceCache, resolvePaperIdentifier, resolvePaperTitle, resolveReferences, type SourceId } from '../../src/sources/index.ts';
import { startLoopback, type Loopback } from '../ingest/loopback.ts';
import { ATOM, BIB, JSON_TYPE, fixture, sourcesFor, startFakes, type Fakes } from './fakes.ts';

let fakes: Fakes;
let foreign: Loopback;
before(async () => {
  fakes = await startFakes();
  foreign = await startLoopback();
  foreign.route('/', { body: 'a page the user pasted' });
});
after(async () => {
  await fakes.close();
  await foreign.close();
});

const DAY = 24 * 60 * 60 * 1000;
const arxivFeed = (id: string) => ({ body: fixture('arxiv-2211.00593.atom.xml').replaceAll('2211.00593', id), headers: ATOM });
const countDuring = async <T>(fn: () => Promise<T>): Promise<{ value: T; requests: number }> => {
  const before = fakes.total() + foreign.requests.length;
  const value = await fn();
  return { value, requests: fakes.total() + foreign.requests.length - before };
};

test('MECHANISTIC_NETWORK=off: no request to any source; the notice says why and what to paste', async () => {
  const s = sourcesFor(fakes, { MECHANISTIC_NETWORK: 'off' });
  for (const text of ['https://arxiv.org/abs/2503.10894', '10.1162/tacl_a_00349', 'P19-1452', 'https://openreview.net/forum?id=AbCdEf12345']) {
    const { value, requests } = await countDuring(() => resolvePaperIdentifier(text, { sources: s, cache: createMemorySourceCache() }));
    assert.equal(requests, 0, text);
    assert.equal(value.paper, null);
    assert.equal(value.via, null);
    assert.equal(value.notices.length, 1);
    assert.match(value.notices[0]!, /not in the corpus, and fetching papers is turned off here \(MECHANISTIC_NETWORK=off\): paste the paper's title and abstract instead\.$/);
  }
  // Off is enforced at the HTTP layer too, whoever calls a client.
  await assert.rejects(s.arxiv.paper('2211.00593'), /MECHANISTIC_NETWORK=off/);
  await assert.rejects(s.s2.references({ kind: 'arxiv', value: '2211.00593' }), /MECHANISTIC_NETWORK=off/);
  const title = await countDuring(() => resolvePaperTitle('Causal Mediation Analysis for Interpreting Neural NLP', { sources: s }));
  assert.equal(title.requests, 0);
  assert.equal(title.value.paper, null);
});

test('the corpus is asked first: a corpus paper needs no request', async () => {
  const corpus = new Map([['arxiv:2211.00593', { id: 'wang2022interpretability' }]]);
  const s = sourcesFor(fakes);
  const { value, requests } = await countDuring(() =>
    resolvePaperIdentifier('https://arxiv.org/abs/2211.00593v2', { sources: s, corpus: (id: SourceId) => corpus.get(`${id.kind}:${id.value}`) }),
  );
  assert.equal(requests, 0);
  assert.deepEqual(value.corpusPaper, { id: 'wang2022interpretability' });
  assert.equal(value.via, 'corpus');
});

test('arXiv link → arXiv API, cached; the same id again is a cache hit with no request', async () => {
  fakes.arxiv.route('/api/query?id_list=2401.00001&', arxivFeed('2401.00001'));
  const cache = createMemorySourceCache();
  let now = Date.UTC(2026, 0, 10);
  const deps = { sources: sourcesFor(fakes), cache, now: () => now };
  const first = await countDuring(() => resolvePaperIdentifier(parseInput('https://arxiv.org/pdf/2401.00001v3').identifiers[0]!, deps));
  assert.equal(first.requests, 1);
  assert.equal(first.value.via, 'arxiv');
  assert.equal(first.value.paper?.ids.arxiv, '2401.00001');
  assert.deepEqual(first.value.notices, []);
  assert.ok(cache.entries.has('paper:arxiv:2401.00001'));

  now += 29 * DAY;
  const second = await countDuring(() => resolvePaperIdentifier('arXiv:2401.00001v1', deps));
  assert.equal(second.requests, 0);
  assert.equal(second.value.via, 'cache');
  assert.deepEqual(second.value.paper, first.value.paper);
});

test('after MECHANISTIC_SOURCE_TTL_DAYS the paper is fetched again', async () => {
  fakes.arxiv.route('/api/query?id_list=2401.00002&', arxivFeed('2401.00002'));
  const cache = createMemorySourceCache();
  let now = Date.UTC(2026, 0, 10);
  const deps = { sources: sourcesFor(fakes, { MECHANISTIC_SOURCE_TTL_DAYS: '7' }), cache, now: () => now };
  assert.equal((await resolvePaperIdentifier('2401.00002', deps)).via, 'arxiv');
  now += 6 * DAY;
  assert.equal((await resolvePaperIdentifier('2401.00002', deps)).via, 'cache');
  now += 2 * DAY;
  const expired = await countDuring(() => resolvePaperIdentifier('2401.00002', deps));
  assert.equal(expired.requests, 1);
  assert.equal(expired.value.via, 'arxiv');
  assert.equal(cache.entries.get('paper:arxiv:2401.00002')!.fetchedAt, now);
});

test('not found anywhere: a notice, and the miss is cached for one day only', async () => {
  fakes.arxiv.route('/api/query?id_list=2503.10894&', { body: fixture('arxiv-empty.atom.xml'), headers: ATOM });
  fakes.s2.route('/graph/v1/paper/ARXIV:2503.10894?', { status: 404, body: '{"error":"Paper with id ARXIV:2503.10894 not found"}', headers: JSON_TYPE });
  const cache = createMemorySourceCache();
  let now = Date.UTC(2026, 0, 10);
  const deps = { sources: sourcesFor(fakes), cache, now: () => now };
  const first = await countDuring(() => resolvePaperIdentifier('https://arxiv.org/abs/2503.10894', deps));
  assert.equal(first.requests, 2, 'arXiv, then Semantic Scholar');
  assert.equal(first.value.paper, null);
  assert.deepEqual(first.value.failures.map((f) => [f.source, f.kind]), [['arxiv', 'not-found'], ['semantic-scholar', 'not-found']]);
  assert.match(first.value.notices[0]!, /^arXiv 2503\.10894 was not found \(asked arXiv or Semantic Scholar\): check the link, or paste the paper's title and abstract/);

  now += 12 * 60 * 60 * 1000;
  const again = await countDuring(() => resolvePaperIdentifier('2503.10894', deps));
  assert.equal(again.requests, 0, 'the negative entry is fresh for a day');
  assert.match(again.value.notices[0]!, /was not found when last looked up/);

  now += 13 * 60 * 60 * 1000;
  const later = await countDuring(() => resolvePaperIdentifier('2503.10894', deps));
  assert.equal(later.requests, 2, 'after a day the sources are asked again');
});

test('arXiv down (5xx after the retry) → Semantic Scholar answers', async () => {
  fakes.arxiv.route('/api/query?id_list=2503.20000&', { status: 503, body: 'Service Unavailable' });
  fakes.s2.route('/graph/v1/paper/ARXIV:2503.20000?', { body: fixture('s2-paper-arxiv-2503.10894.json').replaceAll('2503.10894', '2503.20000'), headers: JSON_TYPE });
  const r = await resolvePaperIdentifier('2503.20000', { sources: sourcesFor(fakes), cache: createMemorySourceCache() });
  assert.equal(r.via, 'semantic-scholar');
  assert.equal(r.paper?.ids.arxiv, '2503.20000');
  assert.deepEqual(r.notices, []);
  assert.deepEqual(r.failures.map((f) => f.kind), ['unavailable']);
});

test('every source failing: "can\'t fetch" with the reasons, no negative cache, and a stale copy used when there is one', async () => {
  fakes.arxiv.route('/api/query?id_list=2503.30000&', { hang: true });
  fakes.s2.route('/graph/v1/paper/ARXIV:2503.30000?', { status: 429, body: '{"message":"Too Many Requests"}', headers: { ...JSON_TYPE, 'retry-after': '600' } });
  const cache = createMemorySourceCache();
  // Long enough that the rate-limited answer comes back in time on a loaded machine; the hang still times out.
  const deps = { sources: sourcesFor(fakes, { MECHANISTIC_SOURCE_TIMEOUT_MS: '1500' }), cache };
  const r = await resolvePaperIdentifier('2503.30000', deps);
  assert.equal(r.paper, null);
  assert.equal(r.notices.length, 1);
  assert.match(r.notices[0]!, /^Could not fetch arXiv 2503\.30000 \(arXiv did not answer within 1500 ms; Semantic Scholar is rate limiting requests \(429\); it asks to retry after 600 s\): try again later, or paste the paper's title and abstract/);
  assert.equal(cache.entries.size, 0);

  const old = { title: 'A Cached Title From Before', authors: ['A. Person'], year: 2025, url: 'https://arxiv.org/abs/2503.30000', ids: { arxiv: '2503.30000' }, source: 'arxiv' as const };
  await cache.put('paper:arxiv:2503.30000', { type: 'paper', paper: old }, Date.now() - 400 * DAY);
  const stale = await resolvePaperIdentifier('2503.30000', deps);
  assert.equal(stale.via, 'cache');
  assert.equal(stale.paper?.title, 'A Cached Title From Before');
});

test('a pasted link to another host is never fetched: only the configured sources are asked, with the id', async () => {
  const cache = createMemorySourceCache();
  const s = sourcesFor(fakes);
  const pasted = `${foreign.baseUrl}/abs/2211.00593`;
  const r = await countDuring(() => resolvePaperIdentifier(pasted, { sources: s, cache }));
  assert.equal(r.requests, 0);
  assert.equal(foreign.requests.length, 0);
  assert.equal(r.value.paper, null);
  assert.match(r.value.notices[0]!, /^Links to 127\.0\.0\.1 are not looked up \(only links to arXiv or to a page of an arXiv paper by its id, such as Hugging Face's or alphaXiv's, and ACL Anthology, DOI, OpenReview and Semantic Scholar links are\): paste the paper's title and abstract/);

  // Every identifier in a question: the foreign one is skipped, the arXiv one goes to the configured API.
  fakes.arxiv.route('/api/query?id_list=2401.00003&', arxivFeed('2401.00003'));
  const question = `compare ${foreign.baseUrl}/pdf/2401.00003 with https://arxiv.org/abs/2401.00003 and https://evil.example/abs/2401.00003`;
  for (const id of parseInput(question).identifiers) await resolvePaperIdentifier(id, { sources: s, cache });
  assert.equal(foreign.requests.length, 0);
  assert.equal(fakes.arxiv.requests.at(-1)!.path, '/api/query?id_list=2401.00003&max_results=1');
});

test('a clients refuses any URL outside the configured base URLs', async () => {
  const s = sourcesFor(fakes);
  await assert.rejects(s.http.get({ source: 'arxiv', url: `${foreign.baseUrl}/api/query?id_list=2211.00593` }), /not below a configured source base URL/);
  assert.equal(foreign.requests.length, 0);
});

test('a redirect off the configured host is not followed', async () => {
  fakes.crossref.route('/works/10.5555/redirected', { status: 302, headers: { location: `${foreign.baseUrl}/works/10.5555/redirected` } });
  const r = await resolvePaperIdentifier('10.5555/redirected', { sources: sourcesFor(fakes) });
  assert.equal(foreign.requests.length, 0);
  assert.equal(r.paper, null);
  assert.match(r.failures[0]!.message, /redirected to http:\/\/127\.0\.0\.1:\d+, which is not its configured address/);
});

test('DOI → Crossref; ACL id → the Anthology; OpenReview link → OpenReview; each falls back to Semantic Scholar where it can', async () => {
  fakes.crossref.route('/works/10.1162/tacl_a_00349', { body: fixture('crossref-work.json'), headers: JSON_TYPE });
  fakes.anthology.route('/P19-1452.bib', { body: fixture('anthology-P19-1452.bib'), headers: BIB });
  fakes.openreview.route('/notes?id=AbCdEf12345', { body: fixture('openreview-note.json'), headers: JSON_TYPE });
  const deps = { sources: sourcesFor(fakes) };
  assert.equal((await resolvePaperIdentifier('https://doi.org/10.1162/tacl_a_00349', deps)).via, 'crossref');
  assert.equal((await resolvePaperIdentifier('https://aclanthology.org/P19-1452/', deps)).via, 'anthology');
  assert.equal((await resolvePaperIdentifier('https://openreview.net/forum?id=AbCdEf12345', deps)).via, 'openreview');

  fakes.anthology.route('/2099.acl-long.9.bib', { status: 404, body: 'not found' });
  fakes.s2.route('/graph/v1/paper/ACL:2099.acl-long.9?', { body: fixture('s2-paper-arxiv-2503.10894.json'), headers: JSON_TYPE });
  const viaS2 = await resolvePaperIdentifier('2099.acl-long.9', deps);
  assert.equal(viaS2.via, 'semantic-scholar');

  fakes.openreview.route('/notes?id=Missing0003', { body: '{"notes":[],"count":0}', headers: JSON_TYPE });
  const s2Before = fakes.s2.requests.length;
  const or = await resolvePaperIdentifier('https://openreview.net/forum?id=Missing0003', deps);
  assert.equal(fakes.s2.requests.length, s2Before, 'Semantic Scholar cannot be asked by OpenReview id');
  assert.match(or.notices[0]!, /^OpenReview forum Missing0003 was not found \(asked OpenReview\)/);
});

test('a fetched paper whose other id is in the corpus resolves to the corpus paper', async () => {
  fakes.crossref.route('/works/10.1000/fixture.1999.1', { body: fixture('crossref-work.json').replace('"DOI": "10.1162/tacl_a_00349"', '"DOI": "10.1000/fixture.1999.1"'), headers: JSON_TYPE });
  const corpus = (id: SourceId) => (id.kind === 'doi' && id.value === '10.1000/fixture.1999.1' ? 'corpus-entry' : undefined);
  // The corpus is keyed by arXiv id only for this paper: the first lookup misses, the fetched DOI hits.
  const byArxiv = (id: SourceId) => (id.kind === 'arxiv' && id.value === 'hep-th/9901001' ? 'old-style-entry' : undefined);
  fakes.arxiv.route('/api/query?id_list=hep-th/9901001&', { body: fixture('arxiv-old-style.atom.xml'), headers: ATOM });
  const r1 = await resolvePaperIdentifier('10.1000/fixture.1999.1', { sources: sourcesFor(fakes), corpus });
  assert.equal(r1.corpusPaper, 'corpus-entry', 'direct hit by DOI');
  const r2 = await resolvePaperIdentifier('hep-th/9901001', { sources: sourcesFor(fakes), corpus: (id) => (id.kind === 'doi' ? corpus(id) : undefined) });
  assert.equal(r2.via, 'corpus');
  assert.equal(r2.corpusPaper, 'corpus-entry', 'hit through the DOI arXiv reports');
  assert.equal((await resolvePaperIdentifier('https://arxiv.org/abs/hep-th/9901001v3', { sources: sourcesFor(fakes), corpus: byArxiv })).corpusPaper, 'old-style-entry');
});

test('a title pasted alone: Semantic Scholar\'s match when it agrees with the text, cached; a far match is ignored', async () => {
  fakes.s2.route('/graph/v1/paper/search/match?query=Causal', { body: fixture('s2-match.json'), headers: JSON_TYPE });
  fakes.s2.route('/graph/v1/paper/search/match?query=Gender', { body: fixture('s2-match.json'), headers: JSON_TYPE });
  const cache = createMemorySourceCache();
  const deps = { sources: sourcesFor(fakes), cache };
  const hit = await resolvePaperTitle('Causal Mediation Analysis for Interpreting Neural NLP: The Case of Gender Bias', deps);
  assert.equal(hit.via, 'semantic-scholar');
  assert.deepEqual(hit.paper?.authors, ['Jesse Vig', 'Sebastian Gehrmann', 'Yonatan Belinkov']);
  const again = await countDuring(() => resolvePaperTitle('causal mediation analysis for interpreting neural NLP - the case of gender bias', deps));
  assert.equal(again.requests, 0);
  assert.equal(again.value.via, 'cache');

  const far = await resolvePaperTitle('Gender bias in word embeddings', deps);
  assert.equal(far.paper, null);
  assert.deepEqual(far.notices, []);
  const corpus = await countDuring(() => resolvePaperTitle('A corpus title here', { ...deps, corpusTitle: () => 'in-corpus' }));
  assert.equal(corpus.requests, 0);
  assert.equal(corpus.value.corpusPaper, 'in-corpus');
  const notATitle = await countDuring(() => resolvePaperTitle('probing', deps));
  assert.equal(notATitle.requests, 0);
});

test('references: fetched from Semantic Scholar for a resolved paper, then from the cache', async () => {
  fakes.s2.route('/graph/v1/paper/ARXIV:2211.00593/references?', { body: fixture('s2-references.json'), headers: JSON_TYPE });
  const cache = createMemorySourceCache();
  const deps = { sources: sourcesFor(fakes), cache };
  const paper = { title: 'x', authors: [], year: 2022, url: 'https://arxiv.org/abs/2211.00593', ids: { arxiv: '2211.00593' }, source: 'arxiv' as const };
  const first = await resolveReferences(paper, deps);
  assert.equal(first.via, 'semantic-scholar');
  assert.equal(first.references?.references.length, 3);
  const second = await countDuring(() => resolveReferences({ kind: 'arxiv', value: '2211.00593' }, deps));
  assert.equal(second.requests, 0);
  assert.equal(second.value.via, 'cache');
  const off = await resolveReferences({ kind: 'arxiv', value: '2211.00594' }, { sources: sourcesFor(fakes, { MECHANISTIC_NETWORK: 'off' }) });
  assert.equal(off.references, null);
  assert.match(off.notices[0]!, /turned off here \(MECHANISTIC_NETWORK=off\)\. Paste its reference list or BibTeX/);
});

test('a failing cache does not fail the lookup', async () => {
  fakes.arxiv.route('/api/query?id_list=2401.00004&', arxivFeed('2401.00004'));
  const broken = { get: async () => Promise.reject(new Error('disk full')), put: async () => Promise.reject(new Error('disk full')) };
  const r = await resolvePaperIdentifier('2401.00004', { sources: sourcesFor(fakes), cache: broken });
  assert.equal(r.via, 'arxiv');
});
