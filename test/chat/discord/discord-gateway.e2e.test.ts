/**
 * The Discord part through what a real gateway does to a long-running bot: RECONNECT (op 7) and RESUME
 * (op 6) with the missed dispatches replayed, INVALID_SESSION (op 9) resumable or not; and the REST
 * routes of answers that change their mind (DELETE @original when a refusal must be private) and of a
 * user install (a group DM, where the bot cannot post a digest). Real discord.js against the fake.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { openMechanistic } from '../../../src/app.ts';
import { DIGEST_NEEDS_SERVER } from '../../../src/chat/discord/handlers.ts';
import { loadConfig } from '../../../src/config.ts';
import { createLogger } from '../../../src/log.ts';
import type { Part } from '../../../src/serve/part.ts';
import { createDiscordPart } from '../../../src/serve/parts/discord.ts';
import { openSqliteStore, type SqliteStore } from '../../../src/store/sqlite.ts';
import { partDeps } from '../../helpers/part-deps.ts';
import { APP_ID, FakeDiscord, member, TOKEN, user, USER_ID, type RecordedRequest } from './fake-discord.ts';

const EPHEMERAL = 64;
const dir = mkdtempSync(join(tmpdir(), 'mechanistic-discord-gw-'));
let fake: FakeDiscord;
let store: SqliteStore;
let part: Part;

before(async () => {
  fake = await new FakeDiscord().listen();
  store = openSqliteStore(join(dir, 'mechanistic.db'));
  const config = loadConfig({ MECHANISTIC_NETWORK: 'off', MECHANISTIC_DATA_DIR: dir, DISCORD_TOKEN: TOKEN, DISCORD_APP_ID: APP_ID, LOG_LEVEL: 'silent' });
  const mechanistic = await openMechanistic(config, { dense: false });
  part = createDiscordPart(partDeps({ config, mechanistic, store, log: createLogger('silent') }), { restApi: fake.restApi });
  await part.start();
});
after(async () => {
  await part?.stop();
  await fake?.close();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

const slash = (sub: string, options: { name: string; type: number; value: unknown }[] = []) => ({
  id: '500000000000000005',
  name: 'mechanistic',
  type: 1,
  options: [{ type: 1, name: sub, options }],
});

function callbackOf(i: { id: string; token: string }): Promise<RecordedRequest> {
  return fake.waitFor((r) => r.path === `/interactions/${i.id}/${i.token}/callback`);
}

function editOf(i: { token: string }): Promise<RecordedRequest> {
  return fake.waitFor((r) => r.method === 'PATCH' && r.path === `/webhooks/${APP_ID}/${i.token}/messages/@original`);
}

async function until(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

test('RECONNECT: the client resumes its session, and an interaction sent while it was away is replayed and answered', async () => {
  const identifies = fake.identifies.length;
  let missed = { id: '', token: '' };
  fake.reconnect(() => {
    missed = fake.interaction(2, slash('help'));
  });
  const edit = await editOf(missed);
  assert.match(edit.body.embeds?.[0]?.title ?? edit.body.content ?? '', /mechanistic|help/i);
  assert.equal(fake.resumes.length, 1);
  assert.deepEqual({ ...fake.resumes[0], seq: undefined }, { sessionId: 'fake-session-1', seq: undefined, resumed: true });
  assert.ok(fake.resumes[0]!.seq >= 2, 'the RESUME names the last sequence number the client saw');
  assert.equal(fake.identifies.length, identifies, 'resumed, not identified again');
});

test('INVALID_SESSION resumable: the client resumes on the same connection', async () => {
  const resumes = fake.resumes.length;
  fake.invalidateSession(true);
  await until(() => fake.resumes.length > resumes, 'a RESUME');
  assert.equal(fake.resumes.at(-1)!.resumed, true);
  const i = fake.interaction(2, slash('help'));
  await editOf(i);
});

test('INVALID_SESSION not resumable: the client identifies again, and answers on the new session', async () => {
  const identifies = fake.identifies.length;
  fake.invalidateSession(false);
  await until(() => fake.identifies.length > identifies && fake.connections === 1, 'a new IDENTIFY');
  assert.equal(fake.identifies.at(-1)!.token, TOKEN);
  const i = fake.interaction(2, slash('help'));
  const edit = await editOf(i);
  assert.ok(edit.status < 400);
});

test('a digest refusal that must be private replaces the public placeholder: DELETE @original, then a private follow-up', async () => {
  const noRights = { ...member(), permissions: '0' };
  const i = fake.interaction(2, slash('digest', [{ name: 'action', type: 3, value: 'on' }]), { member: noRights, app_permissions: '0' });
  const callback = await callbackOf(i);
  assert.equal(callback.body.type, 5);
  assert.equal((callback.body.data?.flags ?? 0) & EPHEMERAL, 0, 'turning the digest on is public when allowed, so the deferral is public');
  const note = await fake.waitFor((r) => r.method === 'POST' && r.path === `/webhooks/${APP_ID}/${i.token}`);
  assert.ok(fake.deleted.includes(`/webhooks/${APP_ID}/${i.token}/messages/@original`), 'the public placeholder was deleted');
  assert.equal(note.body.flags & EPHEMERAL, EPHEMERAL);
  assert.match(note.body.content, /can manage this channel/);
});

test('a user install in a group DM: questions are answered; the digest says it needs the bot in a server', async () => {
  const groupDm = { id: '700000000000000007', type: 3, name: 'reading pals', recipients: [user()], flags: 0 };
  const where = { guild_id: undefined, member: undefined, user: user(), channel: groupDm, channel_id: groupDm.id, context: 2, authorizing_integration_owners: { '1': USER_ID } };
  const ask = fake.interaction(2, slash('ask', [{ name: 'query', type: 3, value: 'is probing mechanistic?' }]), where);
  const answer = await editOf(ask);
  assert.match(answer.body.embeds[0].description, /Narrow technical/);
  const digest = fake.interaction(2, slash('digest', [{ name: 'action', type: 3, value: 'on' }]), where);
  const edit = await editOf(digest);
  assert.equal(edit.body.content, DIGEST_NEEDS_SERVER);
  assert.equal(await store.digest.getSubscription('discord', groupDm.id), null, 'nothing subscribed');
});
