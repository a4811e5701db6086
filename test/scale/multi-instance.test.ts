/**
 * Several instances, as deployed: three `mechanistic serve` processes (the compiled bin) sharing one
 * PostgreSQL schema, one data directory's index files and the loopback Slack and Discord fakes (the
 * Discord gateway in one instance only, as docker-compose.yml has it). The same Slack
 * event and slash command are delivered to all three at once, and again as Slack's retries
 * (X-Slack-Retry-Num); two subscribed channels are owed their digest when the instances start (the
 * deadline passed while they were down), and the instance that first posted one of them is killed
 * after Slack accepted the post but before it recorded it; a Discord channel is owed one too. Each
 * event, command and channel-week is
 * answered or posted exactly once. Every wait has a deadline; every process is killed in `finally`.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ensureFreshBuild } from '../../scripts/build.ts';
import { isoWeekRange, lastCompleteIsoWeek, formatIsoWeek } from '../../src/digest/iso-week.ts';
import { latestRunAtOrBefore } from '../../src/digest/schedule.ts';
import { openStoreFromConfig } from '../../src/store/open.ts';
import type { PostgresStore } from '../../src/store/postgres.ts';
import { APP_ID, FakeDiscord, GUILD_ID, TOKEN as DISCORD_TOKEN } from '../chat/discord/fake-discord.ts';
import { FakeSlack, type RecordedCall } from '../chat/slack/fake-slack.ts';
import { BOT_TOKEN, SIGNING_SECRET } from '../chat/slack/harness.ts';
import { appMentionEvent, CHANNEL, sendSigned, slashCommandBody, TEAM } from '../chat/slack/slack-requests.ts';
import { logAnswer } from '../digest/helpers/answers.ts';
import { freshSchema, requireServer } from './postgres-schema.ts';
import { serveEnv, startServeProcess, stopAll, until, type ServeProcess } from '../../scripts/bench/serve-process.ts';

const SCHEDULE = '0 9 * * 1';
const DIGEST_CHANNELS = ['C0DIGESTA', 'C0DIGESTB'];
const DIGEST_EVENT_TYPE = 'mechanistic_digest';
const DISCORD_DIGEST_CHANNEL = '300000000000000009';

/**
 * A loopback relay in front of the Slack fake for one instance: everything passes through, but a
 * `chat.postMessage` is held after the fake has accepted it, its response never sent: the instance
 * is left "mid-post", having posted without knowing it did.
 */
async function holdingRelay(target: string): Promise<{ url: string; held: string[]; close(): Promise<void> }> {
  const held: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const upstream = request(new URL(req.url ?? '/', target), { method: req.method, headers: { ...req.headers, host: new URL(target).host } }, (up: IncomingMessage) => {
        const parts: Buffer[] = [];
        up.on('data', (c: Buffer) => parts.push(c));
        up.on('end', () => {
          if (req.url?.endsWith('/chat.postMessage')) {
            held.push(new URLSearchParams(body.toString()).get('channel') ?? '?');
            return; // never answered
          }
          res.writeHead(up.statusCode ?? 502, up.headers).end(Buffer.concat(parts));
        });
      });
      upstream.on('error', () => res.writeHead(502).end());
      upstream.end(body);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`,
    held,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

const digestPosts = (slack: FakeSlack, channel: string): RecordedCall[] =>
  slack.accepted('chat.postMessage').filter((c) => c.body.channel === channel && c.body.metadata?.event_type === DIGEST_EVENT_TYPE);

test('three instances on one PostgreSQL database: one answer per event and command, one digest per channel-week, also with an instance killed mid-post', { timeout: 900_000 }, async (t) => {
  const server = requireServer(t, 'the multi-instance test');
  if (!server) return;
  // The bin runs dist/: rebuild it first if the sources changed.
  ensureFreshBuild();
  const schema = await freshSchema(server);
  const slack = await new FakeSlack().start();
  const discord = await new FakeDiscord().listen();
  const relay = await holdingRelay(slack.url);
  const dataDir = mkdtempSync(join(tmpdir(), 'mech-scale-'));
  const procs: ServeProcess[] = [];
  try {
    // The database as the instances find it: two channels subscribed weeks ago, with questions
    // asked in the week their Monday digest (already due today) covers.
    const now = new Date();
    const week = lastCompleteIsoWeek(latestRunAtOrBefore(SCHEDULE, 'UTC', now)!, 'UTC');
    const askedAt = new Date(isoWeekRange(week, 'UTC').start.getTime() + 36 * 3_600_000).toISOString();
    const seed = await openStoreFromConfig({ dataDir, DATABASE_URL: schema.url });
    for (const channel of DIGEST_CHANNELS) {
      await seed.digest.subscribe({ platform: 'slack', workspaceId: TEAM, channelId: channel, tz: 'UTC', schedule: SCHEDULE, createdBy: 'U0ADMIN' }, new Date(now.getTime() - 21 * 86_400_000));
      for (const concepts of [['activation-patching'], ['activation-patching', 'probing']]) await logAnswer(seed, { channel, at: askedAt, concepts, workspaceId: TEAM });
    }
    await seed.digest.subscribe({ platform: 'discord', workspaceId: GUILD_ID, channelId: DISCORD_DIGEST_CHANNEL, tz: 'UTC', schedule: SCHEDULE, createdBy: 'U1' }, new Date(now.getTime() - 21 * 86_400_000));
    await logAnswer(seed, { platform: 'discord', channel: DISCORD_DIGEST_CHANNEL, at: askedAt, concepts: ['probing'], workspaceId: GUILD_ID });
    await seed.close();

    const env = (apiUrl: string, extra: Record<string, string> = {}) =>
      serveEnv({ MECHANISTIC_DATA_DIR: dataDir, DATABASE_URL: schema.url, SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: apiUrl, LOG_LEVEL: 'debug', ...extra });
    // The gateway (and Discord's digests) in one instance only.
    const withDiscord = { DISCORD_TOKEN, DISCORD_APP_ID: APP_ID, DISCORD_API_URL: discord.restApi };

    // 1. The first instance builds the index into the shared data directory (as an image bakes it),
    //    claims one channel's digest, posts it, and is killed before Slack's answer reaches it.
    const first = startServeProcess('instance-0', env(relay.url));
    procs.push(first);
    await until('the first instance to post a digest', () => relay.held.length > 0, 300_000);
    const killedChannel = relay.held[0]!;
    assert.equal(digestPosts(slack, killedChannel).length, 1, 'Slack has the post');
    first.child.kill('SIGKILL');
    await first.exited;

    // 2. Three instances start on the same database and index files.
    const three = [1, 2, 3].map((i) => startServeProcess(`instance-${i}`, env(slack.apiUrl, i === 1 ? withDiscord : {})));
    procs.push(...three);
    const urls = await Promise.all(three.map(async (p) => String((await p.waitFor('listening', (l) => l.event === 'listening')).url)));
    await Promise.all(three.map((p) => p.waitFor('ready', (l) => l.event === 'ready', 300_000)));
    await Promise.all(three.map((p) => p.waitFor('the first digest tick', (l) => l.event === 'digest_tick', 120_000)));

    // The other channel's digest: posted once, by one of the three. The killed one's: not again.
    const liveChannel = DIGEST_CHANNELS.find((c) => c !== killedChannel)!;
    await until('the other channel’s digest', () => digestPosts(slack, liveChannel).length > 0, 60_000);
    const ticks = three.flatMap((p) => p.lines.filter((l) => l.event === 'digest_tick').flatMap((l) => l.results as { channelId: string; outcome: string }[]));
    assert.equal(ticks.filter((r) => r.channelId === liveChannel && r.outcome === 'posted').length, 1, JSON.stringify(ticks));
    assert.ok(ticks.filter((r) => r.channelId === killedChannel).every((r) => r.outcome === 'busy'), `the killed instance's claim is left alone within its lease: ${JSON.stringify(ticks)}`);
    // The Discord channel's digest: posted by the instance with the token, over REST; the others have no poster for it.
    const discordTicks = ticks.filter((r) => r.channelId === DISCORD_DIGEST_CHANNEL).map((r) => r.outcome);
    assert.equal(discordTicks.filter((o) => o === 'posted').length, 1, JSON.stringify(discordTicks));
    assert.ok(discordTicks.filter((o) => o !== 'posted').every((o) => o === 'no-poster' || o === 'done'), JSON.stringify(discordTicks));
    assert.equal(discord.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${DISCORD_DIGEST_CHANNEL}/messages` && r.status === 200).length, 1);
    assert.equal(discord.identifies.length, 1, 'one gateway connection');

    // 3. One app mention delivered to all three at once, then Slack's two retries to each.
    const ts = '1700020000.000100';
    const mention = appMentionEvent({ eventId: 'Ev0MULTI', text: '<@U0BOT> is activation patching just causal mediation analysis?', ts });
    const deliver = (headers: Record<string, string> = {}) =>
      Promise.all(urls.map((u) => sendSigned(`${u}/slack/events`, mention, 'application/json', { secret: SIGNING_SECRET, headers })));
    // Events are acknowledged with 200 even when seen before (Slack would retry anything else).
    for (const r of await deliver()) assert.equal(r.status, 200);
    for (const n of ['1', '2']) for (const r of await deliver({ 'x-slack-retry-num': n, 'x-slack-retry-reason': 'http_timeout' })) assert.equal(r.status, 200);

    // One slash command (one trigger id) delivered to all three, and once more to the first.
    const command = slashCommandBody('what is probing?', slack.responseUrl('multi-1'), { trigger_id: '9001.1.multi' });
    const commands = await Promise.all([...urls, urls[0]!].map((u) => sendSigned(`${u}/slack/events`, command, 'application/x-www-form-urlencoded', { secret: SIGNING_SECRET })));
    // The same signed body again is a replay: refused with 409 where its signature was already recorded, else
    // acknowledged and skipped by the trigger-id claim. Either way it is answered once.
    for (const r of commands) assert.ok(r.status === 200 || r.status === 409, `status ${r.status}`);
    assert.ok(commands.some((r) => r.status === 200));

    await until('the mention answered', () => slack.accepted('chat.postMessage').some((c) => c.body.thread_ts === ts), 120_000);
    await until('the command answered', () => slack.accepted('response_url').some((c) => c.target === 'multi-1'), 120_000);
    // Every other delivery is seen and not answered again (9 - 1 and 4 - 1): skipped by its claim in the database,
    // or, where the same signature was already recorded, turned away as a replay before any handler ran.
    const skipped = (eventId: string) => three.flatMap((p) => p.lines.filter((l) => l.eventId === eventId && /skipped/.test(String(l.msg))));
    const replayed = () => three.flatMap((p) => p.lines.filter((l) => /replayed Slack request/.test(String(l.msg))));
    await until('11 deliveries seen and not answered again', () => skipped('Ev0MULTI').length + skipped('command:9001.1.multi').length + replayed().length === 11, 60_000);
    assert.equal(slack.accepted('chat.postMessage').filter((c) => c.body.thread_ts === ts).length, 1, 'one answer to the mention');
    assert.equal(slack.accepted('response_url').filter((c) => c.target === 'multi-1').length, 1, 'one answer to the command');

    // What the database holds: both answers once, the digest weeks once each.
    const check = (await openStoreFromConfig({ dataDir, DATABASE_URL: schema.url })) as PostgresStore;
    try {
      const answers = await check.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM answer WHERE channel_id = $1', [CHANNEL]);
      assert.equal(answers.rows[0]!.n, 2);
      const posted = await check.digest.listPosted();
      const isoWeek = formatIsoWeek(week);
      assert.deepEqual(
        posted.filter((p) => p.isoWeek === isoWeek).map((p) => [p.channelId, p.state]).sort(),
        [[DISCORD_DIGEST_CHANNEL, 'sent'], [killedChannel, 'intent'], [liveChannel, 'sent']].sort(),
      );
    } finally {
      await check.close();
    }
    assert.equal(digestPosts(slack, killedChannel).length, 1, 'the killed instance’s digest was not posted again');
    assert.equal(digestPosts(slack, liveChannel).length, 1, 'one digest for the other channel');
  } finally {
    await stopAll(procs);
    await relay.close();
    await slack.close();
    await discord.close();
    await schema.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
