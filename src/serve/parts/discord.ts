/**
 * The Discord part of `mechanistic serve`: a discord.js client that answers `/mechanistic`,
 * the "Is this mechanistic?" message command, buttons, and mentions in the configured channels.
 *
 * Intents: only Guilds (no privileged intent) unless DISCORD_MENTION_CHANNELS is set; then also
 * GuildMessages and the privileged MessageContent (turn it on in the Developer Portal), which lets
 * "@bot" in reply to a message ask about that message.
 */
import { appServices } from '../../app/services.ts';
import { once } from 'node:events';
import { Client, Events, GatewayIntentBits } from 'discord.js';
import type { Config } from '../../config.ts';
import type { Part, PartDeps } from '../part.ts';
import { digestHooks } from '../../chat/discord/digest-hooks.ts';
import { createHandlers, type DiscordHooks } from '../../chat/discord/handlers.ts';
import { NO_MENTIONS } from '../../chat/discord/page.ts';

export type { DiscordHooks } from '../../chat/discord/handlers.ts';

export interface DiscordPartOptions {
  /** `/mechanistic digest` and `lineage`; each defaults to the digest part's chat command (src/digest). */
  hooks?: DiscordHooks;
  /** REST API base, e.g. `http://127.0.0.1:PORT/api` for a local stand-in of Discord (tests). */
  restApi?: string;
}

export class DiscordStartError extends Error {}

export function intentsFor(mentionChannels: readonly string[]): GatewayIntentBits[] {
  const intents = [GatewayIntentBits.Guilds];
  if (mentionChannels.length > 0) intents.push(GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent);
  return intents;
}

function explainLoginError(e: unknown, mentionChannels: readonly string[]): Error {
  const message = e instanceof Error ? e.message : String(e);
  if (/disallowed intents/i.test(message)) {
    return new DiscordStartError(
      `Discord refused the Message Content intent (gateway close 4014). DISCORD_MENTION_CHANNELS=${mentionChannels.join(',')} needs it: ` +
        'turn on "Message Content Intent" in the Developer Portal (your app → Bot → Privileged Gateway Intents), or unset DISCORD_MENTION_CHANNELS to use slash commands only.',
    );
  }
  if (/invalid token/i.test(message) || (e as { status?: number }).status === 401) {
    return new DiscordStartError('Discord rejected DISCORD_TOKEN (401): copy the bot token again from the Developer Portal (your app → Bot → Reset Token).');
  }
  return e instanceof Error ? e : new Error(message);
}

export function createDiscordPart(deps: PartDeps, options: DiscordPartOptions = {}): Part {
  const { config, log } = deps;
  const mentionChannels = config.DISCORD_MENTION_CHANNELS;
  const handlers = createHandlers({
    ...appServices(deps),
    mentionChannels: new Set(mentionChannels),
    hooks: { ...digestHooks({ store: deps.store, corpus: deps.mechanistic.corpus, config, now: deps.now }), ...options.hooks },
  });
  const inFlight = new Set<Promise<void>>();
  let client: Client | null = null;
  let stopping = false;

  function track(work: Promise<void>): void {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work)).catch(() => {});
  }

  return {
    name: 'discord',
    async start() {
      if (!config.DISCORD_TOKEN) throw new DiscordStartError('DISCORD_TOKEN is not set: the Discord part cannot start.');
      stopping = false;
      const c = new Client({
        intents: intentsFor(mentionChannels),
        allowedMentions: NO_MENTIONS,
        // discord.js's REST queue waits out 429s itself; the timeout bounds a Discord that stops answering.
        rest: { timeout: config.MECHANISTIC_OUTBOUND_TIMEOUT_MS, ...((options.restApi ?? config.DISCORD_API_URL) ? { api: options.restApi ?? config.DISCORD_API_URL } : {}) },
      });
      client = c;
      c.on(Events.InteractionCreate, (i) => {
        if (!stopping) track(handlers.onInteraction(i));
      });
      c.on(Events.MessageCreate, (m) => {
        if (!stopping && c.user) track(handlers.onMessage(m, c.user.id));
      });
      c.on(Events.GuildDelete, (g) => {
        try {
          void handlers.onGuildDelete(g);
        } catch (e) {
          log.error({ err: e, guildId: g.id }, 'discord: could not delete a removed server’s data');
        }
      });
      c.on(Events.Error, (e) => log.error({ err: e }, 'discord: client error'));
      c.rest.on('rateLimited', (info) => log.warn({ route: info.route, retryAfter: info.retryAfter, global: info.global }, 'discord: rate limited; the REST queue waits'));
      const ready = once(c, Events.ClientReady);
      try {
        await c.login(config.DISCORD_TOKEN);
        await ready;
      } catch (e) {
        client = null;
        await c.destroy();
        throw explainLoginError(e, mentionChannels);
      }
      log.info({ user: c.user?.tag, guilds: c.guilds.cache.size, mentionChannels: mentionChannels.length }, 'discord: connected');
    },
    async stop() {
      stopping = true;
      await Promise.allSettled([...inFlight]);
      const c = client;
      client = null;
      if (c) await c.destroy();
    },
  };
}

/** For `mechanistic serve` (src/serve/parts.ts): Discord runs when DISCORD_TOKEN is set. */
export const discordPartFactory = {
  name: 'discord',
  enabled: (config: Config): boolean => Boolean(config.DISCORD_TOKEN),
  create: (deps: PartDeps): Part => createDiscordPart(deps),
};
