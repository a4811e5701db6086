import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createQuestionLimiter } from '../../src/ratelimit/question-limiter.ts';

test('the per-user limit refuses with a message naming the limit and the wait', () => {
  let t = 0;
  const limiter = createQuestionLimiter({ userPerMinute: 2, channelPerMinute: 100 }, () => t);
  assert.deepEqual(limiter.check({ user: 'u1', channel: 'c' }), { ok: true });
  assert.deepEqual(limiter.check({ user: 'u1', channel: 'c' }), { ok: true });
  const refused = limiter.check({ user: 'u1', channel: 'c' });
  assert.equal(refused.ok, false);
  assert.ok(!refused.ok && refused.scope === 'user' && refused.retryAfterSeconds === 30);
  assert.match(!refused.ok ? refused.message : '', /more than 2 questions in a minute.*30 s/);
  assert.deepEqual(limiter.check({ user: 'u2', channel: 'c' }), { ok: true });
  t += 30_000;
  assert.deepEqual(limiter.check({ user: 'u1', channel: 'c' }), { ok: true });
});

test('the per-channel limit counts all users of the channel', () => {
  const limiter = createQuestionLimiter({ userPerMinute: 10, channelPerMinute: 3 }, () => 0);
  for (const u of ['a', 'b', 'c']) assert.deepEqual(limiter.check({ user: u, channel: 'general' }), { ok: true });
  const refused = limiter.check({ user: 'd', channel: 'general' });
  assert.ok(!refused.ok && refused.scope === 'channel');
  assert.match(!refused.ok ? refused.message : '', /This channel/);
  assert.deepEqual(limiter.check({ user: 'd', channel: 'random' }), { ok: true });
});

test('a question refused by the channel limit does not use up the user’s allowance', () => {
  const limiter = createQuestionLimiter({ userPerMinute: 1, channelPerMinute: 1 }, () => 0);
  assert.deepEqual(limiter.check({ user: 'a', channel: 'busy' }), { ok: true });
  assert.equal(limiter.check({ user: 'b', channel: 'busy' }).ok, false);
  assert.deepEqual(limiter.check({ user: 'b', channel: 'quiet' }), { ok: true });
});

test('without a channel only the user limit applies', () => {
  const limiter = createQuestionLimiter({ userPerMinute: 2, channelPerMinute: 1 }, () => 0);
  assert.deepEqual(limiter.check({ user: 'web:1' }), { ok: true });
  assert.deepEqual(limiter.check({ user: 'web:1' }), { ok: true });
  assert.equal(limiter.check({ user: 'web:1' }).ok, false);
});
