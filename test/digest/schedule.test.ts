import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeSchedule, latestRunAtOrBefore, nextRunAfter, scheduleFromAt, validateSchedule } from '../../src/digest/schedule.ts';

test('--at becomes a weekly cron pattern and back', () => {
  assert.equal(scheduleFromAt('mon 09:00'), '0 9 * * 1');
  assert.equal(scheduleFromAt('Friday 16:30'), '30 16 * * 5');
  assert.equal(scheduleFromAt('sun 0:05'), '5 0 * * 0');
  assert.equal(describeSchedule('30 16 * * 5'), 'fri 16:30');
  assert.throws(() => scheduleFromAt('monday'), /--at "monday" is not a weekly time: expected a day and a 24-hour time/);
  assert.throws(() => scheduleFromAt('monkey 09:00'), /not a weekly time/);
  assert.throws(() => scheduleFromAt('mon 25:00'), /not a weekly time/);
  assert.throws(() => validateSchedule('0 9 * * 1', 'Europe/Nowhere'), /time zone "Europe\/Nowhere" is not known/);
});

test('Monday 09:00 Berlin is 08:00 UTC in winter and 07:00 UTC after the spring change', () => {
  const p = '0 9 * * 1';
  assert.equal(latestRunAtOrBefore(p, 'Europe/Berlin', new Date('2026-03-23T08:00:00Z'))?.toISOString(), '2026-03-23T08:00:00.000Z');
  assert.equal(latestRunAtOrBefore(p, 'Europe/Berlin', new Date('2026-03-30T06:59:59Z'))?.toISOString(), '2026-03-23T08:00:00.000Z');
  assert.equal(latestRunAtOrBefore(p, 'Europe/Berlin', new Date('2026-03-30T07:00:00Z'))?.toISOString(), '2026-03-30T07:00:00.000Z');
  assert.equal(nextRunAfter(p, 'Europe/Berlin', new Date('2026-10-20T00:00:00Z'))?.toISOString(), '2026-10-26T08:00:00.000Z');
});

test('a run inside the skipped spring hour still happens once, after the gap', () => {
  const p = '30 2 * * 0'; // Sunday 02:30, which does not exist in Berlin on 29 March 2026
  const runs = [nextRunAfter(p, 'Europe/Berlin', new Date('2026-03-27T00:00:00Z'))!];
  runs.push(nextRunAfter(p, 'Europe/Berlin', runs[0]!)!);
  assert.deepEqual(runs.map((r) => r.toISOString()), ['2026-03-29T01:00:00.000Z', '2026-04-05T00:30:00.000Z']);
});
