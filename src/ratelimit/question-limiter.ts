/**
 * Rate limits on questions, per user and per channel, shared by the web API and the chat adapters.
 * A question is counted against both buckets only when both allow it, so a refused question
 * costs the asker nothing.
 *
 * Keys are opaque strings; adapters should prefix them with the platform and workspace
 * (e.g. `slack:T123:U456`) so ids from different platforms never collide.
 */
import { TokenBuckets } from './token-bucket.ts';

export interface QuestionLimits {
  /** Questions per minute per user (also the burst size). */
  userPerMinute: number;
  /** Questions per minute per channel, all users together (also the burst size). */
  channelPerMinute: number;
}

export interface Asker {
  user: string;
  /** Omit where there is no channel (the web page). */
  channel?: string;
}

export type LimitDecision =
  | { ok: true }
  | { ok: false; scope: 'user' | 'channel'; retryAfterSeconds: number; message: string };

export interface QuestionLimiter {
  /** Counts the question if allowed; otherwise says who is over which limit and when to retry. */
  check(asker: Asker): LimitDecision;
}

export function createQuestionLimiter(limits: QuestionLimits, nowMs: () => number = Date.now): QuestionLimiter {
  const perUser = new TokenBuckets({ capacity: limits.userPerMinute, refillPerSecond: limits.userPerMinute / 60, nowMs });
  const perChannel = new TokenBuckets({ capacity: limits.channelPerMinute, refillPerSecond: limits.channelPerMinute / 60, nowMs });
  return {
    check(asker) {
      if (perUser.available(asker.user) < 1) {
        const wait = perUser.retryAfterSeconds(asker.user);
        return {
          ok: false,
          scope: 'user',
          retryAfterSeconds: wait,
          message: `You have asked more than ${limits.userPerMinute} questions in a minute. Please try again in ${wait} s.`,
        };
      }
      if (asker.channel !== undefined && perChannel.available(asker.channel) < 1) {
        const wait = perChannel.retryAfterSeconds(asker.channel);
        return {
          ok: false,
          scope: 'channel',
          retryAfterSeconds: wait,
          message: `This channel has asked more than ${limits.channelPerMinute} questions in a minute. Please try again in ${wait} s.`,
        };
      }
      perUser.take(asker.user);
      if (asker.channel !== undefined) perChannel.take(asker.channel);
      return { ok: true };
    },
  };
}
