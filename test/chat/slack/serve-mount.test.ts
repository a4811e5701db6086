/**
 * `mechanistic serve` with SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET mounts the Slack part at
 * /slack/events on its one HTTP server (no outbound Slack call is needed to see that).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../src/config.ts';
import { createLogger } from '../../../src/log.ts';
import { PART_FACTORIES } from '../../../src/serve/parts.ts';
import { startServe } from '../../../src/serve/serve.ts';
import { createSlackPart } from '../../../src/serve/parts/slack.ts';
import { openStore } from '../../../src/store/sqlite.ts';
import { partDeps } from '../../helpers/part-deps.ts';
import { FakeSlack } from './fake-slack.ts';
import { sharedLexicalMechanistic, SIGNING_SECRET } from './harness.ts';
import { sendSigned } from './slack-requests.ts';

test('serve mounts Slack at /slack/events when the Slack settings are present, and only then', async () => {
  const slack = PART_FACTORIES.find((f) => f.name === 'slack');
  assert.ok(slack, 'the Slack part is registered with serve');
  assert.equal(slack.enabled(loadConfig({})), false);
  const fake = await new FakeSlack().start();

  const config = loadConfig({
    MECHANISTIC_NETWORK: 'off',
    MECHANISTIC_DATA_DIR: mkdtempSync(join(tmpdir(), 'mech-slack-serve-')),
    PORT: '0',
    HOST: '127.0.0.1',
    SLACK_BOT_TOKEN: 'xoxb-serve-test',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
  });
  assert.equal(slack.enabled(config), true);
  const running = await startServe({ config, log: createLogger('silent'), parts: [slack], loadMechanistic: sharedLexicalMechanistic });
  try {
    await running.ready;
    const url = `${running.url}/slack/events`;
    const challenge = JSON.stringify({ token: 'legacy', challenge: 'serve-challenge', type: 'url_verification' });
    const ok = await sendSigned(url, challenge, 'application/json', { secret: SIGNING_SECRET });
    assert.deepEqual([ok.status, JSON.parse(ok.text)], [200, { challenge: 'serve-challenge' }]);
    const forged = await sendSigned(url, challenge, 'application/json', { secret: 'not-it' });
    assert.equal(forged.status, 401);
    assert.equal(fake.accepted('auth.test')[0]?.authorization, 'Bearer xoxb-serve-test', 'the token was checked at start, at SLACK_API_URL');
  } finally {
    await running.stop();
    await fake.close();
  }
});

test('a token Slack refuses fails the start with a message that says what to fix', async () => {
  const fake = await new FakeSlack().start();
  fake.failNext('auth.test', { error: 'invalid_auth' });
  const dataDir = mkdtempSync(join(tmpdir(), 'mech-slack-badtoken-'));
  const config = loadConfig({ MECHANISTIC_NETWORK: 'off', MECHANISTIC_DATA_DIR: dataDir, SLACK_BOT_TOKEN: 'xoxb-wrong', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.apiUrl });
  const store = openStore(dataDir);
  try {
    const part = createSlackPart(partDeps({ config, mechanistic: await sharedLexicalMechanistic(), store, log: createLogger('silent') }));
    const err = await part.start().then(
      () => null,
      (e: Error) => e,
    );
    assert.match(err?.message ?? 'started', /^Slack refused SLACK_BOT_TOKEN \(invalid_auth\): copy the Bot User OAuth Token/);
    assert.doesNotMatch(err!.message, /xoxb-wrong/, 'the token itself is never echoed');
  } finally {
    await store.close();
    await fake.close();
  }
});
