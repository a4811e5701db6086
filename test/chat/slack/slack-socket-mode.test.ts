/**
 * Socket Mode (SLACK_APP_TOKEN): no HTTP route; Bolt opens a WebSocket to the URL that
 * apps.connections.open returns (here the fake Slack's), acknowledges envelopes on it, and the
 * same handlers answer.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSlackPart } from '../../../src/serve/parts/slack.ts';
import type { Part } from '../../../src/serve/part.ts';
import { messageProblems } from '../../../src/chat/slack/validate-blocks.ts';
import { loadConfig } from '../../../src/config.ts';
import { createLogger } from '../../../src/log.ts';
import { openStore } from '../../../src/store/sqlite.ts';
import type { Store } from '../../../src/store/store.ts';
import { partDeps } from '../../helpers/part-deps.ts';
import { FakeSlack } from './fake-slack.ts';
import { sharedLexicalMechanistic, TEST_RETRIES } from './harness.ts';
import { CHANNEL, slashCommandFields, TEAM, USER } from './slack-requests.ts';

let slack: FakeSlack;
let part: Part;
let store: Store;

before(async () => {
  slack = await new FakeSlack().start();
  const dataDir = mkdtempSync(join(tmpdir(), 'mech-slack-socket-'));
  const config = loadConfig({ MECHANISTIC_NETWORK: 'off', MECHANISTIC_DATA_DIR: dataDir, SLACK_BOT_TOKEN: 'xoxb-socket-test', SLACK_APP_TOKEN: 'xapp-socket-test' });
  store = openStore(dataDir);
  part = createSlackPart(
    partDeps({ config, mechanistic: await sharedLexicalMechanistic(), store, log: createLogger('silent') }),
    { ...TEST_RETRIES, clientOptions: { ...TEST_RETRIES.clientOptions, slackApiUrl: slack.apiUrl } },
  );
  await part.start();
});
after(async () => {
  await part.stop();
  await store.close();
  await slack.close();
});

test('Socket Mode contributes no HTTP route and connects with the app-level token', async () => {
  assert.deepEqual(part.routes, []);
  const open = slack.accepted('apps.connections.open')[0];
  assert.equal(open?.authorization, 'Bearer xapp-socket-test');
  await slack.waitFor('a connected socket client', () => slack.socketClients > 0);
});

test('a slash command over the socket is acknowledged on it and answered via response_url', async () => {
  slack.sendEnvelope({
    envelope_id: 'env-slash-1',
    type: 'slash_commands',
    accepts_response_payload: true,
    payload: slashCommandFields('is activation patching just causal mediation analysis?', slack.responseUrl('socket-1'), { trigger_id: '1.2.3' }),
  });
  await slack.waitFor('the ack on the socket', () => slack.socketAcks.has('env-slash-1'));
  const answer = await slack.waitFor('the answer', () => slack.calls.find((c) => c.target === 'socket-1' && c.status === 200));
  assert.equal(answer.body.response_type, 'in_channel');
  assert.deepEqual(messageProblems(answer.body), []);
  assert.match(JSON.stringify(answer.body.blocks), /Activation patching/);
});

test('a mention over the socket is answered in its thread, once even when the envelope is retried', async () => {
  const payload = {
    token: 'legacy',
    team_id: TEAM,
    api_app_id: 'A0TEST',
    event: { type: 'app_mention', user: USER, text: '<@U0BOT> is this just probing?', ts: '1700020000.000100', channel: CHANNEL, event_ts: '1700020000.000100' },
    type: 'event_callback',
    event_id: 'Ev0SOCKET',
    event_time: Math.floor(Date.now() / 1000),
  };
  slack.sendEnvelope({ envelope_id: 'env-ev-1', type: 'events_api', accepts_response_payload: false, payload });
  await slack.waitFor('the reply', () => slack.accepted('chat.postMessage').find((c) => c.body.thread_ts === '1700020000.000100'));
  slack.sendEnvelope({ envelope_id: 'env-ev-2', type: 'events_api', accepts_response_payload: false, payload });
  await slack.waitFor('the retry acknowledged', () => slack.socketAcks.has('env-ev-2'));
  slack.sendEnvelope({
    envelope_id: 'env-ev-3',
    type: 'events_api',
    accepts_response_payload: false,
    payload: { ...payload, event_id: 'Ev0SOCKET-NEXT', event: { ...payload.event, ts: '1700020001.000100', event_ts: '1700020001.000100' } },
  });
  await slack.waitFor('the later reply', () => slack.accepted('chat.postMessage').find((c) => c.body.thread_ts === '1700020001.000100'));
  assert.equal(slack.calls.filter((c) => c.method === 'chat.postMessage' && c.body.thread_ts === '1700020000.000100').length, 1);
});
