import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fetchArxivIds, fetchArxivSearch, parseArxivAtom } from '../../src/ingest/arxiv.ts';
import { arxivIdDate, parseArxivId } from '../../src/ingest/arxiv-id.ts';
import { HttpClient } from '../../src/ingest/http-client.ts';
import { recordingSleep, startLoopback } from './loopback.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/ingest/${name}`, import.meta.url), 'utf8');

test('parses arXiv Atom entries: ids without version, collapsed titles, arxiv: namespace fields', () => {
  const { papers, errors } = parseArxivAtom(fixture('arxiv-two-entries.atom.xml'), 'arxiv:test');
  assert.deepEqual(errors, []);
  assert.equal(papers.length, 2);
  const [ioi, acdc] = papers;
  assert.equal(ioi!.ids.arxiv, '2211.00593');
  assert.equal(ioi!.title, 'Interpretability in the Wild: a Circuit for Indirect Object Identification in GPT-2 small');
  assert.deepEqual(ioi!.authors, ['Kevin Wang', 'Alexandre Variengien', 'Arthur Conmy', 'Buck Shlegeris', 'Jacob Steinhardt']);
  assert.equal(ioi!.year, 2022);
  assert.equal(ioi!.month, 11);
  assert.equal(ioi!.venue, 'arXiv');
  assert.equal(ioi!.url, 'https://arxiv.org/abs/2211.00593');
  assert.match(ioi!.abstract!, /^Test fixture text written for this project: a circuit/);
  assert.equal(acdc!.venue, 'NeurIPS 2023');
  assert.equal(acdc!.ids.doi, '10.48550/arXiv.2304.14997');
  assert.equal(acdc!.authors[4], 'Adrià Garriga-Alonso');
  assert.equal(acdc!.source, 'arxiv:test');
});

test('an Atom entry with missing fields is a record error; the good entry still imports', () => {
  const { papers, errors } = parseArxivAtom(fixture('arxiv-missing-fields.atom.xml'), 'arxiv:q');
  assert.deepEqual(papers.map((p) => p.ids.arxiv), ['2309.16042']);
  assert.equal(errors.length, 2);
  assert.equal(errors[0]!.record, '2401.00001');
  assert.match(errors[0]!.message, /missing <title>, <author>; entry skipped/);
  assert.equal(errors[1]!.record, 'entry 3');
  assert.match(errors[1]!.message, /missing <id>/);
});

test('arXiv API error entries and broken XML become errors, not papers', () => {
  const apiError = parseArxivAtom(fixture('arxiv-api-error.atom.xml'), 'arxiv:bogus');
  assert.equal(apiError.papers.length, 0);
  assert.match(apiError.errors[0]!.message, /arXiv API error: incorrect id format for bogus/);
  const broken = parseArxivAtom(fixture('arxiv-two-entries.atom.xml').slice(0, 1500), 'arxiv:cut');
  assert.equal(broken.papers.length, 0);
  assert.match(broken.errors[0]!.message, /broken XML at line \d+/);
});

test('arXiv ids: parsed from links and dated by their YYMM prefix', () => {
  assert.equal(parseArxivId('https://arxiv.org/pdf/2407.14561v2.pdf'), '2407.14561');
  assert.equal(parseArxivId('arXiv:1607.06520'), '1607.06520');
  assert.equal(parseArxivId('https://arxiv.org/html/2410.11474v1'), '2410.11474');
  assert.equal(parseArxivId('https://example.org/paper'), undefined);
  assert.deepEqual(arxivIdDate('2211.00593'), { year: 2022, month: 11 });
  assert.deepEqual(arxivIdDate('cs/9912001'), { year: 1999, month: 12 });
  assert.equal(arxivIdDate('2213.00001'), undefined);
});

test('fetchArxivIds asks the API for the id list in pages, retrying a 503, over a real loopback server', async () => {
  const server = await startLoopback();
  try {
    server.route('/api/query', { status: 503, body: 'try later' }, { body: fixture('arxiv-two-entries.atom.xml') });
    const { sleep, calls } = recordingSleep();
    const client = new HttpClient({ minIntervalMs: 0, backoffMs: 10, sleep });
    const result = await fetchArxivIds(['2211.00593', '2304.14997'], { client, baseUrl: `${server.baseUrl}/api/query` });
    assert.deepEqual(result.papers.map((p) => p.ids.arxiv), ['2211.00593', '2304.14997']);
    assert.equal(server.requests.length, 2);
    assert.equal(server.requests[1]!.path, '/api/query?id_list=2211.00593,2304.14997&max_results=2');
    assert.match(String(server.requests[1]!.headers['user-agent']), /mechanistic-bot-ingest/);
    assert.deepEqual(calls, [10]);
  } finally {
    await server.close();
  }
});

test('fetchArxivSearch encodes the query; a dead endpoint is one request-level error', async () => {
  const server = await startLoopback();
  try {
    server.route('/api/query', { body: fixture('arxiv-missing-fields.atom.xml') });
    const client = new HttpClient({ minIntervalMs: 0, sleep: async () => {} });
    const found = await fetchArxivSearch('ti:"activation patching"', 10, { client, baseUrl: `${server.baseUrl}/api/query` });
    assert.equal(found.papers.length, 1);
    assert.match(server.requests[0]!.path, /search_query=ti%3A%22activation%20patching%22&start=0&max_results=10/);
    const dead = await fetchArxivIds(['2211.00593'], { client: new HttpClient({ retries: 0, minIntervalMs: 0 }), baseUrl: `${server.baseUrl}/nothing-here` });
    assert.equal(dead.papers.length, 0);
    assert.equal(dead.errors[0]!.record, '(request)');
    assert.match(dead.errors[0]!.message, /answered 404/);
  } finally {
    await server.close();
  }
});
