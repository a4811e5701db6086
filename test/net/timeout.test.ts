import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { test } from 'node:test';
import { fetchWithTimeout, TimeoutError, withTimeout } from '../../src/net/timeout.ts';

test('withTimeout passes results and errors through, and rejects work that never settles', async () => {
  assert.equal(await withTimeout(Promise.resolve(7), 1000, 'x'), 7);
  await assert.rejects(withTimeout(Promise.reject(new Error('own')), 1000, 'x'), /own/);
  const err = await withTimeout(new Promise(() => {}), 20, 'answering').catch((e: unknown) => e);
  assert.ok(err instanceof TimeoutError);
  assert.equal(err.message, 'answering took longer than 20 ms');
});

test('fetchWithTimeout gives up on a server that never answers', async (t) => {
  const silent = createServer(() => {});
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  t.after(() => {
    silent.closeAllConnections();
    silent.close();
  });
  const { port } = silent.address() as { port: number };
  const err = await fetchWithTimeout(`http://127.0.0.1:${port}/`, {}, 50).catch((e: unknown) => e);
  assert.ok(err instanceof TimeoutError, String(err));
  assert.match(err.message, /request to http:\/\/127\.0\.0\.1:\d+ took longer than 50 ms/);
});
