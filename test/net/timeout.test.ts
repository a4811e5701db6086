import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TimeoutError, withTimeout } from '../../src/net/timeout.ts';

test('withTimeout passes results and errors through, and rejects work that never settles', async () => {
  assert.equal(await withTimeout(Promise.resolve(7), 1000, 'x'), 7);
  await assert.rejects(withTimeout(Promise.reject(new Error('own')), 1000, 'x'), /own/);
  const err = await withTimeout(new Promise(() => {}), 20, 'answering').catch((e: unknown) => e);
  assert.ok(err instanceof TimeoutError);
  assert.equal(err.message, 'answering took longer than 20 ms');
});
