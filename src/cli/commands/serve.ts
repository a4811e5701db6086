/**
 * `mechanistic serve`: the web page, /api/ask and health at once, then (when the model and index
 * are loaded) every configured platform and the digest, in one process, until SIGTERM or SIGINT.
 */
import type { IndexProgress } from '../../retrieval/vector-index.ts';
import { openMechanistic } from '../../app.ts';
import type { Mechanistic } from '../../core/service.ts';
import { loadConfig } from '../../config.ts';
import { createLogger, logErrorWithRef, type Logger } from '../../log.ts';
import { prepareIndexInWorker } from '../../serve/prepare-index.ts';
import { startServe } from '../../serve/serve.ts';
import { PART_FACTORIES, type PartFactory } from '../../serve/parts.ts';
import { discordPartFactory } from '../../serve/parts/discord.ts';
import { discordShardsFactory, isShardProcess, parseShardCount, type ShardCount } from '../../serve/parts/discord-shards.ts';
import { UsageError, type CliIo, type Command } from '../command.ts';
import { COMMAND_SUMMARIES } from './index.ts';

const USAGE = `mechanistic serve [--shards auto|N]

Runs everything that is configured in one process:
  - the try-it web page at http://HOST:PORT/ (default http://127.0.0.1:3000/), with
    GET /api/ask?q=..., GET /healthz and GET /readyz
  - Slack (SLACK_BOT_TOKEN + SLACK_SIGNING_SECRET, or SLACK_APP_TOKEN for Socket Mode)
  - Discord (DISCORD_TOKEN + DISCORD_APP_ID)
  - the weekly digest, when a platform is configured
Settings come from the environment or .env (see .env.example). Logs are JSON lines on stderr.
Stop with SIGTERM or Ctrl-C: in-flight questions are answered first.

Options:
  --shards auto|N   run the Discord bot as N gateway shards (auto: as many as Discord
                    recommends), one child process each, through discord.js's ShardingManager

Examples:
  mechanistic serve
  PORT=8080 HOST=0.0.0.0 mechanistic serve
  mechanistic serve --shards auto`;

/** `--shards auto|N` (or `--shards=N`); anything else is a usage error. */
function parseServeArgs(args: string[]): { shards?: ShardCount } {
  const out: { shards?: ShardCount } = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const m = /^--shards(?:=(.*))?$/.exec(a);
    if (!m) throw new UsageError(`serve takes no arguments but --shards, got "${a}": settings come from the environment (see .env.example)`);
    const value = m[1] ?? args[++i];
    try {
      out.shards = parseShardCount(value);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
  }
  return out;
}

/** Logs index building at most once per tenth of the work, so a rebuild is visible but quiet. */
function progressLogger(log: Logger): (e: IndexProgress) => void {
  let lastTenth = -1;
  return (e) => {
    if (e.phase === 'warning') {
      log.warn({ event: 'index' }, e.message);
      return;
    }
    if (e.phase !== 'rebuild' && e.total > 0) {
      const tenth = Math.floor((e.done / e.total) * 10);
      if (tenth === lastTenth && e.done !== e.total) return;
      lastTenth = tenth;
    }
    log.info({ event: 'index', ...e }, 'building the index');
  };
}

function listenError(e: NodeJS.ErrnoException, host: string, port: number): Error {
  if (e.code === 'EADDRINUSE') return new UsageError(`PORT=${port}: the address ${host}:${port} is already in use: stop the other server or set PORT to a free port`);
  if (e.code === 'EACCES') return new UsageError(`PORT=${port}: not allowed to listen on ${host}:${port}: use a port above 1023`);
  if (e.code === 'EADDRNOTAVAIL' || e.code === 'ENOTFOUND') return new UsageError(`HOST=${host}: no such local address: use 127.0.0.1, 0.0.0.0 or an address of this machine`);
  return e;
}

export const serveCommand: Command = {
  name: 'serve',
  summary: COMMAND_SUMMARIES.serve,
  usage: USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    if (args.includes('--help') || args.includes('-h')) {
      io.stdout(USAGE);
      return 0;
    }
    const { shards } = parseServeArgs(args);
    // A Discord shard forked by `serve --shards` (below): the Discord part alone, its HTTP server
    // (health only) on a loopback port of its own; the parent serves the rest.
    const shardChild = isShardProcess(process.env);
    const loaded = loadConfig(io.env);
    const config = shardChild ? { ...loaded, HOST: '127.0.0.1', PORT: 0 } : loaded;
    if (shards !== undefined && !config.DISCORD_TOKEN) throw new UsageError('--shards runs the Discord bot in shards: set DISCORD_TOKEN (and DISCORD_APP_ID)');
    // A shard's every log line says which shard it is.
    const log = shardChild ? createLogger(config.LOG_LEVEL).child({ shard: Number(process.env.SHARDS) }) : createLogger(config.LOG_LEVEL);
    const parts: PartFactory[] | undefined = shardChild
      ? [discordPartFactory]
      : shards !== undefined
        ? [...PART_FACTORIES.filter((f) => f !== discordPartFactory), discordShardsFactory(shards, log)]
        : undefined;
    let running;
    // Kept to stop its encoder worker threads once the server has answered what it had.
    let opened: Mechanistic | undefined;
    try {
      running = await startServe({
        config,
        log,
        ...(parts ? { parts } : {}),
        loadMechanistic: async () => {
          try {
            await prepareIndexInWorker(config, { progress: progressLogger(log) });
          } catch (err) {
            log.warn({ err }, 'could not prepare the index in a worker thread; building it on the main thread, which answers slowly until done');
          }
          opened = await openMechanistic(config, { progress: progressLogger(log), log: (message) => log.info({ event: 'embedder' }, message) });
          return opened;
        },
      });
    } catch (e) {
      throw listenError(e as NodeJS.ErrnoException, config.HOST, config.PORT);
    }
    const server = running;
    return new Promise<number>((resolve) => {
      let code = 0;
      const shutdown = (reason: string) => {
        log.info({ event: 'shutdown', reason }, `${reason}: shutting down`);
        void server.stop().then(async () => {
          // A library that keeps a timer or socket open must not turn a clean stop into a hang.
          setTimeout(() => process.exit(code), 2000).unref();
          await opened?.close?.().catch((err: unknown) => log.warn({ err }, 'could not stop the encoder workers'));
          resolve(code);
        });
      };
      // A stray rejection is a bug to find in the logs, not a reason to drop every other user;
      // an uncaught exception leaves the process in an unknown state, so it stops cleanly and exits 1.
      process.on('unhandledRejection', (err) => {
        logErrorWithRef(log, err, {}, 'unhandled rejection');
      });
      process.once('uncaughtException', (err) => {
        logErrorWithRef(log, err, {}, 'uncaught exception: stopping');
        code = 1;
        shutdown('uncaught exception');
      });
      // A shard whose manager is gone (its IPC channel closed) stops rather than run orphaned.
      if (shardChild) process.once('disconnect', () => shutdown('the sharding manager went away'));
      for (const signal of ['SIGTERM', 'SIGINT'] as const) {
        process.once(signal, () => {
          process.once(signal, () => {
            log.warn({ event: 'shutdown', reason: signal }, `second ${signal}: exiting now`);
            process.exit(1);
          });
          shutdown(signal);
        });
      }
      server.ready.catch((e: unknown) => {
        const ref = logErrorWithRef(log, e, {}, 'could not start: the model, index or a platform failed to load');
        io.stderr(`mechanistic serve: could not start (ref ${ref}): ${(e as Error).message?.split('\n').slice(0, 6).join('\n') ?? String(e)}`);
        code = 1;
        shutdown('startup failure');
      });
    });
  },
};
