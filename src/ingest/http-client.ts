/**
 * The one HTTP client the network importers (arXiv, Semantic Scholar) use: a timeout per request,
 * retries with exponential backoff on network errors, timeouts, 429 and 5xx (honouring Retry-After),
 * and a polite minimum interval between requests (arXiv asks for 3 s). The clock and sleep are
 * parameters so the rules can be tested without waiting.
 */

export interface HttpClientOptions {
  /** Abort a request after this long. */
  timeoutMs?: number;
  /** Attempts after the first one. */
  retries?: number;
  /** First backoff; doubled on each retry. */
  backoffMs?: number;
  /** Minimum time between the starts of two requests. */
  minIntervalMs?: number;
  userAgent?: string;
  headers?: Record<string, string>;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export class HttpError extends Error {
  constructor(
    readonly url: string,
    readonly status: number | undefined,
    message: string,
  ) {
    super(message);
  }
}

const RETRYABLE = new Set([408, 425, 429, 500, 502, 503, 504]);

function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

export class HttpClient {
  private readonly opts: Required<Omit<HttpClientOptions, 'headers'>> & { headers: Record<string, string> };
  private lastStart: number | undefined;

  constructor(options: HttpClientOptions = {}) {
    this.opts = {
      timeoutMs: options.timeoutMs ?? 20_000,
      retries: options.retries ?? 3,
      backoffMs: options.backoffMs ?? 1_000,
      minIntervalMs: options.minIntervalMs ?? 3_000,
      userAgent: options.userAgent ?? 'mechanistic-bot-ingest/0.1 (interpretability reading-group corpus)',
      headers: options.headers ?? {},
      now: options.now ?? (() => Date.now()),
      sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    };
  }

  private async politeWait(): Promise<void> {
    if (this.lastStart !== undefined) {
      const wait = this.lastStart + this.opts.minIntervalMs - this.opts.now();
      if (wait > 0) await this.opts.sleep(wait);
    }
    this.lastStart = this.opts.now();
  }

  /** GETs `url` and returns the body as text; throws HttpError naming the URL once retries are spent. */
  async getText(url: string): Promise<string> {
    let lastError = '';
    for (let attempt = 0; attempt <= this.opts.retries; attempt++) {
      await this.politeWait();
      let delay = this.opts.backoffMs * 2 ** attempt;
      try {
        const res = await fetch(url, {
          headers: { 'user-agent': this.opts.userAgent, ...this.opts.headers },
          signal: AbortSignal.timeout(this.opts.timeoutMs),
        });
        if (res.ok) return await res.text();
        const body = (await res.text()).slice(0, 200);
        if (!RETRYABLE.has(res.status)) {
          throw new HttpError(url, res.status, `GET ${url} answered ${res.status}: ${body || res.statusText}`);
        }
        lastError = `answered ${res.status}`;
        delay = Math.max(delay, retryAfterMs(res.headers.get('retry-after')) ?? 0);
      } catch (e) {
        if (e instanceof HttpError) throw e;
        const err = e as Error;
        lastError = err.name === 'TimeoutError' ? `timed out after ${this.opts.timeoutMs} ms` : `failed: ${err.message}`;
      }
      if (attempt < this.opts.retries) await this.opts.sleep(delay);
    }
    throw new HttpError(url, undefined, `GET ${url} ${lastError} (gave up after ${this.opts.retries + 1} attempts; check the network or try later)`);
  }

  async getJson(url: string): Promise<unknown> {
    const text = await this.getText(url);
    try {
      return JSON.parse(text);
    } catch {
      throw new HttpError(url, undefined, `GET ${url} did not return JSON (starts with ${JSON.stringify(text.slice(0, 60))})`);
    }
  }
}
