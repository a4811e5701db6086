/**
 * The SQLite backend: the shared store suite on a temporary file, then what only SQLite has
 * (the file, WAL, the schema's checks, tables found by their columns, two handles on one file).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { MIGRATIONS } from '../../src/store/migrations.ts';
import { databasePath, migrate, newAnswerId, openSqliteStore, openStore, type SqliteStore } from '../../src/store/sqlite.ts';
import { sampleAnswer, storeSuite } from './store-suite.ts';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mechanistic-sqlite-store-'));
  dirs.push(dir);
  return dir;
}
const tempDb = () => join(tempDir(), 'mechanistic.db');

storeSuite('sqlite', async () => openSqliteStore(tempDb()), {
  async insertLegacyAnswer(store: SqliteStore, r) {
    // As migration 5 copies slack_question and discord_answer rows.
    store.db
      .prepare(
        `INSERT INTO answer (id, created_at, platform, workspace_id, channel_id, user_id, logged, query_text, answer_json,
                             concept_ids, precedent_ids, related_ids, definitions)
         VALUES (?, ?, ?, ?, ?, ?, 0, ?, NULL, '[]', '[]', '[]', '{}')`,
      )
      .run(r.id, r.createdAt.toISOString(), r.platform, r.workspaceId, r.channelId, r.userId, r.queryText);
  },
});

describe('store: sqlite only', () => {
  test('answer ids are 12 URL-safe characters', () => {
    const ids = new Set(Array.from({ length: 200 }, newAnswerId));
    assert.equal(ids.size, 200);
    for (const id of ids) assert.match(id, /^[A-Za-z0-9_-]{12}$/, 'fits the button value format');
  });

  test('a question whose text is not kept is nowhere in the database', async () => {
    const store = openSqliteStore(tempDb());
    const origin = { platform: 'slack' as const, workspaceId: 'T1', channelId: 'C1', userId: 'U1' };
    await store.answers.save({ origin, createdAt: new Date(), answer: sampleAnswer({ query: 'secret question one' }), queryText: null });
    await store.answers.save({ origin, createdAt: new Date(), answer: sampleAnswer({ query: 'secret question two' }), queryText: 'secret question two' });
    const dump = () => JSON.stringify(store.db.prepare('SELECT * FROM answer').all());
    assert.ok(!dump().includes('secret question one'));
    assert.equal(dump().split('secret question two').length - 1, 1, 'a kept text is stored once, as query_text');
    await store.privacy.setKeepQuestionText('slack', 'C1', false, 'U1', new Date());
    assert.ok(!dump().includes('secret question two'));
    await store.close();
  });

  test('the schema checks the digest platform', async () => {
    const store = openSqliteStore(tempDb());
    assert.throws(
      () => store.db.prepare(`INSERT INTO digest_subscription (platform, channel_id, tz, schedule, created_at) VALUES ('irc', 'x', 'UTC', '* * * * *', '')`).run(),
      /CHECK constraint/,
    );
    await store.close();
  });

  test('deleteData finds tables by their columns, so tables added later are covered', async () => {
    const store = openSqliteStore(tempDb());
    store.db.exec(`CREATE TABLE per_channel (platform TEXT, channel_id TEXT, note TEXT);
                   CREATE TABLE per_workspace (platform TEXT, workspace_id TEXT, note TEXT)`);
    await store.feedback.record({ platform: 'discord', workspaceId: 'G1', channelId: 'C1', userId: 'u', query: 'q', answerId: null, paperId: null, comment: 'c', createdAt: new Date() });
    const insert = (table: string, ...values: string[]) => store.db.prepare(`INSERT INTO ${table} VALUES (?, ?, ?)`).run(...values);
    insert('per_channel', 'discord', 'C1', 'named by G1’s feedback');
    insert('per_channel', 'discord', 'C3', 'passed in as a G1 channel');
    insert('per_channel', 'discord', 'C2', 'G2’s');
    insert('per_channel', 'slack', 'C1', 'the same id on Slack');
    insert('per_workspace', 'discord', 'G1', 'G1’s');
    insert('per_workspace', 'slack', 'G1', 'the same id on Slack');

    const deleted = await store.workspaces.deleteData('discord', 'G1', ['C3']);
    assert.equal(deleted.per_channel, 2);
    assert.equal(deleted.per_workspace, 1);
    assert.equal(deleted.schema_migrations, undefined);
    assert.deepEqual(store.db.prepare('SELECT platform || channel_id FROM per_channel ORDER BY 1').pluck().all(), ['discordC2', 'slackC1']);
    assert.deepEqual(store.db.prepare('SELECT platform FROM per_workspace').pluck().all(), ['slack']);
    assert.equal(store.db.prepare('SELECT count(*) FROM schema_migrations').pluck().get(), MIGRATIONS.length);
    await store.close();
  });

  test('openStore keeps one WAL file in the data dir; opening again applies no migration twice', async () => {
    const dataDir = join(tempDir(), 'nested', 'data');
    const store = openStore(dataDir);
    assert.ok(existsSync(databasePath(dataDir)));
    assert.equal(databasePath(dataDir), join(dataDir, 'mechanistic.db'));
    await store.digest.subscribe({ platform: 'slack', workspaceId: 'T1', channelId: 'C1', tz: 'UTC', schedule: '0 9 * * 1', createdBy: 'U1' }, new Date());
    await store.close();
    await store.close(); // closing twice is harmless

    const again = openSqliteStore(databasePath(dataDir));
    assert.equal(again.db.pragma('journal_mode', { simple: true }), 'wal');
    assert.deepEqual(
      again.db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all(),
      MIGRATIONS.map((m) => m.version).sort((a, b) => a - b),
    );
    assert.deepEqual(migrate(again.db), [], 'nothing left to apply');
    assert.equal((await again.digest.listSubscriptions()).length, 1, 'the rows are still there');
    await again.close();
  });

  test('an in-memory store works', async () => {
    const store = openSqliteStore(':memory:');
    assert.equal((await store.digest.listSubscriptions()).length, 0);
    await store.close();
  });

  test('two handles on one file (two processes): one claim of a week, one claim of an event', async () => {
    const path = tempDb();
    const a = openSqliteStore(path);
    const b = openSqliteStore(path);
    const now = new Date('2026-11-23T08:00:00Z');
    const claim = { platform: 'slack', channelId: 'C1', isoWeek: '2026-W47', state: 'intent' as const, conceptIds: [] };
    const weeks = await Promise.all([a.digest.claimWeek({ ...claim, owner: 'a' }, now), b.digest.claimWeek({ ...claim, owner: 'b' }, now)]);
    assert.equal(weeks.filter((w) => w !== null).length, 1);
    const events = await Promise.all([
      a.slackEvents.claim({ eventId: 'Ev1', workspaceId: 'T1', bootId: 'a', now }),
      b.slackEvents.claim({ eventId: 'Ev1', workspaceId: 'T1', bootId: 'b', now }),
    ]);
    assert.deepEqual(events.sort(), ['duplicate', 'new'], 'the same event in two processes at once: answered by one');
    await a.close();
    await b.close();
  });
});
