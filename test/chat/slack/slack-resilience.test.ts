/**
 * What Slack does to an app in production: rate limits, server errors, rejected messages,
 * retried events (also across a restart), and uninstalls. Observed at a loopback fake Slack.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { messageProblems } from '../../../src/chat/slack/validate-blocks.ts';
import { FakeSlack } from './fake-slack.ts';
import { startHarness, SIGNING_SECRET, type Harness } from './harness.ts';
import { answer } from './answers.ts';
import { EVENT_CLAIM_LEASE_MS } from '../../../src/store/store.ts';
import { appMentionEvent, sendSigned, slashCommandBody, TEAM, teamEvent } from './slack-requests.ts';

const JSON_TYPE = 'application/json';

/** Polls an async condition every 20 ms; fails after 10 s instead of hanging. */
async function waitUntil(what: string, ok: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
let h: Harness;
let slack: FakeSlack;

before(async () => {
  slack = await new FakeSlack().start();
  h = await startHarness({ slack, lexical: true });
});
after(async () => {
  await h.close();
});

function repliesIn(threadTs: string) {
  return slack.calls.filter((c) => c.method === 'chat.postMessage' && c.body.thread_ts === threadTs);
}

async function mention(eventId: string, ts: string, text = '<@U0BOT> is this just probing?', headers: Record<string, string> = {}) {
  return sendSigned(h.eventsUrl, appMentionEvent({ eventId, text, ts }), JSON_TYPE, { secret: SIGNING_SECRET, headers });
}

test('429 from chat.postMessage: Retry-After is waited out, then the answer is posted once', async () => {
  slack.failNext('chat.postMessage', { status: 429, retryAfterSeconds: 1 });
  const tooEarlyBefore = slack.tooEarly;
  await mention('Ev0RATE1', '1700010000.000100');
  const ok = await slack.waitFor('the answer after the rate limit', () => repliesIn('1700010000.000100').find((c) => c.status === 200));
  assert.deepEqual(messageProblems(ok.body), []);
  assert.match(JSON.stringify(ok.body.blocks), /is this just probing\?/);
  const attempts = repliesIn('1700010000.000100');
  assert.deepEqual(attempts.map((c) => c.status), [429, 200], 'one refusal, then one accepted post: nothing dropped, nothing doubled');
  assert.equal(slack.tooEarly - tooEarlyBefore, 0, 'no call came back before Retry-After had passed');
});

test('429 from a response_url: Retry-After is waited out, then the answer is posted once', async () => {
  slack.failNext('response_url', { status: 429, retryAfterSeconds: 1 });
  const tooEarlyBefore = slack.tooEarly;
  const res = await sendSigned(h.eventsUrl, slashCommandBody('is probing mechanistic?', slack.responseUrl('rate2')), 'application/x-www-form-urlencoded', { secret: SIGNING_SECRET });
  assert.equal(res.status, 200);
  await slack.waitFor('the answer', () => slack.calls.find((c) => c.target === 'rate2' && c.status === 200));
  assert.deepEqual(slack.calls.filter((c) => c.target === 'rate2').map((c) => c.status), [429, 200]);
  assert.equal(slack.tooEarly - tooEarlyBefore, 0);
});

test('a passing 5xx is retried, for the Web API and for response_url', async () => {
  slack.failNext('chat.postMessage', { status: 500 });
  await mention('Ev0FIVEXX', '1700011000.000100');
  await slack.waitFor('answer after 500', () => repliesIn('1700011000.000100').find((c) => c.status === 200));
  assert.deepEqual(repliesIn('1700011000.000100').map((c) => c.status), [500, 200]);

  slack.failNext('response_url', { status: 503 }, { status: 502 });
  await sendSigned(h.eventsUrl, slashCommandBody('is probing mechanistic?', slack.responseUrl('fivexx')), 'application/x-www-form-urlencoded', { secret: SIGNING_SECRET });
  await slack.waitFor('answer after 503, 502', () => slack.calls.find((c) => c.target === 'fivexx' && c.status === 200));
  assert.deepEqual(slack.calls.filter((c) => c.target === 'fivexx').map((c) => c.status), [503, 502, 200]);
});

test('when Slack refuses the answer, the asker gets an apology with a reference id, and the logs have the error under it', async () => {
  slack.failNext('chat.postMessage', { error: 'invalid_blocks' });
  await mention('Ev0REFUSED', '1700012000.000100');
  const apology = await slack.waitFor('apology', () => slack.accepted('chat.postEphemeral').find((c) => c.body.thread_ts === '1700012000.000100'));
  assert.equal(apology.body.user, 'U0ASKER', 'the apology goes to the asker only, in the thread');
  const ref = /Reference: ([0-9a-f]{8})/.exec(apology.body.text)?.[1];
  assert.ok(ref, apology.body.text);
  assert.deepEqual(messageProblems(apology.body), []);
  const logged = h.logs.map((l) => JSON.parse(l) as { ref?: string; err?: { message?: string }; level: number }).find((l) => l.ref === ref);
  assert.ok(logged, 'the error is logged under the same reference id');
  assert.equal(logged.level, 50);
  assert.match(logged.err?.message ?? '', /invalid_blocks/);
  assert.doesNotMatch(h.logs.join(''), /xoxb-test-bot-token|test-signing-secret/, 'no secret in the logs');
});

test('a retried event is answered once, whether the retry comes while answering or after', async () => {
  const ts = '1700013000.000100';
  const [a, b] = await Promise.all([mention('Ev0RETRY', ts), mention('Ev0RETRY', ts, undefined, { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' })]);
  assert.deepEqual([a.status, b.status], [200, 200], 'retries are acknowledged too, so Slack stops retrying');
  await slack.waitFor('the answer', () => repliesIn(ts).length > 0);
  await mention('Ev0RETRY', ts, undefined, { 'x-slack-retry-num': '2', 'x-slack-retry-reason': 'http_timeout' });
  // The next, different event is answered: once it is, every earlier delivery has been handled.
  await mention('Ev0RETRY-NEXT', '1700013001.000100');
  await slack.waitFor('the later answer', () => repliesIn('1700013001.000100').length > 0);
  assert.equal(repliesIn(ts).length, 1);
});

test('event ids survive a restart: a retry after restarting is not answered again; one the old process never finished is', async () => {
  const ts = '1700014000.000100';
  await mention('Ev0RESTART', ts);
  await slack.waitFor('first answer', () => repliesIn(ts).length > 0);
  // The same database under a new process (new boot id).
  await h.close({ keepSlack: true });
  h = await startHarness({ slack, dataDir: h.dataDir, lexical: true });
  await h.store.slackEvents.claim({ eventId: 'Ev0INTERRUPTED', workspaceId: TEAM, bootId: 'a-process-that-died', now: new Date(Date.now() - 2 * EVENT_CLAIM_LEASE_MS) });

  await mention('Ev0RESTART', ts, undefined, { 'x-slack-retry-num': '2', 'x-slack-retry-reason': 'http_error' });
  await mention('Ev0INTERRUPTED', '1700014001.000100', undefined, { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_error' });
  await slack.waitFor('the interrupted one answered', () => repliesIn('1700014001.000100').length > 0);
  await mention('Ev0RESTART-NEXT', '1700014002.000100');
  await slack.waitFor('a later answer', () => repliesIn('1700014002.000100').length > 0);
  assert.equal(repliesIn(ts).length, 1);
  assert.equal(repliesIn('1700014001.000100').length, 1);
});

test("uninstalling (or revoking the tokens) deletes that workspace's rows from every table, and only that workspace's", async () => {
  const other = 'T0OTHER';
  const seed = async (team: string) => {
    const channel = `C-${team}`;
    const stored = await h.store.answers.save({
      origin: { platform: 'slack', workspaceId: team, channelId: channel, userId: 'U1' },
      createdAt: new Date(),
      answer: answer(),
      queryText: null,
    });
    await h.store.feedback.record({ platform: 'slack', workspaceId: team, channelId: channel, userId: 'U1', query: 'q', answerId: stored.id, paperId: null, comment: 'c', createdAt: new Date() });
    await h.store.slackEvents.claim({ eventId: `Ev-${team}-${Math.random()}`, workspaceId: team, bootId: 'x', now: new Date() });
    await h.store.digest.subscribe({ platform: 'slack', workspaceId: team, channelId: channel, tz: 'UTC', schedule: '0 9 * * 1', createdBy: 'U1' }, new Date());
    // A per-channel setting with no workspace_id column: found through the workspace's channels.
    await h.store.privacy.setKeepQuestionText('slack', channel, true, 'U1', new Date());
  };
  await seed(TEAM);
  await seed(other);
  const tables = ['answer', 'feedback', 'slack_event', 'digest_subscription'];
  const count = async (team: string) => [
    ...tables.map((t) => (h.store.db.prepare(`SELECT count(*) AS n FROM ${t} WHERE workspace_id = ?`).get(team) as { n: number }).n),
    (await h.store.privacy.keepsQuestionText('slack', `C-${team}`)) ? 1 : 0,
  ];
  assert.ok((await count(TEAM)).every((n) => n > 0));

  const res = await sendSigned(h.eventsUrl, teamEvent('app_uninstalled', TEAM, 'Ev0UNINSTALL'), JSON_TYPE, { secret: SIGNING_SECRET });
  assert.equal(res.status, 200);
  await waitUntil('deletion', async () => (await count(TEAM)).every((n) => n === 0));
  assert.ok((await count(other)).every((n) => n > 0), 'other workspaces are untouched');

  await sendSigned(h.eventsUrl, teamEvent('tokens_revoked', other, 'Ev0REVOKED'), JSON_TYPE, { secret: SIGNING_SECRET });
  await waitUntil('deletion on revoke', async () => (await count(other)).every((n) => n === 0));
  assert.equal((await h.store.feedback.list()).filter((f) => f.workspaceId === TEAM || f.workspaceId === other).length, 0);
});

test('over the per-user question limit, the asker alone gets a clear refusal; lookups still work', async () => {
  const limited = await startHarness({ env: { MECHANISTIC_RATE_LIMIT_USER: '1', MECHANISTIC_RATE_LIMIT_CHANNEL: '100' }, lexical: true });
  try {
    const send = (text: string, target: string) =>
      sendSigned(limited.eventsUrl, slashCommandBody(text, limited.slack.responseUrl(target)), 'application/x-www-form-urlencoded', { secret: SIGNING_SECRET });
    const got = (target: string) => limited.slack.waitFor(target, () => limited.slack.calls.find((c) => c.target === target && c.status === 200));
    await send('is probing mechanistic?', 'first');
    assert.equal((await got('first')).body.response_type, 'in_channel');
    await send('and is patching?', 'second');
    const refused = await got('second');
    assert.equal(refused.body.response_type, 'ephemeral');
    assert.match(refused.body.text, /asked more than 1 questions in a minute\. Please try again in \d+ s/);
    await send('term faithful', 'third');
    assert.match(JSON.stringify((await got('third')).body.blocks), /Where uses disagree/);
  } finally {
    await limited.close();
  }
});

test("staleness is judged by the part's clock: a request signed now is stale to a server whose clock is 6 minutes ahead", async () => {
  const ahead = await startHarness({ now: () => new Date(Date.now() + 6 * 60 * 1000), lexical: true });
  try {
    const body = slashCommandBody('is probing mechanistic?', ahead.slack.responseUrl('clock'));
    const res = await sendSigned(ahead.eventsUrl, body, 'application/x-www-form-urlencoded', { secret: SIGNING_SECRET });
    assert.equal(res.status, 401);
    const fresh = await sendSigned(ahead.eventsUrl, body, 'application/x-www-form-urlencoded', { secret: SIGNING_SECRET, timestampS: Math.floor(Date.now() / 1000) + 6 * 60 });
    assert.equal(fresh.status, 200, 'signed at the server clock: accepted');
    await ahead.slack.waitFor('the answer', () => ahead.slack.calls.find((c) => c.target === 'clock' && c.status === 200));
    assert.equal(ahead.slack.calls.filter((c) => c.target === 'clock').length, 1);
  } finally {
    await ahead.close();
  }
});
