/**
 * Token buckets keyed by a string (a user, a channel). Each key holds up to `capacity` tokens and
 * regains `refillPerSecond`; taking a token fails when none is left. The clock is a parameter so
 * the refill rule is tested without waiting.
 */
export interface TokenBucketOptions {
  capacity: number;
  refillPerSecond: number;
  /** Milliseconds since some epoch; `Date.now` in production. */
  nowMs: () => number;
  /**
   * Most keys remembered at once. A full bucket carries no information, so when the map is full
   * the buckets that have refilled are forgotten first, then the least recently used.
   */
  maxKeys?: number;
}

export type TakeResult = { ok: true; remaining: number } | { ok: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  updatedMs: number;
}

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private readonly maxKeys: number;

  constructor(private readonly opts: TokenBucketOptions) {
    if (!(opts.capacity >= 1) || !(opts.refillPerSecond > 0)) {
      throw new RangeError(`token bucket needs capacity >= 1 and refillPerSecond > 0, got ${opts.capacity} and ${opts.refillPerSecond}`);
    }
    this.maxKeys = opts.maxKeys ?? 50_000;
  }

  /** Tokens `key` has now, without taking one. */
  available(key: string): number {
    return this.refilled(key, this.opts.nowMs()).tokens;
  }

  /** Seconds until `key` has one token again (0 when it has one now). */
  retryAfterSeconds(key: string): number {
    const tokens = this.available(key);
    return tokens >= 1 ? 0 : Math.max(1, Math.ceil((1 - tokens) / this.opts.refillPerSecond));
  }

  /** Takes one token for `key` if there is one. */
  take(key: string): TakeResult {
    const now = this.opts.nowMs();
    const bucket = this.refilled(key, now);
    if (bucket.tokens < 1) return { ok: false, retryAfterSeconds: this.retryAfterSeconds(key) };
    bucket.tokens -= 1;
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    this.evict(now);
    return { ok: true, remaining: Math.floor(bucket.tokens) };
  }

  get size(): number {
    return this.buckets.size;
  }

  private refilled(key: string, now: number): Bucket {
    const b = this.buckets.get(key);
    if (!b) return { tokens: this.opts.capacity, updatedMs: now };
    // A clock that steps backwards (NTP) must not drain or overfill anyone.
    const elapsed = Math.max(0, now - b.updatedMs) / 1000;
    b.tokens = Math.min(this.opts.capacity, b.tokens + elapsed * this.opts.refillPerSecond);
    b.updatedMs = Math.max(b.updatedMs, now);
    return b;
  }

  private evict(now: number): void {
    if (this.buckets.size <= this.maxKeys) return;
    for (const [key] of this.buckets) {
      if (this.buckets.size <= this.maxKeys) return;
      if (this.refilled(key, now).tokens >= this.opts.capacity) this.buckets.delete(key);
    }
    for (const [key] of this.buckets) {
      if (this.buckets.size <= this.maxKeys) return;
      this.buckets.delete(key);
    }
  }
}
