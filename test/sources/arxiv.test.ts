import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { SourceError } from '../../src/sources/index.ts';
import { ATOM, fixture, sourcesFor, startFakes, type Fakes } from './fakes.ts';

let fakes: Fakes;
before(async () => {
  fakes = await startFakes();
});
after(() => fakes.close());

const isKind = (kind: SourceError['kind'], message?: RegExp) => (e: unknown) => {
  assert.ok(e instanceof SourceError, String(e));
  assert.equal(e.kind, kind);
  assert.equal(e.source, 'arxiv');
  if (message) assert.match(e.message, message);
  return true;
};

test('arXiv: an id is read from the Atom entry: title, authors, abstract, date, categories (primary first)', async () => {
  fakes.arxiv.route('/api/query?id_list=2211.00593&', { body: fixture('arxiv-2211.00593.atom.xml'), headers: ATOM });
  const s = sourcesFor(fakes);
  const p = await s.arxiv.paper('2211.00593');
  assert.equal(p.title, 'Interpretability in the Wild: a Circuit for Indirect Object Identification in GPT-2 small');
  assert.deepEqual(p.authors, ['Kevin Wang', 'Alexandre Variengien', 'Arthur Conmy', 'Buck Shlegeris', 'Jacob Steinhardt']);
  assert.equal(p.year, 2022);
  assert.equal(p.month, 11);
  assert.equal(p.date, '2022-11-01');
  assert.match(p.abstract ?? '', /^Test fixture text written for this project: a circuit/);
  assert.deepEqual(p.categories, ['cs.LG', 'cs.AI', 'cs.CL']);
  assert.equal(p.url, 'https://arxiv.org/abs/2211.00593');
  assert.deepEqual(p.ids, { arxiv: '2211.00593' });
  assert.equal(p.source, 'arxiv');
  const req = fakes.arxiv.requests.at(-1)!;
  assert.equal(req.path, '/api/query?id_list=2211.00593&max_results=1');
  assert.match(String(req.headers['user-agent']), /^mechanistic-bot\//);
});

test('arXiv: an old-style id (hep-th/9901001) is asked as is and read with its DOI and journal reference', async () => {
  fakes.arxiv.route('/api/query?id_list=hep-th/9901001&', { body: fixture('arxiv-old-style.atom.xml'), headers: ATOM });
  const p = await sourcesFor(fakes).arxiv.paper('hep-th/9901001');
  assert.equal(fakes.arxiv.requests.at(-1)!.path, '/api/query?id_list=hep-th/9901001&max_results=1');
  assert.equal(p.title, 'Test Fixture: A Paper With an Old-Style Identifier');
  assert.deepEqual(p.ids, { arxiv: 'hep-th/9901001', doi: '10.1000/fixture.1999.1' });
  assert.equal(p.venue, 'Fixture J. Phys. 1 (1999) 1');
  assert.equal(p.date, '1999-01-04');
  assert.equal(p.url, 'https://arxiv.org/abs/hep-th/9901001');
});

test('arXiv: an empty feed is "not found"; the error entry for a malformed id is "not found" with arXiv\'s reason', async () => {
  fakes.arxiv.route('/api/query?id_list=2503.10894&', { body: fixture('arxiv-empty.atom.xml'), headers: ATOM });
  const s = sourcesFor(fakes);
  await assert.rejects(s.arxiv.paper('2503.10894'), isKind('not-found', /arXiv has no paper 2503\.10894/));
  // arXiv answers a malformed id with 400 and a feed holding one error entry.
  const errorFeed = fixture('../ingest/arxiv-api-error.atom.xml').replaceAll('bogus', '2503.99999');
  fakes.arxiv.route('/api/query?id_list=2503.99999&', { status: 400, body: errorFeed, headers: ATOM });
  await assert.rejects(s.arxiv.paper('2503.99999'), isKind('not-found', /incorrect id format for 2503\.99999/));
});

test('arXiv: an id that is not an arXiv id is refused before any request', async () => {
  const before = fakes.arxiv.requests.length;
  await assert.rejects(sourcesFor(fakes).arxiv.paper('../../etc/passwd'), isKind('not-found', /is not an arXiv id/));
  assert.equal(fakes.arxiv.requests.length, before);
});

test('arXiv: 429 with Retry-After is waited out (on the injected sleep) and retried once', async () => {
  fakes.arxiv.route(
    '/api/query?id_list=2211.00594&',
    { status: 429, body: 'Rate exceeded.', headers: { 'retry-after': '2' } },
    { body: fixture('arxiv-2211.00593.atom.xml').replaceAll('2211.00593', '2211.00594'), headers: ATOM },
  );
  const s = sourcesFor(fakes);
  const before = fakes.arxiv.requests.length;
  const p = await s.arxiv.paper('2211.00594');
  assert.equal(p.ids.arxiv, '2211.00594');
  assert.equal(fakes.arxiv.requests.length - before, 2);
  assert.deepEqual(s.sleeps, [2000]);
});

test('arXiv: 503 twice is "unavailable" after exactly one retry', async () => {
  fakes.arxiv.route('/api/query?id_list=2211.00595&', { status: 503, body: 'Service Unavailable' });
  const s = sourcesFor(fakes, {}, { retryDelayMs: 750 });
  const before = fakes.arxiv.requests.length;
  await assert.rejects(s.arxiv.paper('2211.00595'), isKind('unavailable', /arXiv answered 503/));
  assert.equal(fakes.arxiv.requests.length - before, 2);
  assert.deepEqual(s.sleeps, [750]);
});

test('arXiv: a Retry-After beyond the cap is not waited for: "unavailable" at once, saying when to retry', async () => {
  fakes.arxiv.route('/api/query?id_list=2211.00596&', { status: 429, body: 'Rate exceeded.', headers: { 'retry-after': '3600' } });
  const s = sourcesFor(fakes);
  const before = fakes.arxiv.requests.length;
  await assert.rejects(s.arxiv.paper('2211.00596'), (e: unknown) => {
    assert.ok(e instanceof SourceError && e.kind === 'unavailable');
    assert.equal(e.details.retryAfterMs, 3_600_000);
    assert.match(e.message, /rate limiting requests \(429\); it asks to retry after 3600 s/);
    return true;
  });
  assert.equal(fakes.arxiv.requests.length - before, 1);
  assert.deepEqual(s.sleeps, []);
});

test('arXiv: a server that never answers is a "timeout" after MECHANISTIC_SOURCE_TIMEOUT_MS, not retried', async () => {
  fakes.arxiv.route('/api/query?id_list=2211.00597&', { hang: true });
  const s = sourcesFor(fakes, { MECHANISTIC_SOURCE_TIMEOUT_MS: '100' });
  await assert.rejects(s.arxiv.paper('2211.00597'), isKind('timeout', /did not answer within 100 ms/));
  assert.deepEqual(s.sleeps, []);
});

test('arXiv: a body that is not a feed is a "bad-response"', async () => {
  fakes.arxiv.route('/api/query?id_list=2211.00598&', { body: '<html><body>maintenance</body></html>', headers: { 'content-type': 'text/html' } });
  await assert.rejects(sourcesFor(fakes).arxiv.paper('2211.00598'), isKind('bad-response'));
});
