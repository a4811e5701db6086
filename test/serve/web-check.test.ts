/**
 * GET/POST /api/check on the real serve (harness: network off, lexical retriever): the check contract,
 * and the /api/ask error shapes for bad input.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CheckResult } from '../../src/app/check-step.ts';
import { startTestServe } from './harness.ts';

async function getJson(url: string, init?: RequestInit): Promise<{ status: number; body: any }> {
  const res = await fetch(url, init);
  return { status: res.status, body: await res.json() };
}
const BIB = '@article{meng2022, title = {Locating and Editing Factual Associations in {GPT}}, author = {Meng, Kevin}, year = {2022}, eprint = {2202.05262}, archivePrefix = {arXiv}}';

test('/api/check returns the check contract for a text and a .bib, GET and POST alike', async (t) => {
  const s = await startTestServe();
  t.after(() => s.running.stop());
  await s.running.ready;
  const q = 'We patch activations from a clean run into a corrupted run (activation patching) to localize a behaviour.';
  const post = await getJson(`${s.url}/api/check`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ q, bib: BIB }) });
  assert.equal(post.status, 200, JSON.stringify(post.body));
  const c = post.body as CheckResult;
  assert.deepEqual(Object.keys(c).sort(), ['concepts', 'coverage', 'definitions', 'notices', 'paper', 'references']);
  assert.deepEqual(c.references, { total: 1, source: 'bibtex', matched: [{ entry: 'meng2022', id: 'meng2022', how: 'arxiv' }], unmatched: [] });
  const patching = c.coverage.find((x) => x.concept === 'activation-patching')!;
  assert.ok(patching.missing.some((p) => p.id === 'vig2020'));
  const get = await getJson(`${s.url}/api/check?q=${encodeURIComponent(q)}&bib=${encodeURIComponent(BIB)}`);
  assert.equal(get.status, 200);
  assert.deepEqual(get.body, post.body);
});

test('/api/check bad input: the error shapes of /api/ask, and a specific code for no references or a broken .bib', async (t) => {
  const s = await startTestServe();
  t.after(() => s.running.stop());
  await s.running.ready;
  const json = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const cases: [string, RequestInit | undefined, number, string, RegExp][] = [
    ['/api/check', undefined, 400, 'missing_query', /q: give/],
    ['/api/check?q=https%3A%2F%2Farxiv.org%2Fabs%2F2401.00001', undefined, 400, 'no_references', /can't fetch.*--bib/],
    ['/api/check', json({ q: 'activation patching', bib: '@article{x,\n title = {never closed' }), 400, 'bad_bibtex', /bib: bib line 1: entry x/],
    ['/api/check', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' }, 415, 'unsupported_media_type', /application\/json/],
  ];
  for (const [path, init, status, code, message] of cases) {
    const r = await getJson(`${s.url}${path}`, init);
    assert.equal(r.status, status, `${path}: ${JSON.stringify(r.body)}`);
    assert.equal(r.body.error.code, code, path);
    assert.match(r.body.error.message, message);
  }
});

test('/api/check counts against the per-address question limit, shared with /api/ask: 429 with Retry-After', async (t) => {
  const s = await startTestServe({ MECHANISTIC_RATE_LIMIT_USER: '2' });
  t.after(() => s.running.stop());
  await s.running.ready;
  const q = encodeURIComponent('We patch activations (activation patching) to localize a behaviour.');
  assert.equal((await getJson(`${s.url}/api/ask?q=${q}`)).status, 200);
  assert.equal((await getJson(`${s.url}/api/check?q=${q}&bib=${encodeURIComponent(BIB)}`)).status, 200);
  const res = await fetch(`${s.url}/api/check?q=${q}&bib=${encodeURIComponent(BIB)}`);
  assert.equal(res.status, 429);
  assert.ok(Number(res.headers.get('retry-after')) > 0);
  assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'rate_limited');
});

test('a check is stored: its Content-Location, GET /api/check?id=, gives it back without checking again', async (t) => {
  // One question a minute: reading the stored check must not count as a second one.
  const s = await startTestServe({ MECHANISTIC_RATE_LIMIT_USER: '1' });
  t.after(() => s.running.stop());
  await s.running.ready;
  const q = 'We patch activations from a clean run into a corrupted run (activation patching) to localize a behaviour.';
  const res = await fetch(`${s.url}/api/check`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ q, bib: BIB }) });
  assert.equal(res.status, 200);
  const fresh = (await res.json()) as CheckResult;
  const link = res.headers.get('content-location');
  assert.match(link ?? '', /^\/api\/check\?id=[A-Za-z0-9_-]{12}$/);
  const stored = await fetch(`${s.url}${link}`);
  assert.equal(stored.status, 200);
  assert.equal(stored.headers.get('content-location'), link);
  assert.deepEqual(await stored.json(), fresh);
  // A new check from the same address is over the limit; the stored one was not a check.
  assert.equal((await fetch(`${s.url}/api/check?q=${encodeURIComponent(q)}&bib=${encodeURIComponent(BIB)}`)).status, 429);
  const again = await getJson(`${s.url}${link}`);
  assert.equal(again.status, 200);
  for (const [path, status, code] of [
    ['/api/check?id=AAAAAAAAAAAA', 404, 'not_found'],
    ['/api/check?id=not%20an%20id', 404, 'not_found'],
    ['/api/check?id=a&id=b', 400, 'bad_parameter'],
  ] as const) {
    const r = await getJson(`${s.url}${path}`);
    assert.equal(r.status, status, `${path}: ${JSON.stringify(r.body)}`);
    assert.equal(r.body.error.code, code, path);
  }
});
