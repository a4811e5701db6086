/**
 * Posts digests to Discord over the REST API (discord.js's REST client): one channel message with
 * the Markdown and the chart attached. The attachment's file name names the week, so a restarted
 * scheduler can list the channel's recent messages and tell whether it already posted.
 */
import { createHash } from 'node:crypto';
import { REST, Routes } from 'discord.js';
import { chartFileName, type DigestPoster } from '../../digest/poster.ts';
import { DISCORD_CONTENT_LIMIT, digestMarker, digestMarkdown, fitDigestMarkdown } from '../../digest/render-markdown.ts';

export interface DiscordPosterOptions {
  token: string;
  /** REST base without the version, e.g. https://discord.com/api (tests point it at a loopback server). */
  apiUrl?: string;
  timeoutMs?: number;
}

const DISCORD_EPOCH_MS = 1_420_070_400_000n;

/** The smallest snowflake at or after an instant, for `after=` in message listings. */
export function snowflakeAt(instant: Date): string {
  const ms = BigInt(Math.max(0, instant.getTime())) - DISCORD_EPOCH_MS;
  return ms > 0n ? (ms << 22n).toString() : '0';
}

/**
 * Nonces are checked per author across channels, so the channel is part of it; Discord allows
 * at most 25 characters.
 */
export function digestNonce(channelId: string, isoWeek: string): string {
  return `mdg${createHash('sha256').update(`${channelId}/${isoWeek}`).digest('base64url').slice(0, 20)}`;
}

/** The full Markdown if it fits, else the compact form, cut at a line if even that is too long. */
export function discordContent(markdown: string, digest: Parameters<typeof digestMarkdown>[0]): string {
  if (markdown.length <= DISCORD_CONTENT_LIMIT) return markdown;
  const compact = digestMarkdown(digest, { compact: true });
  return compact.length <= DISCORD_CONTENT_LIMIT ? compact : fitDigestMarkdown(digest, DISCORD_CONTENT_LIMIT);
}

interface ListedMessage {
  id: string;
  content?: string;
  attachments?: { filename?: string }[];
}

export function createDiscordPoster(o: DiscordPosterOptions): DigestPoster {
  const rest = new REST({ api: o.apiUrl ?? 'https://discord.com/api', version: '10', retries: 0, timeout: o.timeoutMs ?? 30_000 }).setToken(o.token);
  return {
    async post(sub, message) {
      const res = (await rest.post(Routes.channelMessages(sub.channelId), {
        body: {
          content: discordContent(message.markdown, message.digest),
          // With enforce_nonce, Discord returns the earlier message instead of posting a duplicate for a few minutes.
          nonce: digestNonce(sub.channelId, message.isoWeek),
          enforce_nonce: true,
          allowed_mentions: { parse: [] },
          flags: 1 << 2, // SUPPRESS_EMBEDS: paper links would otherwise unfurl into a wall of previews
        },
        files: [{ name: message.chartFileName, data: message.chartPng, contentType: 'image/png' }],
      })) as { id?: string };
      if (!res.id) throw new Error(`Discord accepted the digest for ${sub.channelId} but returned no message id`);
      return { messageId: res.id };
    },

    async findPosted(sub, isoWeek, since) {
      const wanted = chartFileName(isoWeek);
      const marker = digestMarker(isoWeek);
      let after = snowflakeAt(since);
      for (let page = 0; page < 5; page++) {
        const messages = (await rest.get(Routes.channelMessages(sub.channelId), {
          query: new URLSearchParams({ after, limit: '100' }),
        })) as ListedMessage[];
        const hit = messages.find((m) => m.attachments?.some((a) => a.filename === wanted) || m.content?.includes(marker));
        if (hit) return { messageId: hit.id };
        if (messages.length < 100) break;
        after = messages.map((m) => BigInt(m.id)).reduce((a, b) => (a > b ? a : b)).toString();
      }
      return null;
    },
  };
}
