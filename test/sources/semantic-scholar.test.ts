import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { SourceError } from '../../src/sources/index.ts';
import { JSON_TYPE, fixture, sourcesFor, startFakes, type Fakes } from './fakes.ts';

let fakes: Fakes;
before(async () => {
  fakes = await startFakes();
});
after(() => fakes.close());

const FIELDS = 'fields=paperId,externalIds,title,authors,year,venue,publicationDate,abstract';

test('Semantic Scholar: /paper/ARXIV:{id} with the documented fields; x-api-key sent when SEMANTIC_SCHOLAR_API_KEY is set', async () => {
  fakes.s2.route('/graph/v1/paper/ARXIV:2503.10894?', { body: fixture('s2-paper-arxiv-2503.10894.json'), headers: JSON_TYPE });
  const s = sourcesFor(fakes, { SEMANTIC_SCHOLAR_API_KEY: 'fixture-key' });
  const p = await s.s2.paper({ kind: 'arxiv', value: '2503.10894' });
  const req = fakes.s2.requests.at(-1)!;
  assert.equal(req.path, `/graph/v1/paper/ARXIV:2503.10894?${FIELDS}`);
  assert.equal(req.headers['x-api-key'], 'fixture-key');
  assert.equal(p.title, 'Test Fixture: A Semantic Scholar Record for an arXiv Preprint');
  assert.deepEqual(p.authors, ['Grace Fixture', 'Alan Example']);
  assert.equal(p.year, 2025);
  assert.equal(p.date, '2025-03-13');
  assert.equal(p.month, 3);
  assert.equal(p.venue, 'arXiv.org');
  assert.match(p.abstract ?? '', /^Test fixture text/);
  assert.deepEqual(p.ids, { arxiv: '2503.10894', s2: '0f3c6a1b2d4e5f60718293a4b5c6d7e8f9012345' });
  assert.equal(p.url, 'https://arxiv.org/abs/2503.10894');
  assert.equal(p.source, 'semantic-scholar');

  await sourcesFor(fakes).s2.paper({ kind: 'arxiv', value: '2503.10894' });
  assert.equal(fakes.s2.requests.at(-1)!.headers['x-api-key'], undefined, 'no key, no header');
});

test('Semantic Scholar: DOI and ACL ids use the DOI: and ACL: prefixes', async () => {
  fakes.s2.route('/graph/v1/paper/DOI:10.1162/tacl_a_00349?', { body: fixture('s2-paper-arxiv-2503.10894.json'), headers: JSON_TYPE });
  fakes.s2.route('/graph/v1/paper/ACL:P19-1452?', { body: fixture('s2-paper-arxiv-2503.10894.json'), headers: JSON_TYPE });
  const s = sourcesFor(fakes);
  await s.s2.paper({ kind: 'doi', value: '10.1162/tacl_a_00349' });
  await s.s2.paper({ kind: 'acl', value: 'P19-1452' });
  assert.deepEqual(fakes.s2.requests.slice(-2).map((r) => r.path.split('?')[0]), ['/graph/v1/paper/DOI:10.1162/tacl_a_00349', '/graph/v1/paper/ACL:P19-1452']);
});

test('Semantic Scholar: 404 is "not found" with the API\'s message', async () => {
  fakes.s2.route('/graph/v1/paper/ARXIV:2501.00001?', { status: 404, body: '{"error":"Paper with id ARXIV:2501.00001 not found"}', headers: JSON_TYPE });
  await assert.rejects(sourcesFor(fakes).s2.paper({ kind: 'arxiv', value: '2501.00001' }), (e: unknown) => {
    assert.ok(e instanceof SourceError && e.kind === 'not-found' && e.source === 'semantic-scholar');
    assert.match(e.message, /Paper with id ARXIV:2501\.00001 not found/);
    return true;
  });
});

test('Semantic Scholar: 429 with Retry-After, then the paper', async () => {
  fakes.s2.route(
    '/graph/v1/paper/ARXIV:2503.10895?',
    { status: 429, body: '{"message": "Too Many Requests. Please wait and try again or apply for a key for higher rate limits."}', headers: { ...JSON_TYPE, 'retry-after': '1' } },
    { body: fixture('s2-paper-arxiv-2503.10894.json'), headers: JSON_TYPE },
  );
  const s = sourcesFor(fakes);
  const p = await s.s2.paper({ kind: 'arxiv', value: '2503.10895' });
  assert.equal(p.source, 'semantic-scholar');
  assert.deepEqual(s.sleeps, [1000]);
});

test('Semantic Scholar: references are read from {data: [{citedPaper}]}, unresolved strings kept, untitled ones dropped', async () => {
  fakes.s2.route('/graph/v1/paper/ARXIV:2211.00593/references?', { body: fixture('s2-references.json'), headers: JSON_TYPE });
  const refs = await sourcesFor(fakes).s2.references({ kind: 'arxiv', value: '2211.00593' });
  assert.equal(fakes.s2.requests.at(-1)!.path, '/graph/v1/paper/ARXIV:2211.00593/references?fields=title,year,externalIds&offset=0&limit=1000');
  assert.equal(refs.truncated, false);
  assert.deepEqual(refs.references, [
    { title: 'Causal Mediation Analysis for Interpreting Neural NLP: The Case of Gender Bias', year: 2020, externalIds: { arxiv: '2004.12265', s2: '204e3073870fae3d05bcbc2f6a8e263d9b72e776' } },
    { title: 'BERT Rediscovers the Classical NLP Pipeline', year: 2019, externalIds: { doi: '10.18653/v1/p19-1452', acl: 'P19-1452', s2: '9a8b7c6d5e4f30211234567890abcdef12345678' } },
    { title: 'An unresolved reference string', year: null, externalIds: {} },
  ]);
});

test('Semantic Scholar: references follow `next` across pages', async () => {
  const page = (titles: string[], next?: number) => JSON.stringify({ offset: 0, ...(next ? { next } : {}), data: titles.map((title) => ({ citedPaper: { paperId: null, title, year: 2020 } })) });
  fakes.s2.route('/graph/v1/paper/ARXIV:2304.14997/references?fields=title,year,externalIds&offset=0&', { body: page(['A first reference title'], 1000), headers: JSON_TYPE });
  fakes.s2.route('/graph/v1/paper/ARXIV:2304.14997/references?fields=title,year,externalIds&offset=1000&', { body: page(['A second reference title']), headers: JSON_TYPE });
  const refs = await sourcesFor(fakes).s2.references({ kind: 'arxiv', value: '2304.14997' });
  assert.deepEqual(refs.references.map((r) => r.title), ['A first reference title', 'A second reference title']);
});

test('Semantic Scholar: title match (/paper/search/match) and its 404 "Title match not found"', async () => {
  fakes.s2.route('/graph/v1/paper/search/match?query=Causal', { body: fixture('s2-match.json'), headers: JSON_TYPE });
  fakes.s2.route('/graph/v1/paper/search/match?query=zzz', { status: 404, body: '{"error":"Title match not found"}', headers: JSON_TYPE });
  const s = sourcesFor(fakes);
  const p = await s.s2.matchTitle('Causal mediation analysis for interpreting neural NLP: the case of gender bias');
  assert.equal(p.title, 'Causal Mediation Analysis for Interpreting Neural NLP: The Case of Gender Bias');
  assert.equal(p.matchScore, 221.37);
  assert.equal(p.abstract, undefined);
  assert.match(fakes.s2.requests.at(-1)!.path, /^\/graph\/v1\/paper\/search\/match\?query=Causal%20mediation%20analysis%20.*&fields=paperId,externalIds,title/);
  await assert.rejects(s.s2.matchTitle('zzz qqq'), (e: unknown) => e instanceof SourceError && e.kind === 'not-found' && /Title match not found/.test(e.message));
});

test('Semantic Scholar: 500 twice is "unavailable"', async () => {
  fakes.s2.route('/graph/v1/paper/ARXIV:2503.10896?', { status: 500, body: '{"message":"Internal Server Error"}', headers: JSON_TYPE });
  await assert.rejects(sourcesFor(fakes).s2.paper({ kind: 'arxiv', value: '2503.10896' }), (e: unknown) => e instanceof SourceError && e.kind === 'unavailable' && e.details.status === 500);
});
