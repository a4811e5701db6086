/**
 * The one way the paper sources reach the network: GET only, only below the configured base URLs,
 * a timeout on every attempt (headers and body), one retry on 429/5xx honouring `Retry-After` up to a cap,
 * a small per-host concurrency limit with an optional minimum interval between requests (arXiv asks for
 * one every 3 s, one at a time), and nothing at all when the network is off. The per-host limits are
 * process-wide: every SourceHttp of the process (answers, checks, the weekly scan) waits in the same line per
 * host. A request may be given a queueing budget (`maxQueueMs`): when the line ahead of it is longer, it is
 * refused at once as busy, nothing sent, so a burst of lookups cannot hold an answer until it times out.
 * Clock and sleep are injectable so the rules are tested without waiting; a SourceHttp given its own
 * clock or sleep keeps its own limits (its waits are on another timeline).
 */
import { SOURCE_LABELS, SourceError, type SourceName } from './types.ts';

export interface SourceHttpOptions {
  /** false: every request fails with `network-off` before anything is sent. */
  network: boolean;
  timeoutMs: number;
  userAgent: string;
  /** Simultaneous requests per host (a request may ask for fewer, as arXiv's do). */
  perHostConcurrency?: number;
  /** A `Retry-After` longer than this is not waited for: the request fails as `unavailable`. */
  maxRetryWaitMs?: number;
  /** Wait before the retry when the answer has no `Retry-After`. */
  retryDelayMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /**
   * Longest a request may wait in its host's line (for a slot, then for its polite interval) before it is refused
   * at once as busy, nothing sent. Default: no limit beyond `timeoutMs` for the interval wait. An answer sets it so
   * that a burst of lookups cannot hold a question until its answer times out.
   */
  maxQueueMs?: number;
  /**
   * true: per-host limits of this client only. Default: shared by the whole process, unless `now` or `sleep` is
   * injected (a test's clock must not move another client's line).
   */
  ownLimits?: boolean;
}

export interface SourceRequest {
  source: SourceName;
  url: string;
  headers?: Record<string, string>;
  /** Minimum time between the starts of two requests to this host. */
  minIntervalMs?: number;
  /** At most this many requests to this host at once (arXiv: 1), below the client's perHostConcurrency. */
  maxConcurrent?: number;
  /** This request's own queueing budget (see SourceHttpOptions.maxQueueMs); the smaller of the two counts. */
  maxQueueMs?: number;
}

export interface SourceResponse {
  status: number;
  text: string;
}

/** `Retry-After` as seconds or an HTTP date → milliseconds from `now`. */
export function parseRetryAfter(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  const t = header.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Math.round(Number(t) * 1000);
  const at = Date.parse(t);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

/** A counting semaphore plus a minimum spacing between starts, for one host. */
class HostGate {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private nextStart = 0;

  constructor(private readonly limit: number) {}

  /** Takes a free slot at once, if there is one. */
  tryAcquire(): boolean {
    if (this.active >= this.limit) return false;
    this.active++;
    return true;
  }

  /**
   * Waits for a slot, at most `maxWaitMs` (on the real clock: the requests in flight take real time); false when
   * none came in time, and the request has left the line.
   */
  acquire(maxWaitMs = Infinity): Promise<boolean> {
    if (this.tryAcquire()) return Promise.resolve(true);
    // The releaser hands its slot over directly, so `active` stays counted.
    return new Promise<boolean>((resolve) => {
      const take = () => {
        clearTimeout(timer);
        resolve(true);
      };
      this.waiting.push(take);
      const timer =
        maxWaitMs === Infinity
          ? undefined
          : setTimeout(() => {
              this.waiting.splice(this.waiting.indexOf(take), 1);
              resolve(false);
            }, maxWaitMs);
    });
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }

  /** Reserves the next start time at or after `now`; returns the wait until it. */
  reserve(now: number, intervalMs: number): number {
    const start = Math.max(now, this.nextStart);
    this.nextStart = start + intervalMs;
    return start - now;
  }

  /**
   * The earliest a request arriving now could start: after the starts already reserved, and, when every slot
   * is taken, one interval for each request already waiting for a slot (each reserves its own start when it gets
   * one). A lower bound: it leaves out how long the requests in flight take.
   */
  earliestStart(now: number, intervalMs: number): { waitMs: number; ahead: number } {
    const ahead = this.active < this.limit ? 0 : this.waiting.length;
    return { waitMs: Math.max(0, this.nextStart - now) + ahead * intervalMs, ahead };
  }

  /** Gives back a reservation that was not used. */
  unreserve(intervalMs: number): void {
    this.nextStart -= intervalMs;
  }
}

/** The per-host gates every SourceHttp of the process shares (on the real clock), by origin. */
const PROCESS_GATES = new Map<string, HostGate>();

/** Errors of a reused connection that the server had already closed. */
const STALE_CONNECTION = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET']);

export class SourceHttp {
  private readonly gates: Map<string, HostGate>;
  private readonly bases: string[] = [];
  private readonly opts: Required<Omit<SourceHttpOptions, 'ownLimits' | 'maxQueueMs'>> & Pick<SourceHttpOptions, 'maxQueueMs'>;

  constructor(options: SourceHttpOptions) {
    this.gates = (options.ownLimits ?? (options.now !== undefined || options.sleep !== undefined)) ? new Map() : PROCESS_GATES;
    this.opts = {
      perHostConcurrency: 2,
      maxRetryWaitMs: 10_000,
      retryDelayMs: 1_000,
      now: () => Date.now(),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      ...options,
    };
  }

  get network(): boolean {
    return this.opts.network;
  }

  get timeoutMs(): number {
    return this.opts.timeoutMs;
  }

  /** Allows requests below `base` (a configured base URL); every other URL is refused. */
  allow(base: string): void {
    this.bases.push(base.replace(/\/+$/, ''));
  }

  private allowed(url: string): boolean {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      return false;
    }
    return this.bases.some((b) => {
      const base = new URL(b);
      return u.origin === base.origin && (u.pathname === base.pathname || u.pathname.startsWith(`${base.pathname.replace(/\/$/, '')}/`) || base.pathname === '/');
    });
  }

  /** The host's gate; its concurrency is fixed by the first request to the host (one source per host). */
  private gate(origin: string, maxConcurrent: number | undefined): HostGate {
    let g = this.gates.get(origin);
    if (!g) {
      g = new HostGate(Math.max(1, Math.min(this.opts.perHostConcurrency, maxConcurrent ?? Infinity)));
      this.gates.set(origin, g);
    }
    return g;
  }

  /**
   * GETs `req.url`. Resolves with any status the caller must interpret (2xx, 4xx); throws SourceError for
   * network off, timeout, 429/5xx after the retry, or a refused connection.
   */
  async get(req: SourceRequest): Promise<SourceResponse> {
    const label = SOURCE_LABELS[req.source];
    if (!this.opts.network) {
      throw new SourceError('network-off', req.source, `not asking ${label}: paper sources are turned off (MECHANISTIC_NETWORK=off)`);
    }
    if (!this.allowed(req.url)) {
      // A programming error, never user input: ids are validated before a URL is built.
      throw new Error(`refusing to request ${new URL(req.url).origin}: not below a configured source base URL`);
    }
    for (let attempt = 1; ; attempt++) {
      const res = await this.attempt(req, label);
      if (res.status !== 429 && res.status < 500) return res;
      const what = res.status === 429 ? `${label} is rate limiting requests (429)` : `${label} answered ${res.status}`;
      const wait = res.retryAfterMs ?? this.opts.retryDelayMs;
      // A retry's wait is queueing too: a request with a budget does not wait past it.
      if (attempt >= 2 || wait > Math.min(this.opts.maxRetryWaitMs, this.queueBudget(req))) {
        throw new SourceError('unavailable', req.source, res.retryAfterMs !== undefined ? `${what}; it asks to retry after ${Math.ceil(res.retryAfterMs / 1000)} s` : what, {
          status: res.status,
          ...(res.retryAfterMs !== undefined ? { retryAfterMs: res.retryAfterMs } : {}),
        });
      }
      await this.opts.sleep(wait);
    }
  }

  /** The request's queueing budget: the smaller of its own and the client's (Infinity: none). */
  private queueBudget(req: SourceRequest): number {
    return Math.min(req.maxQueueMs ?? Infinity, this.opts.maxQueueMs ?? Infinity);
  }

  private async attempt(req: SourceRequest, label: string): Promise<SourceResponse & { retryAfterMs?: number }> {
    const origin = new URL(req.url).origin;
    const gate = this.gate(origin, req.maxConcurrent);
    const interval = req.minIntervalMs ?? 0;
    const budget = this.queueBudget(req);
    const pace = interval > 0 ? `, at one request every ${Math.round(interval / 100) / 10} s` : '';
    const may = `longer than the ${Math.round(budget / 100) / 10} s this lookup may wait`;
    // A line too long for the budget is refused before joining it: nothing is sent, and the caller answers without it.
    const line = gate.earliestStart(this.opts.now(), interval);
    if (line.waitMs > budget) {
      throw new SourceError('unavailable', req.source, `${label} is busy: ${line.ahead > 0 ? `${line.ahead} earlier ${line.ahead === 1 ? 'lookup is' : 'lookups are'} waiting for it` : 'earlier lookups are spaced out'}${pace}, ${may}`);
    }
    const queued = performance.now();
    // A free slot is taken and its start reserved in one step, so the next request's estimate counts it.
    if (!gate.tryAcquire() && !(await gate.acquire(budget))) {
      throw new SourceError('unavailable', req.source, `${label} is busy: the lookups ahead of this one took ${may}`);
    }
    try {
      const wait = gate.reserve(this.opts.now(), interval);
      // What is left of the budget after waiting for the slot bounds the wait for the polite interval.
      if (wait > Math.min(this.opts.timeoutMs, budget - (performance.now() - queued))) {
        gate.unreserve(interval);
        throw new SourceError('unavailable', req.source, `too many requests to ${label} right now (it asks for one every ${Math.round(interval / 100) / 10} s): try again shortly`);
      }
      if (wait > 0) await this.opts.sleep(wait);
      const signal = AbortSignal.timeout(this.opts.timeoutMs);
      try {
        let url = req.url;
        // Redirects are followed only below the configured base URLs (e.g. http → https on the same host).
        for (let hops = 0; ; hops++) {
          const init: RequestInit = { headers: { 'user-agent': this.opts.userAgent, ...req.headers }, redirect: 'manual', signal };
          // A kept-alive connection the server closed just as it was reused fails before any answer:
          // a GET is safe to send once more, on a fresh connection.
          const res = await fetch(url, init).catch((e: Error) => {
            if (!STALE_CONNECTION.has((e.cause as { code?: string } | undefined)?.code ?? '')) throw e;
            return fetch(url, init);
          });
          const location = res.status >= 300 && res.status < 400 ? res.headers.get('location') : null;
          if (location !== null) {
            await res.body?.cancel();
            const next = new URL(location, url).toString();
            if (hops >= 2 || !this.allowed(next)) {
              throw new SourceError('bad-response', req.source, `${label} redirected to ${new URL(next).origin}, which is not its configured address`, { status: res.status });
            }
            url = next;
            continue;
          }
          const text = await res.text();
          const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'), this.opts.now());
          return { status: res.status, text, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
        }
      } catch (e) {
        if (e instanceof SourceError) throw e;
        const err = e as Error;
        if (err.name === 'TimeoutError' || err.name === 'AbortError') {
          throw new SourceError('timeout', req.source, `${label} did not answer within ${this.opts.timeoutMs} ms`);
        }
        const cause = (err.cause as { code?: string } | undefined)?.code;
        throw new SourceError('unavailable', req.source, `could not reach ${label}${cause ? ` (${cause})` : ''}`);
      }
    } finally {
      gate.release();
    }
  }
}
