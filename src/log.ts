/**
 * Structured logs (pino) on stderr. Secrets are redacted by key wherever they appear in a log object.
 */
import { pino, type Logger } from 'pino';
import { SECRET_KEYS } from './config.ts';

export type { Logger };

export function createLogger(level: string = 'info', destination: NodeJS.WritableStream = process.stderr): Logger {
  const paths = SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `config.${k}`]);
  return pino(
    {
      level,
      redact: { paths: [...paths, 'token', '*.token', 'authorization', '*.authorization', 'headers.authorization'], censor: '[redacted]' },
      base: undefined,
    },
    destination,
  );
}
