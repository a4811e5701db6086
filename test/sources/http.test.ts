import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { ConfigError, SECRET_KEYS, loadConfig } from '../../src/config.ts';
import { SourceHttp, parseRetryAfter, sourceSettingsFromConfig } from '../../src/sources/index.ts';
import { recordingSleep } from '../ingest/loopback.ts';

test('per host, at most `perHostConcurrency` requests are in flight at once', async () => {
  let inFlight = 0;
  let most = 0;
  const server = createServer((_req, res) => {
    inFlight++;
    most = Math.max(most, inFlight);
    setTimeout(() => {
      inFlight--;
      res.end('ok');
    }, 20);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const http = new SourceHttp({ network: true, timeoutMs: 5000, userAgent: 'test', perHostConcurrency: 2 });
    http.allow(base);
    const answers = await Promise.all(Array.from({ length: 7 }, (_, i) => http.get({ source: 'crossref', url: `${base}/works/10.1/${i}` })));
    assert.equal(answers.length, 7);
    assert.ok(answers.every((a) => a.text === 'ok'));
    assert.equal(most, 2);
  } finally {
    server.closeAllConnections();
    server.close();
  }
});

test('the polite interval spaces requests to one host on the injected clock, and refuses to queue longer than the timeout', async () => {
  const server = createServer((_req, res) => res.end('ok'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/query`;
    const now = 1_000_000;
    const { sleep, calls } = recordingSleep();
    const http = new SourceHttp({ network: true, timeoutMs: 7000, userAgent: 'test', perHostConcurrency: 1, now: () => now, sleep });
    http.allow(base);
    const get = () => http.get({ source: 'arxiv', url: `${base}?id_list=2211.00593`, minIntervalMs: 3000 });
    await get();
    await get();
    await get();
    assert.deepEqual(calls, [3000, 6000]);
    await assert.rejects(get(), /too many requests to arXiv right now \(it asks for one every 3 s\)/);
  } finally {
    server.closeAllConnections();
    server.close();
  }
});

test('Retry-After in seconds or as an HTTP date', () => {
  const now = Date.parse('2026-01-10T12:00:00Z');
  assert.equal(parseRetryAfter('3', now), 3000);
  assert.equal(parseRetryAfter('Sat, 10 Jan 2026 12:00:30 GMT', now), 30_000);
  assert.equal(parseRetryAfter('soon', now), undefined);
  assert.equal(parseRetryAfter(null, now), undefined);
});

test('source settings: defaults, and clear errors naming the variable', () => {
  const s = sourceSettingsFromConfig(loadConfig({}));
  assert.equal(s.network, true);
  assert.equal(s.arxivApiUrl, 'https://export.arxiv.org/api/query');
  assert.equal(s.s2ApiUrl, 'https://api.semanticscholar.org/graph/v1');
  assert.equal(s.crossrefApiUrl, 'https://api.crossref.org');
  assert.equal(s.openreviewApiUrl, 'https://api2.openreview.net');
  assert.equal(s.anthologyUrl, 'https://aclanthology.org');
  assert.equal(s.timeoutMs, 5000);
  assert.equal(s.ttlDays, 30);
  assert.equal(sourceSettingsFromConfig(loadConfig({ MECHANISTIC_NETWORK: 'OFF', MECHANISTIC_S2_API_URL: 'http://127.0.0.1:9/graph/v1/' })).s2ApiUrl, 'http://127.0.0.1:9/graph/v1');
  assert.throws(
    () =>
      loadConfig({
        MECHANISTIC_NETWORK: 'maybe',
        MECHANISTIC_ARXIV_API_URL: 'ftp://example.org/api',
        MECHANISTIC_CONTACT_EMAIL: 'me@example.org\r\nX-Injected: 1',
        MECHANISTIC_SOURCE_TIMEOUT_MS: '0',
        MECHANISTIC_SOURCE_TTL_DAYS: 'forever',
        SEMANTIC_SCHOLAR_API_KEY: '',
      }),
    (e: unknown) => {
      assert.ok(e instanceof ConfigError);
      assert.match(e.message, /MECHANISTIC_NETWORK="maybe": expected on or off/);
      assert.match(e.message, /MECHANISTIC_ARXIV_API_URL="ftp:\/\/example.org\/api": expected an http\(s\) URL without query or credentials, e.g. https:\/\/export.arxiv.org\/api\/query/);
      assert.match(e.message, /MECHANISTIC_CONTACT_EMAIL=.*: expected one e-mail address/);
      assert.match(e.message, /MECHANISTIC_SOURCE_TIMEOUT_MS="0": expected a whole number of milliseconds/);
      assert.match(e.message, /MECHANISTIC_SOURCE_TTL_DAYS="forever": expected a whole number of days/);
      return true;
    },
  );
  assert.throws(() => loadConfig({ MECHANISTIC_S2_API_URL: 'https://user:pw@example.org/graph/v1' }), /MECHANISTIC_S2_API_URL/);
});

test('the Semantic Scholar key is a secret: redacted from logs and never shown in configuration errors', () => {
  assert.ok((SECRET_KEYS as readonly string[]).includes('SEMANTIC_SCHOLAR_API_KEY'));
});

test('a connection the server resets before answering is tried once more on a fresh connection; twice is an error', async () => {
  let requests = 0;
  let resetsLeft = 1;
  const server = createServer((req, res) => {
    requests++;
    if (resetsLeft > 0) {
      resetsLeft--;
      req.socket.destroy();
      return;
    }
    res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const http = new SourceHttp({ network: true, timeoutMs: 5000, userAgent: 'test', perHostConcurrency: 2 });
    http.allow(base);
    assert.equal((await http.get({ source: 'crossref', url: `${base}/works/10.1/a` })).text, 'ok');
    assert.equal(requests, 2);
    resetsLeft = 2;
    await assert.rejects(http.get({ source: 'crossref', url: `${base}/works/10.1/b` }), /could not reach Crossref/);
  } finally {
    server.closeAllConnections();
    server.close();
  }
});
