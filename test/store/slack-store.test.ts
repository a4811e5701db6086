import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { databasePath, openDatabase } from '../../src/store/database.ts';
import { claimSlackEvent, markSlackEventAnswered } from '../../src/store/slack-events.ts';
import { findSlackQuestion, rememberSlackQuestion } from '../../src/store/slack-questions.ts';

const day = 24 * 60 * 60 * 1000;
const t0 = new Date('2026-11-01T12:00:00Z');

function db() {
  return openDatabase(databasePath(mkdtempSync(join(tmpdir(), 'mech-slack-store-'))));
}

test('an event is new once, a duplicate while in flight or answered, and taken over from a process that died', () => {
  const d = db();
  const claim = (bootId: string, eventId = 'Ev1') => claimSlackEvent(d, { eventId, workspaceId: 'T1', bootId, now: t0 });
  assert.equal(claim('boot-a'), 'new');
  assert.equal(claim('boot-a'), 'duplicate', 'in flight in this process');
  assert.equal(claim('boot-b'), 'taken-over', 'claimed by a process that is gone, never answered');
  assert.equal(claim('boot-c'), 'taken-over');
  markSlackEventAnswered(d, 'Ev1', t0);
  assert.equal(claim('boot-d'), 'duplicate', 'answered: never again, whoever asks');
});

test('event ids are kept a day, questions 30 days', () => {
  const d = db();
  claimSlackEvent(d, { eventId: 'old', workspaceId: 'T1', bootId: 'a', now: t0 });
  claimSlackEvent(d, { eventId: 'new', workspaceId: 'T1', bootId: 'a', now: new Date(t0.getTime() + 2 * day) });
  assert.deepEqual(d.prepare('SELECT event_id FROM slack_event').pluck().all(), ['new']);

  const q = { workspaceId: 'T1', channelId: 'C1', userId: 'U1', query: 'is probing mechanistic?' };
  const oldRef = rememberSlackQuestion(d, { ...q, createdAt: t0 });
  const midRef = rememberSlackQuestion(d, { ...q, createdAt: new Date(t0.getTime() + 20 * day) });
  assert.equal(findSlackQuestion(d, oldRef)?.query, 'is probing mechanistic?');
  rememberSlackQuestion(d, { ...q, createdAt: new Date(t0.getTime() + 31 * day) });
  assert.equal(findSlackQuestion(d, oldRef), null);
  assert.ok(findSlackQuestion(d, midRef));
  assert.match(oldRef, /^[A-Za-z0-9_-]{12}$/, 'refs fit the button value format');
});
