/**
 * Migration 5 on a database written by the code before it (schema version 4): the answer log,
 * Slack questions and Discord answers become rows of the one answer table, and what read them
 * before still finds them.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import { MIGRATIONS } from '../../src/store/migrations.ts';
import { migrate, openSqliteStore } from '../../src/store/sqlite.ts';
import { sampleAnswer } from './store-suite.ts';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function dbPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mechanistic-migration-'));
  dirs.push(dir);
  return join(dir, 'mechanistic.db');
}

/** A database at `version`, as the program of that time left it. */
function oldDatabase(path: string, version: number): Database.Database {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  assert.deepEqual(migrate(db, MIGRATIONS.filter((m) => m.version <= version)), MIGRATIONS.filter((m) => m.version <= version).map((m) => m.version));
  return db;
}

/** A row of the version-1 answer log, with its old columns. */
function logged(db: Database.Database, r: { platform: string; workspace: string | null; channel: string | null; at: string; text: string | null; concepts: string[]; precedents: string[] }): number {
  return Number(
    db
      .prepare(
        `INSERT INTO answered_question (platform, workspace_id, channel_id, asked_at, question_text, concept_ids, precedent_ids, related_ids, definitions)
         VALUES (?, ?, ?, ?, ?, ?, ?, '["meng2022"]', '{"narrowTechnical":true,"broadTechnical":null,"narrowCultural":false,"broadCultural":null}')`,
      )
      .run(r.platform, r.workspace, r.channel, r.at, r.text, JSON.stringify(r.concepts), JSON.stringify(r.precedents)).lastInsertRowid,
  );
}

test('migration 5 moves the answer log, Slack questions and Discord answers into the answer table', async () => {
  const path = dbPath();
  const old = oldDatabase(path, 4);
  const logId = logged(old, { platform: 'slack', workspace: 'T1', channel: 'C1', at: '2026-11-17T10:00:00.000Z', text: 'what is a probe?', concepts: ['probing'], precedents: ['ettinger2016'] });
  logged(old, { platform: 'slack', workspace: 'T1', channel: 'C1', at: '2026-11-18T10:00:00.000Z', text: null, concepts: ['probing', 'activation-patching'], precedents: ['vig2020'] });
  logged(old, { platform: 'discord', workspace: 'G1', channel: '42', at: '2026-11-19T10:00:00.000Z', text: null, concepts: ['activation-patching'], precedents: [] });
  logged(old, { platform: 'cli', workspace: null, channel: null, at: '2026-11-19T11:00:00.000Z', text: null, concepts: ['steering'], precedents: [] });
  // A Slack question behind old buttons: its id is in the button values already posted.
  old.prepare('INSERT INTO slack_question (id, workspace_id, channel_id, user_id, query, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(
    'AbC-12_xyzQW',
    'T1',
    'C1',
    'U7',
    'is activation patching mechanistic?',
    '2026-11-18T12:00:00.000Z',
  );
  // A Discord answer behind old buttons: its integer id is in the custom_ids.
  const discordId = Number(
    old
      .prepare('INSERT INTO discord_answer (workspace_id, channel_id, user_id, query, created_at) VALUES (?, ?, ?, ?, ?)')
      .run('G1', '42', 'U8', 'is steering mechanistic?', '2026-11-19T12:00:00.000Z').lastInsertRowid,
  );
  old.prepare(`INSERT INTO feedback (platform, workspace_id, channel_id, user_id, query, paper_id, comment, created_at) VALUES ('slack', 'T1', 'C1', 'U1', 'q', NULL, 'c', ?)`).run(
    '2026-11-20T00:00:00.000Z',
  );
  old.prepare(`INSERT INTO digest_subscription (platform, workspace_id, channel_id, tz, schedule, created_at, created_by) VALUES ('slack', 'T1', 'C1', 'UTC', '0 9 * * 1', ?, 'U1')`).run(
    '2026-11-01T00:00:00.000Z',
  );
  old.close();

  const store = openSqliteStore(path);
  try {
    assert.deepEqual(
      store.db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all(),
      MIGRATIONS.map((m) => m.version).sort((a, b) => a - b),
    );
    for (const gone of ['answered_question', 'slack_question', 'discord_answer']) {
      assert.equal(store.db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?").pluck().get(gone), 0, `${gone} is dropped`);
    }

    // The digest still counts the old answer-log rows, and only those.
    const from = new Date('2026-11-16T00:00:00.000Z');
    const to = new Date('2026-11-23T00:00:00.000Z');
    assert.deepEqual(await store.answers.loggedInChannel('slack', 'C1', from, to), [
      { askedAt: new Date('2026-11-17T10:00:00.000Z'), conceptIds: ['probing'], precedentIds: ['ettinger2016'] },
      { askedAt: new Date('2026-11-18T10:00:00.000Z'), conceptIds: ['probing', 'activation-patching'], precedentIds: ['vig2020'] },
    ]);
    assert.deepEqual(await store.answers.loggedInChannel('discord', '42', from, to), [
      { askedAt: new Date('2026-11-19T10:00:00.000Z'), conceptIds: ['activation-patching'], precedentIds: [] },
    ]);
    assert.deepEqual(await store.answers.platformsOfChannel('C1'), ['slack']);
    assert.deepEqual(await store.answers.platformsOfChannel('42'), ['discord']);
    const s = await store.answers.surfacedSince(from);
    assert.equal(s.questions, 4, 'the four answer-log rows; the button rows are not questions the digest counts');
    assert.deepEqual(s.concepts, [
      { id: 'activation-patching', count: 2 },
      { id: 'probing', count: 2 },
      { id: 'steering', count: 1 },
    ]);

    // An answer-log row keeps its kept text, under the id 'log<id>', with no answer to page.
    const log = await store.answers.get(`log${logId}`);
    assert.deepEqual(log, {
      id: `log${logId}`,
      createdAt: new Date('2026-11-17T10:00:00.000Z'),
      origin: { platform: 'slack', workspaceId: 'T1', channelId: 'C1', userId: null },
      answer: null,
      queryText: 'what is a probe?',
    });

    // A Slack question id from an old button still resolves: no answer yet, its question text.
    const slack = await store.answers.get('AbC-12_xyzQW');
    assert.deepEqual(slack, {
      id: 'AbC-12_xyzQW',
      createdAt: new Date('2026-11-18T12:00:00.000Z'),
      origin: { platform: 'slack', workspaceId: 'T1', channelId: 'C1', userId: 'U7' },
      answer: null,
      queryText: 'is activation patching mechanistic?',
    });
    // A Discord answer id from an old custom_id resolves as 'd' + id.
    const discord = await store.answers.get(`d${discordId}`);
    assert.deepEqual(discord, {
      id: `d${discordId}`,
      createdAt: new Date('2026-11-19T12:00:00.000Z'),
      origin: { platform: 'discord', workspaceId: 'G1', channelId: '42', userId: 'U8' },
      answer: null,
      queryText: 'is steering mechanistic?',
    });
    assert.equal(await store.answers.get(String(discordId)), null, 'the bare integer is not an answer id');

    // Answering an old button's question once fills the row in; it still does not count in the digest.
    const answer = sampleAnswer({ query: 'is activation patching mechanistic?', concepts: ['activation-patching'] });
    await store.answers.attachAnswer('AbC-12_xyzQW', answer);
    assert.deepEqual((await store.answers.get('AbC-12_xyzQW'))?.answer, answer);
    assert.equal((await store.answers.surfacedSince(from)).questions, 4);

    // The other tables are untouched; feedback gained an answer id, empty for old rows.
    assert.deepEqual(
      (await store.feedback.list()).map((f) => [f.platform, f.query, f.answerId]),
      [['slack', 'q', null]],
    );
    assert.equal((await store.digest.listSubscriptions())[0]?.createdBy, 'U1');

    // New answers go in beside the old rows.
    const fresh = await store.answers.save({
      origin: { platform: 'slack', workspaceId: 'T1', channelId: 'C1', userId: 'U1' },
      createdAt: new Date('2026-11-20T10:00:00.000Z'),
      answer: sampleAnswer({ concepts: ['probing'] }),
      queryText: null,
    });
    assert.equal((await store.answers.loggedInChannel('slack', 'C1', from, to)).length, 3);
    assert.ok(await store.answers.get(fresh.id));

    // The legacy button rows age out with the button window; the old answer-log rows stay for the digest.
    const r = await store.applyRetention(null, new Date('2026-12-25T00:00:00.000Z'));
    assert.equal(r.answers, 2, 'the Slack question and the Discord answer');
    assert.equal(await store.answers.get('AbC-12_xyzQW'), null);
    assert.equal(await store.answers.get(`d${discordId}`), null);
    assert.equal((await store.answers.surfacedSince(from)).questions, 5);
  } finally {
    await store.close();
  }
});

test('a version-1 database with rows is brought up to date and keeps its rows', async () => {
  const path = dbPath();
  const old = oldDatabase(path, 1);
  const id = logged(old, { platform: 'slack', workspace: 'T1', channel: 'C1', at: '2026-11-17T10:00:00.000Z', text: 'what is a probe?', concepts: ['probing'], precedents: ['ettinger2016'] });
  assert.deepEqual(old.prepare('SELECT version FROM schema_migrations').pluck().all(), [1]);
  old.close();

  const store = openSqliteStore(path);
  assert.deepEqual(
    store.db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all(),
    MIGRATIONS.map((m) => m.version).sort((a, b) => a - b),
  );
  assert.equal((await store.answers.get(`log${id}`))?.queryText, 'what is a probe?');
  assert.equal((await store.answers.loggedInChannel('slack', 'C1', new Date('2026-11-01T00:00:00Z'), new Date('2026-12-01T00:00:00Z'))).length, 1);
  await store.digest.subscribe({ platform: 'slack', workspaceId: 'T1', channelId: 'C1', tz: 'UTC', schedule: '0 9 * * 1', createdBy: 'U1' }, new Date('2026-11-20T00:00:00Z'));
  assert.equal((await store.digest.listSubscriptions()).length, 1);
  await store.close();

  // Opening again applies nothing twice.
  const again = openSqliteStore(path);
  assert.equal(again.db.prepare('SELECT count(*) FROM schema_migrations WHERE version = 5').pluck().get(), 1);
  assert.equal(again.db.pragma('journal_mode', { simple: true }), 'wal');
  assert.equal((await again.answers.get(`log${id}`))?.queryText, 'what is a probe?');
  await again.close();
});
