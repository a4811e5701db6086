/**
 * Timeouts for calls that leave the process or may run long. Calls to Slack and Discord go through
 * one of these with MECHANISTIC_OUTBOUND_TIMEOUT_MS, so a remote server that stops answering cannot
 * hold a question, or shutdown, forever.
 */
export class TimeoutError extends Error {
  constructor(
    readonly what: string,
    readonly ms: number,
  ) {
    super(`${what} took longer than ${ms} ms`);
  }
}

/** Rejects with TimeoutError when `work` has not settled after `ms`. The work itself is not cancelled. */
export function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(what, ms)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
