/**
 * Posting to a Slack `response_url` (slash commands, shortcuts, buttons). Bolt's `respond()`
 * makes one attempt; an answer must not be lost to a rate limit or a passing 5xx, so this
 * waits out `Retry-After` on 429 and backs off on 5xx and network errors.
 */
export class ResponseUrlError extends Error {}

export interface ResponseUrlOptions {
  attempts?: number;
  /** First backoff after a 5xx or network error; doubles each time. */
  baseDelayMs?: number;
  /** Per-request timeout. */
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  onRetry?: (info: { attempt: number; status: number | null; waitMs: number }) => void;
}

/** Slack asks for seconds; a longer wait than this is better reported than slept through. */
const MAX_RETRY_AFTER_S = 120;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function postToResponseUrl(url: string, body: object, opts: ResponseUrlOptions = {}): Promise<void> {
  const attempts = opts.attempts ?? 6;
  const baseDelayMs = opts.baseDelayMs ?? 1000;
  const sleep = opts.sleep ?? defaultSleep;
  let lastProblem = '';
  for (let attempt = 1; attempt <= attempts; attempt++) {
    let status: number | null = null;
    let waitMs = baseDelayMs * 2 ** (attempt - 1);
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
      });
      status = res.status;
      const text = await res.text();
      if (res.ok) {
        // Slack answers 200 with {"ok":false,"error":…} for some rejections (e.g. invalid_blocks).
        if (text.startsWith('{')) {
          const parsed = JSON.parse(text) as { ok?: boolean; error?: string };
          if (parsed.ok === false) throw new ResponseUrlError(`response_url refused the message: ${parsed.error ?? 'unknown error'}`);
        }
        return;
      }
      lastProblem = `HTTP ${res.status} ${text.slice(0, 200)}`;
      if (res.status === 429) {
        const retryAfter = Number.parseInt(res.headers.get('retry-after') ?? '', 10);
        waitMs = Number.isNaN(retryAfter) ? waitMs : Math.min(retryAfter, MAX_RETRY_AFTER_S) * 1000;
      } else if (res.status < 500) {
        throw new ResponseUrlError(`response_url refused the message: ${lastProblem}`);
      }
    } catch (err) {
      if (err instanceof ResponseUrlError) throw err;
      lastProblem = (err as Error).message;
    }
    if (attempt < attempts) {
      opts.onRetry?.({ attempt, status, waitMs });
      await sleep(waitMs);
    }
  }
  throw new ResponseUrlError(`response_url failed after ${attempts} attempts: ${lastProblem}`);
}
