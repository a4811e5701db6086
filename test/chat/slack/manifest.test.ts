/**
 * slack/manifest.yaml asks for exactly what the code uses: the scopes of the Web API methods
 * called anywhere in src/, the events, command and shortcut the handlers register.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { MESSAGE_SHORTCUT_CALLBACK_ID, SLACK_EVENTS_PATH, SLASH_COMMAND } from '../../../src/serve/parts/slack.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const manifest = parse(readFileSync(join(ROOT, 'slack/manifest.yaml'), 'utf8'));

/** Web API methods → the bot scopes Slack requires for them (docs.slack.dev method reference). */
const METHOD_SCOPES: Record<string, string[]> = {
  'chat.postMessage': ['chat:write'],
  'chat.postEphemeral': ['chat:write'],
  'views.open': [],
  'users.info': ['users:read'],
  filesUploadV2: ['files:write'],
  'conversations.history': ['channels:history', 'groups:history'],
  'chat.unfurl': ['links:write'],
  'views.publish': [],
  'reactions.add': ['reactions:write'],
  'reactions.remove': ['reactions:write'],
};
/** Scopes that come with features rather than method calls. */
const FEATURE_SCOPES = ['commands', 'app_mentions:read', 'chat:write.public', 'links:read', 'im:history'];
/** Events whose subscription name is more specific than the listener's (the handler takes direct messages only). */
const EVENT_SUBSCRIPTIONS: Record<string, string> = { message: 'message.im' };

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

test('the manifest asks for exactly the scopes of the Web API methods the code calls', () => {
  // Slack code is what imports Bolt or its WebClient; other `client`s (discord.js) are not Slack's.
  const text = sources(join(ROOT, 'src'))
    .map((p) => readFileSync(p, 'utf8'))
    .filter((t) => t.includes("from '@slack/bolt'") || t.includes('webApi.WebClient'))
    .join('\n');
  const called = new Set([...text.matchAll(/client\.(?:(\w+)\.(\w+)|(filesUploadV2))\(/g)].map((m) => m[3] ?? `${m[1]}.${m[2]}`));
  for (const method of called) assert.ok(method in METHOD_SCOPES, `the code calls ${method}: add its scopes to this test and to the manifest`);
  const needed = new Set([...[...called].flatMap((m) => METHOD_SCOPES[m]!), ...FEATURE_SCOPES]);
  assert.deepEqual(new Set(manifest.oauth_config.scopes.bot), needed);
  assert.equal(manifest.oauth_config.scopes.user, undefined, 'no user scopes');
});

test('the manifest subscribes to exactly the events the handlers listen to, and names the command and shortcut they register', () => {
  const handlers = readFileSync(join(ROOT, 'src/chat/slack/handlers.ts'), 'utf8');
  const events = new Set([...handlers.matchAll(/app\.event\('([a-z_]+)'/g)].map((m) => EVENT_SUBSCRIPTIONS[m[1]!] ?? m[1]));
  assert.deepEqual(new Set(manifest.settings.event_subscriptions.bot_events), events);
  assert.deepEqual(manifest.features.slash_commands.map((c: { command: string }) => c.command), [SLASH_COMMAND]);
  assert.deepEqual(manifest.features.shortcuts.map((s: { callback_id: string; type: string }) => [s.callback_id, s.type]), [[MESSAGE_SHORTCUT_CALLBACK_ID, 'message']]);
  for (const url of [manifest.features.slash_commands[0].url, manifest.settings.event_subscriptions.request_url, manifest.settings.interactivity.request_url]) {
    assert.equal(new URL(url).pathname, SLACK_EVENTS_PATH);
  }
  assert.equal(manifest.settings.interactivity.is_enabled, true, 'buttons, the shortcut and the feedback form need interactivity');
});
