/**
 * The shared HTTP server's hardening, over real sockets on 127.0.0.1.
 */
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { createLogger } from '../../src/log.ts';
import { readBody, sendJson, startHttpServer } from '../../src/serve/http-server.ts';
import type { HttpRoute } from '../../src/serve/part.ts';

const quiet = createLogger('silent');

const echo: HttpRoute = {
  method: 'POST',
  path: '/echo',
  async handle(req, res) {
    const body = await readBody(req, 1024);
    sendJson(res, 200, { bytes: body.length });
  },
};

/** Sends raw bytes and returns everything the server wrote before closing. */
function raw(url: string, bytes: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(bytes));
    let out = '';
    socket.on('data', (d) => (out += d.toString()));
    socket.on('end', () => resolve(out));
    socket.on('error', reject);
  });
}

function jsonBody(response: string): unknown {
  return JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4));
}

test('bodies above the limit are refused with 413 before the route reads them', async (t) => {
  const http = await startHttpServer({ host: '127.0.0.1', port: 0, routes: [echo], log: quiet, maxBodyBytes: 100 });
  t.after(() => http.close());
  const ok = await fetch(`${http.url}/echo`, { method: 'POST', body: 'x'.repeat(100) });
  assert.deepEqual(await ok.json(), { bytes: 100 });
  const big = await fetch(`${http.url}/echo`, { method: 'POST', body: 'x'.repeat(101) });
  assert.equal(big.status, 413);
  assert.equal(((await big.json()) as { error: { code: string } }).error.code, 'body_too_large');
});

test('a chunked body without a length is refused with 411', async (t) => {
  const http = await startHttpServer({ host: '127.0.0.1', port: 0, routes: [echo], log: quiet });
  t.after(() => http.close());
  const out = await raw(http.url, 'POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n');
  assert.match(out, /^HTTP\/1\.1 411/);
  assert.equal((jsonBody(out) as { error: { code: string } }).error.code, 'length_required');
});

test('a route reading more than its own limit gets 413 too', async (t) => {
  const http = await startHttpServer({ host: '127.0.0.1', port: 0, routes: [echo], log: quiet, maxBodyBytes: 10_000 });
  t.after(() => http.close());
  const res = await fetch(`${http.url}/echo`, { method: 'POST', body: 'x'.repeat(2000) });
  assert.equal(res.status, 413);
});

test('malformed requests get a JSON 400, oversized headers a JSON 431', async (t) => {
  const http = await startHttpServer({ host: '127.0.0.1', port: 0, routes: [echo], log: quiet });
  t.after(() => http.close());
  const garbage = await raw(http.url, 'THIS IS NOT HTTP\r\n\r\n');
  assert.match(garbage, /^HTTP\/1\.1 400/);
  assert.equal((jsonBody(garbage) as { error: { code: string } }).error.code, 'bad_request');
  const huge = await raw(http.url, `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
  assert.match(huge, /^HTTP\/1\.1 431/);
  const badTarget = await raw(http.url, 'GET //[ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  assert.match(badTarget, /^HTTP\/1\.1 400/);
  assert.ok(jsonBody(badTarget));
});

test('unknown paths: 503 with Retry-After while starting, 404 once ready; wrong method 405', async (t) => {
  let ready = false;
  const http = await startHttpServer({ host: '127.0.0.1', port: 0, routes: [echo], log: quiet, isReady: () => ready });
  t.after(() => http.close());
  const early = await fetch(`${http.url}/slack/events`);
  assert.equal(early.status, 503);
  assert.equal(early.headers.get('retry-after'), '5');
  ready = true;
  assert.equal((await fetch(`${http.url}/slack/events`)).status, 404);
  const wrong = await fetch(`${http.url}/echo`);
  assert.equal(wrong.status, 405);
  assert.equal(wrong.headers.get('allow'), 'POST');
});

test('routes mounted later are served', async (t) => {
  const http = await startHttpServer({ host: '127.0.0.1', port: 0, routes: [], log: quiet });
  t.after(() => http.close());
  http.mount([{ method: 'GET', path: '/late', handle: (_q, r) => sendJson(r, 200, { late: true }) }]);
  assert.deepEqual(await (await fetch(`${http.url}/late`)).json(), { late: true });
});

test('a route that throws answers 500 with a reference id that is in the log with the stack', async (t) => {
  const lines: string[] = [];
  const sink = new Writable({ write: (c, _e, cb) => (lines.push(c.toString()), cb()) });
  const http = await startHttpServer({
    host: '127.0.0.1',
    port: 0,
    log: createLogger('info', sink),
    routes: [{ method: 'GET', path: '/boom', handle: () => { throw new Error('kaboom'); } }],
  });
  t.after(() => http.close());
  const res = await fetch(`${http.url}/boom`);
  assert.equal(res.status, 500);
  const body = (await res.json()) as { error: { code: string; ref: string; message: string } };
  assert.equal(body.error.code, 'internal');
  assert.match(body.error.message, new RegExp(`ref ${body.error.ref}`));
  assert.doesNotMatch(body.error.message, /kaboom/);
  const logged = lines.map((l) => JSON.parse(l)).find((l) => l.ref === body.error.ref);
  assert.match(logged.err.stack, /kaboom/);
});

test('close() stops accepting but lets an in-flight request finish on a keep-alive connection', async () => {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let entered!: () => void;
  const inside = new Promise<void>((r) => (entered = r));
  const http = await startHttpServer({
    host: '127.0.0.1',
    port: 0,
    log: quiet,
    routes: [{ method: 'GET', path: '/slow', async handle(_q, res) { entered(); await gate; sendJson(res, 200, { done: true }); } }],
  });
  const pending = fetch(`${http.url}/slow`);
  await inside;
  assert.equal(http.inFlight(), 1);
  const closed = http.close(30_000);
  await assert.rejects(fetch(`${http.url}/slow`), 'new connections are refused once closing');
  release();
  const res = await pending;
  assert.deepEqual(await res.json(), { done: true });
  assert.equal(res.headers.get('connection'), 'close');
  await closed;
  assert.equal(http.inFlight(), 0);
});

test('close() cuts requests that outlive the grace period', async () => {
  const http = await startHttpServer({
    host: '127.0.0.1',
    port: 0,
    log: quiet,
    routes: [{ method: 'GET', path: '/never', handle: () => new Promise<void>(() => {}) }],
  });
  const pending = fetch(`${http.url}/never`).then(
    () => 'answered',
    () => 'cut',
  );
  const deadline = Date.now() + 10_000;
  while (http.inFlight() === 0) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the request to be in flight');
    await new Promise((r) => setTimeout(r, 5));
  }
  await http.close(50);
  assert.equal(await pending, 'cut');
});
