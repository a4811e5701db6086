import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadCorpus } from '../../src/corpus/load.ts';
import { createDiscordPoster, digestNonce } from '../../src/chat/discord/digest-poster.ts';
import { DigestScheduler } from '../../src/digest/scheduler.ts';
import { createLogger } from '../../src/log.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import type { Store } from '../../src/store/store.ts';
import { logAnswer } from './helpers/answers.ts';
import { startFakeDiscord, type FakeDiscord } from './helpers/fake-discord.ts';
import { pngSize } from './helpers/png.ts';

const CORPUS_DIR = fileURLToPath(new URL('./fixtures/corpus/', import.meta.url));
const corpus = loadCorpus(CORPUS_DIR);
const TOKEN = 'discord-test';
let clock = new Date('2026-11-20T12:00:00Z');
const now = () => clock;
let discord: FakeDiscord;
const dirs: string[] = [];

before(async () => {
  discord = await startFakeDiscord({ token: TOKEN, now });
});
after(async () => {
  await discord.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A New York channel posting Fridays at 16:30, with questions in 2026-W47. */
async function setup(channel: string): Promise<{ path: string; store: Store }> {
  const dir = mkdtempSync(join(tmpdir(), 'mechanistic-discord-digest-'));
  dirs.push(dir);
  const path = join(dir, 'mechanistic.db');
  const store = openSqliteStore(path);
  await store.digest.subscribe({ platform: 'discord', workspaceId: 'G1', channelId: channel, tz: 'America/New_York', schedule: '30 16 * * 5', createdBy: 'U1' }, new Date('2026-11-01T00:00:00Z'));
  await logAnswer(store, { platform: 'discord', channel, at: '2026-11-17T15:00:00Z', concepts: ['activation-patching'], precedents: ['vig2020'] });
  await logAnswer(store, { platform: 'discord', channel, at: '2026-11-18T15:00:00Z', concepts: ['probing'] });
  return { path, store };
}

const scheduler = (store: Store) =>
  new DigestScheduler({ store, corpus, poster: createDiscordPoster({ token: TOKEN, apiUrl: discord.apiUrl }), now, log: createLogger('silent') });
const inChannel = (channel: string) => discord.posted.filter((p) => p.channel_id === channel);

test('Discord: Friday 16:30 New York posts the last complete week once, with the chart attached', async () => {
  const { store } = await setup('1001');
  clock = new Date('2026-11-27T21:29:00Z'); // 16:29 EST: the run owed is last Friday's (W46, empty)
  assert.deepEqual((await scheduler(store).tick()).map((r) => [r.isoWeek, r.outcome]), [['2026-W46', 'empty']]);
  clock = new Date('2026-11-27T21:30:00Z');
  assert.deepEqual((await scheduler(store).tick()).map((r) => [r.isoWeek, r.outcome]), [['2026-W47', 'posted']]);
  assert.deepEqual((await scheduler(store).tick()).map((r) => r.outcome), ['done']);
  const [m] = inChannel('1001');
  assert.ok(m);
  assert.equal(inChannel('1001').length, 1);
  assert.ok(m.content.length <= 2000);
  assert.match(m.content, /^## What we asked about in 2026-W47/);
  assert.match(m.content, /\[Investigating Gender Bias in Language Models Using Causal Mediation Analysis\]\(https:\/\/arxiv\.org\/abs\/2004\.12265\)/);
  assert.equal(m.nonce, digestNonce('1001', '2026-W47'));
  assert.ok((m.nonce ?? '').length <= 25);
  assert.notEqual(digestNonce('1002', '2026-W47'), m.nonce, 'another channel the same week has another nonce');
  assert.notEqual(digestNonce('1001', '2026-W48'), m.nonce);
  assert.deepEqual(m.attachments.map((a) => [a.filename, a.content_type]), [['mechanistic-digest-2026-W47.png', 'image/png']]);
  assert.deepEqual(pngSize(m.files[0]!), { width: 1440, height: 720 });
  assert.equal((await store.digest.getPosted('discord', '1001', '2026-W47'))?.messageId, m.id);
  await store.close();
});

test('Discord: a crash after the message went out is reconciled from the channel history, not reposted', async () => {
  const { path, store } = await setup('1002');
  await store.close();
  clock = new Date('2026-11-27T21:30:00Z');
  discord.holdPosts = true;
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL('./helpers/run-tick.ts', import.meta.url)), path, 'discord', discord.apiUrl, clock.toISOString(), CORPUS_DIR],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  try {
    await once(discord.events, 'posted');
  } finally {
    child.kill('SIGKILL');
    await once(child, 'exit');
    discord.holdPosts = false;
  }
  const store2 = openSqliteStore(path);
  clock = new Date('2026-11-27T21:45:00Z');
  const [r] = await scheduler(store2).tick();
  assert.equal(r?.outcome, 'reconciled');
  assert.equal(inChannel('1002').length, 1);
  assert.equal((await store2.digest.getPosted('discord', '1002', '2026-W47'))?.messageId, inChannel('1002')[0]?.id);
  await store2.close();
});
