/**
 * Digest schedules: `--at "mon 09:00"` becomes a cron pattern, read in the channel's time zone
 * by croner (which handles DST: a 02:30 run on a spring-forward day moves, it is not lost).
 */
import { Cron } from 'croner';
import { assertTimeZone } from './iso-week.ts';

export const DEFAULT_SCHEDULE = '0 9 * * 1';
export const DEFAULT_TIME_ZONE = 'UTC';

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const DAY_NAMES = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;

export class ScheduleError extends Error {}

/** `mon 09:00` (day names: mon…sun, full names too; 24-hour time) → `0 9 * * 1`. */
export function scheduleFromAt(at: string): string {
  const m = /^\s*([a-z]+)\s+(\d{1,2}):(\d{2})\s*$/i.exec(at);
  const word = m ? m[1]!.toLowerCase() : '';
  const day = DAYS.findIndex((d, i) => word === d || word === DAY_NAMES[i]);
  const hour = m ? Number(m[2]) : NaN;
  const minute = m ? Number(m[3]) : NaN;
  if (!m || day < 0 || hour > 23 || minute > 59) {
    throw new ScheduleError(`--at "${at}" is not a weekly time: expected a day and a 24-hour time, e.g. "mon 09:00" or "fri 16:30"`);
  }
  return `${minute} ${hour} * * ${day}`;
}

/** The inverse of scheduleFromAt for patterns it made; other patterns are shown as they are. */
export function describeSchedule(pattern: string): string {
  const m = /^(\d{1,2}) (\d{1,2}) \* \* (\d)$/.exec(pattern);
  if (!m) return `cron "${pattern}"`;
  return `${DAYS[Number(m[3]) % 7]} ${m[2]!.padStart(2, '0')}:${m[1]!.padStart(2, '0')}`;
}

function cron(pattern: string, tz: string): Cron {
  assertTimeZone(tz);
  try {
    return new Cron(pattern, { timezone: tz, paused: true });
  } catch (e) {
    throw new ScheduleError(`schedule "${pattern}" is not a cron pattern (${(e as Error).message}): use --at "mon 09:00"`);
  }
}

/** Throws ScheduleError or IsoWeekError when the pair cannot be scheduled. */
export function validateSchedule(pattern: string, tz: string): void {
  cron(pattern, tz).stop();
}

/** The latest scheduled run at or before `now`, or null if it never ran. */
export function latestRunAtOrBefore(pattern: string, tz: string, now: Date): Date | null {
  const job = cron(pattern, tz);
  try {
    // previousRuns excludes a run at exactly the reference; one at exactly `now` is due.
    return job.previousRuns(1, new Date(now.getTime() + 1))[0] ?? null;
  } finally {
    job.stop();
  }
}

export function nextRunAfter(pattern: string, tz: string, now: Date): Date | null {
  const job = cron(pattern, tz);
  try {
    return job.nextRun(now);
  } finally {
    job.stop();
  }
}
