/**
 * The digest's tables (migration 4): subscriptions, the per-channel opt-in to keep question
 * text, and posted digests, whose unique (platform, channel, week) row is the exactly-once claim.
 */
import type { Db } from '../store/database.ts';
import type { LoggedQuestion } from './compose.ts';

export type DigestPlatform = 'slack' | 'discord';

export interface Subscription {
  id: number;
  platform: DigestPlatform;
  workspaceId: string | null;
  channelId: string;
  tz: string;
  /** Cron pattern read in `tz`. */
  schedule: string;
  createdAt: Date;
  createdBy: string | null;
}

export type PostedState = 'intent' | 'sent' | 'empty' | 'failed';

export interface PostedDigest {
  id: number;
  platform: DigestPlatform;
  channelId: string;
  isoWeek: string;
  state: PostedState;
  owner: string;
  claimedAt: Date;
  attempts: number;
  sentAt: Date | null;
  messageId: string | null;
  conceptIds: string[];
  error: string | null;
}

type Row = Record<string, string | number | null>;

function toSubscription(r: Row): Subscription {
  return {
    id: Number(r.id),
    platform: r.platform as DigestPlatform,
    workspaceId: r.workspace_id as string | null,
    channelId: String(r.channel_id),
    tz: String(r.tz),
    schedule: String(r.schedule),
    createdAt: new Date(String(r.created_at)),
    createdBy: r.created_by as string | null,
  };
}

function toPosted(r: Row): PostedDigest {
  return {
    id: Number(r.id),
    platform: r.platform as DigestPlatform,
    channelId: String(r.channel_id),
    isoWeek: String(r.iso_week),
    state: r.state as PostedState,
    owner: String(r.owner),
    claimedAt: new Date(String(r.claimed_at)),
    attempts: Number(r.attempts),
    sentAt: r.sent_at ? new Date(String(r.sent_at)) : null,
    messageId: r.message_id as string | null,
    conceptIds: r.concept_ids ? (JSON.parse(String(r.concept_ids)) as string[]) : [],
    error: r.error as string | null,
  };
}

/** Creates or replaces the channel's subscription (a second `on` changes its time zone and schedule). */
export function subscribe(
  db: Db,
  s: { platform: DigestPlatform; workspaceId: string | null; channelId: string; tz: string; schedule: string; createdBy: string | null },
  now: Date,
): Subscription {
  db.prepare(
    `INSERT INTO digest_subscription (platform, workspace_id, channel_id, tz, schedule, created_at, created_by)
     VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (platform, channel_id) DO UPDATE SET
       workspace_id = coalesce(excluded.workspace_id, workspace_id), tz = excluded.tz, schedule = excluded.schedule`,
  ).run(s.platform, s.workspaceId, s.channelId, s.tz, s.schedule, now.toISOString(), s.createdBy);
  return getSubscription(db, s.platform, s.channelId)!;
}

export function unsubscribe(db: Db, platform: DigestPlatform, channelId: string): boolean {
  return db.prepare('DELETE FROM digest_subscription WHERE platform = ? AND channel_id = ?').run(platform, channelId).changes > 0;
}

export function getSubscription(db: Db, platform: DigestPlatform, channelId: string): Subscription | null {
  const r = db.prepare('SELECT * FROM digest_subscription WHERE platform = ? AND channel_id = ?').get(platform, channelId) as Row | undefined;
  return r ? toSubscription(r) : null;
}

export function listSubscriptions(db: Db): Subscription[] {
  return (db.prepare('SELECT * FROM digest_subscription ORDER BY platform, channel_id').all() as Row[]).map(toSubscription);
}

/** Whether the channel opted in to keeping question text in the answer log (default: no). */
export function keepsQuestionText(db: Db, platform: string, channelId: string): boolean {
  const v = db.prepare('SELECT keep_question_text FROM channel_privacy WHERE platform = ? AND channel_id = ?').pluck().get(platform, channelId);
  return v === 1;
}

/** Turning it off also forgets the text already kept for the channel. */
export function setKeepQuestionText(db: Db, platform: string, channelId: string, keep: boolean, by: string | null, now: Date): void {
  db.transaction(() => {
    db.prepare(
      `INSERT INTO channel_privacy (platform, channel_id, keep_question_text, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (platform, channel_id) DO UPDATE SET keep_question_text = excluded.keep_question_text,
         updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
    ).run(platform, channelId, keep ? 1 : 0, now.toISOString(), by);
    if (!keep) db.prepare('UPDATE answered_question SET question_text = NULL WHERE platform = ? AND channel_id = ?').run(platform, channelId);
  })();
}

/** Answers logged in a channel in [from, to). */
export function loggedQuestions(db: Db, platform: string, channelId: string, from: Date, to: Date): LoggedQuestion[] {
  const rows = db
    .prepare(
      `SELECT asked_at, concept_ids, precedent_ids FROM answered_question
       WHERE platform = ? AND channel_id = ? AND asked_at >= ? AND asked_at < ? ORDER BY asked_at`,
    )
    .all(platform, channelId, from.toISOString(), to.toISOString()) as Row[];
  return rows.map((r) => ({
    askedAt: new Date(String(r.asked_at)),
    conceptIds: JSON.parse(String(r.concept_ids)) as string[],
    precedentIds: JSON.parse(String(r.precedent_ids)) as string[],
  }));
}

/** Platforms on which answers were logged for a channel id (for `preview` without --platform). */
export function platformsOfChannel(db: Db, channelId: string): string[] {
  return db.prepare('SELECT DISTINCT platform FROM answered_question WHERE channel_id = ? ORDER BY platform').pluck().all(channelId) as string[];
}

export function getPosted(db: Db, platform: string, channelId: string, isoWeek: string): PostedDigest | null {
  const r = db.prepare('SELECT * FROM posted_digest WHERE platform = ? AND channel_id = ? AND iso_week = ?').get(platform, channelId, isoWeek) as
    | Row
    | undefined;
  return r ? toPosted(r) : null;
}

export function listPosted(db: Db, platform?: string, channelId?: string): PostedDigest[] {
  const rows = db
    .prepare(
      `SELECT * FROM posted_digest WHERE (@platform IS NULL OR platform = @platform)
         AND (@channel IS NULL OR channel_id = @channel) ORDER BY claimed_at, id`,
    )
    .all({ platform: platform ?? null, channel: channelId ?? null }) as Row[];
  return rows.map(toPosted);
}

/**
 * Claims the week for `owner` by inserting its row in `state` ('intent' before sending, 'empty'
 * when there is nothing to post). Returns the row if this call created it, null if it existed:
 * the unique key makes two schedulers on one database agree on a single winner.
 */
export function claimWeek(
  db: Db,
  c: { platform: string; channelId: string; isoWeek: string; owner: string; state: 'intent' | 'empty'; conceptIds: string[] },
  now: Date,
): PostedDigest | null {
  return db.transaction(() => {
    const info = db
      .prepare(
        `INSERT INTO posted_digest (platform, channel_id, iso_week, state, owner, claimed_at, concept_ids)
         VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (platform, channel_id, iso_week) DO NOTHING`,
      )
      .run(c.platform, c.channelId, c.isoWeek, c.state, c.owner, now.toISOString(), JSON.stringify(c.conceptIds));
    return info.changes === 1 ? getPosted(db, c.platform, c.channelId, c.isoWeek) : null;
  }).immediate();
}

/**
 * Takes over an 'intent' whose holder stopped renewing it (crashed, or still failing): succeeds
 * only if the row is exactly as `seen`, so two schedulers cannot both take it.
 */
export function takeOverIntent(db: Db, seen: PostedDigest, owner: string, now: Date): PostedDigest | null {
  return db.transaction(() => {
    const info = db
      .prepare(
        `UPDATE posted_digest SET owner = ?, claimed_at = ?, attempts = attempts + 1
         WHERE id = ? AND state = 'intent' AND owner = ? AND claimed_at = ?`,
      )
      .run(owner, now.toISOString(), seen.id, seen.owner, seen.claimedAt.toISOString());
    return info.changes === 1 ? getPosted(db, seen.platform, seen.channelId, seen.isoWeek) : null;
  }).immediate();
}

export function markSent(db: Db, id: number, owner: string, messageId: string, now: Date): boolean {
  return (
    db
      .prepare(`UPDATE posted_digest SET state = 'sent', message_id = ?, sent_at = ?, error = NULL WHERE id = ? AND owner = ? AND state = 'intent'`)
      .run(messageId, now.toISOString(), id, owner).changes === 1
  );
}

/** Keeps the intent (a retry reconciles first) and records why the attempt failed. */
export function recordAttemptError(db: Db, id: number, owner: string, error: string): void {
  db.prepare(`UPDATE posted_digest SET error = ? WHERE id = ? AND owner = ? AND state = 'intent'`).run(error.slice(0, 500), id, owner);
}

export function markFailed(db: Db, id: number, owner: string, error: string): void {
  db.prepare(`UPDATE posted_digest SET state = 'failed', error = ? WHERE id = ? AND owner = ? AND state = 'intent'`).run(error.slice(0, 500), id, owner);
}

/** Posted-digest rows are kept at least this long, whatever the retention: they stop a re-post. */
export const POSTED_DIGEST_MIN_KEEP_DAYS = 35;

/**
 * Deletes answered questions older than `days` (and posted-digest records older than both
 * `days` and POSTED_DIGEST_MIN_KEEP_DAYS). Returns how many rows of each went.
 */
export function applyRetention(db: Db, days: number, now: Date): { answeredQuestions: number; postedDigests: number } {
  const cutoff = new Date(now.getTime() - days * 86_400_000).toISOString();
  const postedCutoff = new Date(now.getTime() - Math.max(days, POSTED_DIGEST_MIN_KEEP_DAYS) * 86_400_000).toISOString();
  return db.transaction(() => ({
    answeredQuestions: db.prepare('DELETE FROM answered_question WHERE asked_at < ?').run(cutoff).changes,
    postedDigests: db.prepare(`DELETE FROM posted_digest WHERE claimed_at < ? AND state <> 'intent'`).run(postedCutoff).changes,
  }))();
}

export interface SurfacedCount {
  id: string;
  count: number;
}

/** Concepts and precedents in answers logged since `since`, across every channel, most first. */
export function surfacedSince(db: Db, since: Date): { questions: number; concepts: SurfacedCount[]; precedents: SurfacedCount[] } {
  const rows = db
    .prepare('SELECT concept_ids, precedent_ids FROM answered_question WHERE asked_at >= ?')
    .all(since.toISOString()) as Row[];
  const tally = (key: 'concept_ids' | 'precedent_ids') => {
    const m = new Map<string, number>();
    for (const r of rows) for (const id of new Set(JSON.parse(String(r[key])) as string[])) m.set(id, (m.get(id) ?? 0) + 1);
    return [...m].map(([id, count]) => ({ id, count })).sort((a, b) => b.count - a.count || a.id.localeCompare(b.id));
  };
  return { questions: rows.length, concepts: tally('concept_ids'), precedents: tally('precedent_ids') };
}
