import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createQuestionLimiter } from '../../src/ratelimit/question-limiter.ts';

test('the per-user limit refuses with a message naming the limit and the wait, and the next minute allows again', async (t) => {
  t.mock.timers.enable({ apis: ['Date', 'setTimeout'], now: 1_000_000 });
  const limiter = createQuestionLimiter({ userPerMinute: 2, channelPerMinute: 100 });
  assert.deepEqual(await limiter.check({ user: 'u1', channel: 'c' }), { ok: true });
  t.mock.timers.tick(20_000);
  assert.deepEqual(await limiter.check({ user: 'u1', channel: 'c' }), { ok: true });
  const refused = await limiter.check({ user: 'u1', channel: 'c' });
  assert.equal(refused.ok, false);
  // The window opened with the first question, 20 s ago: 40 s are left.
  assert.ok(!refused.ok && refused.scope === 'user' && refused.retryAfterSeconds === 40, JSON.stringify(refused));
  assert.match(!refused.ok ? refused.message : '', /more than 2 questions in a minute.*40 s/);
  assert.deepEqual(await limiter.check({ user: 'u2', channel: 'c' }), { ok: true });
  t.mock.timers.tick(40_000);
  assert.deepEqual(await limiter.check({ user: 'u1', channel: 'c' }), { ok: true });
});

test('the per-channel limit counts all users of the channel', async () => {
  const limiter = createQuestionLimiter({ userPerMinute: 10, channelPerMinute: 3 });
  for (const u of ['a', 'b', 'c']) assert.deepEqual(await limiter.check({ user: u, channel: 'general' }), { ok: true });
  const refused = await limiter.check({ user: 'd', channel: 'general' });
  assert.ok(!refused.ok && refused.scope === 'channel' && refused.retryAfterSeconds >= 59);
  assert.match(!refused.ok ? refused.message : '', /This channel/);
  assert.deepEqual(await limiter.check({ user: 'd', channel: 'random' }), { ok: true });
});

test('a question refused by the channel limit does not use up the user’s allowance', async () => {
  const limiter = createQuestionLimiter({ userPerMinute: 1, channelPerMinute: 1 });
  assert.deepEqual(await limiter.check({ user: 'a', channel: 'busy' }), { ok: true });
  assert.equal((await limiter.check({ user: 'b', channel: 'busy' })).ok, false);
  assert.deepEqual(await limiter.check({ user: 'b', channel: 'quiet' }), { ok: true });
});

test('without a channel only the user limit applies', async () => {
  const limiter = createQuestionLimiter({ userPerMinute: 2, channelPerMinute: 1 });
  assert.deepEqual(await limiter.check({ user: 'web:1' }), { ok: true });
  assert.deepEqual(await limiter.check({ user: 'web:1' }), { ok: true });
  assert.equal((await limiter.check({ user: 'web:1' })).ok, false);
});
