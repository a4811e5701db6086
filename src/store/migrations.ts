/**
 * Numbered schema migrations, applied in order and recorded in `schema_migrations`.
 * Never edit a migration that has landed: add the next number.
 * Numbers are reserved per feature so parallel work does not collide:
 * 1 core (answer log, feedback), 2 Slack, 3 Discord, 4 digest, 5 one answer table, 6 source cache, 7 LLM explanations,
 * 8 the digest's weekly paper scan, 9 chat (replayed requests, unfurls), 10 shared rate limits, 11 stored checks, 12 the scan's Anthology volumes.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'answer log and feedback',
    sql: `
      CREATE TABLE answered_question (
        id INTEGER PRIMARY KEY,
        platform TEXT NOT NULL,          -- cli | slack | discord | web
        workspace_id TEXT,               -- Slack team id or Discord guild id
        channel_id TEXT,
        asked_at TEXT NOT NULL,          -- ISO 8601 UTC
        question_text TEXT,              -- only when the channel opted in
        concept_ids TEXT NOT NULL,       -- JSON array
        precedent_ids TEXT NOT NULL,     -- JSON array
        related_ids TEXT NOT NULL,       -- JSON array
        definitions TEXT NOT NULL        -- JSON: { narrowTechnical: true|false|null, ... }
      );
      CREATE INDEX answered_question_channel ON answered_question (platform, channel_id, asked_at);
      CREATE INDEX answered_question_workspace ON answered_question (platform, workspace_id);
      CREATE TABLE feedback (
        id INTEGER PRIMARY KEY,
        platform TEXT NOT NULL,
        workspace_id TEXT,
        channel_id TEXT,
        user_id TEXT,
        query TEXT NOT NULL,
        paper_id TEXT,                   -- the precedent said to be wrong, if one was named
        comment TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX feedback_workspace ON feedback (platform, workspace_id);
    `,
  },
  {
    version: 2,
    name: 'slack: retried events and asked questions',
    sql: `
      CREATE TABLE slack_event (
        event_id TEXT PRIMARY KEY,       -- Events API event_id, the same on every retry
        workspace_id TEXT,
        received_at TEXT NOT NULL,
        claimed_by TEXT NOT NULL,        -- boot id of the process answering it
        answered_at TEXT
      );
      CREATE INDEX slack_event_workspace ON slack_event (workspace_id);
      CREATE TABLE slack_question (
        id TEXT PRIMARY KEY,             -- random, carried in the answer's button values
        workspace_id TEXT,
        channel_id TEXT,
        user_id TEXT,
        query TEXT NOT NULL,             -- kept so the buttons can page and explain; pruned after 30 days
        created_at TEXT NOT NULL
      );
      CREATE INDEX slack_question_workspace ON slack_question (workspace_id);
    `,
  },
  {
    version: 3,
    name: 'discord: questions behind answers',
    sql: `
      CREATE TABLE discord_answer (
        id INTEGER PRIMARY KEY,          -- carried in the answer's button custom_ids
        workspace_id TEXT,               -- guild id; null in DMs
        channel_id TEXT,
        user_id TEXT,
        query TEXT NOT NULL,             -- kept so the buttons can re-ask; pruned after 7 days
        created_at TEXT NOT NULL
      );
      CREATE INDEX discord_answer_workspace ON discord_answer (workspace_id);
      CREATE INDEX discord_answer_created ON discord_answer (created_at);
    `,
  },
  {
    version: 4,
    name: 'digest: subscriptions, channel privacy, posted digests',
    sql: `
      CREATE TABLE digest_subscription (
        id INTEGER PRIMARY KEY,
        platform TEXT NOT NULL CHECK (platform IN ('slack', 'discord')),
        workspace_id TEXT,
        channel_id TEXT NOT NULL,
        tz TEXT NOT NULL,                -- IANA time zone the schedule is read in
        schedule TEXT NOT NULL,          -- cron pattern, e.g. '0 9 * * 1' (Monday 09:00)
        created_at TEXT NOT NULL,        -- runs before this are never owed
        created_by TEXT,                 -- user id, or 'cli'
        UNIQUE (platform, channel_id)
      );
      CREATE TABLE channel_privacy (
        platform TEXT NOT NULL,
        channel_id TEXT NOT NULL,
        keep_question_text INTEGER NOT NULL DEFAULT 0,  -- opt-in; off by default
        updated_at TEXT NOT NULL,
        updated_by TEXT,
        PRIMARY KEY (platform, channel_id)
      );
      -- One row per channel and ISO week: the row is the claim that makes posting exactly-once.
      CREATE TABLE posted_digest (
        id INTEGER PRIMARY KEY,
        platform TEXT NOT NULL,
        channel_id TEXT NOT NULL,
        iso_week TEXT NOT NULL,          -- e.g. 2026-W47, the week the digest reports
        state TEXT NOT NULL CHECK (state IN ('intent', 'sent', 'empty', 'failed')),
        owner TEXT NOT NULL,             -- scheduler instance holding the claim
        claimed_at TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 1,
        sent_at TEXT,
        message_id TEXT,
        concept_ids TEXT,                -- JSON array: what the digest showed
        error TEXT,
        UNIQUE (platform, channel_id, iso_week)
      );
      CREATE INDEX posted_digest_claimed ON posted_digest (claimed_at);
      CREATE INDEX answered_question_asked ON answered_question (asked_at);
    `,
  },
  {
    version: 5,
    name: 'one table of stored answers (replaces the answer log, Slack questions and Discord answers)',
    sql: `
      CREATE TABLE answer (
        id TEXT PRIMARY KEY,             -- random, URL-safe; carried in buttons
        created_at TEXT NOT NULL,        -- ISO 8601 UTC
        platform TEXT NOT NULL,          -- cli | slack | discord | web
        workspace_id TEXT,               -- Slack team id or Discord guild id
        channel_id TEXT,
        user_id TEXT,
        logged INTEGER NOT NULL,         -- 1: an answered question the digest counts; 0: a row kept only for old buttons
        query_text TEXT,                 -- only where the channel opted in (and on rows from before this migration)
        answer_json TEXT,                -- the whole answer the buttons page; dropped after the button window
        concept_ids TEXT NOT NULL,       -- JSON array
        precedent_ids TEXT NOT NULL,     -- JSON array
        related_ids TEXT NOT NULL,       -- JSON array
        definitions TEXT NOT NULL        -- JSON: { narrowTechnical: true|false|null, ... }
      );
      INSERT INTO answer (id, created_at, platform, workspace_id, channel_id, user_id, logged, query_text, answer_json,
                          concept_ids, precedent_ids, related_ids, definitions)
        SELECT 'log' || id, asked_at, platform, workspace_id, channel_id, NULL, 1, question_text, NULL,
               concept_ids, precedent_ids, related_ids, definitions FROM answered_question;
      INSERT INTO answer (id, created_at, platform, workspace_id, channel_id, user_id, logged, query_text, answer_json,
                          concept_ids, precedent_ids, related_ids, definitions)
        SELECT id, created_at, 'slack', workspace_id, channel_id, user_id, 0, query, NULL, '[]', '[]', '[]', '{}' FROM slack_question;
      INSERT INTO answer (id, created_at, platform, workspace_id, channel_id, user_id, logged, query_text, answer_json,
                          concept_ids, precedent_ids, related_ids, definitions)
        SELECT 'd' || id, created_at, 'discord', workspace_id, channel_id, user_id, 0, query, NULL, '[]', '[]', '[]', '{}' FROM discord_answer;
      DROP TABLE answered_question;
      DROP TABLE slack_question;
      DROP TABLE discord_answer;
      CREATE INDEX answer_channel ON answer (platform, channel_id, created_at);
      CREATE INDEX answer_workspace ON answer (platform, workspace_id);
      CREATE INDEX answer_created ON answer (created_at);
      ALTER TABLE feedback ADD COLUMN answer_id TEXT;
    `,
  },
  {
    version: 6,
    name: 'paper sources: cached answers of arXiv, Semantic Scholar, Crossref, OpenReview, the Anthology',
    sql: `
      CREATE TABLE source_cache (
        key TEXT PRIMARY KEY,            -- e.g. paper:arxiv:2211.00593
        value TEXT NOT NULL,             -- JSON
        fetched_at INTEGER NOT NULL      -- milliseconds since the epoch
      );
      CREATE INDEX source_cache_fetched ON source_cache (fetched_at);
    `,
  },
  {
    version: 7,
    name: 'LLM explanations of stored answers, cached by answer and model',
    sql: `
      CREATE TABLE answer_explanation (
        answer_id TEXT NOT NULL REFERENCES answer (id) ON DELETE CASCADE,
        model TEXT NOT NULL,             -- MECHANISTIC_LLM_MODEL that wrote it
        explanation_json TEXT NOT NULL,  -- JSON: the contract's explanation object, grounded
        created_at TEXT NOT NULL,        -- ISO 8601 UTC
        PRIMARY KEY (answer_id, model)
      );
    `,
  },
  {
    version: 8,
    name: 'digest: the weekly paper scan, its papers, per-channel paper settings',
    sql: `
      -- The week's paper scan, one row per ISO week for all channels: the row is the claim that makes it run once.
      CREATE TABLE paper_scan (
        iso_week TEXT PRIMARY KEY,       -- e.g. 2026-W34, the week of submission dates listed
        state TEXT NOT NULL CHECK (state IN ('running', 'done', 'failed')),
        owner TEXT NOT NULL,             -- scanner holding the claim
        claimed_at TEXT NOT NULL,        -- claim, takeover or last renewal
        attempts INTEGER NOT NULL DEFAULT 1,
        finished_at TEXT,
        categories TEXT NOT NULL,        -- JSON array of arXiv categories
        listed INTEGER,
        kept INTEGER,
        notices TEXT NOT NULL DEFAULT '[]',  -- JSON array
        error TEXT
      );
      -- Every analysed paper of a week (kept or not), so a resumed scan analyses each once.
      CREATE TABLE scan_paper (
        iso_week TEXT NOT NULL,
        arxiv_id TEXT NOT NULL,
        kept INTEGER NOT NULL,           -- 1: interpretability work, shown in "New this week"
        rank_score REAL NOT NULL,
        result TEXT NOT NULL,            -- JSON: concepts, senses, precedents, whether it cites them
        PRIMARY KEY (iso_week, arxiv_id)
      );
      CREATE INDEX scan_paper_kept ON scan_paper (iso_week, kept, rank_score);
      -- Per channel: "New this week" on or off, and the concepts it is limited to.
      CREATE TABLE digest_channel_papers (
        platform TEXT NOT NULL,
        channel_id TEXT NOT NULL,
        papers INTEGER NOT NULL DEFAULT 1,
        topics TEXT NOT NULL DEFAULT '[]',  -- JSON array of concept ids; empty = all
        updated_at TEXT NOT NULL,
        updated_by TEXT,
        PRIMARY KEY (platform, channel_id)
      );
    `,
  },
  {
    version: 9,
    name: "chat: signed Slack requests seen (replays answered once), paper-link unfurls per channel, a user's latest answers",
    sql: `
      CREATE TABLE slack_request (
        digest TEXT PRIMARY KEY,         -- sha256 of the request's signature: one per signed body and timestamp
        workspace_id TEXT,
        received_at TEXT NOT NULL        -- ISO 8601 UTC
      );
      CREATE INDEX slack_request_received ON slack_request (received_at);
      CREATE TABLE channel_unfurl (
        platform TEXT NOT NULL,
        workspace_id TEXT,
        channel_id TEXT NOT NULL,
        enabled INTEGER NOT NULL,        -- 1 = unfurl paper links posted here (the default when no row)
        set_by TEXT,
        set_at TEXT NOT NULL,
        PRIMARY KEY (platform, channel_id)
      );
      CREATE INDEX channel_unfurl_workspace ON channel_unfurl (platform, workspace_id);
      CREATE INDEX answer_user ON answer (platform, workspace_id, user_id, created_at);
    `,
  },
  {
    version: 10,
    name: 'rate limits shared by every instance',
    // The SQLite backend serves one process, whose limits are kept in memory (src/store/rate-limit.ts);
    // the number is taken so both backends count their migrations alike.
    sql: 'SELECT 1;',
  },
  {
    version: 11,
    name: 'stored reference checks: what check links and buttons read instead of checking again',
    sql: `
      CREATE TABLE reference_check (
        id TEXT PRIMARY KEY,             -- random, URL-safe; in /api/check?id= links and buttons
        created_at TEXT NOT NULL,        -- ISO 8601 UTC
        platform TEXT NOT NULL,          -- cli | slack | discord | web
        workspace_id TEXT,               -- Slack team id or Discord guild id
        channel_id TEXT,
        user_id TEXT,
        answer_id TEXT,                  -- the stored answer whose "Check its references" button asked, if any
        paper_id TEXT,                   -- the checked paper's id, if it was identified
        check_json TEXT NOT NULL         -- the check contract (check --json)
      );
      CREATE INDEX reference_check_created ON reference_check (created_at);
      CREATE INDEX reference_check_answer ON reference_check (answer_id);
      CREATE INDEX reference_check_workspace ON reference_check (platform, workspace_id);
    `,
  },
  {
    version: 12,
    name: 'digest: the weekly scan also reads ACL Anthology volumes (papers keyed by their source id; the volumes read)',
    sql: `
      -- An arXiv id (2608.18545) as before, or acl: and an Anthology id (acl:W19-4808).
      ALTER TABLE scan_paper RENAME COLUMN arxiv_id TO source_id;
      -- JSON array: the Anthology volumes the scan read, [{ id, venue, papers }].
      ALTER TABLE paper_scan ADD COLUMN volumes TEXT NOT NULL DEFAULT '[]';
    `,
  },
];
