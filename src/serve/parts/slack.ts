/**
 * The Slack part of `mechanistic serve`, on @slack/bolt.
 *
 * HTTP mode (SLACK_BOT_TOKEN + SLACK_SIGNING_SECRET): contributes `POST /slack/events` to the
 * one HTTP server; Slack's slash command, events and interactivity URLs all point there.
 * Socket Mode (SLACK_BOT_TOKEN + SLACK_APP_TOKEN): no route; `start()` opens Bolt's
 * WebSocket connection. Either way the same handlers answer.
 */
import { appServices } from '../../app/services.ts';
import { randomBytes } from 'node:crypto';
import { App, SocketModeReceiver, type webApi } from '@slack/bolt';
import type { Config } from '../../config.ts';
import type { Part, PartDeps } from '../part.ts';
import { boltLogger } from '../../chat/slack/bolt-logger.ts';
import { digestHooks } from '../../chat/slack/digest-hooks.ts';
import { registerSlackHandlers, apologizeAfterAck, slashCommandAckAtOnce, type SlackCommandHooks } from '../../chat/slack/handlers.ts';
import type { ResponseUrlOptions } from '../../chat/slack/response-url.ts';
import { RouteReceiver } from './slack-receiver.ts';

export { SLASH_COMMAND, MESSAGE_SHORTCUT_CALLBACK_ID, type SlackCommandHooks } from '../../chat/slack/handlers.ts';
export { renderAnswerBlocks } from '../../chat/slack/render-answer.ts';

export const SLACK_EVENTS_PATH = '/slack/events';

/**
 * Web API retries: Bolt's WebClient waits out every 429 for its Retry-After and then counts a
 * retry; 5xx and network errors back off from 1 s. Seven retries span about two minutes, long
 * enough for a rate-limit window, short enough that a late answer still makes sense.
 */
export const SLACK_RETRY_POLICY: webApi.RetryOptions = { retries: 7, factor: 2, minTimeout: 1000, maxTimeout: 30_000, randomize: true };

export interface SlackPartOptions {
  /** Overrides of Bolt's WebClient options; tests point `slackApiUrl` at a loopback fake Slack. */
  clientOptions?: Pick<webApi.WebClientOptions, 'slackApiUrl' | 'retryConfig' | 'timeout'>;
  /** Retries of response_url posts. */
  responseUrl?: ResponseUrlOptions;
  /** `/mechanistic digest` and `lineage`; default: the digest part's chat commands (src/digest). */
  hooks?: SlackCommandHooks;
  /** Precedents per page (default 5). */
  pageSize?: number;
  /** HTTP mode: Bolt's timer for a request no listener acknowledges (tests only). */
  unhandledTimeoutMs?: number;
}

export function createSlackPart(deps: PartDeps, opts: SlackPartOptions = {}): Part {
  const { config, log } = deps;
  const token = config.SLACK_BOT_TOKEN;
  if (!token) throw new Error('createSlackPart: SLACK_BOT_TOKEN is not set; serve should only create the Slack part when it is');
  const logger = boltLogger(log);
  const clientOptions: webApi.WebClientOptions = {
    ...(config.SLACK_API_URL ? { slackApiUrl: config.SLACK_API_URL } : {}),
    retryConfig: SLACK_RETRY_POLICY,
    rejectRateLimitedCalls: false,
    timeout: config.MECHANISTIC_OUTBOUND_TIMEOUT_MS,
    ...opts.clientOptions,
  };

  // No conversation store (convoStore: false): no listener reads Bolt's conversation context, and its
  // default in-memory store built an Error with a stack trace for every event it had nothing for.
  let app: App;
  let receiver: RouteReceiver | undefined;
  let socket: SocketModeReceiver | undefined;
  if (config.SLACK_APP_TOKEN) {
    // Built here rather than by App, so stop() can wait for the WebSocket's close handshake.
    socket = new SocketModeReceiver({ appToken: config.SLACK_APP_TOKEN, logger, installerOptions: { clientOptions } });
    app = new App({ token, receiver: socket, socketMode: true, logger, clientOptions, deferInitialization: true, convoStore: false });
  } else {
    if (!config.SLACK_SIGNING_SECRET) throw new Error('createSlackPart: HTTP mode needs SLACK_SIGNING_SECRET');
    receiver = new RouteReceiver({
      signingSecret: config.SLACK_SIGNING_SECRET,
      path: SLACK_EVENTS_PATH,
      logger,
      now: deps.now,
      firstSight: (digest, workspaceId) => deps.store.slackRequests.firstSight({ digest, workspaceId, now: deps.now() }),
      ackAtOnce: slashCommandAckAtOnce,
      afterAckFailure: apologizeAfterAck(log, { timeoutMs: config.MECHANISTIC_OUTBOUND_TIMEOUT_MS, ...opts.responseUrl }),
      ...(opts.unhandledTimeoutMs ? { unhandledTimeoutMs: opts.unhandledTimeoutMs } : {}),
    });
    app = new App({ token, receiver, logger, clientOptions, deferInitialization: true, convoStore: false });
  }

  const inFlight = new Set<Promise<unknown>>();
  const track = <T>(work: Promise<T>): Promise<T> => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work)).catch(() => {});
    return work;
  };

  registerSlackHandlers(app, {
    ...appServices(deps),
    bootId: randomBytes(8).toString('hex'),
    pageSize: opts.pageSize ?? 5,
    hooks: opts.hooks ?? digestHooks({ store: deps.store, corpus: deps.mechanistic.corpus, config, now: deps.now, log }),
    responseUrl: { timeoutMs: config.MECHANISTIC_OUTBOUND_TIMEOUT_MS, ...opts.responseUrl },
    track,
  });

  return {
    name: config.SLACK_APP_TOKEN ? 'slack (Socket Mode)' : 'slack (HTTP)',
    routes: receiver ? [receiver.route()] : [],
    async start() {
      // Bolt checks the token with auth.test; deferred to here so a bad token fails the start with
      // a clear message instead of failing every event later.
      try {
        await app.init();
      } catch (err) {
        const code = (err as { data?: { error?: string } }).data?.error;
        throw new Error(
          code
            ? `Slack refused SLACK_BOT_TOKEN (${code}): copy the Bot User OAuth Token (xoxb-…) from the app's OAuth & Permissions page`
            : `could not reach Slack to check SLACK_BOT_TOKEN: ${(err as Error).message}`,
        );
      }
      await app.start();
      log.info({ platform: 'slack', mode: receiver ? 'http' : 'socket', path: receiver ? SLACK_EVENTS_PATH : undefined }, 'slack ready');
    },
    async stop() {
      if (socket) await socket.client.disconnect();
      else await app.stop();
      await Promise.allSettled([...inFlight]);
    },
  };
}

/** For `mechanistic serve` (src/serve/parts.ts): Slack runs when SLACK_BOT_TOKEN is set. */
export const slackPartFactory = {
  name: 'slack',
  enabled: (config: Config): boolean => Boolean(config.SLACK_BOT_TOKEN),
  create: (deps: PartDeps): Part => createSlackPart(deps),
};
