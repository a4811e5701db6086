/**
 * ISO 8601 weeks and calendar days in a time zone. Pure: the instant is always passed in.
 * A digest's key is its ISO week (`2026-W47`); a week runs Monday 00:00 to Monday 00:00
 * in the channel's time zone, so its UTC bounds move with DST.
 */

export interface IsoWeek {
  year: number;
  week: number;
}

/** A calendar day (month 1–12), no time zone attached. */
export interface CalendarDay {
  year: number;
  month: number;
  day: number;
}

const DAY_MS = 86_400_000;

export class IsoWeekError extends Error {}

export function formatIsoWeek(w: IsoWeek): string {
  return `${w.year}-W${String(w.week).padStart(2, '0')}`;
}

/** Parses `2026-W47` (or `2026W47`); throws IsoWeekError naming the input otherwise. */
export function parseIsoWeek(text: string): IsoWeek {
  const m = /^(\d{4})-?W(\d{2})$/i.exec(text.trim());
  const year = m ? Number(m[1]) : NaN;
  const week = m ? Number(m[2]) : NaN;
  if (!m || week < 1 || week > weeksInIsoYear(year)) {
    throw new IsoWeekError(`week "${text}" is not an ISO week: expected YYYY-Www, e.g. 2026-W47 (weeks 01–${m ? weeksInIsoYear(year) : 53})`);
  }
  return { year, week };
}

function dayNumber(d: CalendarDay): number {
  return Math.floor(Date.UTC(d.year, d.month - 1, d.day) / DAY_MS);
}

function fromDayNumber(n: number): CalendarDay {
  const date = new Date(n * DAY_MS);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

export function addDays(d: CalendarDay, days: number): CalendarDay {
  return fromDayNumber(dayNumber(d) + days);
}

/** Monday = 0 … Sunday = 6. */
function isoWeekday(d: CalendarDay): number {
  return (new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay() + 6) % 7;
}

export function isoWeekOf(d: CalendarDay): IsoWeek {
  // The ISO week belongs to the year of its Thursday.
  const thursday = addDays(d, 3 - isoWeekday(d));
  const ordinal = dayNumber(thursday) - dayNumber({ year: thursday.year, month: 1, day: 1 });
  return { year: thursday.year, week: Math.floor(ordinal / 7) + 1 };
}

export function weeksInIsoYear(year: number): number {
  return isoWeekOf({ year, month: 12, day: 28 }).week;
}

/** The Monday that starts the week. */
export function isoWeekMonday(w: IsoWeek): CalendarDay {
  // 4 January is always in week 1.
  const jan4: CalendarDay = { year: w.year, month: 1, day: 4 };
  return addDays(jan4, -isoWeekday(jan4) + (w.week - 1) * 7);
}

export function shiftIsoWeek(w: IsoWeek, weeks: number): IsoWeek {
  return isoWeekOf(addDays(isoWeekMonday(w), weeks * 7));
}

/** The `count` weeks ending with `last`, oldest first. */
export function weeksEndingWith(last: IsoWeek, count: number): IsoWeek[] {
  return Array.from({ length: count }, (_, i) => shiftIsoWeek(last, i - count + 1));
}

/** Throws IsoWeekError unless `tz` is an IANA time zone this runtime knows. */
export function assertTimeZone(tz: string): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
  } catch {
    throw new IsoWeekError(`time zone "${tz}" is not known: use an IANA name such as Europe/Berlin, America/New_York or UTC`);
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function wallClock(instantMs: number, tz: string): { day: CalendarDay; hour: number; minute: number; second: number } {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(tz, f);
  }
  const parts = Object.fromEntries(f.formatToParts(new Date(instantMs)).map((p) => [p.type, p.value]));
  return {
    day: { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day) },
    hour: Number(parts.hour) % 24,
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

/** The calendar day an instant falls on in a time zone. */
export function localDay(instant: Date, tz: string): CalendarDay {
  return wallClock(instant.getTime(), tz).day;
}

function offsetMs(instantMs: number, tz: string): number {
  const w = wallClock(instantMs, tz);
  const asUtc = Date.UTC(w.day.year, w.day.month - 1, w.day.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(instantMs / 1000) * 1000;
}

/** The instant a zone's clocks show midnight starting `day` (the first instant of that day there). */
export function startOfLocalDay(day: CalendarDay, tz: string): Date {
  const wall = Date.UTC(day.year, day.month - 1, day.day);
  let guess = wall - offsetMs(wall, tz);
  guess = wall - offsetMs(guess, tz);
  // Where a DST jump skips midnight, the day starts at the first instant after the gap.
  if (dayNumber(localDay(new Date(guess), tz)) < dayNumber(day)) guess += 3_600_000;
  return new Date(guess);
}

/** UTC bounds [start, end) of an ISO week in a time zone. */
export function isoWeekRange(w: IsoWeek, tz: string): { start: Date; end: Date } {
  const monday = isoWeekMonday(w);
  return { start: startOfLocalDay(monday, tz), end: startOfLocalDay(addDays(monday, 7), tz) };
}

/** The week an instant falls in, in a time zone. */
export function isoWeekAt(instant: Date, tz: string): IsoWeek {
  return isoWeekOf(localDay(instant, tz));
}

/**
 * The latest ISO week that has fully ended at `instant` in `tz`: the week a digest fired then
 * reports. A Monday 09:00 run reports the week that ended eight hours earlier.
 */
export function lastCompleteIsoWeek(instant: Date, tz: string): IsoWeek {
  return isoWeekOf(addDays(localDay(instant, tz), -7));
}
