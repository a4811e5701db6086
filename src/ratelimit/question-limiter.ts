/**
 * Rate limits on questions, per user and per channel, shared by the web API and the chat adapters.
 * Each is a fixed one-minute window of rate-limiter-flexible: in memory for one process, in the
 * PostgreSQL store when several instances share it (the store makes the limiter: `store.rateLimiter`),
 * so every instance draws on one budget. A question refused by the channel limit is given back to
 * the user's count, so a refused question costs the asker nothing.
 *
 * Keys are opaque strings; adapters should prefix them with the platform and workspace
 * (e.g. `slack:T123:U456`) so ids from different platforms never collide. They are hashed before
 * they reach a limiter, so a shared database holds no user id or client address.
 */
import { createHash } from 'node:crypto';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { memoryRateLimiter, type RateLimiterAbstract, type RateLimitOptions } from '../store/rate-limit.ts';

export interface QuestionLimits {
  /** Questions per minute per user. */
  userPerMinute: number;
  /** Questions per minute per channel, all users together. */
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
  check(asker: Asker): Promise<LimitDecision>;
}

/** What a limiter is made from: `store.rateLimiter` (src/store/rate-limit.ts) has this shape. */
export type MakeRateLimiter = (o: RateLimitOptions) => RateLimiterAbstract;

const WINDOW_SECONDS = 60;

function hashed(key: string): string {
  return createHash('sha256').update(key).digest('base64url').slice(0, 32);
}

/** Consumes one point; `null` when allowed, else the seconds until the window resets. */
async function take(limiter: RateLimiterAbstract, key: string): Promise<number | null> {
  try {
    await limiter.consume(key, 1);
    return null;
  } catch (e) {
    // Over the limit the library rejects with its result; anything else is a real failure.
    if (e instanceof RateLimiterRes) return Math.max(1, Math.ceil(e.msBeforeNext / 1000));
    throw e;
  }
}

/**
 * @param make the limiters' backend; default in memory (one process). `mechanistic serve` passes
 *   its store's, so the limits hold across every instance sharing a PostgreSQL database.
 */
export function createQuestionLimiter(limits: QuestionLimits, make: MakeRateLimiter = memoryRateLimiter): QuestionLimiter {
  const perUser = make({ name: 'question-user', points: limits.userPerMinute, durationSeconds: WINDOW_SECONDS });
  const perChannel = make({ name: 'question-channel', points: limits.channelPerMinute, durationSeconds: WINDOW_SECONDS });
  return {
    async check(asker) {
      const userKey = hashed(asker.user);
      const userWait = await take(perUser, userKey);
      if (userWait !== null) {
        return {
          ok: false,
          scope: 'user',
          retryAfterSeconds: userWait,
          message: `You have asked more than ${limits.userPerMinute} questions in a minute. Please try again in ${userWait} s.`,
        };
      }
      if (asker.channel !== undefined) {
        const channelWait = await take(perChannel, hashed(asker.channel));
        if (channelWait !== null) {
          await perUser.reward(userKey, 1);
          return {
            ok: false,
            scope: 'channel',
            retryAfterSeconds: channelWait,
            message: `This channel has asked more than ${limits.channelPerMinute} questions in a minute. Please try again in ${channelWait} s.`,
          };
        }
      }
      return { ok: true };
    },
  };
}
