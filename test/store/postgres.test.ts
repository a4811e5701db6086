/**
 * The PostgreSQL backend: the shared store suite against a real server, each test on a fresh
 * schema, then what only a networked database has (two stores claiming at once, two instances
 * migrating at once). The server comes from MECHANISTIC_TEST_DATABASE_URL (`.ci/run` starts one).
 * Without it the tests are skipped locally with the reason, and fail in CI: a backend that is never
 * tested must not look green.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, describe, test } from 'node:test';
import pg from 'pg';
import { loadConfig } from '../../src/config.ts';
import { describeStore, openStoreFromConfig } from '../../src/store/open.ts';
import { POSTGRES_MIGRATIONS } from '../../src/store/postgres-migrations.ts';
import { MIGRATIONS } from '../../src/store/migrations.ts';
import { openPostgresStore, redactDatabaseUrl, type PostgresStore } from '../../src/store/postgres.ts';
import { storeSuite } from './store-suite.ts';

const url = process.env.MECHANISTIC_TEST_DATABASE_URL?.trim() || undefined;

test('the PostgreSQL store tests have a server (MECHANISTIC_TEST_DATABASE_URL)', (t) => {
  if (url) return;
  const reason = 'MECHANISTIC_TEST_DATABASE_URL is not set: the PostgreSQL store tests need a server (bash .ci/run starts one)';
  if (process.env.CI) assert.fail(`${reason}; in CI it must be set, so the PostgreSQL backend is not left untested`);
  t.skip(reason);
});

test('the numbered PostgreSQL migrations match the SQLite ones, number for number', () => {
  assert.deepEqual(
    POSTGRES_MIGRATIONS.map((m) => [m.version, m.name]),
    MIGRATIONS.map((m) => [m.version, m.name]),
  );
});

test('DATABASE_URL: a postgres URL, a secret; the store is described without its password', () => {
  const config = loadConfig({ DATABASE_URL: 'postgresql://mech:hunter2@db.example.org:5432/mechanistic', MECHANISTIC_DATA_DIR: '/tmp/x' });
  assert.equal(config.DATABASE_URL, 'postgresql://mech:hunter2@db.example.org:5432/mechanistic');
  assert.ok(!describeStore(config).includes('hunter2'));
  assert.match(describeStore(config), /^postgresql postgresql:\/\/mech:\*\*\*@db\.example\.org:5432\/mechanistic$/);
  assert.equal(loadConfig({ DATABASE_URL: '', MECHANISTIC_DATA_DIR: '/tmp/x' }).DATABASE_URL, undefined);
  assert.match(describeStore(loadConfig({ MECHANISTIC_DATA_DIR: '/tmp/x' })), /^sqlite \/tmp\/x\/mechanistic\.db$/);
  for (const bad of ['mysql://u:secretpw@h/db', 'not a url secretpw', 'http://u:secretpw@h/db']) {
    assert.throws(
      () => loadConfig({ DATABASE_URL: bad }),
      (e: Error) => /DATABASE_URL=\(secret\): expected a PostgreSQL URL/.test(e.message) && !e.message.includes('secretpw'),
    );
  }
  assert.equal(redactDatabaseUrl('postgres://h/db'), 'postgres://h/db');
});

describe('store: postgresql', { skip: url ? false : 'MECHANISTIC_TEST_DATABASE_URL is not set' }, () => {
  const admin = new pg.Pool({ connectionString: url, max: 2 });
  admin.on('error', () => undefined);
  const schemas: string[] = [];
  after(async () => {
    for (const s of schemas) await admin.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
    await admin.end();
  });
  /** A new, empty schema: every test gets its own tables. */
  async function freshSchema(): Promise<string> {
    const name = `mech_test_${randomBytes(6).toString('hex')}`;
    await admin.query(`CREATE SCHEMA ${name}`);
    schemas.push(name);
    return name;
  }
  const open = async (schema?: string) => openPostgresStore(url!, { schema: schema ?? (await freshSchema()), max: 4 });

  storeSuite('postgresql', () => open(), {
    async insertLegacyAnswer(store: PostgresStore, r) {
      // As migration 5 copies slack_question and discord_answer rows.
      await store.pool.query(
        `INSERT INTO answer (id, created_at, platform, workspace_id, channel_id, user_id, logged, query_text, answer_json,
                             concept_ids, precedent_ids, related_ids, definitions)
         VALUES ($1, $2, $3, $4, $5, $6, 0, $7, NULL, '[]', '[]', '[]', '{}')`,
        [r.id, r.createdAt.toISOString(), r.platform, r.workspaceId, r.channelId, r.userId, r.queryText],
      );
    },
  });

  describe('store: postgresql only', () => {
    test('two instances starting at once on one empty schema apply each migration once', async () => {
      const schema = await freshSchema();
      const stores = await Promise.all([open(schema), open(schema), open(schema)]);
      try {
        const versions = (await stores[0]!.pool.query('SELECT version FROM schema_migrations ORDER BY version')).rows.map((r) => Number(r.version));
        assert.deepEqual(versions, POSTGRES_MIGRATIONS.map((m) => m.version));
        await stores[1]!.digest.subscribe({ platform: 'slack', workspaceId: 'T1', channelId: 'C1', tz: 'UTC', schedule: '0 9 * * 1', createdBy: 'U1' }, new Date());
        assert.equal((await stores[2]!.digest.listSubscriptions()).length, 1, 'one database');
      } finally {
        await Promise.all(stores.map((s) => s.close()));
      }
    });

    test('two stores on one database (two instances): one claim of a week, of an event, of a stale intent', async () => {
      const schema = await freshSchema();
      const [a, b] = await Promise.all([open(schema), open(schema)]);
      try {
        const now = new Date('2026-11-23T08:00:00Z');
        for (let round = 0; round < 10; round++) {
          const claim = { platform: 'slack', channelId: 'C1', isoWeek: `2026-W${10 + round}`, state: 'intent' as const, conceptIds: [] };
          const weeks = await Promise.all([a, b, a, b].map((s, i) => s.digest.claimWeek({ ...claim, owner: `o${i}` }, now)));
          assert.equal(weeks.filter((w) => w !== null).length, 1, `round ${round}`);
          const events = await Promise.all([a, b, a, b].map((s, i) => s.slackEvents.claim({ eventId: `Ev${round}`, workspaceId: 'T1', bootId: `boot${i}`, now })));
          assert.equal(events.filter((e) => e === 'new').length, 1, events.join(', '));
          const seen = weeks.find((w) => w !== null)!;
          const later = new Date('2026-11-23T08:30:00Z');
          const taken = await Promise.all([a, b, a, b].map((s, i) => s.digest.takeOverIntent(seen, `t${i}`, later)));
          assert.equal(taken.filter((t) => t !== null).length, 1);
          assert.equal((await b.digest.getPosted('slack', 'C1', claim.isoWeek))?.attempts, 2);
        }
      } finally {
        await a.close();
        await b.close();
      }
    });

    test('deleteData finds tables by their columns, so tables added later are covered', async () => {
      const store = await open();
      try {
        await store.pool.query(`CREATE TABLE per_channel (platform TEXT, channel_id TEXT, note TEXT);
                                CREATE TABLE per_workspace (platform TEXT, workspace_id TEXT, note TEXT)`);
        await store.feedback.record({ platform: 'discord', workspaceId: 'G1', channelId: 'C1', userId: 'u', query: 'q', answerId: null, paperId: null, comment: 'c', createdAt: new Date() });
        const insert = (table: string, ...values: string[]) => store.pool.query(`INSERT INTO ${table} VALUES ($1, $2, $3)`, values);
        await insert('per_channel', 'discord', 'C1', 'named by G1’s feedback');
        await insert('per_channel', 'discord', 'C3', 'passed in as a G1 channel');
        await insert('per_channel', 'discord', 'C2', 'G2’s');
        await insert('per_channel', 'slack', 'C1', 'the same id on Slack');
        await insert('per_workspace', 'discord', 'G1', 'G1’s');
        await insert('per_workspace', 'slack', 'G1', 'the same id on Slack');
        const deleted = await store.workspaces.deleteData('discord', 'G1', ['C3']);
        assert.equal(deleted.per_channel, 2);
        assert.equal(deleted.per_workspace, 1);
        assert.equal(deleted.schema_migrations, undefined);
        const left = (await store.pool.query(`SELECT platform || channel_id AS k FROM per_channel ORDER BY 1`)).rows.map((r) => r.k);
        assert.deepEqual(left, ['discordC2', 'slackC1']);
      } finally {
        await store.close();
      }
    });

    test('the schema checks the digest platform and the posted state', async () => {
      const store = await open();
      try {
        await assert.rejects(
          store.pool.query(`INSERT INTO digest_subscription (platform, channel_id, tz, schedule, created_at) VALUES ('irc', 'x', 'UTC', '* * * * *', '')`),
          /check constraint/,
        );
        await assert.rejects(
          store.pool.query(`INSERT INTO posted_digest (platform, channel_id, iso_week, state, owner, claimed_at) VALUES ('slack', 'x', 'w', 'lost', 'o', '')`),
          /check constraint/,
        );
      } finally {
        await store.close();
      }
    });

    test('migration 5 moves the rows of the old tables into the answer table', async () => {
      const schema = await freshSchema();
      const upTo4 = await openPostgresStore(url!, { schema, migrations: POSTGRES_MIGRATIONS.filter((m) => m.version <= 4) });
      await upTo4.pool.query(`INSERT INTO answered_question (platform, workspace_id, channel_id, asked_at, question_text, concept_ids, precedent_ids, related_ids, definitions)
                              VALUES ('slack', 'T1', 'C1', '2026-11-20T00:00:00.000Z', 'kept', '["probing"]', '[]', '[]', '{}')`);
      await upTo4.pool.query(`INSERT INTO slack_question (id, workspace_id, channel_id, user_id, query, created_at) VALUES ('sq1', 'T1', 'C1', 'U1', 'slack q', '2026-11-21T00:00:00.000Z')`);
      await upTo4.pool.query(`INSERT INTO discord_answer (workspace_id, channel_id, user_id, query, created_at) VALUES ('G1', '42', 'U2', 'discord q', '2026-11-22T00:00:00.000Z')`);
      await upTo4.close();
      const store = await open(schema);
      try {
        const logged = (await store.pool.query(`SELECT id FROM answer WHERE logged = 1`)).rows.map((r) => r.id);
        assert.equal(logged.length, 1);
        assert.match(logged[0], /^log\d+$/);
        assert.equal((await store.answers.get('sq1'))?.queryText, 'slack q');
        const discordId = (await store.pool.query(`SELECT id FROM answer WHERE platform = 'discord'`)).rows[0].id as string;
        assert.match(discordId, /^d\d+$/);
        assert.deepEqual((await store.answers.get(discordId))?.origin, { platform: 'discord', workspaceId: 'G1', channelId: '42', userId: 'U2' });
        assert.deepEqual((await store.answers.loggedInChannel('slack', 'C1', new Date('2026-11-01'), new Date('2026-12-01'))).map((q) => q.conceptIds), [['probing']]);
        const old = (await store.pool.query(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = $1 AND table_name IN ('answered_question', 'slack_question', 'discord_answer')`, [schema])).rows[0].n;
        assert.equal(old, 0, 'the old tables are gone');
      } finally {
        await store.close();
      }
    });

    test('openStoreFromConfig opens PostgreSQL when DATABASE_URL is set', async () => {
      const store = await openStoreFromConfig({ DATABASE_URL: url, dataDir: '/nonexistent/never-created' });
      try {
        assert.ok('pool' in store, 'the PostgreSQL backend');
      } finally {
        await store.close();
      }
    });
  });
});
