import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  formatIsoWeek,
  isoWeekAt,
  isoWeekOf,
  isoWeekRange,
  lastCompleteIsoWeek,
  parseIsoWeek,
  shiftIsoWeek,
  weeksEndingWith,
  weeksInIsoYear,
} from '../../src/digest/iso-week.ts';

test('ISO weeks at year boundaries', () => {
  assert.equal(formatIsoWeek(isoWeekOf({ year: 2026, month: 1, day: 1 })), '2026-W01');
  assert.equal(formatIsoWeek(isoWeekOf({ year: 2025, month: 12, day: 29 })), '2026-W01');
  assert.equal(formatIsoWeek(isoWeekOf({ year: 2027, month: 1, day: 1 })), '2026-W53');
  assert.equal(formatIsoWeek(isoWeekOf({ year: 2024, month: 12, day: 30 })), '2025-W01');
  assert.equal(formatIsoWeek(isoWeekOf({ year: 2026, month: 11, day: 22 })), '2026-W47');
  assert.equal(formatIsoWeek(isoWeekOf({ year: 2026, month: 11, day: 23 })), '2026-W48');
  assert.equal(weeksInIsoYear(2026), 53);
  assert.equal(weeksInIsoYear(2025), 52);
});

test('parsing weeks names the bad input', () => {
  assert.deepEqual(parseIsoWeek('2026-W47'), { year: 2026, week: 47 });
  assert.deepEqual(parseIsoWeek('2026w05'), { year: 2026, week: 5 });
  assert.throws(() => parseIsoWeek('2025-W53'), /week "2025-W53" is not an ISO week.*01–52/);
  assert.throws(() => parseIsoWeek('last week'), /expected YYYY-Www, e.g. 2026-W47/);
});

test('shifting and windows cross year ends', () => {
  assert.equal(formatIsoWeek(shiftIsoWeek({ year: 2026, week: 1 }, -1)), '2025-W52');
  assert.equal(formatIsoWeek(shiftIsoWeek({ year: 2026, week: 53 }, 1)), '2027-W01');
  assert.deepEqual(weeksEndingWith({ year: 2026, week: 2 }, 3).map(formatIsoWeek), ['2025-W52', '2026-W01', '2026-W02']);
});

test('a week in Berlin spans the DST change: 167 hours in spring, 169 in autumn', () => {
  const spring = isoWeekRange({ year: 2026, week: 13 }, 'Europe/Berlin');
  assert.equal(spring.start.toISOString(), '2026-03-22T23:00:00.000Z');
  assert.equal(spring.end.toISOString(), '2026-03-29T22:00:00.000Z');
  const autumn = isoWeekRange({ year: 2026, week: 43 }, 'Europe/Berlin');
  assert.equal((autumn.end.getTime() - autumn.start.getTime()) / 3_600_000, 169);
  const utc = isoWeekRange({ year: 2026, week: 47 }, 'UTC');
  assert.equal(utc.start.toISOString(), '2026-11-16T00:00:00.000Z');
});

test('the week of an instant depends on the zone', () => {
  const t = new Date('2026-11-22T23:30:00Z'); // Sunday in UTC, Monday in Berlin, Sunday afternoon in Los Angeles
  assert.equal(formatIsoWeek(isoWeekAt(t, 'UTC')), '2026-W47');
  assert.equal(formatIsoWeek(isoWeekAt(t, 'Europe/Berlin')), '2026-W48');
  assert.equal(formatIsoWeek(isoWeekAt(t, 'America/Los_Angeles')), '2026-W47');
});

test('the last complete week at a Monday run is the week before', () => {
  assert.equal(formatIsoWeek(lastCompleteIsoWeek(new Date('2026-11-23T08:00:00Z'), 'Europe/Berlin')), '2026-W47');
  assert.equal(formatIsoWeek(lastCompleteIsoWeek(new Date('2026-11-27T15:30:00Z'), 'Europe/Berlin')), '2026-W47');
  assert.equal(formatIsoWeek(lastCompleteIsoWeek(new Date('2026-01-05T09:00:00Z'), 'UTC')), '2026-W01');
});
