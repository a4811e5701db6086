import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { postToResponseUrl, ResponseUrlError } from '../../../src/chat/slack/response-url.ts';
import { FakeSlack } from './fake-slack.ts';

let slack: FakeSlack;
const waits: number[] = [];
const opts = { attempts: 4, baseDelayMs: 5, sleep: async (ms: number) => void waits.push(ms) };

before(async () => {
  slack = await new FakeSlack().start();
});
after(async () => {
  await slack.close();
});

const tries = (target: string) => slack.calls.filter((c) => c.target === target).map((c) => c.status);

test('a 429 waits exactly its Retry-After, then the post goes through once', async () => {
  slack.failNext('response_url', { status: 429, retryAfterSeconds: 1 });
  const slept: number[] = [];
  const before = slack.tooEarly;
  await postToResponseUrl(slack.responseUrl('r'), { text: 'hi' }, { ...opts, sleep: (ms) => (slept.push(ms), new Promise((r) => setTimeout(r, ms))) });
  assert.deepEqual(slept, [1000]);
  assert.deepEqual(tries('r'), [429, 200]);
  assert.equal(slack.tooEarly, before);
});

test('5xx back off exponentially and retry; success ends it', async () => {
  slack.failNext('response_url', { status: 503 }, { status: 500 });
  waits.length = 0;
  await postToResponseUrl(slack.responseUrl('a'), { text: 'hi' }, opts);
  assert.deepEqual(tries('a'), [503, 500, 200]);
  assert.deepEqual(waits, [5, 10], 'exponential backoff');
});

test('a refusal (4xx, or 200 with ok:false) is not retried and is reported', async () => {
  slack.failNext('response_url', { status: 404 });
  await assert.rejects(postToResponseUrl(slack.responseUrl('b'), { text: 'hi' }, opts), (e: Error) => e instanceof ResponseUrlError && /HTTP 404/.test(e.message));
  assert.deepEqual(tries('b'), [404]);
  slack.failNext('response_url', { error: 'invalid_blocks' });
  await assert.rejects(postToResponseUrl(slack.responseUrl('c'), { text: 'hi' }, opts), /refused the message: invalid_blocks/);
  assert.deepEqual(tries('c'), [200]);
});

test('after the last attempt the failure is reported, never swallowed', async () => {
  slack.failNext('response_url', { status: 500 }, { status: 500 }, { status: 500 }, { status: 500 });
  await assert.rejects(postToResponseUrl(slack.responseUrl('d'), { text: 'hi' }, opts), /failed after 4 attempts: HTTP 500/);
  assert.deepEqual(tries('d'), [500, 500, 500, 500]);
});
