/**
 * `mechanistic serve --shards auto` against the loopback Discord (gateway and REST): discord.js's
 * ShardingManager asks GET /gateway/bot for the count (2), forks one `serve` per shard, each
 * IDENTIFYs with its [id, count], and the shard that owns the server answers its interaction.
 * SIGTERM to the parent stops every shard. Every wait has a deadline; nothing is left running.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ensureFreshBuild } from '../../scripts/build.ts';
import { parseShardCount } from '../../src/serve/parts/discord-shards.ts';
import { APP_ID, FakeDiscord, TOKEN } from '../chat/discord/fake-discord.ts';
import { serveEnv, startServeProcess, until } from '../../scripts/bench/serve-process.ts';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

test('--shards takes auto or a whole number from 1', () => {
  assert.equal(parseShardCount('auto'), 'auto');
  assert.equal(parseShardCount('3'), 3);
  for (const bad of ['0', '-1', '1.5', 'many', '', undefined]) assert.throws(() => parseShardCount(bad), /--shards expects auto or a whole number of shards from 1/);
});

test('serve --shards auto: two shards from /gateway/bot, each identifies as [id, 2], the owner of the server answers', { timeout: 600_000 }, async () => {
  ensureFreshBuild();
  const fake = await new FakeDiscord().listen();
  fake.recommendedShards = 2;
  const dataDir = mkdtempSync(join(tmpdir(), 'mech-shards-'));
  const parent = startServeProcess(
    'sharding-manager',
    serveEnv({ MECHANISTIC_DATA_DIR: dataDir, DISCORD_TOKEN: TOKEN, DISCORD_APP_ID: APP_ID, DISCORD_API_URL: fake.restApi }),
    ['--shards', 'auto'],
  );
  const shardPids = () => parent.lines.filter((l) => l.event === 'shard_spawned').map((l) => Number(l.pid));
  try {
    await parent.waitFor('both shards connected', (l) => l.event === 'shards_ready', 400_000);
    assert.deepEqual(fake.identifies.map((i) => i.shard).sort(), [[0, 2], [1, 2]]);
    assert.ok(fake.identifies.every((i) => i.token === TOKEN));
    assert.equal(fake.requests.filter((r) => r.path === '/gateway/bot').length >= 1, true, 'the count came from /gateway/bot');
    assert.equal(shardPids().length, 2, 'one process per shard');

    // The server (guild) belongs to shard 0 of 2: its interaction reaches that shard only.
    const i = fake.interaction(2, { id: '500000000000000005', name: 'mechanistic', type: 1, options: [{ type: 1, name: 'ask', options: [{ name: 'query', type: 3, value: 'probing classifiers on BERT layers' }] }] });
    await fake.waitFor((r) => r.path === `/interactions/${i.id}/${i.token}/callback`);
    const edit = await fake.waitFor((r) => r.method === 'PATCH' && r.path === `/webhooks/${APP_ID}/${i.token}/messages/@original`);
    assert.ok(JSON.stringify(edit.body).length > 200, 'an answer was sent');
    const answered = await parent.waitFor('the answered line', (l) => l.event === 'answered', 60_000);
    assert.equal(answered.shard, 0, 'answered in the process of shard 0, not the manager');

    parent.child.kill('SIGTERM');
    await until('the manager to exit', async () => parent.child.exitCode !== null || parent.child.signalCode !== null, 60_000);
    await until('every shard to exit', () => shardPids().every((pid) => !alive(pid)), 30_000);
  } finally {
    if (parent.child.exitCode === null && parent.child.signalCode === null) parent.child.kill('SIGKILL');
    await parent.exited;
    for (const pid of shardPids()) if (alive(pid)) process.kill(pid, 'SIGKILL');
    await fake.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
