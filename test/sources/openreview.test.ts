import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { SourceError } from '../../src/sources/index.ts';
import { JSON_TYPE, fixture, sourcesFor, startFakes, type Fakes } from './fakes.ts';

let fakes: Fakes;
before(async () => {
  fakes = await startFakes();
});
after(() => fakes.close());

test('OpenReview: /notes?id= → title, authors, abstract, venue from API v2 `{ value }` fields, date from pdate', async () => {
  fakes.openreview.route('/notes?id=AbCdEf12345', { body: fixture('openreview-note.json'), headers: JSON_TYPE });
  const p = await sourcesFor(fakes).openreview.paper('AbCdEf12345');
  assert.equal(fakes.openreview.requests.at(-1)!.path, '/notes?id=AbCdEf12345');
  assert.equal(p.title, 'Test Fixture: Sparse Features in a Small Transformer');
  assert.deepEqual(p.authors, ['Mary Fixture', 'John Example']);
  assert.equal(p.venue, 'ICLR 2024 poster');
  assert.equal(p.year, 2024);
  assert.equal(p.date, '2024-01-16');
  assert.match(p.abstract ?? '', /^Test fixture text/);
  assert.equal(p.url, 'https://openreview.net/forum?id=AbCdEf12345');
  assert.deepEqual(p.ids, { openreview: 'AbCdEf12345' });
});

test('OpenReview: a reply\'s id (a review) leads to its forum\'s submission', async () => {
  fakes.openreview.route('/notes?id=RevIew98765', { body: fixture('openreview-review.json'), headers: JSON_TYPE });
  fakes.openreview.route('/notes?id=AbCdEf12345', { body: fixture('openreview-note.json'), headers: JSON_TYPE });
  const p = await sourcesFor(fakes).openreview.paper('RevIew98765');
  assert.equal(p.title, 'Test Fixture: Sparse Features in a Small Transformer');
  assert.deepEqual(fakes.openreview.requests.slice(-2).map((r) => r.path), ['/notes?id=RevIew98765', '/notes?id=AbCdEf12345']);
});

test('OpenReview: an empty list or a 404 NotFoundError is "not found"; 403 is "not public"', async () => {
  fakes.openreview.route('/notes?id=Missing0001', { body: '{"notes":[],"count":0}', headers: JSON_TYPE });
  fakes.openreview.route('/notes?id=Missing0002', { status: 404, body: '{"name":"NotFoundError","message":"The Note Missing0002 was not found","status":404}', headers: JSON_TYPE });
  fakes.openreview.route('/notes?id=Hidden00001', { status: 403, body: '{"name":"ForbiddenError","message":"Forbidden","status":403}', headers: JSON_TYPE });
  const s = sourcesFor(fakes);
  const notFound = (re: RegExp) => (e: unknown) => e instanceof SourceError && e.kind === 'not-found' && re.test(e.message);
  await assert.rejects(s.openreview.paper('Missing0001'), notFound(/OpenReview has no note Missing0001/));
  await assert.rejects(s.openreview.paper('Missing0002'), notFound(/The Note Missing0002 was not found/));
  await assert.rejects(s.openreview.paper('Hidden00001'), notFound(/is not public/));
});
