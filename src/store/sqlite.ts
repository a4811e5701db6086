/**
 * The SQLite backend of the store (better-sqlite3, WAL): the default, one file in the data dir.
 * The driver is synchronous; the methods are async only to share the interface with networked
 * backends. Atomic steps run in IMMEDIATE transactions, so two processes on one file agree.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { MIGRATIONS, type Migration } from './migrations.ts';
import { ANSWER_ID, answerJson, answerRowValues, checkRowValues, savedAnswer, savedCheck, DAY_MS, KEEP_EVENTS_MS, newAnswerId, tallySurfaced, toFeedback, toPosted, toStoredAnswer, toStoredCheck, toSubscription, type Row, KEEP_SIGNED_REQUESTS_MS, toPaperScan, toScannedPaper, toChannelPaperSettings } from './rows.ts';
import type { Explanation } from '../core/types.ts';
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
  type PostedDigest,
  type SlackEventsRepo,
  type SlackRequestsRepo,
  type SourceCacheRepo,
  type Store,
  type Subscription,
  type UnfurlSettingsRepo,
  type WorkspacesRepo,
} from './store.ts';
import { memoryRateLimiter } from './rate-limit.ts';

export { newAnswerId };

type Db = Database.Database;

export function databasePath(dataDir: string): string {
  return join(dataDir, 'mechanistic.db');
}

/** Applies every migration newer than the database's version, each in its own transaction. */
export function migrate(db: Db, migrations: Migration[] = MIGRATIONS): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const done = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
  const applied: number[] = [];
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (done.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, new Date().toISOString());
    })();
    applied.push(m.version);
  }
  return applied;
}

function openDb(path: string, migrations: Migration[]): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db, migrations);
  return db;
}

function answersRepo(db: Db): AnswersRepo {
  return {
    async save(a) {
      const id = newAnswerId();
      db.prepare(
        `INSERT INTO answer (id, created_at, platform, workspace_id, channel_id, user_id, logged, query_text, answer_json,
                             concept_ids, precedent_ids, related_ids, definitions)
         VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?)`,
      ).run(...answerRowValues(id, a));
      return savedAnswer(id, a);
    },
    async get(id) {
      if (!ANSWER_ID.test(id)) return null;
      const r = db.prepare('SELECT * FROM answer WHERE id = ?').get(id) as Row | undefined;
      return r ? toStoredAnswer(r) : null;
    },
    async attachAnswer(id, answer) {
      db.prepare('UPDATE answer SET answer_json = ? WHERE id = ? AND answer_json IS NULL').run(answerJson(answer), id);
    },
    async loggedInChannel(platform, channelId, from, to) {
      const rows = db
        .prepare(
          `SELECT created_at, concept_ids, precedent_ids FROM answer
           WHERE logged = 1 AND platform = ? AND channel_id = ? AND created_at >= ? AND created_at < ? ORDER BY created_at`,
        )
        .all(platform, channelId, from.toISOString(), to.toISOString()) as Row[];
      return rows.map((r) => ({
        askedAt: new Date(String(r.created_at)),
        conceptIds: JSON.parse(String(r.concept_ids)) as string[],
        precedentIds: JSON.parse(String(r.precedent_ids)) as string[],
      }));
    },
    async platformsOfChannel(channelId) {
      return db.prepare('SELECT DISTINCT platform FROM answer WHERE logged = 1 AND channel_id = ? ORDER BY platform').pluck().all(channelId) as string[];
    },
    async surfacedSince(since) {
      const rows = db.prepare('SELECT concept_ids, precedent_ids FROM answer WHERE logged = 1 AND created_at >= ?').all(since.toISOString()) as Row[];
      return tallySurfaced(rows);
    },
    async recentOfUser(platform, workspaceId, userId, limit) {
      const rows = db
        .prepare(
          `SELECT * FROM answer WHERE platform = ? AND workspace_id = ? AND user_id = ? AND answer_json IS NOT NULL
           ORDER BY created_at DESC, id LIMIT ?`,
        )
        .all(platform, workspaceId, userId, limit) as Row[];
      return rows.map(toStoredAnswer);
    },
  };
}

function feedbackRepo(db: Db): FeedbackRepo {
  return {
    async record(f) {
      const info = db
        .prepare(
          `INSERT INTO feedback (platform, workspace_id, channel_id, user_id, query, answer_id, paper_id, comment, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(f.platform, f.workspaceId, f.channelId, f.userId, f.query, f.answerId, f.paperId, f.comment, f.createdAt.toISOString());
      return Number(info.lastInsertRowid);
    },
    async list() {
      const rows = db.prepare('SELECT * FROM feedback ORDER BY created_at, id').all() as Row[];
      return rows.map(toFeedback);
    },
  };
}

function slackEventsRepo(db: Db): SlackEventsRepo {
  return {
    async claim(e) {
      return db
        .transaction((): EventClaim => {
          const row = db.prepare('SELECT claimed_by, answered_at, received_at FROM slack_event WHERE event_id = ?').get(e.eventId) as
            | { claimed_by: string; answered_at: string | null; received_at: string }
            | undefined;
          if (!row) {
            db.prepare('INSERT INTO slack_event (event_id, workspace_id, received_at, claimed_by) VALUES (?, ?, ?, ?)').run(
              e.eventId,
              e.workspaceId,
              e.now.toISOString(),
              e.bootId,
            );
            db.prepare('DELETE FROM slack_event WHERE received_at < ?').run(new Date(e.now.getTime() - KEEP_EVENTS_MS).toISOString());
            return 'new';
          }
          if (row.answered_at !== null || row.claimed_by === e.bootId) return 'duplicate';
          if (row.received_at > new Date(e.now.getTime() - EVENT_CLAIM_LEASE_MS).toISOString()) return 'duplicate';
          db.prepare('UPDATE slack_event SET claimed_by = ?, received_at = ? WHERE event_id = ?').run(e.bootId, e.now.toISOString(), e.eventId);
          return 'taken-over';
        })
        .immediate();
    },
    async markAnswered(eventId, now) {
      db.prepare('UPDATE slack_event SET answered_at = ? WHERE event_id = ?').run(now.toISOString(), eventId);
    },
  };
}

function slackRequestsRepo(db: Db): SlackRequestsRepo {
  type Sight = { digest: string; workspaceId: string | null; now: Date };
  // Prepared once, at the first request: this runs before every Slack request is acknowledged.
  let firstSight: Database.Transaction<(r: Sight) => boolean> | undefined;
  const prepare = () => {
    const insert = db.prepare('INSERT INTO slack_request (digest, workspace_id, received_at) VALUES (?, ?, ?) ON CONFLICT (digest) DO NOTHING');
    const prune = db.prepare('DELETE FROM slack_request WHERE received_at < ?');
    return db.transaction((r: Sight): boolean => {
      if (insert.run(r.digest, r.workspaceId, r.now.toISOString()).changes === 0) return false;
      prune.run(new Date(r.now.getTime() - KEEP_SIGNED_REQUESTS_MS).toISOString());
      return true;
    });
  };
  return {
    async firstSight(r) {
      return (firstSight ??= prepare()).immediate(r);
    },
  };
}

function unfurlsRepo(db: Db): UnfurlSettingsRepo {
  return {
    async enabled(platform, channelId) {
      const r = db.prepare('SELECT enabled FROM channel_unfurl WHERE platform = ? AND channel_id = ?').get(platform, channelId) as { enabled: number } | undefined;
      return r === undefined || Number(r.enabled) === 1;
    },
    async set(s, now) {
      db.prepare(
        `INSERT INTO channel_unfurl (platform, workspace_id, channel_id, enabled, set_by, set_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (platform, channel_id) DO UPDATE SET
           workspace_id = coalesce(excluded.workspace_id, workspace_id), enabled = excluded.enabled, set_by = excluded.set_by, set_at = excluded.set_at`,
      ).run(s.platform, s.workspaceId, s.channelId, s.enabled ? 1 : 0, s.by, now.toISOString());
    },
  };
}

function digestRepo(db: Db): DigestRepo {
  const getSubscription = (platform: string, channelId: string): Subscription | null => {
    const r = db.prepare('SELECT * FROM digest_subscription WHERE platform = ? AND channel_id = ?').get(platform, channelId) as Row | undefined;
    return r ? toSubscription(r) : null;
  };
  const getPosted = (platform: string, channelId: string, isoWeek: string): PostedDigest | null => {
    const r = db.prepare('SELECT * FROM posted_digest WHERE platform = ? AND channel_id = ? AND iso_week = ?').get(platform, channelId, isoWeek) as
      | Row
      | undefined;
    return r ? toPosted(r) : null;
  };
  return {
    async subscribe(s, now) {
      db.prepare(
        `INSERT INTO digest_subscription (platform, workspace_id, channel_id, tz, schedule, created_at, created_by)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (platform, channel_id) DO UPDATE SET
           workspace_id = coalesce(excluded.workspace_id, workspace_id), tz = excluded.tz, schedule = excluded.schedule`,
      ).run(s.platform, s.workspaceId, s.channelId, s.tz, s.schedule, now.toISOString(), s.createdBy);
      return getSubscription(s.platform, s.channelId)!;
    },
    async unsubscribe(platform, channelId) {
      return db.prepare('DELETE FROM digest_subscription WHERE platform = ? AND channel_id = ?').run(platform, channelId).changes > 0;
    },
    async getSubscription(platform, channelId) {
      return getSubscription(platform, channelId);
    },
    async listSubscriptions() {
      return (db.prepare('SELECT * FROM digest_subscription ORDER BY platform, channel_id').all() as Row[]).map(toSubscription);
    },
    async getPosted(platform, channelId, isoWeek) {
      return getPosted(platform, channelId, isoWeek);
    },
    async listPosted(platform, channelId) {
      const rows = db
        .prepare(
          `SELECT * FROM posted_digest WHERE (@platform IS NULL OR platform = @platform)
             AND (@channel IS NULL OR channel_id = @channel) ORDER BY claimed_at, id`,
        )
        .all({ platform: platform ?? null, channel: channelId ?? null }) as Row[];
      return rows.map(toPosted);
    },
    async claimWeek(c, now) {
      return db
        .transaction(() => {
          const info = db
            .prepare(
              `INSERT INTO posted_digest (platform, channel_id, iso_week, state, owner, claimed_at, concept_ids)
               VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (platform, channel_id, iso_week) DO NOTHING`,
            )
            .run(c.platform, c.channelId, c.isoWeek, c.state, c.owner, now.toISOString(), JSON.stringify(c.conceptIds));
          return info.changes === 1 ? getPosted(c.platform, c.channelId, c.isoWeek) : null;
        })
        .immediate();
    },
    async takeOverIntent(seen, owner, now) {
      return db
        .transaction(() => {
          const info = db
            .prepare(
              `UPDATE posted_digest SET owner = ?, claimed_at = ?, attempts = attempts + 1
               WHERE id = ? AND state = 'intent' AND owner = ? AND claimed_at = ?`,
            )
            .run(owner, now.toISOString(), seen.id, seen.owner, seen.claimedAt.toISOString());
          return info.changes === 1 ? getPosted(seen.platform, seen.channelId, seen.isoWeek) : null;
        })
        .immediate();
    },
    async markSent(id, owner, messageId, now) {
      return (
        db
          .prepare(`UPDATE posted_digest SET state = 'sent', message_id = ?, sent_at = ?, error = NULL WHERE id = ? AND owner = ? AND state = 'intent'`)
          .run(messageId, now.toISOString(), id, owner).changes === 1
      );
    },
    async recordAttemptError(id, owner, error) {
      db.prepare(`UPDATE posted_digest SET error = ? WHERE id = ? AND owner = ? AND state = 'intent'`).run(error.slice(0, 500), id, owner);
    },
    async markFailed(id, owner, error) {
      db.prepare(`UPDATE posted_digest SET state = 'failed', error = ? WHERE id = ? AND owner = ? AND state = 'intent'`).run(error.slice(0, 500), id, owner);
    },
  };
}

function privacyRepo(db: Db): ChannelPrivacyRepo {
  return {
    async keepsQuestionText(platform, channelId) {
      return db.prepare('SELECT keep_question_text FROM channel_privacy WHERE platform = ? AND channel_id = ?').pluck().get(platform, channelId) === 1;
    },
    async setKeepQuestionText(platform, channelId, keep, by, now) {
      db.transaction(() => {
        db.prepare(
          `INSERT INTO channel_privacy (platform, channel_id, keep_question_text, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (platform, channel_id) DO UPDATE SET keep_question_text = excluded.keep_question_text,
             updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
        ).run(platform, channelId, keep ? 1 : 0, now.toISOString(), by);
        if (!keep) db.prepare('UPDATE answer SET query_text = NULL WHERE platform = ? AND channel_id = ?').run(platform, channelId);
      })();
    },
  };
}

function userTables(db: Db): Map<string, string[]> {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
  return new Map(tables.map((t) => [t, (db.prepare(`PRAGMA table_info("${t}")`).all() as { name: string }[]).map((c) => c.name)]));
}

/** Channels named by the workspace's rows in tables that have both a workspace_id and a channel_id. */
function channelsOfWorkspace(db: Db, columnsOf: Map<string, string[]>, platform: ChatPlatform, workspaceId: string): Set<string> {
  const channels = new Set<string>();
  for (const [table, columns] of columnsOf) {
    if (!columns.includes('workspace_id') || !columns.includes('channel_id')) continue;
    const byPlatform = columns.includes('platform');
    // A table without a platform column belongs to one platform by its name (slack_event).
    if (!byPlatform && !table.startsWith(`${platform}_`)) continue;
    const rows = db
      .prepare(`SELECT DISTINCT channel_id FROM "${table}" WHERE workspace_id = ? AND channel_id IS NOT NULL${byPlatform ? ' AND platform = ?' : ''}`)
      .pluck()
      .all(workspaceId, ...(byPlatform ? [platform] : [])) as string[];
    for (const c of rows) channels.add(c);
  }
  return channels;
}

function workspacesRepo(db: Db): WorkspacesRepo {
  return {
    async knownChannels(platform, workspaceId) {
      return [...channelsOfWorkspace(db, userTables(db), platform, workspaceId)].sort();
    },
    async deleteData(platform, workspaceId, channelIds = []) {
      const columnsOf = userTables(db);
      const deleted: Record<string, number> = {};
      db.transaction(() => {
        const channels = [...new Set([...channelIds, ...channelsOfWorkspace(db, columnsOf, platform, workspaceId)])];
        for (const [table, columns] of columnsOf) {
          if (table === 'schema_migrations') continue;
          if (!columns.includes('platform') && /^(slack|discord)_/.test(table) && !table.startsWith(`${platform}_`)) continue; // another platform's table (slack_event)
          const samePlatform = columns.includes('platform') ? ' AND platform = ?' : '';
          const platformArg = columns.includes('platform') ? [platform] : [];
          let changes = 0;
          if (columns.includes('workspace_id')) {
            changes += db.prepare(`DELETE FROM "${table}" WHERE workspace_id = ?${samePlatform}`).run(workspaceId, ...platformArg).changes;
          }
          if (columns.includes('channel_id') && channels.length > 0) {
            const marks = channels.map(() => '?').join(', ');
            changes += db.prepare(`DELETE FROM "${table}" WHERE channel_id IN (${marks})${samePlatform}`).run(...channels, ...platformArg).changes;
          }
          if (columns.includes('workspace_id') || (columns.includes('channel_id') && channels.length > 0)) deleted[table] = changes;
        }
      })();
      return deleted;
    },
  };
}

function sourceCacheRepo(db: Db): SourceCacheRepo {
  return {
    async get(key) {
      const r = db.prepare('SELECT value, fetched_at FROM source_cache WHERE key = ?').get(key) as { value: string; fetched_at: number } | undefined;
      return r ? { value: JSON.parse(r.value) as unknown, fetchedAt: Number(r.fetched_at) } : null;
    },
    async put(key, value, fetchedAt) {
      db.prepare(
        'INSERT INTO source_cache (key, value, fetched_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, fetched_at = excluded.fetched_at',
      ).run(key, JSON.stringify(value), Math.round(fetchedAt));
    },
  };
}

function checksRepo(db: Db): ChecksRepo {
  return {
    async save(c) {
      const id = newAnswerId();
      db.prepare(
        `INSERT INTO reference_check (id, created_at, platform, workspace_id, channel_id, user_id, answer_id, paper_id, check_json)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(...checkRowValues(id, c));
      return savedCheck(id, c);
    },
    async get(id) {
      if (!ANSWER_ID.test(id)) return null;
      const r = db.prepare('SELECT * FROM reference_check WHERE id = ?').get(id) as Row | undefined;
      return r ? toStoredCheck(r) : null;
    },
    async forAnswer(answerId) {
      if (!ANSWER_ID.test(answerId)) return null;
      const r = db.prepare('SELECT * FROM reference_check WHERE answer_id = ? ORDER BY created_at DESC, id LIMIT 1').get(answerId) as Row | undefined;
      return r ? toStoredCheck(r) : null;
    },
  };
}

function explanationsRepo(db: Db): ExplanationsRepo {
  return {
    async get(answerId, model) {
      if (!ANSWER_ID.test(answerId)) return null;
      const json = db.prepare('SELECT explanation_json FROM answer_explanation WHERE answer_id = ? AND model = ?').pluck().get(answerId, model) as string | undefined;
      return json === undefined ? null : (JSON.parse(json) as Explanation);
    },
    async put(answerId, model, explanation, createdAt) {
      if (!ANSWER_ID.test(answerId)) return;
      db.prepare(
        `INSERT INTO answer_explanation (answer_id, model, explanation_json, created_at)
         SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM answer WHERE id = ? AND answer_json IS NOT NULL)
         ON CONFLICT (answer_id, model) DO NOTHING`,
      ).run(answerId, model, JSON.stringify(explanation), createdAt.toISOString(), answerId);
    },
  };
}

function paperScansRepo(db: Db): PaperScansRepo {
  const get = (isoWeek: string) => {
    const r = db.prepare('SELECT * FROM paper_scan WHERE iso_week = ?').get(isoWeek) as Row | undefined;
    return r ? toPaperScan(r) : null;
  };
  const setting = (platform: string, channelId: string, column: 'papers' | 'topics', value: number | string, by: string | null, now: Date) =>
    db
      .prepare(
        `INSERT INTO digest_channel_papers (platform, channel_id, ${column}, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (platform, channel_id) DO UPDATE SET ${column} = excluded.${column}, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      )
      .run(platform, channelId, value, now.toISOString(), by);
  return {
    async claim(c, now) {
      const info = db
        .prepare(`INSERT INTO paper_scan (iso_week, state, owner, claimed_at, categories) VALUES (?, 'running', ?, ?, ?) ON CONFLICT (iso_week) DO NOTHING`)
        .run(c.isoWeek, c.owner, now.toISOString(), JSON.stringify(c.categories));
      return info.changes === 1 ? get(c.isoWeek) : null;
    },
    async get(isoWeek) {
      return get(isoWeek);
    },
    async takeOver(seen, owner, now) {
      return db
        .transaction(() => {
          const info = db
            .prepare(
              `UPDATE paper_scan SET owner = ?, claimed_at = ?, attempts = attempts + 1, state = 'running', error = NULL
               WHERE iso_week = ? AND state IN ('running', 'failed') AND state = ? AND owner = ? AND claimed_at = ?`,
            )
            .run(owner, now.toISOString(), seen.isoWeek, seen.state, seen.owner, seen.claimedAt.toISOString());
          return info.changes === 1 ? get(seen.isoWeek) : null;
        })
        .immediate();
    },
    async renew(isoWeek, owner, now) {
      return db.prepare(`UPDATE paper_scan SET claimed_at = ? WHERE iso_week = ? AND owner = ? AND state = 'running'`).run(now.toISOString(), isoWeek, owner).changes === 1;
    },
    async savePapers(isoWeek, papers) {
      const insert = db.prepare('INSERT INTO scan_paper (iso_week, source_id, kept, rank_score, result) VALUES (?, ?, ?, ?, ?) ON CONFLICT (iso_week, source_id) DO NOTHING');
      db.transaction(() => {
        for (const p of papers) insert.run(isoWeek, p.sourceId, p.kept ? 1 : 0, p.rank, JSON.stringify(p.result));
      })();
    },
    async paperIds(isoWeek) {
      return db.prepare('SELECT source_id FROM scan_paper WHERE iso_week = ? ORDER BY source_id').pluck().all(isoWeek) as string[];
    },
    async papers(isoWeek, opts = {}) {
      const rows = db
        .prepare(`SELECT * FROM scan_paper WHERE iso_week = ?${opts.all ? '' : ' AND kept = 1'} ORDER BY rank_score DESC, source_id`)
        .all(isoWeek) as Row[];
      return rows.map(toScannedPaper);
    },
    async finish(isoWeek, owner, r, now) {
      return (
        db
          .prepare(`UPDATE paper_scan SET state = 'done', finished_at = ?, listed = ?, kept = ?, notices = ?, volumes = ?, error = NULL WHERE iso_week = ? AND owner = ? AND state = 'running'`)
          .run(now.toISOString(), r.listed, r.kept, JSON.stringify(r.notices), JSON.stringify(r.volumes ?? []), isoWeek, owner).changes === 1
      );
    },
    async fail(isoWeek, owner, error) {
      db.prepare(`UPDATE paper_scan SET state = 'failed', error = ? WHERE iso_week = ? AND owner = ? AND state = 'running'`).run(error.slice(0, 500), isoWeek, owner);
    },
    async pruneRejected(before) {
      return db
        .prepare(`DELETE FROM scan_paper WHERE kept = 0 AND iso_week IN (SELECT iso_week FROM paper_scan WHERE state = 'done' AND finished_at < ?)`)
        .run(before.toISOString()).changes;
    },
    async channelSettings(platform, channelId) {
      return toChannelPaperSettings(db.prepare('SELECT papers, topics FROM digest_channel_papers WHERE platform = ? AND channel_id = ?').get(platform, channelId) as Row | undefined);
    },
    async setChannelPapers(platform, channelId, on, by, now) {
      setting(platform, channelId, 'papers', on ? 1 : 0, by, now);
    },
    async setChannelTopics(platform, channelId, topics, by, now) {
      setting(platform, channelId, 'topics', JSON.stringify([...new Set(topics)]), by, now);
    },
  };
}

export interface SqliteStore extends Store {
  /** The driver's handle, for this backend's own tests only: nothing outside src/store/ may use it. */
  readonly db: Db;
}

/** Opens (creating if needed) the SQLite store at `path`, or in memory for ':memory:'. */
export function openSqliteStore(path: string, migrations: Migration[] = MIGRATIONS): SqliteStore {
  const db = openDb(path, migrations);
  let closed = false;
  return {
    db,
    answers: answersRepo(db),
    feedback: feedbackRepo(db),
    slackEvents: slackEventsRepo(db),
    slackRequests: slackRequestsRepo(db),
    unfurls: unfurlsRepo(db),
    digest: digestRepo(db),
    privacy: privacyRepo(db),
    workspaces: workspacesRepo(db),
    sourceCache: sourceCacheRepo(db),
    checks: checksRepo(db),
    explanations: explanationsRepo(db),
    paperScans: paperScansRepo(db),
    async applyRetention(days, now) {
      const iso = (d: number) => new Date(now.getTime() - d * DAY_MS).toISOString();
      return db.transaction(() => {
        const buttonCutoff = iso(ANSWER_BUTTON_DAYS);
        let answers = 0;
        let postedDigests = 0;
        // Deletions first, so a row is counted once: deleted, or trimmed, never both.
        if (days !== null) {
          answers += db.prepare('DELETE FROM answer WHERE created_at < ?').run(iso(days)).changes;
          postedDigests = db
            .prepare(`DELETE FROM posted_digest WHERE claimed_at < ? AND state <> 'intent'`)
            .run(iso(Math.max(days, POSTED_DIGEST_MIN_KEEP_DAYS))).changes;
        }
        answers += db.prepare('DELETE FROM answer WHERE logged = 0 AND created_at < ?').run(buttonCutoff).changes;
        const answersTrimmed = db
          .prepare('UPDATE answer SET answer_json = NULL WHERE answer_json IS NOT NULL AND created_at < ?')
          .run(buttonCutoff).changes;
        // An explanation goes with its answer's button data (deleted answers take theirs by the foreign key).
        db.prepare('DELETE FROM answer_explanation WHERE answer_id IN (SELECT id FROM answer WHERE answer_json IS NULL)').run();
        const sourceCache = db.prepare('DELETE FROM source_cache WHERE fetched_at < ?').run(now.getTime() - SOURCE_CACHE_KEEP_DAYS * DAY_MS).changes;
        const checks = db.prepare('DELETE FROM reference_check WHERE created_at < ?').run(iso(Math.min(days ?? CHECK_KEEP_DAYS, CHECK_KEEP_DAYS))).changes;
        return { answers, answersTrimmed, postedDigests, sourceCache, checks };
      })();
    },
    rateLimiter: memoryRateLimiter,
    async close() {
      if (closed) return;
      closed = true;
      db.close();
    },
  };
}

/** The store a program uses: SQLite in the data dir. (A PostgreSQL backend will be chosen by DATABASE_URL.) */
export function openStore(dataDir: string): Store {
  return openSqliteStore(databasePath(dataDir));
}
