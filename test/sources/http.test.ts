import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { ConfigError, SECRET_KEYS, loadConfig } from '../../src/config.ts';
import { SourceHttp, answeringSourceSettings, parseRetryAfter, sourceSettingsFromConfig } from '../../src/sources/index.ts';
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

/** A server that holds every request until `release()` answers them all "ok" (and the later ones at once). */
async function holdingServer(): Promise<{ base: string; paths: string[]; release(): void; close(): void }> {
  const paths: string[] = [];
  const held: (() => void)[] = [];
  let holding = true;
  const server = createServer((req, res) => {
    paths.push(req.url ?? '');
    if (holding) held.push(() => res.end('ok'));
    else res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    paths,
    release() {
      holding = false;
      for (const answer of held.splice(0)) answer();
    },
    close() {
      server.closeAllConnections();
      server.close();
    },
  };
}

test('a request with a queueing budget is refused at once, nothing sent, when the line ahead of it is longer; one without waits its turn', async () => {
  const server = await holdingServer();
  try {
    const { sleep, calls } = recordingSleep();
    const http = new SourceHttp({ network: true, timeoutMs: 5000, userAgent: 'test', perHostConcurrency: 2, now: () => 1_000_000, sleep });
    http.allow(server.base);
    const get = (id: string, maxQueueMs?: number) =>
      http.get({ source: 'semantic-scholar', url: `${server.base}/paper/${id}`, minIntervalMs: 1000, ...(maxQueueMs !== undefined ? { maxQueueMs } : {}) });
    // a starts now and b in 1 s, both held by the server; c would start in 2 s (within its 2.5 s) and waits for a slot;
    // d would start in 3 s, after c: over its 2.5 s, refused before joining the line; e has no budget and waits.
    const a = get('a');
    const b = get('b');
    const c = get('c', 2500);
    await assert.rejects(get('d', 2500), /^SourceError: Semantic Scholar is busy: 1 earlier lookup is waiting for it, at one request every 1 s, longer than the 2\.5 s this lookup may wait$/);
    const e = get('e');
    while (server.paths.length < 2) await new Promise((r) => setTimeout(r, 5));
    server.release();
    assert.deepEqual((await Promise.all([a, b, c, e])).map((r) => r.text), ['ok', 'ok', 'ok', 'ok']);
    assert.deepEqual(server.paths.sort(), ['/paper/a', '/paper/b', '/paper/c', '/paper/e'], 'd was never sent');
    assert.deepEqual(calls, [1000, 2000, 3000], 'b, c and e each waited for their turn');
  } finally {
    server.close();
  }
});

test('a request with a queueing budget leaves the line when no slot frees in time; the line goes on without it', async () => {
  const server = await holdingServer();
  try {
    const http = new SourceHttp({ network: true, timeoutMs: 5000, userAgent: 'test', perHostConcurrency: 1, ownLimits: true });
    http.allow(server.base);
    const get = (id: string, maxQueueMs?: number) => http.get({ source: 'crossref', url: `${server.base}/works/10.1/${id}`, ...(maxQueueMs !== undefined ? { maxQueueMs } : {}) });
    const a = get('a');
    const b = get('b', 50);
    const c = get('c');
    await assert.rejects(b, /^SourceError: Crossref is busy: the lookups ahead of this one took longer than the 0\.1 s this lookup may wait$/);
    server.release();
    assert.deepEqual((await Promise.all([a, c])).map((r) => r.text), ['ok', 'ok']);
    assert.deepEqual(server.paths, ['/works/10.1/a', '/works/10.1/c']);
  } finally {
    server.close();
  }
});

test('a Retry-After longer than the queueing budget is not waited for: one request, then busy', async () => {
  let requests = 0;
  const server = createServer((_req, res) => {
    requests++;
    res.writeHead(429, { 'retry-after': '5' }).end('slow down');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const { sleep, calls } = recordingSleep();
    const http = new SourceHttp({ network: true, timeoutMs: 5000, userAgent: 'test', sleep });
    http.allow(base);
    await assert.rejects(http.get({ source: 'semantic-scholar', url: `${base}/paper/x`, maxQueueMs: 3000 }), /rate limiting requests \(429\); it asks to retry after 5 s/);
    assert.equal(requests, 1);
    assert.deepEqual(calls, []);
    // Without a budget the 5 s wait is under the client's 10 s cap: waited for, and tried once more.
    await assert.rejects(http.get({ source: 'semantic-scholar', url: `${base}/paper/x` }), /429/);
    assert.equal(requests, 3);
    assert.deepEqual(calls, [5000]);
  } finally {
    server.closeAllConnections();
    server.close();
  }
});

test('the sources that answers and checks ask wait in line at most 40% of the answer timeout; the others have no budget', () => {
  assert.equal(answeringSourceSettings(loadConfig({})).maxQueueMs, 8000);
  assert.equal(answeringSourceSettings(loadConfig({ MECHANISTIC_ANSWER_TIMEOUT_MS: '5000' })).maxQueueMs, 2000);
  assert.equal(sourceSettingsFromConfig(loadConfig({})).maxQueueMs, undefined);
});
