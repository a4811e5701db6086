import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import {
  applyRetention,
  claimWeek,
  getPosted,
  keepsQuestionText,
  listSubscriptions,
  setKeepQuestionText,
  subscribe,
  surfacedSince,
  takeOverIntent,
} from '../../src/digest/store.ts';
import { migrate, openDatabase } from '../../src/store/database.ts';
import { MIGRATIONS } from '../../src/store/migrations.ts';
import { logAnswer } from './helpers/answers.ts';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function dbPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mechanistic-store-'));
  dirs.push(dir);
  return join(dir, 'mechanistic.db');
}

test('migrations bring a version-1 database with rows up to date and keep the rows', () => {
  const path = dbPath();
  const old = new Database(path);
  migrate(old, MIGRATIONS.filter((m) => m.version === 1));
  logAnswer(old, { channel: 'C1', at: '2026-11-17T10:00:00Z', concepts: ['probing'], precedents: ['ettinger2016'], text: 'what is a probe?' });
  assert.deepEqual(old.prepare('SELECT version FROM schema_migrations').pluck().all(), [1]);
  old.close();

  const db = openDatabase(path);
  const versions = db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all() as number[];
  assert.ok(versions.includes(4));
  assert.deepEqual(versions, [...MIGRATIONS.map((m) => m.version)].sort((a, b) => a - b));
  assert.equal(db.prepare('SELECT question_text FROM answered_question').pluck().get(), 'what is a probe?');
  subscribe(db, { platform: 'slack', workspaceId: 'T1', channelId: 'C1', tz: 'UTC', schedule: '0 9 * * 1', createdBy: 'U1' }, new Date('2026-11-20T00:00:00Z'));
  assert.equal(listSubscriptions(db).length, 1);
  db.close();
  // Opening again applies nothing twice.
  const again = openDatabase(path);
  assert.equal(again.prepare('SELECT count(*) FROM schema_migrations WHERE version = 4').pluck().get(), 1);
  assert.equal(again.pragma('journal_mode', { simple: true }), 'wal');
  again.close();
});

test('subscribing again updates the schedule; the platform is checked by the schema', () => {
  const db = openDatabase(dbPath());
  const at = new Date('2026-11-20T00:00:00Z');
  subscribe(db, { platform: 'discord', workspaceId: 'G1', channelId: '42', tz: 'UTC', schedule: '0 9 * * 1', createdBy: 'U1' }, at);
  subscribe(db, { platform: 'discord', workspaceId: null, channelId: '42', tz: 'Asia/Tokyo', schedule: '30 16 * * 5', createdBy: 'U2' }, new Date('2026-11-21T00:00:00Z'));
  const [s] = listSubscriptions(db);
  assert.deepEqual([s?.tz, s?.schedule, s?.workspaceId, s?.createdAt.toISOString()], ['Asia/Tokyo', '30 16 * * 5', 'G1', at.toISOString()]);
  assert.throws(() => db.prepare(`INSERT INTO digest_subscription (platform, channel_id, tz, schedule, created_at) VALUES ('irc', 'x', 'UTC', '* * * * *', '')`).run(), /CHECK constraint/);
  db.close();
});

test('a week is claimed once; a stale intent is taken over by exactly one scheduler', () => {
  const db = openDatabase(dbPath());
  const t0 = new Date('2026-11-23T08:00:00Z');
  const claim = { platform: 'slack', channelId: 'C1', isoWeek: '2026-W47', state: 'intent' as const, conceptIds: ['probing'] };
  const a = claimWeek(db, { ...claim, owner: 'a' }, t0);
  assert.equal(a?.owner, 'a');
  assert.equal(claimWeek(db, { ...claim, owner: 'b' }, t0), null);
  const seen = getPosted(db, 'slack', 'C1', '2026-W47')!;
  const t1 = new Date('2026-11-23T08:20:00Z');
  assert.equal(takeOverIntent(db, seen, 'b', t1)?.attempts, 2);
  assert.equal(takeOverIntent(db, seen, 'c', t1), null, 'the second taker saw an outdated row');
  db.close();
});

test('retention deletes old answered questions, keeps recent ones and recent posted-digest records', () => {
  const db = openDatabase(dbPath());
  const now = new Date('2026-11-25T12:00:00Z');
  logAnswer(db, { channel: 'C1', at: '2026-10-01T00:00:00Z', concepts: ['probing'] });
  logAnswer(db, { channel: 'C1', at: '2026-11-20T00:00:00Z', concepts: ['probing'] });
  const base = { platform: 'slack', channelId: 'C1', owner: 'a', state: 'empty' as const, conceptIds: [] };
  claimWeek(db, { ...base, isoWeek: '2026-W30' }, new Date('2026-07-27T08:00:00Z'));
  claimWeek(db, { ...base, isoWeek: '2026-W47' }, new Date('2026-11-23T08:00:00Z'));
  assert.deepEqual(applyRetention(db, 7, now), { answeredQuestions: 1, postedDigests: 1 });
  assert.deepEqual(db.prepare('SELECT asked_at FROM answered_question').pluck().all(), ['2026-11-20T00:00:00.000Z']);
  assert.ok(getPosted(db, 'slack', 'C1', '2026-W47'), 'a posted week younger than the minimum keep is kept, so it is not posted again');
  assert.deepEqual(applyRetention(db, 7, now), { answeredQuestions: 0, postedDigests: 0 });
  db.close();
});

test('question text: off by default; turning keep-text off forgets what was kept', () => {
  const db = openDatabase(dbPath());
  const now = new Date('2026-11-25T12:00:00Z');
  assert.equal(keepsQuestionText(db, 'slack', 'C1'), false);
  setKeepQuestionText(db, 'slack', 'C1', true, 'U1', now);
  assert.equal(keepsQuestionText(db, 'slack', 'C1'), true);
  logAnswer(db, { channel: 'C1', at: '2026-11-20T00:00:00Z', concepts: ['probing'], text: 'kept question' });
  logAnswer(db, { channel: 'C2', at: '2026-11-20T00:00:00Z', concepts: ['probing'], text: 'other channel' });
  setKeepQuestionText(db, 'slack', 'C1', false, 'U1', now);
  assert.equal(keepsQuestionText(db, 'slack', 'C1'), false);
  assert.deepEqual(db.prepare('SELECT question_text FROM answered_question ORDER BY channel_id').pluck().all(), [null, 'other channel']);
  db.close();
});

test('stats count each concept and precedent once per answer, across channels, within the window', () => {
  const db = openDatabase(dbPath());
  logAnswer(db, { channel: 'C1', at: '2026-11-20T00:00:00Z', concepts: ['probing', 'activation-patching'], precedents: ['vig2020', 'ettinger2016'] });
  logAnswer(db, { platform: 'discord', channel: '42', at: '2026-11-21T00:00:00Z', concepts: ['probing'], precedents: ['ettinger2016'] });
  logAnswer(db, { channel: 'C1', at: '2026-09-01T00:00:00Z', concepts: ['activation-patching'], precedents: ['vig2020'] });
  const s = surfacedSince(db, new Date('2026-10-26T00:00:00Z'));
  assert.equal(s.questions, 2);
  assert.deepEqual(s.concepts, [
    { id: 'probing', count: 2 },
    { id: 'activation-patching', count: 1 },
  ]);
  assert.deepEqual(s.precedents, [
    { id: 'ettinger2016', count: 2 },
    { id: 'vig2020', count: 1 },
  ]);
  db.close();
});
