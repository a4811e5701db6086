/**
 * The store: what the rest of the program keeps between questions, as a few repository objects
 * defined by what their callers need, not by a database driver. Every method is async so a
 * networked backend (PostgreSQL) can implement the same interface; SQLite implements it in
 * src/store/sqlite.ts. Every SQL statement of the program lives under src/store/.
 *
 * Transactions that must be atomic (claiming an event, claiming a digest week, turning off the
 * question text of a channel) are single methods here, never something callers compose.
 */
import type { CheckResult } from '../core/references.ts';
import type { Answer, DefinitionKey, Explanation } from '../core/types.ts';
import type { RateLimiterAbstract, RateLimitOptions } from './rate-limit.ts';

export type Platform = 'cli' | 'slack' | 'discord' | 'web';
export type ChatPlatform = 'slack' | 'discord';

/** Where a question came from: the platform and, in chat, the workspace, channel and user. */
export interface Origin {
  platform: Platform;
  /** Slack team id or Discord guild id. */
  workspaceId: string | null;
  channelId: string | null;
  userId: string | null;
}

/** One answered question, as stored: what buttons and pages read instead of answering again. */
export interface StoredAnswer {
  /** Opaque, URL-safe id carried in buttons (Slack values, Discord custom_ids) and API links. */
  id: string;
  createdAt: Date;
  origin: Origin;
  /**
   * The whole answer, every precedent and related work up to the core's page maximum, or null
   * once it has aged out of the button window (ANSWER_BUTTON_DAYS) or for a row that came from
   * before answers were stored (its `queryText` is then what the buttons ask again, once).
   */
  answer: Answer | null;
  /** The question text: only where the channel opted in to keeping it (and on rows from before). */
  queryText: string | null;
}

/** What the digest reads of one logged answer. */
export interface LoggedQuestion {
  askedAt: Date;
  conceptIds: string[];
  precedentIds: string[];
}

export interface SurfacedCount {
  id: string;
  count: number;
}

/** The answers of buttons are kept this long; older answers keep only what the digest counts. */
export const ANSWER_BUTTON_DAYS = 30;
/**
 * How long a claimed, unanswered Slack event stays with its claimer before another process may take
 * it over: with several instances, the same event delivered to two of them (or retried while the
 * first still answers) must not be answered twice. Well above the answer timeout (20 s by default).
 */
export const EVENT_CLAIM_LEASE_MS = 60_000;

export interface AnswersRepo {
  /** Stores an answer and gives it its id. `answer.query` is stored only as `queryText`. */
  save(a: { origin: Origin; createdAt: Date; answer: Answer; queryText: string | null }): Promise<StoredAnswer>;
  /** The stored answer, or null when the id is unknown (never stored, deleted, or malformed). */
  get(id: string): Promise<StoredAnswer | null>;
  /** Fills in the answer of a row from before answers were stored (see StoredAnswer.answer). */
  attachAnswer(id: string, answer: Answer): Promise<void>;
  /** Answers logged in a channel in [from, to), oldest first. */
  loggedInChannel(platform: string, channelId: string, from: Date, to: Date): Promise<LoggedQuestion[]>;
  /** Platforms on which answers were logged for a channel id. */
  platformsOfChannel(channelId: string): Promise<string[]>;
  /** Concepts and precedents in answers logged since `since`, across every channel, most first. */
  surfacedSince(since: Date): Promise<{ questions: number; concepts: SurfacedCount[]; precedents: SurfacedCount[] }>;
  /** One user's latest answers in one workspace that still have their answer (Slack's App Home), newest first. */
  recentOfUser(platform: ChatPlatform, workspaceId: string, userId: string, limit: number): Promise<StoredAnswer[]>;
}

/** One reference check, as stored: what `GET /api/check?id=` and chat buttons read instead of checking again. */
export interface StoredCheck {
  /** Opaque, URL-safe id (the same form as answer ids). */
  id: string;
  createdAt: Date;
  origin: Origin;
  /** The stored answer whose "Check its references" button asked for it, if any. */
  answerId: string | null;
  check: CheckResult;
}

/** Stored checks are kept this long (they serve links and buttons, like an answer's button data). */
export const CHECK_KEEP_DAYS = ANSWER_BUTTON_DAYS;

export interface ChecksRepo {
  /** Stores a check and gives it its id. */
  save(c: { origin: Origin; createdAt: Date; answerId: string | null; check: CheckResult }): Promise<StoredCheck>;
  /** The stored check, or null when the id is unknown (never stored, deleted, or malformed). */
  get(id: string): Promise<StoredCheck | null>;
  /** The newest stored check made for a stored answer's "Check its references" button, or null. */
  forAnswer(answerId: string): Promise<StoredCheck | null>;
}

export interface Feedback {
  platform: 'slack' | 'discord' | 'web';
  workspaceId: string | null;
  channelId: string | null;
  userId: string | null;
  /** The question, when its text was kept; otherwise a description of the answer. */
  query: string;
  /** The stored answer the feedback is about, when known. */
  answerId: string | null;
  paperId: string | null;
  comment: string;
  createdAt: Date;
}

export interface FeedbackRepo {
  record(f: Feedback): Promise<number>;
  list(): Promise<(Feedback & { id: number })[]>;
}

export type EventClaim = 'new' | 'taken-over' | 'duplicate';

export interface SlackEventsRepo {
  /**
   * Claims a Slack Events API delivery for the process `bootId`, atomically: 'new' the first time,
   * 'taken-over' when another process claimed it and never answered it, 'duplicate' otherwise.
   */
  claim(e: { eventId: string; workspaceId: string | null; bootId: string; now: Date }): Promise<EventClaim>;
  markAnswered(eventId: string, now: Date): Promise<void>;
}

/**
 * Signed Slack HTTP requests already seen. Slack signs every delivery anew (a retry has a new
 * timestamp, so a new signature); the same signature twice is a replay, answered once.
 */
export interface SlackRequestsRepo {
  /** Records a request by its digest, atomically across instances: true the first time, false for a replay. */
  firstSight(r: { digest: string; workspaceId: string | null; now: Date }): Promise<boolean>;
}

/** Whether paper links posted in a channel are unfurled (`/mechanistic unfurl on|off`). */
export interface UnfurlSettingsRepo {
  /** On unless the channel turned it off. */
  enabled(platform: ChatPlatform, channelId: string): Promise<boolean>;
  set(s: { platform: ChatPlatform; workspaceId: string | null; channelId: string; enabled: boolean; by: string | null }, now: Date): Promise<void>;
}

export interface Subscription {
  id: number;
  platform: ChatPlatform;
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
  platform: ChatPlatform;
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

/** Posted-digest rows are kept at least this long, whatever the retention: they stop a re-post. */
export const POSTED_DIGEST_MIN_KEEP_DAYS = 35;

export interface DigestRepo {
  /** Creates or replaces the channel's subscription (a second `on` changes its time zone and schedule). */
  subscribe(
    s: { platform: ChatPlatform; workspaceId: string | null; channelId: string; tz: string; schedule: string; createdBy: string | null },
    now: Date,
  ): Promise<Subscription>;
  unsubscribe(platform: ChatPlatform, channelId: string): Promise<boolean>;
  getSubscription(platform: ChatPlatform, channelId: string): Promise<Subscription | null>;
  listSubscriptions(): Promise<Subscription[]>;
  getPosted(platform: string, channelId: string, isoWeek: string): Promise<PostedDigest | null>;
  listPosted(platform?: string, channelId?: string): Promise<PostedDigest[]>;
  /**
   * Claims the week for `owner` by inserting its row in `state` ('intent' before sending, 'empty'
   * when there is nothing to post). The row if this call created it, null if it existed: two
   * schedulers on one database agree on a single winner.
   */
  claimWeek(
    c: { platform: string; channelId: string; isoWeek: string; owner: string; state: 'intent' | 'empty'; conceptIds: string[] },
    now: Date,
  ): Promise<PostedDigest | null>;
  /** Takes over an 'intent' whose holder stopped renewing it; succeeds only if the row is exactly as `seen`. */
  takeOverIntent(seen: PostedDigest, owner: string, now: Date): Promise<PostedDigest | null>;
  markSent(id: number, owner: string, messageId: string, now: Date): Promise<boolean>;
  /** Keeps the intent (a retry reconciles first) and records why the attempt failed. */
  recordAttemptError(id: number, owner: string, error: string): Promise<void>;
  markFailed(id: number, owner: string, error: string): Promise<void>;
}

export interface ChannelPrivacyRepo {
  /** Whether the channel opted in to keeping question text (default: no). */
  keepsQuestionText(platform: string, channelId: string): Promise<boolean>;
  /** Turning it off also forgets the text already kept for the channel, in the same transaction. */
  setKeepQuestionText(platform: string, channelId: string, keep: boolean, by: string | null, now: Date): Promise<void>;
}

export interface WorkspacesRepo {
  /** Every channel id the store has seen in one workspace. */
  knownChannels(platform: ChatPlatform, workspaceId: string): Promise<string[]>;
  /**
   * Deletes everything stored about one workspace, and every per-channel row of its channels
   * (those given and those its rows name). Rows deleted, by table.
   */
  deleteData(platform: ChatPlatform, workspaceId: string, channelIds?: readonly string[]): Promise<Record<string, number>>;
}

/**
 * What the paper sources (src/sources) answered, by key: JSON values with the time they were
 * fetched. Freshness is the caller's rule; the store only keeps and prunes.
 */
export interface SourceCacheRepo {
  get(key: string): Promise<{ value: unknown; fetchedAt: number } | null>;
  put(key: string, value: unknown, fetchedAt: number): Promise<void>;
}

/**
 * LLM explanations of stored answers, by (answer id, model): an Explain click, a reload of the web
 * page or a second instance reads the one already written instead of asking the model again. An
 * explanation goes with its answer: deleted with it, and when the answer's button data is trimmed.
 */
export interface ExplanationsRepo {
  get(answerId: string, model: string): Promise<Explanation | null>;
  /** Keeps the first explanation written for the pair; does nothing when the answer is gone. */
  put(answerId: string, model: string, explanation: Explanation, createdAt: Date): Promise<void>;
}

/** Cached source answers older than this are deleted by the retention rule (stale copies serve while a source is down). */
export const SOURCE_CACHE_KEEP_DAYS = 90;

export type PaperScanState = 'running' | 'done' | 'failed';

/** The week's paper scan: one row per ISO week, shared by every channel. The row is the claim. */
export interface PaperScan {
  isoWeek: string;
  state: PaperScanState;
  /** The scanner holding (or that last held) the claim. */
  owner: string;
  /** When the claim was made, taken over or last renewed: a 'running' scan older than its lease is stale. */
  claimedAt: Date;
  attempts: number;
  finishedAt: Date | null;
  categories: string[];
  /** Entries the listing had, and papers kept as interpretability work (set when done). */
  listed: number | null;
  kept: number | null;
  /** For the digest: e.g. that the listing was cut, or references could not be fetched. */
  notices: string[];
  /** The ACL Anthology volumes of the week the scan read (set when done; empty when none or not configured). */
  volumes: ScannedVolume[];
  error: string | null;
}

/** An ACL Anthology volume a scan read: its id, its venue as people cite it, how many of its papers were read. */
export interface ScannedVolume {
  id: string;
  venue: string;
  papers: number;
}

/** One analysed paper of a week's scan. `result` is the scan's JSON (src/digest/scan.ts owns its shape). */
export interface ScannedPaper {
  /** The paper's id at its source: an arXiv id (`2608.18545`), or `acl:` and an Anthology id (`acl:W19-4808`). */
  sourceId: string;
  /** Kept as interpretability work (the rest are stored so a resumed scan does not analyse them again). */
  kept: boolean;
  /** Orders the kept papers in the digest, highest first. */
  rank: number;
  result: unknown;
}

/** A channel's choices for the "New this week" section: on by default, all concepts. */
export interface ChannelPaperSettings {
  papers: boolean;
  /** Concept ids to keep (empty: every concept). */
  topics: string[];
}

export interface PaperScansRepo {
  /** Claims the week for `owner` (INSERT … ON CONFLICT DO NOTHING): the row if this call created it, else null. */
  claim(c: { isoWeek: string; owner: string; categories: string[] }, now: Date): Promise<PaperScan | null>;
  get(isoWeek: string): Promise<PaperScan | null>;
  /** Takes over a 'running' scan whose holder stopped renewing it, or a 'failed' one; only if the row is exactly as `seen`. */
  takeOver(seen: PaperScan, owner: string, now: Date): Promise<PaperScan | null>;
  /** Renews the lease; false when the claim is no longer this owner's (taken over): the scanner stops. */
  renew(isoWeek: string, owner: string, now: Date): Promise<boolean>;
  /** Stores analysed papers; a paper already stored for the week is left as it is. */
  savePapers(isoWeek: string, papers: readonly ScannedPaper[]): Promise<void>;
  /** The source ids analysed so far (kept or not). */
  paperIds(isoWeek: string): Promise<string[]>;
  /** The week's papers, highest rank first (kept only, unless `all`). */
  papers(isoWeek: string, opts?: { all?: boolean }): Promise<ScannedPaper[]>;
  finish(isoWeek: string, owner: string, r: { listed: number; kept: number; notices: string[]; volumes?: ScannedVolume[] }, now: Date): Promise<boolean>;
  fail(isoWeek: string, owner: string, error: string): Promise<void>;
  /**
   * Deletes the papers not kept of scans that finished before `before` (they only served resuming); the kept
   * papers and the scans stay. The number deleted.
   */
  pruneRejected(before: Date): Promise<number>;
  channelSettings(platform: string, channelId: string): Promise<ChannelPaperSettings>;
  setChannelPapers(platform: string, channelId: string, on: boolean, by: string | null, now: Date): Promise<void>;
  setChannelTopics(platform: string, channelId: string, topics: readonly string[], by: string | null, now: Date): Promise<void>;
}

export interface RetentionResult {
  /** Answers deleted (older than the retention days, or button-only rows past the button window). */
  answers: number;
  /** Answers whose full text and lists were dropped after the button window (the counts stay). */
  answersTrimmed: number;
  postedDigests: number;
  /** Cached source answers older than SOURCE_CACHE_KEEP_DAYS. */
  sourceCache: number;
  /** Stored checks older than CHECK_KEEP_DAYS (or the retention days, if fewer). */
  checks: number;
}

export interface Store {
  readonly answers: AnswersRepo;
  readonly feedback: FeedbackRepo;
  readonly slackEvents: SlackEventsRepo;
  readonly slackRequests: SlackRequestsRepo;
  readonly unfurls: UnfurlSettingsRepo;
  readonly digest: DigestRepo;
  readonly privacy: ChannelPrivacyRepo;
  readonly workspaces: WorkspacesRepo;
  readonly sourceCache: SourceCacheRepo;
  readonly checks: ChecksRepo;
  readonly explanations: ExplanationsRepo;
  /** The weekly paper scan ("New this week") and each channel's choices for it. */
  readonly paperScans: PaperScansRepo;
  /**
   * The one retention rule: stored answers lose their buttons' data after ANSWER_BUTTON_DAYS;
   * with `days` set, answers older than `days` go, and posted-digest records older than both
   * `days` and POSTED_DIGEST_MIN_KEEP_DAYS.
   */
  applyRetention(days: number | null, now: Date): Promise<RetentionResult>;
  /**
   * A rate limiter (fixed window per key) whose counters every process sharing this store sees:
   * rows in PostgreSQL, memory for SQLite's one process (src/store/rate-limit.ts).
   */
  rateLimiter(o: RateLimitOptions): RateLimiterAbstract;
  close(): Promise<void>;
}

/** The verdicts of an answer as stored for the digest: true, false or null per sense. */
export function verdictsOf(answer: Answer): Record<DefinitionKey, boolean | null> {
  return Object.fromEntries(Object.entries(answer.definitions).map(([k, v]) => [k, v.applies])) as Record<DefinitionKey, boolean | null>;
}
