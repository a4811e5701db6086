/**
 * Bolt and its WebClient log through @slack/logger's interface; this sends their lines to our
 * pino logger (with its redaction), so one stream holds everything.
 */
import type { Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from '../../log.ts';

export function boltLogger(log: Logger): BoltLogger {
  const child = log.child({ component: 'bolt' });
  const line = (msg: unknown[]) => msg.map((m) => (typeof m === 'string' ? m : m instanceof Error ? m.message : JSON.stringify(m))).join(' ');
  return {
    debug: (...msg: unknown[]) => child.debug(line(msg)),
    info: (...msg: unknown[]) => child.info(line(msg)),
    warn: (...msg: unknown[]) => child.warn(line(msg)),
    error: (...msg: unknown[]) => child.error(line(msg)),
    // Levels are pino's (LOG_LEVEL); Bolt's own setting is ignored.
    setLevel: () => {},
    getLevel: () => (child.level === 'debug' || child.level === 'trace' ? 'debug' : child.level === 'info' ? 'info' : child.level === 'warn' ? 'warn' : 'error') as LogLevel,
    setName: () => {},
  };
}
