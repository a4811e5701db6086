import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HttpClient, HttpError } from '../../src/ingest/http-client.ts';
import { recordingSleep, startLoopback } from './loopback.ts';

test('retries a 503 with exponential backoff, honouring Retry-After, then returns the body', async () => {
  const server = await startLoopback();
  try {
    server.route('/x', { status: 503, body: 'busy' }, { status: 503, headers: { 'retry-after': '7' } }, { body: 'ok' });
    const { sleep, calls } = recordingSleep();
    const client = new HttpClient({ retries: 3, backoffMs: 100, minIntervalMs: 0, sleep });
    assert.equal(await client.getText(`${server.baseUrl}/x`), 'ok');
    assert.equal(server.requests.length, 3);
    assert.deepEqual(calls, [100, 7000]);
  } finally {
    await server.close();
  }
});

test('does not retry a 404 and names the URL and status', async () => {
  const server = await startLoopback();
  try {
    server.route('/missing', { status: 404, body: 'no such paper' });
    const client = new HttpClient({ retries: 3, minIntervalMs: 0, sleep: async () => {} });
    await assert.rejects(client.getText(`${server.baseUrl}/missing`), (e: unknown) => {
      assert.ok(e instanceof HttpError);
      assert.equal(e.status, 404);
      assert.match(e.message, /\/missing answered 404: no such paper/);
      return true;
    });
    assert.equal(server.requests.length, 1);
  } finally {
    await server.close();
  }
});

test('a request that never answers times out, is retried, and the final error says so', async () => {
  const server = await startLoopback();
  try {
    server.route('/slow', { hang: true });
    const client = new HttpClient({ retries: 1, timeoutMs: 300, minIntervalMs: 0, sleep: async () => {} });
    await assert.rejects(client.getText(`${server.baseUrl}/slow`), /timed out after 300 ms \(gave up after 2 attempts/);
    // How many requests reached the server before each abort depends on scheduling, so only the bound is checked.
    assert.ok(server.requests.length <= 2);
  } finally {
    await server.close();
  }
});

test('waits out the polite interval between requests, measured on the injected clock', async () => {
  const server = await startLoopback();
  try {
    server.route('/a', { body: '1' });
    let now = 1_000;
    const { sleep, calls } = recordingSleep();
    const client = new HttpClient({ minIntervalMs: 3_000, now: () => now, sleep });
    await client.getText(`${server.baseUrl}/a`);
    now += 1_200;
    await client.getText(`${server.baseUrl}/a`);
    now += 5_000;
    await client.getText(`${server.baseUrl}/a`);
    assert.deepEqual(calls, [1_800]);
  } finally {
    await server.close();
  }
});

test('getJson reports a non-JSON body clearly', async () => {
  const server = await startLoopback();
  try {
    server.route('/html', { body: '<html>rate limited</html>' });
    const client = new HttpClient({ minIntervalMs: 0 });
    await assert.rejects(client.getJson(`${server.baseUrl}/html`), /did not return JSON \(starts with "<html>rate limited/);
  } finally {
    await server.close();
  }
});
