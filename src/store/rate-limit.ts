/**
 * The rate limiters of the store (rate-limiter-flexible): one fixed-window counter per key. On
 * PostgreSQL the counters live in the `rate_limit` table (migration 10), so every instance sharing
 * the database draws on one budget; each `consume` is one `INSERT … ON CONFLICT … RETURNING`, exact
 * across connections. On SQLite (one process) they live in memory. Both are the library's
 * `RateLimiterAbstract`, so the callers (src/ratelimit/) see one API whichever backend is in use.
 */
import type pg from 'pg';
import { RateLimiterMemory, RateLimiterPostgres, type RateLimiterAbstract } from 'rate-limiter-flexible';

export type { RateLimiterAbstract } from 'rate-limiter-flexible';

export interface RateLimitOptions {
  /** Names the counter, e.g. `user` or `channel`; part of every key, so limiters never share counts. */
  name: string;
  /** Consumptions allowed per window. */
  points: number;
  /** The window, in seconds. */
  durationSeconds: number;
}

/** The table of migration 10 (PostgreSQL): rate-limiter-flexible's own layout (key, points, expire). */
export const RATE_LIMIT_TABLE = 'rate_limit';

export function memoryRateLimiter(o: RateLimitOptions): RateLimiterAbstract {
  return new RateLimiterMemory({ keyPrefix: o.name, points: o.points, duration: o.durationSeconds });
}

/**
 * A limiter whose counters are rows of `rate_limit` in the pool's database (its search_path).
 * The table exists already (the migration), so the limiter is usable at once. While the database
 * cannot be reached, an in-memory limiter of the same size counts instead (the library's
 * insurance limiter): the limit then holds per instance rather than not at all.
 */
export function postgresRateLimiter(pool: pg.Pool, o: RateLimitOptions): RateLimiterAbstract {
  return new RateLimiterPostgres({
    storeClient: pool,
    storeType: 'pool',
    tableName: RATE_LIMIT_TABLE,
    tableCreated: true,
    keyPrefix: o.name,
    points: o.points,
    duration: o.durationSeconds,
    insuranceLimiter: memoryRateLimiter(o),
  });
}
