/**
 * Discord gateway sharding for `mechanistic serve --shards auto|N`: discord.js's own ShardingManager
 * forks one child process per shard, each `mechanistic serve` in shard mode (SHARDING_MANAGER, SHARDS
 * and SHARD_COUNT in its environment, set by the manager): the Discord part alone, whose client
 * IDENTIFYs as [id, count] and answers the servers Discord routes to that shard. This process keeps
 * the web page, Slack and the digest (which posts to Discord over REST, without the gateway).
 * `auto` asks Discord's GET /gateway/bot for the recommended count, at DISCORD_API_URL when set.
 */
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { REST, Routes, ShardingManager, type Shard } from 'discord.js';
import type { Config } from '../../config.ts';
import type { Logger } from '../../log.ts';
import type { Part } from '../part.ts';
import type { PartFactory } from '../parts.ts';

export type ShardCount = 'auto' | number;

/** Parses the value of `--shards`: `auto` or a whole number from 1. */
export function parseShardCount(value: string | undefined): ShardCount {
  if (value === 'auto') return 'auto';
  if (value !== undefined && /^[1-9]\d{0,4}$/.test(value)) return Number(value);
  throw new RangeError(`--shards expects auto or a whole number of shards from 1, got ${value === undefined ? 'nothing' : JSON.stringify(value)}`);
}

/** True in a process the ShardingManager forked (discord.js sets SHARDING_MANAGER). */
export function isShardProcess(env: NodeJS.ProcessEnv): boolean {
  return env.SHARDING_MANAGER === 'true' && env.SHARDS !== undefined;
}

/** Discord's recommended shard count (GET /gateway/bot), through discord.js's REST client. */
export async function recommendedShardCount(config: Config): Promise<number> {
  const rest = new REST({ timeout: config.MECHANISTIC_OUTBOUND_TIMEOUT_MS, ...(config.DISCORD_API_URL ? { api: config.DISCORD_API_URL } : {}) }).setToken(config.DISCORD_TOKEN!);
  const body = (await rest.get(Routes.gatewayBot())) as { shards?: unknown };
  if (typeof body.shards !== 'number' || !Number.isInteger(body.shards) || body.shards < 1) throw new Error('Discord’s /gateway/bot gave no shard count');
  return body.shards;
}

const BIN = fileURLToPath(new URL('../../../bin/mechanistic.js', import.meta.url));

export interface ShardsPartOptions {
  shards: ShardCount;
  config: Config;
  log: Logger;
  /** How long one shard may take to load the index and connect (default 5 minutes). */
  readyTimeoutMs?: number;
  /** Pause between shards' starts; Discord allows one IDENTIFY per 5 s per bucket (default 5.5 s). */
  spawnDelayMs?: number;
}

export function createDiscordShardsPart(o: ShardsPartOptions): Part {
  const { config, log } = o;
  const manager = new ShardingManager(BIN, {
    token: config.DISCORD_TOKEN!,
    totalShards: o.shards,
    mode: 'process',
    shardArgs: ['serve'],
    // A shard that dies is started again by the manager, until `stop`.
    respawn: true,
  });
  manager.on('shardCreate', (shard: Shard) => {
    log.info({ event: 'shard', shard: shard.id, of: manager.totalShards }, `discord: starting shard ${shard.id}`);
    shard.on('spawn', (child: { pid?: number } | object) => log.info({ event: 'shard_spawned', shard: shard.id, pid: 'pid' in child ? child.pid : process.pid }, `discord: shard ${shard.id} started`));
    shard.on('death', () => log.warn({ event: 'shard_died', shard: shard.id }, `discord: shard ${shard.id} exited`));
  });
  return {
    name: 'discord-shards',
    async start() {
      const amount = o.shards === 'auto' ? await recommendedShardCount(config) : o.shards;
      await manager.spawn({ amount, delay: o.spawnDelayMs ?? 5_500, timeout: o.readyTimeoutMs ?? 300_000 });
      log.info({ event: 'shards_ready', shards: amount }, `discord: ${amount} shard(s) connected`);
    },
    async stop() {
      const children = [...manager.shards.values()].map((s) => s.process).filter((p) => p !== null && p.exitCode === null && p.signalCode === null);
      // Shard#kill sends SIGTERM (each shard finishes what it is answering) and turns respawning off.
      for (const shard of manager.shards.values()) shard.kill();
      const grace = config.MECHANISTIC_SHUTDOWN_TIMEOUT_MS + 3_000;
      await Promise.all(
        children.map(async (p) => {
          const timer = setTimeout(() => p!.kill('SIGKILL'), grace);
          if (p!.exitCode === null && p!.signalCode === null) await once(p!, 'exit');
          clearTimeout(timer);
        }),
      );
    },
  };
}

/** Serve's part entry for `--shards`: in place of the in-process Discord client. */
export function discordShardsFactory(shards: ShardCount, log: Logger): PartFactory {
  return {
    name: 'discord-shards',
    enabled: (config) => Boolean(config.DISCORD_TOKEN),
    create: (deps) => createDiscordShardsPart({ shards, config: deps.config, log }),
  };
}
