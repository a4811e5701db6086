/**
 * The PostgreSQL backend of the store (`pg`, a connection pool), chosen by DATABASE_URL: several
 * processes share one database. Every statement is parameterized. The atomic steps are single
 * statements whose conflict handling PostgreSQL makes exact across connections (INSERT … ON CONFLICT,
 * UPDATE … WHERE on the row as seen), or transactions on one pooled client. Migrations run under an
 * advisory lock, so instances starting together apply each migration once.
 */
import pg from 'pg';
import type { Migration } from './migrations.ts';
import { POSTGRES_MIGRATIONS } from './postgres-migrations.ts';
import { ANSWER_ID, answerJson, answerRowValues, checkRowValues, savedAnswer, savedCheck, DAY_MS, KEEP_EVENTS_MS, newAnswerId, tallySurfaced, toFeedback, toPosted, toStoredAnswer, toStoredCheck, toSubscription, type Row, KEEP_SIGNED_REQUESTS_MS, toPaperScan, toScannedPaper, toChannelPaperSettings } from './rows.ts';
import type { Explanation } from '../core/types.ts';
import { postgresRateLimiter } from './rate-limit.ts';
import {
  ANSWER_BUTTON_DAYS,
  CHECK_KEEP_DAYS,
  EVENT_CLAIM_LEASE_MS,
  POSTED_DIGEST_MIN_KEEP_DAYS,
  SOURCE_CACHE_KEEP_DAYS,
  type AnswersRepo,
  type ChannelPrivacyRepo,
  type ChatPlatform,
  type ChecksRepo,
  type DigestRepo,
  type EventClaim,
  type ExplanationsRepo,
  type FeedbackRepo,
  type PaperScansRepo,
  type SlackEventsRepo,
  type SlackRequestsRepo,
  type SourceCacheRepo,
  type Store,
  type UnfurlSettingsRepo,
  type WorkspacesRepo,
} from './store.ts';

type Pool = pg.Pool;
type Client = pg.PoolClient;
type Queryable = Pool | Client;

async function rows(q: Queryable, sql: string, params: unknown[] = []): Promise<Row[]> {
  return (await q.query(sql, params)).rows as Row[];
}
async function one(q: Queryable, sql: string, params: unknown[] = []): Promise<Row | null> {
  return (await rows(q, sql, params))[0] ?? null;
}
async function changes(q: Queryable, sql: string, params: unknown[] = []): Promise<number> {
  return (await q.query(sql, params)).rowCount ?? 0;
}

/** Runs `fn` in one transaction on one client of the pool; rolls back if it throws. */
async function inTransaction<T>(pool: Pool, fn: (c: Client) => Promise<T>): Promise<T> {
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    const result = await fn(c);
    await c.query('COMMIT');
    return result;
  } catch (e) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    c.release();
  }
}

/**
 * Applies every migration newer than the schema's version, each in its own transaction, holding an
 * advisory lock (one per schema) so two instances starting at once do not both apply one.
 */
export async function migratePostgres(pool: Pool, migrations: Migration[] = POSTGRES_MIGRATIONS): Promise<number[]> {
  const c = await pool.connect();
  const lockKey = "hashtext('mechanistic:migrations:' || current_schema())";
  try {
    await c.query(`SELECT pg_advisory_lock(${lockKey})`);
    try {
      await c.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
      const done = new Set((await c.query('SELECT version FROM schema_migrations')).rows.map((r: { version: number }) => Number(r.version)));
      const applied: number[] = [];
      for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
        if (done.has(m.version)) continue;
        await c.query('BEGIN');
        try {
          await c.query(m.sql);
          await c.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [m.version, m.name, new Date().toISOString()]);
          await c.query('COMMIT');
        } catch (e) {
          await c.query('ROLLBACK').catch(() => undefined);
          throw e;
        }
        applied.push(m.version);
      }
      return applied;
    } finally {
      await c.query(`SELECT pg_advisory_unlock(${lockKey})`).catch(() => undefined);
    }
  } finally {
    c.release();
  }
}

function answersRepo(pool: Pool): AnswersRepo {
  return {
    async save(a) {
      const id = newAnswerId();
      await pool.query(
        `INSERT INTO answer (id, created_at, platform, workspace_id, channel_id, user_id, logged, query_text, answer_json,
                             concept_ids, precedent_ids, related_ids, definitions)
         VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $8, $9, $10, $11, $12)`,
        answerRowValues(id, a),
      );
      return savedAnswer(id, a);
    },
    async get(id) {
      if (!ANSWER_ID.test(id)) return null;
      const r = await one(pool, 'SELECT * FROM answer WHERE id = $1', [id]);
      return r ? toStoredAnswer(r) : null;
    },
    async attachAnswer(id, answer) {
      await pool.query('UPDATE answer SET answer_json = $1 WHERE id = $2 AND answer_json IS NULL', [answerJson(answer), id]);
    },
    async loggedInChannel(platform, channelId, from, to) {
      const rs = await rows(
        pool,
        `SELECT created_at, concept_ids, precedent_ids FROM answer
         WHERE logged = 1 AND platform = $1 AND channel_id = $2 AND created_at >= $3 AND created_at < $4 ORDER BY created_at COLLATE "C"`,
        [platform, channelId, from.toISOString(), to.toISOString()],
      );
      return rs.map((r) => ({
        askedAt: new Date(String(r.created_at)),
        conceptIds: JSON.parse(String(r.concept_ids)) as string[],
        precedentIds: JSON.parse(String(r.precedent_ids)) as string[],
      }));
    },
    async platformsOfChannel(channelId) {
      const rs = await rows(pool, 'SELECT DISTINCT platform COLLATE "C" AS platform FROM answer WHERE logged = 1 AND channel_id = $1 ORDER BY 1', [channelId]);
      return rs.map((r) => String(r.platform));
    },
    async surfacedSince(since) {
      return tallySurfaced(await rows(pool, 'SELECT concept_ids, precedent_ids FROM answer WHERE logged = 1 AND created_at >= $1', [since.toISOString()]));
    },
    async recentOfUser(platform, workspaceId, userId, limit) {
      const rs = await rows(
        pool,
        `SELECT * FROM answer WHERE platform = $1 AND workspace_id = $2 AND user_id = $3 AND answer_json IS NOT NULL
         ORDER BY created_at COLLATE "C" DESC, id COLLATE "C" LIMIT $4`,
        [platform, workspaceId, userId, limit],
      );
      return rs.map(toStoredAnswer);
    },
  };
}

function feedbackRepo(pool: Pool): FeedbackRepo {
  return {
    async record(f) {
      const r = await one(
        pool,
        `INSERT INTO feedback (platform, workspace_id, channel_id, user_id, query, answer_id, paper_id, comment, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
        [f.platform, f.workspaceId, f.channelId, f.userId, f.query, f.answerId, f.paperId, f.comment, f.createdAt.toISOString()],
      );
      return Number(r!.id);
    },
    async list() {
      return (await rows(pool, 'SELECT * FROM feedback ORDER BY created_at COLLATE "C", id')).map(toFeedback);
    },
  };
}

function slackEventsRepo(pool: Pool): SlackEventsRepo {
  return {
    async claim(e) {
      // One statement: inserted ('new'), or the claim moved from a process that never answered
      // within the lease ('taken-over'), or no row ('duplicate'). Concurrent callers wait on the row
      // and re-check, so of several instances given one event at once exactly one answers.
      const r = await one(
        pool,
        `INSERT INTO slack_event (event_id, workspace_id, received_at, claimed_by) VALUES ($1, $2, $3, $4)
         ON CONFLICT (event_id) DO UPDATE SET claimed_by = excluded.claimed_by, received_at = excluded.received_at
           WHERE slack_event.answered_at IS NULL AND slack_event.claimed_by <> excluded.claimed_by
             AND slack_event.received_at <= $5
         RETURNING (xmax = 0) AS inserted`,
        [e.eventId, e.workspaceId, e.now.toISOString(), e.bootId, new Date(e.now.getTime() - EVENT_CLAIM_LEASE_MS).toISOString()],
      );
      if (!r) return 'duplicate' satisfies EventClaim;
      if (r.inserted) {
        await pool.query('DELETE FROM slack_event WHERE received_at < $1', [new Date(e.now.getTime() - KEEP_EVENTS_MS).toISOString()]);
        return 'new';
      }
      return 'taken-over';
    },
    async markAnswered(eventId, now) {
      await pool.query('UPDATE slack_event SET answered_at = $1 WHERE event_id = $2', [now.toISOString(), eventId]);
    },
  };
}

function slackRequestsRepo(pool: Pool): SlackRequestsRepo {
  return {
    async firstSight(r) {
      const inserted = await changes(
        pool,
        'INSERT INTO slack_request (digest, workspace_id, received_at) VALUES ($1, $2, $3) ON CONFLICT (digest) DO NOTHING',
        [r.digest, r.workspaceId, r.now.toISOString()],
      );
      if (inserted === 0) return false;
      await pool.query('DELETE FROM slack_request WHERE received_at < $1', [new Date(r.now.getTime() - KEEP_SIGNED_REQUESTS_MS).toISOString()]);
      return true;
    },
  };
}

function unfurlsRepo(pool: Pool): UnfurlSettingsRepo {
  return {
    async enabled(platform, channelId) {
      const r = await one(pool, 'SELECT enabled FROM channel_unfurl WHERE platform = $1 AND channel_id = $2', [platform, channelId]);
      return r === null || Number(r.enabled) === 1;
    },
    async set(s, now) {
      await pool.query(
        `INSERT INTO channel_unfurl (platform, workspace_id, channel_id, enabled, set_by, set_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (platform, channel_id) DO UPDATE SET
           workspace_id = coalesce(excluded.workspace_id, channel_unfurl.workspace_id), enabled = excluded.enabled,
           set_by = excluded.set_by, set_at = excluded.set_at`,
        [s.platform, s.workspaceId, s.channelId, s.enabled ? 1 : 0, s.by, now.toISOString()],
      );
    },
  };
}

function digestRepo(pool: Pool): DigestRepo {
  const getPosted = async (platform: string, channelId: string, isoWeek: string) => {
    const r = await one(pool, 'SELECT * FROM posted_digest WHERE platform = $1 AND channel_id = $2 AND iso_week = $3', [platform, channelId, isoWeek]);
    return r ? toPosted(r) : null;
  };
  return {
    async subscribe(s, now) {
      const r = await one(
        pool,
        `INSERT INTO digest_subscription (platform, workspace_id, channel_id, tz, schedule, created_at, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (platform, channel_id) DO UPDATE SET
           workspace_id = coalesce(excluded.workspace_id, digest_subscription.workspace_id), tz = excluded.tz, schedule = excluded.schedule
         RETURNING *`,
        [s.platform, s.workspaceId, s.channelId, s.tz, s.schedule, now.toISOString(), s.createdBy],
      );
      return toSubscription(r!);
    },
    async unsubscribe(platform, channelId) {
      return (await changes(pool, 'DELETE FROM digest_subscription WHERE platform = $1 AND channel_id = $2', [platform, channelId])) > 0;
    },
    async getSubscription(platform, channelId) {
      const r = await one(pool, 'SELECT * FROM digest_subscription WHERE platform = $1 AND channel_id = $2', [platform, channelId]);
      return r ? toSubscription(r) : null;
    },
    async listSubscriptions() {
      return (await rows(pool, 'SELECT * FROM digest_subscription ORDER BY platform COLLATE "C", channel_id COLLATE "C"')).map(toSubscription);
    },
    async getPosted(platform, channelId, isoWeek) {
      return getPosted(platform, channelId, isoWeek);
    },
    async listPosted(platform, channelId) {
      const rs = await rows(
        pool,
        `SELECT * FROM posted_digest WHERE ($1::text IS NULL OR platform = $1)
           AND ($2::text IS NULL OR channel_id = $2) ORDER BY claimed_at COLLATE "C", id`,
        [platform ?? null, channelId ?? null],
      );
      return rs.map(toPosted);
    },
    async claimWeek(c, now) {
      // The unique (platform, channel_id, iso_week) decides: a concurrent insert waits for the
      // other's commit and then does nothing, so exactly one caller gets the row back.
      const r = await one(
        pool,
        `INSERT INTO posted_digest (platform, channel_id, iso_week, state, owner, claimed_at, concept_ids)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (platform, channel_id, iso_week) DO NOTHING RETURNING *`,
        [c.platform, c.channelId, c.isoWeek, c.state, c.owner, now.toISOString(), JSON.stringify(c.conceptIds)],
      );
      return r ? toPosted(r) : null;
    },
    async takeOverIntent(seen, owner, now) {
      // A concurrent UPDATE of the row waits, then re-checks the WHERE on the new version: one winner.
      const r = await one(
        pool,
        `UPDATE posted_digest SET owner = $1, claimed_at = $2, attempts = attempts + 1
         WHERE id = $3 AND state = 'intent' AND owner = $4 AND claimed_at = $5 RETURNING *`,
        [owner, now.toISOString(), seen.id, seen.owner, seen.claimedAt.toISOString()],
      );
      return r ? toPosted(r) : null;
    },
    async markSent(id, owner, messageId, now) {
      return (
        (await changes(
          pool,
          `UPDATE posted_digest SET state = 'sent', message_id = $1, sent_at = $2, error = NULL WHERE id = $3 AND owner = $4 AND state = 'intent'`,
          [messageId, now.toISOString(), id, owner],
        )) === 1
      );
    },
    async recordAttemptError(id, owner, error) {
      await pool.query(`UPDATE posted_digest SET error = $1 WHERE id = $2 AND owner = $3 AND state = 'intent'`, [error.slice(0, 500), id, owner]);
    },
    async markFailed(id, owner, error) {
      await pool.query(`UPDATE posted_digest SET state = 'failed', error = $1 WHERE id = $2 AND owner = $3 AND state = 'intent'`, [error.slice(0, 500), id, owner]);
    },
  };
}

function privacyRepo(pool: Pool): ChannelPrivacyRepo {
  return {
    async keepsQuestionText(platform, channelId) {
      const r = await one(pool, 'SELECT keep_question_text FROM channel_privacy WHERE platform = $1 AND channel_id = $2', [platform, channelId]);
      return Number(r?.keep_question_text) === 1;
    },
    async setKeepQuestionText(platform, channelId, keep, by, now) {
      await inTransaction(pool, async (c) => {
        await c.query(
          `INSERT INTO channel_privacy (platform, channel_id, keep_question_text, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (platform, channel_id) DO UPDATE SET keep_question_text = excluded.keep_question_text,
             updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
          [platform, channelId, keep ? 1 : 0, now.toISOString(), by],
        );
        if (!keep) await c.query('UPDATE answer SET query_text = NULL WHERE platform = $1 AND channel_id = $2', [platform, channelId]);
      });
    },
  };
}

/** An identifier from the catalog, quoted for SQL. */
const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The tables of the store's schema and their columns, as the catalog lists them. */
async function userTables(q: Queryable): Promise<Map<string, string[]>> {
  const rs = await rows(
    q,
    `SELECT c.table_name, c.column_name FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
     WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' ORDER BY c.table_name, c.ordinal_position`,
  );
  const m = new Map<string, string[]>();
  for (const r of rs) m.set(String(r.table_name), [...(m.get(String(r.table_name)) ?? []), String(r.column_name)]);
  return m;
}

/** Channels named by the workspace's rows in tables that have both a workspace_id and a channel_id. */
async function channelsOfWorkspace(q: Queryable, columnsOf: Map<string, string[]>, platform: ChatPlatform, workspaceId: string): Promise<Set<string>> {
  const channels = new Set<string>();
  for (const [table, columns] of columnsOf) {
    if (!columns.includes('workspace_id') || !columns.includes('channel_id')) continue;
    const byPlatform = columns.includes('platform');
    // A table without a platform column belongs to one platform by its name (slack_event).
    if (!byPlatform && !table.startsWith(`${platform}_`)) continue;
    const rs = await rows(
      q,
      `SELECT DISTINCT channel_id FROM ${ident(table)} WHERE workspace_id = $1 AND channel_id IS NOT NULL${byPlatform ? ' AND platform = $2' : ''}`,
      byPlatform ? [workspaceId, platform] : [workspaceId],
    );
    for (const r of rs) channels.add(String(r.channel_id));
  }
  return channels;
}

function workspacesRepo(pool: Pool): WorkspacesRepo {
  return {
    async knownChannels(platform, workspaceId) {
      return [...(await channelsOfWorkspace(pool, await userTables(pool), platform, workspaceId))].sort();
    },
    async deleteData(platform, workspaceId, channelIds = []) {
      return inTransaction(pool, async (c) => {
        const columnsOf = await userTables(c);
        const deleted: Record<string, number> = {};
        const channels = [...new Set([...channelIds, ...(await channelsOfWorkspace(c, columnsOf, platform, workspaceId))])];
        for (const [table, columns] of columnsOf) {
          if (table === 'schema_migrations') continue;
          if (!columns.includes('platform') && /^(slack|discord)_/.test(table) && !table.startsWith(`${platform}_`)) continue; // another platform's table (slack_event)
          const byPlatform = columns.includes('platform');
          let n = 0;
          if (columns.includes('workspace_id')) {
            n += await changes(c, `DELETE FROM ${ident(table)} WHERE workspace_id = $1${byPlatform ? ' AND platform = $2' : ''}`, byPlatform ? [workspaceId, platform] : [workspaceId]);
          }
          if (columns.includes('channel_id') && channels.length > 0) {
            n += await changes(c, `DELETE FROM ${ident(table)} WHERE channel_id = ANY($1::text[])${byPlatform ? ' AND platform = $2' : ''}`, byPlatform ? [channels, platform] : [channels]);
          }
          if (columns.includes('workspace_id') || (columns.includes('channel_id') && channels.length > 0)) deleted[table] = n;
        }
        return deleted;
      });
    },
  };
}

function sourceCacheRepo(pool: Pool): SourceCacheRepo {
  return {
    async get(key) {
      const r = await one(pool, 'SELECT value, fetched_at FROM source_cache WHERE key = $1', [key]);
      return r ? { value: JSON.parse(String(r.value)) as unknown, fetchedAt: Number(r.fetched_at) } : null;
    },
    async put(key, value, fetchedAt) {
      await pool.query(
        'INSERT INTO source_cache (key, value, fetched_at) VALUES ($1, $2, $3) ON CONFLICT (key) DO UPDATE SET value = excluded.value, fetched_at = excluded.fetched_at',
        [key, JSON.stringify(value), Math.round(fetchedAt)],
      );
    },
  };
}

function checksRepo(pool: Pool): ChecksRepo {
  return {
    async save(c) {
      const id = newAnswerId();
      await pool.query(
        `INSERT INTO reference_check (id, created_at, platform, workspace_id, channel_id, user_id, answer_id, paper_id, check_json)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        checkRowValues(id, c),
      );
      return savedCheck(id, c);
    },
    async get(id) {
      if (!ANSWER_ID.test(id)) return null;
      const r = await one(pool, 'SELECT * FROM reference_check WHERE id = $1', [id]);
      return r ? toStoredCheck(r) : null;
    },
    async forAnswer(answerId) {
      if (!ANSWER_ID.test(answerId)) return null;
      const r = await one(pool, 'SELECT * FROM reference_check WHERE answer_id = $1 ORDER BY created_at DESC, id LIMIT 1', [answerId]);
      return r ? toStoredCheck(r) : null;
    },
  };
}

function explanationsRepo(pool: Pool): ExplanationsRepo {
  return {
    async get(answerId, model) {
      if (!ANSWER_ID.test(answerId)) return null;
      const r = await one(pool, 'SELECT explanation_json FROM answer_explanation WHERE answer_id = $1 AND model = $2', [answerId, model]);
      return r ? (JSON.parse(String(r.explanation_json)) as Explanation) : null;
    },
    async put(answerId, model, explanation, createdAt) {
      if (!ANSWER_ID.test(answerId)) return;
      await pool.query(
        `INSERT INTO answer_explanation (answer_id, model, explanation_json, created_at)
         SELECT $1, $2, $3, $4 WHERE EXISTS (SELECT 1 FROM answer WHERE id = $1 AND answer_json IS NOT NULL)
         ON CONFLICT (answer_id, model) DO NOTHING`,
        [answerId, model, JSON.stringify(explanation), createdAt.toISOString()],
      );
    },
  };
}

function paperScansRepo(pool: Pool): PaperScansRepo {
  const setting = (platform: string, channelId: string, column: 'papers' | 'topics', value: number | string, by: string | null, now: Date) =>
    pool.query(
      `INSERT INTO digest_channel_papers (platform, channel_id, ${column}, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (platform, channel_id) DO UPDATE SET ${column} = excluded.${column}, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      [platform, channelId, value, now.toISOString(), by],
    );
  return {
    async claim(c, now) {
      // The primary key decides: a concurrent insert waits for the other's commit, then does nothing.
      const r = await one(
        pool,
        `INSERT INTO paper_scan (iso_week, state, owner, claimed_at, categories) VALUES ($1, 'running', $2, $3, $4) ON CONFLICT (iso_week) DO NOTHING RETURNING *`,
        [c.isoWeek, c.owner, now.toISOString(), JSON.stringify(c.categories)],
      );
      return r ? toPaperScan(r) : null;
    },
    async get(isoWeek) {
      const r = await one(pool, 'SELECT * FROM paper_scan WHERE iso_week = $1', [isoWeek]);
      return r ? toPaperScan(r) : null;
    },
    async takeOver(seen, owner, now) {
      const r = await one(
        pool,
        `UPDATE paper_scan SET owner = $1, claimed_at = $2, attempts = attempts + 1, state = 'running', error = NULL
         WHERE iso_week = $3 AND state IN ('running', 'failed') AND state = $4 AND owner = $5 AND claimed_at = $6 RETURNING *`,
        [owner, now.toISOString(), seen.isoWeek, seen.state, seen.owner, seen.claimedAt.toISOString()],
      );
      return r ? toPaperScan(r) : null;
    },
    async renew(isoWeek, owner, now) {
      return (await changes(pool, `UPDATE paper_scan SET claimed_at = $1 WHERE iso_week = $2 AND owner = $3 AND state = 'running'`, [now.toISOString(), isoWeek, owner])) === 1;
    },
    async savePapers(isoWeek, papers) {
      if (papers.length === 0) return;
      await inTransaction(pool, async (c) => {
        for (const p of papers) {
          await c.query('INSERT INTO scan_paper (iso_week, source_id, kept, rank_score, result) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (iso_week, source_id) DO NOTHING', [
            isoWeek,
            p.sourceId,
            p.kept ? 1 : 0,
            p.rank,
            JSON.stringify(p.result),
          ]);
        }
      });
    },
    async paperIds(isoWeek) {
      return (await rows(pool, 'SELECT source_id FROM scan_paper WHERE iso_week = $1 ORDER BY source_id COLLATE "C"', [isoWeek])).map((r) => String(r.source_id));
    },
    async papers(isoWeek, opts = {}) {
      const rs = await rows(pool, `SELECT * FROM scan_paper WHERE iso_week = $1${opts.all ? '' : ' AND kept = 1'} ORDER BY rank_score DESC, source_id COLLATE "C"`, [isoWeek]);
      return rs.map(toScannedPaper);
    },
    async finish(isoWeek, owner, r, now) {
      return (
        (await changes(
          pool,
          `UPDATE paper_scan SET state = 'done', finished_at = $1, listed = $2, kept = $3, notices = $4, volumes = $5, error = NULL WHERE iso_week = $6 AND owner = $7 AND state = 'running'`,
          [now.toISOString(), r.listed, r.kept, JSON.stringify(r.notices), JSON.stringify(r.volumes ?? []), isoWeek, owner],
        )) === 1
      );
    },
    async fail(isoWeek, owner, error) {
      await pool.query(`UPDATE paper_scan SET state = 'failed', error = $1 WHERE iso_week = $2 AND owner = $3 AND state = 'running'`, [error.slice(0, 500), isoWeek, owner]);
    },
    async pruneRejected(before) {
      return changes(pool, `DELETE FROM scan_paper WHERE kept = 0 AND iso_week IN (SELECT iso_week FROM paper_scan WHERE state = 'done' AND finished_at < $1)`, [
        before.toISOString(),
      ]);
    },
    async channelSettings(platform, channelId) {
      return toChannelPaperSettings(await one(pool, 'SELECT papers, topics FROM digest_channel_papers WHERE platform = $1 AND channel_id = $2', [platform, channelId]));
    },
    async setChannelPapers(platform, channelId, on, by, now) {
      await setting(platform, channelId, 'papers', on ? 1 : 0, by, now);
    },
    async setChannelTopics(platform, channelId, topics, by, now) {
      await setting(platform, channelId, 'topics', JSON.stringify([...new Set(topics)]), by, now);
    },
  };
}

export interface PostgresStore extends Store {
  /** The pool, for this backend's own tests only: nothing outside src/store/ may use it. */
  readonly pool: Pool;
}

export interface PostgresStoreOptions {
  /** The schema the store's tables live in (default: the server's search_path, normally `public`). */
  schema?: string;
  migrations?: Migration[];
  /** Connections in the pool (default 10). */
  max?: number;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** The URL with its password replaced (defined in open.ts, which must not load this module to use it). */
export { redactDatabaseUrl } from './open.ts';

/** Connects to the database at `url` (postgres:// or postgresql://) and applies the migrations it lacks. */
export async function openPostgresStore(url: string, opts: PostgresStoreOptions = {}): Promise<PostgresStore> {
  if (opts.schema !== undefined && !SCHEMA_NAME.test(opts.schema)) throw new Error(`not a schema name: ${JSON.stringify(opts.schema)}`);
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 10,
    ...(opts.schema ? { options: `-c search_path=${opts.schema}` } : {}),
  });
  // An idle client losing its connection (the server restarted) must not crash the process;
  // the pool drops it and the next query connects again.
  pool.on('error', () => undefined);
  try {
    await migratePostgres(pool, opts.migrations ?? POSTGRES_MIGRATIONS);
  } catch (e) {
    await pool.end().catch(() => undefined);
    throw e;
  }
  let closed = false;
  return {
    pool,
    answers: answersRepo(pool),
    feedback: feedbackRepo(pool),
    slackEvents: slackEventsRepo(pool),
    slackRequests: slackRequestsRepo(pool),
    unfurls: unfurlsRepo(pool),
    digest: digestRepo(pool),
    privacy: privacyRepo(pool),
    workspaces: workspacesRepo(pool),
    sourceCache: sourceCacheRepo(pool),
    checks: checksRepo(pool),
    explanations: explanationsRepo(pool),
    paperScans: paperScansRepo(pool),
    async applyRetention(days, now) {
      const iso = (d: number) => new Date(now.getTime() - d * DAY_MS).toISOString();
      return inTransaction(pool, async (c) => {
        const buttonCutoff = iso(ANSWER_BUTTON_DAYS);
        let answers = 0;
        let postedDigests = 0;
        // Deletions first, so a row is counted once: deleted, or trimmed, never both.
        if (days !== null) {
          answers += await changes(c, 'DELETE FROM answer WHERE created_at < $1', [iso(days)]);
          postedDigests = await changes(c, `DELETE FROM posted_digest WHERE claimed_at < $1 AND state <> 'intent'`, [iso(Math.max(days, POSTED_DIGEST_MIN_KEEP_DAYS))]);
        }
        answers += await changes(c, 'DELETE FROM answer WHERE logged = 0 AND created_at < $1', [buttonCutoff]);
        const answersTrimmed = await changes(c, 'UPDATE answer SET answer_json = NULL WHERE answer_json IS NOT NULL AND created_at < $1', [buttonCutoff]);
        // An explanation goes with its answer's button data (deleted answers take theirs by the foreign key).
        await c.query('DELETE FROM answer_explanation WHERE answer_id IN (SELECT id FROM answer WHERE answer_json IS NULL)');
        const sourceCache = await changes(c, 'DELETE FROM source_cache WHERE fetched_at < $1', [now.getTime() - SOURCE_CACHE_KEEP_DAYS * DAY_MS]);
        const checks = await changes(c, 'DELETE FROM reference_check WHERE created_at < $1', [iso(Math.min(days ?? CHECK_KEEP_DAYS, CHECK_KEEP_DAYS))]);
        return { answers, answersTrimmed, postedDigests, sourceCache, checks };
      });
    },
    rateLimiter: (o) => postgresRateLimiter(pool, o),
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
