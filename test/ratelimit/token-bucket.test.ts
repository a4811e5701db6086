import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TokenBuckets } from '../../src/ratelimit/token-bucket.ts';

function clock(start = 1_000_000) {
  let t = start;
  return { nowMs: () => t, advance: (ms: number) => (t += ms) };
}

test('a bucket allows its capacity at once, then refuses with the wait until the next token', () => {
  const c = clock();
  const b = new TokenBuckets({ capacity: 3, refillPerSecond: 0.5, nowMs: c.nowMs });
  assert.deepEqual([b.take('u').ok, b.take('u').ok, b.take('u').ok], [true, true, true]);
  assert.deepEqual(b.take('u'), { ok: false, retryAfterSeconds: 2 });
  c.advance(1000);
  assert.deepEqual(b.take('u'), { ok: false, retryAfterSeconds: 1 });
  c.advance(1000);
  assert.equal(b.take('u').ok, true);
});

test('keys are independent', () => {
  const c = clock();
  const b = new TokenBuckets({ capacity: 1, refillPerSecond: 1, nowMs: c.nowMs });
  assert.equal(b.take('a').ok, true);
  assert.equal(b.take('a').ok, false);
  assert.equal(b.take('b').ok, true);
});

test('refill stops at capacity however long the key was idle', () => {
  const c = clock();
  const b = new TokenBuckets({ capacity: 2, refillPerSecond: 1, nowMs: c.nowMs });
  b.take('u');
  c.advance(3_600_000);
  assert.equal(b.available('u'), 2);
});

test('a clock stepping backwards neither refills nor drains', () => {
  const c = clock();
  const b = new TokenBuckets({ capacity: 2, refillPerSecond: 1, nowMs: c.nowMs });
  b.take('u');
  c.advance(-10_000);
  assert.equal(b.available('u'), 1);
});

test('with too many keys, refilled buckets are forgotten before busy ones', () => {
  const c = clock();
  const b = new TokenBuckets({ capacity: 1, refillPerSecond: 1, nowMs: c.nowMs, maxKeys: 2 });
  b.take('idle');
  c.advance(5_000);
  b.take('busy');
  b.take('new');
  assert.equal(b.size, 2);
  assert.equal(b.take('busy').ok, false, 'the busy key is still remembered');
});

test('with too many busy keys, the least recently used is forgotten', () => {
  const c = clock();
  const b = new TokenBuckets({ capacity: 1, refillPerSecond: 0.001, nowMs: c.nowMs, maxKeys: 2 });
  b.take('first');
  b.take('second');
  b.take('third');
  assert.equal(b.size, 2);
  assert.equal(b.take('second').ok, false);
  assert.equal(b.take('first').ok, true, 'first was forgotten, so it starts full');
});

test('bad options are refused', () => {
  assert.throws(() => new TokenBuckets({ capacity: 0, refillPerSecond: 1, nowMs: Date.now }), RangeError);
  assert.throws(() => new TokenBuckets({ capacity: 1, refillPerSecond: 0, nowMs: Date.now }), RangeError);
});
