/**
 * The chat settings are checked at start with a message that names the variable and what to do,
 * never a secret's value; a credential inside a URL (SLACK_API_URL) never reaches a log line.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { boltLogger } from '../../src/chat/slack/bolt-logger.ts';
import { ConfigError, loadConfig, redactUrlCredentials } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';

const BASE = { MECHANISTIC_NETWORK: 'off', MECHANISTIC_DATA_DIR: '/tmp/mech-config-test' };
const SIGNED = { SLACK_SIGNING_SECRET: 'signing-secret-SENTINEL' };

function problemOf(env: Record<string, string>): string {
  try {
    loadConfig({ ...BASE, ...env });
  } catch (e) {
    assert.ok(e instanceof ConfigError, String(e));
    assert.doesNotMatch(e.message, /SENTINEL/, 'no secret in the message');
    return e.message;
  }
  assert.fail(`accepted ${JSON.stringify(env)}`);
}

test('SLACK_BOT_TOKEN must be a bot token (xoxb-), and the message says what was pasted instead', () => {
  assert.match(problemOf({ SLACK_BOT_TOKEN: 'xoxp-SENTINEL-user', ...SIGNED }), /SLACK_BOT_TOKEN=\(secret\): expected the Bot User OAuth Token .* starts with xoxb-; this one is a user token/);
  assert.match(problemOf({ SLACK_BOT_TOKEN: 'xapp-SENTINEL-app', ...SIGNED }), /this one is an app-level token \(it goes in SLACK_APP_TOKEN\)/);
  assert.match(problemOf({ SLACK_BOT_TOKEN: 'SENTINEL-no-prefix', ...SIGNED }), /starts with xoxb-$/m);
  assert.equal(loadConfig({ ...BASE, SLACK_BOT_TOKEN: 'xoxb-1-2-abc', ...SIGNED }).SLACK_BOT_TOKEN, 'xoxb-1-2-abc');
});

test('SLACK_APP_TOKEN must be an app-level token (xapp-)', () => {
  assert.match(problemOf({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xoxb-SENTINEL' }), /SLACK_APP_TOKEN=\(secret\): expected an app-level token .* starts with xapp-; this one is a bot token/);
  assert.equal(loadConfig({ ...BASE, SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1-A1-2-abc' }).SLACK_APP_TOKEN, 'xapp-1-A1-2-abc');
});

test('both token problems are reported at once, one line each', () => {
  const message = problemOf({ SLACK_BOT_TOKEN: 'xapp-SENTINEL', SLACK_APP_TOKEN: 'xoxb-SENTINEL' });
  assert.equal(message.split('\n').filter((l) => l.startsWith('  ')).length, 2);
});

test('DISCORD_APP_ID is a snowflake: digits, at most 2^64 - 1', () => {
  assert.match(problemOf({ DISCORD_TOKEN: 'SENTINEL', DISCORD_APP_ID: 'mechanistic-bot' }), /DISCORD_APP_ID="mechanistic-bot": expected the application id, a number of 17 to 20 digits/);
  assert.match(problemOf({ DISCORD_TOKEN: 'SENTINEL', DISCORD_APP_ID: '18446744073709551616' }), /DISCORD_APP_ID=/, 'one past the largest 64-bit id');
  assert.match(problemOf({ DISCORD_TOKEN: 'SENTINEL', DISCORD_APP_ID: '1234 5678' }), /DISCORD_APP_ID=/);
  assert.equal(loadConfig({ ...BASE, DISCORD_TOKEN: 't', DISCORD_APP_ID: '18446744073709551615' }).DISCORD_APP_ID, '18446744073709551615');
  assert.equal(loadConfig({ ...BASE, DISCORD_TOKEN: 't', DISCORD_APP_ID: '1234567890123456789' }).DISCORD_APP_ID, '1234567890123456789');
});

test('OPENAI_BASE_URL is an http(s) URL; credentials in it are not shown', () => {
  assert.match(problemOf({ OPENAI_BASE_URL: 'api.openai.com/v1', MECHANISTIC_LLM_MODEL: 'm' }), /OPENAI_BASE_URL="api.openai.com\/v1": expected an http\(s\) URL/);
  const withCredentials = problemOf({ OPENAI_BASE_URL: 'ftp://u:SENTINEL@example.org/v1', MECHANISTIC_LLM_MODEL: 'm' });
  assert.match(withCredentials, /OPENAI_BASE_URL="ftp:\/\/\[redacted\]@example.org\/v1"/);
  assert.ok(!withCredentials.includes('SENTINEL'));
  assert.equal(loadConfig({ ...BASE, OPENAI_BASE_URL: 'http://127.0.0.1:8080/v1', MECHANISTIC_LLM_MODEL: 'm' }).OPENAI_BASE_URL, 'http://127.0.0.1:8080/v1');
});

test('SLACK_API_URL is a base URL without query; its credentials are redacted in the error', () => {
  const message = problemOf({ SLACK_API_URL: 'https://proxy:SENTINEL@slack-gov.com/api/?x=1' });
  assert.match(message, /SLACK_API_URL="https:\/\/\[redacted\]@slack-gov.com\/api\/\?x=1": expected an http\(s\) base URL without query/);
  assert.match(problemOf({ SLACK_API_URL: 'not a url' }), /SLACK_API_URL="not a url"/);
  assert.equal(loadConfig({ ...BASE, SLACK_API_URL: 'https://slack-gov.com/api/' }).SLACK_API_URL, 'https://slack-gov.com/api/');
});

test('redactUrlCredentials: user and password of any URL, nothing else', () => {
  assert.equal(redactUrlCredentials('GET https://u:p@slack-gov.com/api/auth.test failed'), 'GET https://[redacted]@slack-gov.com/api/auth.test failed');
  assert.equal(redactUrlCredentials('"url":"http://token@10.0.0.1:8080/api/"'), '"url":"http://[redacted]@10.0.0.1:8080/api/"');
  assert.equal(redactUrlCredentials('https://aclanthology.org/2024.blackboxnlp-1.30/ mail me@example.org'), 'https://aclanthology.org/2024.blackboxnlp-1.30/ mail me@example.org');
  assert.equal(redactUrlCredentials('https://example.org/people/@ana'), 'https://example.org/people/@ana', 'an @ in the path is not userinfo');
});

test('credentials inside SLACK_API_URL are in no log line: the config event, our messages, errors, and Bolt’s own lines', () => {
  const lines: string[] = [];
  const log = createLogger('debug', new Writable({ write: (c, _e, done) => (lines.push(String(c)), done()) }));
  const url = 'https://relay-user:SENTINEL-pass@slack-gov.com/api/';
  const config = loadConfig({ ...BASE, SLACK_BOT_TOKEN: 'xoxb-SENTINEL', ...SIGNED, SLACK_API_URL: url });
  log.info({ event: 'config', config }, 'configuration');
  log.warn(`could not reach ${url}auth.test`);
  log.error({ err: new Error(`request to ${url}chat.postMessage failed`) }, 'could not answer');
  const bolt = boltLogger(log);
  bolt.warn('http request failed', `${url}chat.postMessage`);
  bolt.debug({ url });
  const all = lines.join('');
  assert.equal(lines.length, 5);
  assert.doesNotMatch(all, /SENTINEL/);
  assert.match(all, /https:\/\/\[redacted\]@slack-gov.com\/api\//);
  assert.equal(JSON.parse(lines[0]!).config.SLACK_API_URL, 'https://[redacted]@slack-gov.com/api/');
});
