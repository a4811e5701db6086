/**
 * /slack/events refuses what Slack would never send: a signed request seen before (a replay),
 * on this instance or another on the same database, and a timestamp more than 5 minutes ahead.
 * Every refusal is JSON with a code and a message, and a payload no listener takes is answered
 * at once (Bolt's 3-second timer is set to ten minutes here, so waiting for it would hang).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, SIGNING_SECRET, type Harness } from './harness.ts';
import { appMentionEvent, blockAction, interactionBody, sendSigned, sign, slashCommandBody } from './slack-requests.ts';

const FORM = 'application/x-www-form-urlencoded';
const TEN_MINUTES = 10 * 60_000;
let h: Harness;
let other: Harness;

before(async () => {
  h = await startHarness({ lexical: true, part: { unhandledTimeoutMs: TEN_MINUTES } });
  // A second instance on the same database, with its own HTTP server, as behind a load balancer.
  other = await startHarness({ lexical: true, slack: h.slack, dataDir: h.dataDir, part: { unhandledTimeoutMs: TEN_MINUTES } });
});
after(async () => {
  await other.close({ keepSlack: true });
  await h.close();
});

const nowS = () => Math.floor(Date.now() / 1000);

/** Sends exactly these bytes with exactly this signature and timestamp, as a replaying attacker would. */
async function resend(url: string, body: string, contentType: string, timestampS: number) {
  return sendSigned(url, body, contentType, { secret: SIGNING_SECRET, timestampS, signature: sign(SIGNING_SECRET, timestampS, body) });
}

function errorOf(text: string): { code: string; message: string } {
  const parsed = JSON.parse(text) as { error: { code: string; message: string } };
  assert.equal(typeof parsed.error.message, 'string');
  assert.ok(parsed.error.message.length > 10, 'the message says what is wrong');
  return parsed.error;
}

test('a replayed slash command is refused (409, not retried) and the question is answered once', async () => {
  const body = slashCommandBody('is probing mechanistic?', h.slack.responseUrl('replay1'));
  const ts = nowS();
  const first = await resend(h.eventsUrl, body, FORM, ts);
  assert.equal(first.status, 200);
  const again = await resend(h.eventsUrl, body, FORM, ts);
  assert.equal(again.status, 409);
  assert.equal(errorOf(again.text).code, 'replayed');
  const elsewhere = await resend(other.eventsUrl, body, FORM, ts);
  assert.equal(elsewhere.status, 409, 'another instance on the same database refuses it too');
  await h.slack.waitFor('the answer', () => h.slack.calls.find((c) => c.target === 'replay1' && c.status === 200));
  assert.equal(h.slack.calls.filter((c) => c.target === 'replay1').length, 1, 'one answer for one signed request');

  // The same command typed again is a new invocation: Slack sends it with a new trigger id, timestamp and signature.
  const later = await resend(h.eventsUrl, slashCommandBody('is probing mechanistic?', h.slack.responseUrl('replay1')), FORM, ts + 1);
  assert.equal(later.status, 200);
  await h.slack.waitFor('the second answer', () => h.slack.calls.filter((c) => c.target === 'replay1' && c.status === 200).length === 2);
});

test('a replayed event (an Events API retry within the same second has the same signature) is acknowledged and not processed again', async () => {
  const body = appMentionEvent({ eventId: 'Ev0REPLAYED', text: '<@U0BOT> is this just probing?', ts: '1700020300.000100' });
  const ts = nowS();
  const [a, b] = [await resend(h.eventsUrl, body, 'application/json', ts), await resend(other.eventsUrl, body, 'application/json', ts)];
  assert.deepEqual([a.status, b.status], [200, 200]);
  await h.slack.waitFor('the answer', () => h.slack.accepted('chat.postMessage').find((c) => c.body.thread_ts === '1700020300.000100'));
  // A later, different event is answered after it: every earlier delivery has been handled by then.
  await resend(h.eventsUrl, appMentionEvent({ eventId: 'Ev0REPLAYED-NEXT', text: '<@U0BOT> and probing?', ts: '1700020301.000100' }), 'application/json', ts);
  await h.slack.waitFor('the next answer', () => h.slack.accepted('chat.postMessage').find((c) => c.body.thread_ts === '1700020301.000100'));
  assert.equal(h.slack.calls.filter((c) => c.method === 'chat.postMessage' && c.body.thread_ts === '1700020300.000100').length, 1);
});

test('the replay refusal tells Slack not to retry', async () => {
  const body = interactionBody(blockAction({ actionId: 'mechanistic_why', value: 'gone0000:0', messageTs: '1700020000.000100', responseUrl: h.slack.responseUrl('replay2') }));
  const ts = nowS();
  assert.equal((await resend(h.eventsUrl, body, FORM, ts)).status, 200);
  const res = await fetch(h.eventsUrl, {
    method: 'POST',
    headers: { 'content-type': FORM, 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sign(SIGNING_SECRET, ts, body) },
    body,
  });
  assert.equal(res.status, 409);
  assert.equal(res.headers.get('x-slack-no-retry'), '1');
  assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
});

test('timestamps more than 5 minutes ahead are refused like stale ones; 4 minutes ahead is clock skew, accepted', async () => {
  const body = (n: string) => slashCommandBody('is probing mechanistic?', h.slack.responseUrl(n));
  const ahead = await resend(h.eventsUrl, body('future'), FORM, nowS() + 6 * 60);
  assert.equal(ahead.status, 401);
  assert.equal(errorOf(ahead.text).code, 'stale_request');
  const behind = await resend(h.eventsUrl, body('past'), FORM, nowS() - 6 * 60);
  assert.equal(behind.status, 401);
  assert.equal(errorOf(behind.text).code, 'stale_request');
  const skewed = await resend(h.eventsUrl, body('skew'), FORM, nowS() + 4 * 60);
  assert.equal(skewed.status, 200);
  await h.slack.waitFor('the skewed request answered', () => h.slack.calls.find((c) => c.target === 'skew' && c.status === 200));
  assert.equal(h.slack.calls.filter((c) => c.target === 'future' || c.target === 'past').length, 0);
});

test('every refusal is JSON with a code and a message', async () => {
  const body = slashCommandBody('x', h.slack.responseUrl('refused'));
  const forged = await sendSigned(h.eventsUrl, body, FORM, { secret: 'not-the-secret' });
  assert.deepEqual([forged.status, errorOf(forged.text).code], [401, 'bad_signature']);
  assert.match(errorOf(forged.text).message, /SLACK_SIGNING_SECRET/);
  const unsigned = await sendSigned(h.eventsUrl, body, FORM, { secret: SIGNING_SECRET, signature: null });
  assert.deepEqual([unsigned.status, errorOf(unsigned.text).code], [401, 'bad_signature']);
  const badJson = await sendSigned(h.eventsUrl, '{"type": "event_callback",', 'application/json', { secret: SIGNING_SECRET });
  assert.deepEqual([badJson.status, errorOf(badJson.text).code], [400, 'bad_json']);
  const notAnEvent = await sendSigned(h.eventsUrl, '[1, 2, 3]', 'application/json', { secret: SIGNING_SECRET });
  assert.deepEqual([notAnEvent.status, errorOf(notAnEvent.text).code], [400, 'bad_request']);
});

test('a signed payload no listener takes is answered 404 at once, not after a timer', async () => {
  const unknownAction = interactionBody(blockAction({ actionId: 'someone_elses_button', value: 'x', messageTs: '1700020100.000100', responseUrl: h.slack.responseUrl('unknown') }));
  const res = await sendSigned(h.eventsUrl, unknownAction, FORM, { secret: SIGNING_SECRET });
  assert.equal(res.status, 404);
  assert.equal(errorOf(res.text).code, 'unhandled');
  assert.match(errorOf(res.text).message, /block_actions/);
  const unknownKind = await sendSigned(h.eventsUrl, JSON.stringify({ type: 'something_new', team_id: 'T0TEST' }), 'application/json', { secret: SIGNING_SECRET });
  assert.deepEqual([unknownKind.status, errorOf(unknownKind.text).code], [404, 'unhandled']);
  const noEvent = await sendSigned(h.eventsUrl, JSON.stringify({ type: 'event_callback', team_id: 'T0TEST', event_id: 'Ev0NOEVENT' }), 'application/json', { secret: SIGNING_SECRET });
  assert.deepEqual([noEvent.status, errorOf(noEvent.text).code], [404, 'unhandled']);
  // An event of a type with no listener is still acknowledged, as Slack requires of events.
  const event = JSON.parse(appMentionEvent({ eventId: 'Ev0REACTION', text: 'x', ts: '1700020200.000100' }));
  event.event = { type: 'reaction_added', user: 'U0ASKER', reaction: 'eyes', item: { type: 'message', channel: 'C0READING', ts: '1700020200.000100' }, event_ts: '1700020201.000100' };
  const ignored = await sendSigned(h.eventsUrl, JSON.stringify(event), 'application/json', { secret: SIGNING_SECRET });
  assert.equal(ignored.status, 200);
});
