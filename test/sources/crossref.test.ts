import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { SourceError } from '../../src/sources/index.ts';
import { JSON_TYPE, fixture, sourcesFor, startFakes, type Fakes } from './fakes.ts';

let fakes: Fakes;
before(async () => {
  fakes = await startFakes();
});
after(() => fakes.close());

test('Crossref: /works/{doi} → the work in `message`; mailto and a User-Agent naming MECHANISTIC_CONTACT_EMAIL', async () => {
  fakes.crossref.route('/works/10.1162/tacl_a_00349', { body: fixture('crossref-work.json'), headers: JSON_TYPE });
  const s = sourcesFor(fakes, { MECHANISTIC_CONTACT_EMAIL: 'maintainer@example.org' });
  const p = await s.crossref.paper('10.1162/TACL_A_00349');
  const req = fakes.crossref.requests.at(-1)!;
  assert.equal(req.path, '/works/10.1162/tacl_a_00349?mailto=maintainer%40example.org');
  assert.match(String(req.headers['user-agent']), /mailto:maintainer@example\.org/);
  assert.equal(p.title, 'A Primer in BERTology: What We Know About How BERT Works');
  assert.deepEqual(p.authors, ['Anna Rogers', 'Olga Kovaleva', 'Anna Rumshisky']);
  assert.equal(p.year, 2020);
  assert.equal(p.month, 12);
  assert.equal(p.date, '2020-12');
  assert.equal(p.venue, 'Transactions of the Association for Computational Linguistics');
  assert.equal(p.abstract, 'Test fixture text: a survey of what is known about how a pretrained encoder works, written for this project.');
  assert.equal(p.url, 'https://doi.org/10.1162/tacl_a_00349');
  assert.deepEqual(p.ids, { doi: '10.1162/tacl_a_00349' });
  assert.equal(p.source, 'crossref');
});

test('Crossref: without a contact address, no mailto', async () => {
  fakes.crossref.route('/works/10.1162/tacl_a_00349', { body: fixture('crossref-work.json'), headers: JSON_TYPE });
  await sourcesFor(fakes).crossref.paper('10.1162/tacl_a_00349');
  assert.equal(fakes.crossref.requests.at(-1)!.path, '/works/10.1162/tacl_a_00349');
});

test('Crossref: 404 "Resource not found." is "not found"', async () => {
  fakes.crossref.route('/works/10.9999/missing', { status: 404, body: 'Resource not found.', headers: { 'content-type': 'text/plain' } });
  await assert.rejects(sourcesFor(fakes).crossref.paper('10.9999/missing'), (e: unknown) => {
    assert.ok(e instanceof SourceError && e.kind === 'not-found' && e.source === 'crossref');
    assert.match(e.message, /Crossref has no work with DOI 10\.9999\/missing \(Resource not found\.\)/);
    return true;
  });
});

test('Crossref: a DOI with dot segments is refused before any request', async () => {
  const before = fakes.crossref.requests.length;
  await assert.rejects(sourcesFor(fakes).crossref.paper('10.1234/../../admin'), (e: unknown) => e instanceof SourceError && e.kind === 'not-found');
  assert.equal(fakes.crossref.requests.length, before);
});
