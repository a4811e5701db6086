/**
 * What the scheduler needs from a chat platform to deliver a digest. The Slack and Discord
 * posters in this folder implement it; a chat adapter may supply its own.
 */
import type { Digest } from './compose.ts';
import type { ChatPlatform as DigestPlatform, Subscription } from '../store/store.ts';

export interface DigestMessage {
  /** The week reported, e.g. 2026-W47: part of the marker and of the chart's file name. */
  isoWeek: string;
  digest: Digest;
  markdown: string;
  /** Block Kit, for Slack; a poster may ignore it. */
  blocks?: Record<string, unknown>[];
  chartPng: Buffer;
  /** e.g. mechanistic-digest-2026-W47.png */
  chartFileName: string;
}

export interface DigestPoster {
  post(subscription: Subscription, message: DigestMessage): Promise<{ messageId: string }>;
  /**
   * Finds a digest for `isoWeek` this bot already posted in the channel since `since`, so a
   * scheduler that crashed between sending and recording does not post it twice.
   * A poster without it makes a stale intent end as 'failed' rather than risk a double post.
   */
  findPosted?(subscription: Subscription, isoWeek: string, since: Date): Promise<{ messageId: string } | null>;
  /** False for platforms this poster cannot reach: their subscriptions wait, unclaimed. Absent: all. */
  supports?(platform: DigestPlatform): boolean;
}

export function chartFileName(isoWeek: string): string {
  return `mechanistic-digest-${isoWeek}.png`;
}

/** One poster per platform, chosen by the subscription's platform. */
export function posterByPlatform(posters: Partial<Record<DigestPlatform, DigestPoster>>): DigestPoster {
  const pick = (s: Subscription): DigestPoster => {
    const p = posters[s.platform];
    if (!p) throw new Error(`no ${s.platform} poster configured (channel ${s.channelId}): set the ${s.platform === 'slack' ? 'SLACK_BOT_TOKEN' : 'DISCORD_TOKEN'} variable`);
    return p;
  };
  return {
    supports: (platform) => posters[platform] !== undefined,
    post: (s, m) => pick(s).post(s, m),
    findPosted: async (s, week, since) => {
      const p = pick(s);
      if (!p.findPosted) throw new Error(`the ${s.platform} poster cannot look up posted digests`);
      return p.findPosted(s, week, since);
    },
  };
}
