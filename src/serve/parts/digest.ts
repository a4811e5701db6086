/**
 * The digest scheduler as a part of `mechanistic serve`: a tick at start (catching up on a run
 * missed while down), then one a minute. The clock is PartDeps.now; timers only pace the ticks.
 * `stop()` waits for a tick in flight, so a post is never cut off by a clean shutdown.
 */
import type { Part, PartDeps } from '../part.ts';
import type { Config } from '../../config.ts';
import { createDiscordPoster } from '../../chat/discord/digest-poster.ts';
import { canRenderText } from '../../digest/render-png.ts';
import { posterByPlatform, type DigestPoster } from '../../digest/poster.ts';
import { paperScanFromConfig } from '../../digest/scan.ts';
import { DigestScheduler } from '../../digest/scheduler.ts';
import { createSlackPoster } from '../../chat/slack/digest-poster.ts';

export const DIGEST_TICK_MS = 60_000;

/** The Slack and/or Discord posters the configuration has tokens for, or null if none. */
export function digestPosterFromConfig(config: Config): DigestPoster | null {
  const timeoutMs = config.MECHANISTIC_OUTBOUND_TIMEOUT_MS;
  const slack = config.SLACK_BOT_TOKEN ? createSlackPoster({ token: config.SLACK_BOT_TOKEN, timeoutMs, apiUrl: config.SLACK_API_URL }) : undefined;
  const discord = config.DISCORD_TOKEN ? createDiscordPoster({ token: config.DISCORD_TOKEN, timeoutMs, apiUrl: config.DISCORD_API_URL }) : undefined;
  if (!slack && !discord) return null;
  return posterByPlatform({ slack, discord });
}

export function createDigestPart(deps: PartDeps, poster: DigestPoster, opts: { tickMs?: number } = {}): Part & { scheduler: DigestScheduler } {
  const { scanner, papers } = paperScanFromConfig(deps.config, deps);
  const scheduler = new DigestScheduler({
    store: deps.store,
    corpus: deps.mechanistic.corpus,
    poster,
    now: deps.now,
    log: deps.log,
    papers,
    scanner,
  });
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let busy = false;
  const tick = () => {
    if (busy) return running;
    busy = true;
    running = scheduler
      .tick()
      .then((results) => deps.log.debug({ event: 'digest_tick', results }, 'digest: tick done'))
      .catch((err: unknown) => deps.log.error({ err }, 'digest: tick failed'))
      .finally(() => {
        busy = false;
      });
    return running;
  };
  return {
    name: 'digest',
    scheduler,
    async start() {
      if (!canRenderText()) {
        deps.log.warn('digest: no system font found, so chart text will be missing: install fonts-dejavu-core (Debian/Ubuntu)');
      }
      // Not awaited: posting to many channels must not hold up the other parts' start.
      void tick();
      timer = setInterval(tick, opts.tickMs ?? DIGEST_TICK_MS);
      deps.log.info({ owner: scheduler.owner }, 'digest scheduler started');
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}

/** The entry for serve's PART_FACTORIES: on when a Slack or Discord bot token is set. */
export const digestPartFactory = {
  name: 'digest',
  enabled: (config: Config) => digestPosterFromConfig(config) !== null,
  create: (deps: PartDeps) => createDigestPart(deps, digestPosterFromConfig(deps.config) ?? posterByPlatform({})),
};
