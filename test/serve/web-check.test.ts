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
