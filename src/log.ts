/**
 * Structured logs (pino) on stderr. Secrets are redacted by key wherever they appear in a log object,
 * and a URL's user and password wherever they appear in a line.
 */
import { randomBytes } from 'node:crypto';
import { pino, type Logger } from 'pino';
import { redactUrlCredentials, SECRET_KEYS } from './config.ts';

export type { Logger };

export function createLogger(level: string = 'info', destination: NodeJS.WritableStream = process.stderr): Logger {
  const paths = SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `config.${k}`]);
  return pino(
    {
      level,
      redact: { paths: [...paths, 'token', '*.token', 'authorization', '*.authorization', 'headers.authorization'], censor: '[redacted]' },
      base: undefined,
      // Credentials inside a URL (SLACK_API_URL, an error naming a request) never reach the log.
      hooks: { streamWrite: redactUrlCredentials },
    },
    destination,
  );
}

/**
 * Logs an unexpected error with its stack under a short reference id and returns the id,
 * so the user sees "internal error (ref 3f9a1c2e)" and a maintainer can find the stack.
 */
export function logErrorWithRef(log: Logger, err: unknown, context: Record<string, unknown> = {}, msg = 'unexpected error'): string {
  const ref = randomBytes(4).toString('hex');
  log.error({ ...context, ref, err }, msg);
  return ref;
}
