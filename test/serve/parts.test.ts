import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import { PART_FACTORIES } from '../../src/serve/parts.ts';

const enabled = (env: Record<string, string>) => PART_FACTORIES.filter((f) => f.enabled(loadConfig(env))).map((f) => f.name);

test('with no platform configured, serve runs the web page alone', () => {
  assert.deepEqual(enabled({}), []);
});

test('each platform token turns its part on, with the digest', () => {
  assert.deepEqual(enabled({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }), ['slack', 'digest']);
  assert.deepEqual(enabled({ DISCORD_TOKEN: 't', DISCORD_APP_ID: '1' }), ['discord', 'digest']);
  assert.deepEqual(enabled({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', DISCORD_TOKEN: 't', DISCORD_APP_ID: '1' }), ['slack', 'discord', 'digest']);
});
