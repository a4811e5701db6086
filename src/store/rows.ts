/**
 * What the SQL backends share: answer ids, and how a row (the same columns in SQLite and
 * PostgreSQL, timestamps as ISO 8601 text, JSON as text) becomes what the store interface gives.
 */
import { randomBytes } from 'node:crypto';
import type { CheckResult } from '../core/references.ts';
import type { Answer } from '../core/types.ts';
import { verdictsOf, type AnswersRepo, type ChatPlatform, type ChecksRepo, type Feedback, type Origin, type PostedDigest, type PostedState, type StoredAnswer, type StoredCheck, type Subscription, type PaperScan, type PaperScanState, type ScannedPaper, type ScannedVolume, type ChannelPaperSettings } from './store.ts';

/** What `answers.save` is given. */
export type SaveAnswer = Parameters<AnswersRepo['save']>[0];

/** One row as a driver gives it: PostgreSQL gives BIGINT columns as strings, hence Number() below. */
export type Row = Record<string, string | number | null>;

export const DAY_MS = 86_400_000;
/** Slack stops retrying after about 5 minutes; a day of event ids is plenty. */
export const KEEP_EVENTS_MS = DAY_MS;
/**
 * A signed request is accepted while its timestamp is within 5 minutes of the clock, either way,
 * so its replay can arrive up to 10 minutes after it; an hour of digests covers that with room.
 */
export const KEEP_SIGNED_REQUESTS_MS = 3_600_000;

/** A new answer id: 12 URL-safe characters, fits Slack button values and Discord custom_ids. */
export function newAnswerId(): string {
  return randomBytes(9).toString('base64url');
}

export const ANSWER_ID = /^[A-Za-z0-9_-]{1,40}$/;

/** The platform, workspace, channel and user columns of a row. */
function originOf(r: Row): Origin {
  return {
    platform: r.platform as Origin['platform'],
    workspaceId: r.workspace_id as string | null,
    channelId: r.channel_id as string | null,
    userId: r.user_id as string | null,
  };
}

export function toStoredAnswer(r: Row): StoredAnswer {
  const queryText = r.query_text === null ? null : String(r.query_text);
  const parsed = r.answer_json === null ? null : (JSON.parse(String(r.answer_json)) as Omit<Answer, 'query'>);
  return {
    id: String(r.id),
    createdAt: new Date(String(r.created_at)),
    origin: originOf(r),
    answer: parsed && { query: queryText ?? '', ...parsed },
    queryText,
  };
}

/** The answer without its query text: the text is kept (in query_text) only where the channel opted in. */
export function answerJson(answer: Answer): string {
  const { query: _query, ...rest } = answer;
  return JSON.stringify(rest);
}

export function toSubscription(r: Row): Subscription {
  return {
    id: Number(r.id),
    platform: r.platform as ChatPlatform,
    workspaceId: r.workspace_id as string | null,
    channelId: String(r.channel_id),
    tz: String(r.tz),
    schedule: String(r.schedule),
    createdAt: new Date(String(r.created_at)),
    createdBy: r.created_by as string | null,
  };
}

export function toPosted(r: Row): PostedDigest {
  return {
    id: Number(r.id),
    platform: r.platform as ChatPlatform,
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

export function toFeedback(r: Row): Feedback & { id: number } {
  return {
    id: Number(r.id),
    platform: r.platform as Feedback['platform'],
    workspaceId: r.workspace_id as string | null,
    channelId: r.channel_id as string | null,
    userId: r.user_id as string | null,
    query: String(r.query),
    answerId: r.answer_id as string | null,
    paperId: r.paper_id as string | null,
    comment: String(r.comment),
    createdAt: new Date(String(r.created_at)),
  };
}

/** Each concept and precedent counted once per answer, most first, then by id. */
export function tallySurfaced(rows: Row[]): { questions: number; concepts: { id: string; count: number }[]; precedents: { id: string; count: number }[] } {
  const tally = (key: 'concept_ids' | 'precedent_ids') => {
    const m = new Map<string, number>();
    for (const r of rows) for (const id of new Set(JSON.parse(String(r[key])) as string[])) m.set(id, (m.get(id) ?? 0) + 1);
    return [...m].map(([id, count]) => ({ id, count })).sort((a, b) => b.count - a.count || a.id.localeCompare(b.id));
  };
  return { questions: rows.length, concepts: tally('concept_ids'), precedents: tally('precedent_ids') };
}

/** A new answer row's values, in the column order both backends insert them (see their `answers.save`). */
export function answerRowValues(id: string, a: SaveAnswer): (string | null)[] {
  return [
    id,
    a.createdAt.toISOString(),
    a.origin.platform,
    a.origin.workspaceId,
    a.origin.channelId,
    a.origin.userId,
    a.queryText,
    answerJson(a.answer),
    JSON.stringify(a.answer.concepts.map((c) => c.id)),
    JSON.stringify(a.answer.precedents.map((p) => p.id)),
    JSON.stringify(a.answer.related.map((p) => p.id)),
    JSON.stringify(verdictsOf(a.answer)),
  ];
}

/** What `answers.save` returns for a row just inserted. */
export function savedAnswer(id: string, a: SaveAnswer): StoredAnswer {
  return { id, createdAt: a.createdAt, origin: { ...a.origin }, answer: { ...a.answer, query: a.queryText ?? '' }, queryText: a.queryText };
}

/** What `checks.save` is given. */
export type SaveCheck = Parameters<ChecksRepo['save']>[0];

/** A new check row's values, in the column order both backends insert them (see their `checks.save`). */
export function checkRowValues(id: string, c: SaveCheck): (string | null)[] {
  return [id, c.createdAt.toISOString(), c.origin.platform, c.origin.workspaceId, c.origin.channelId, c.origin.userId, c.answerId, c.check.paper?.id ?? null, JSON.stringify(c.check)];
}

/** What `checks.save` returns for a row just inserted. */
export function savedCheck(id: string, c: SaveCheck): StoredCheck {
  return { id, createdAt: c.createdAt, origin: { ...c.origin }, answerId: c.answerId, check: c.check };
}

export function toStoredCheck(r: Row): StoredCheck {
  return {
    id: String(r.id),
    createdAt: new Date(String(r.created_at)),
    origin: originOf(r),
    answerId: r.answer_id as string | null,
    check: JSON.parse(String(r.check_json)) as CheckResult,
  };
}
export function toPaperScan(r: Row): PaperScan {
  return {
    isoWeek: String(r.iso_week),
    state: String(r.state) as PaperScanState,
    owner: String(r.owner),
    claimedAt: new Date(String(r.claimed_at)),
    attempts: Number(r.attempts),
    finishedAt: r.finished_at === null ? null : new Date(String(r.finished_at)),
    categories: JSON.parse(String(r.categories)) as string[],
    listed: r.listed === null ? null : Number(r.listed),
    kept: r.kept === null ? null : Number(r.kept),
    notices: JSON.parse(String(r.notices ?? '[]')) as string[],
    volumes: JSON.parse(String(r.volumes ?? '[]')) as ScannedVolume[],
    error: r.error === null ? null : String(r.error),
  };
}

export function toScannedPaper(r: Row): ScannedPaper {
  return { sourceId: String(r.source_id), kept: Number(r.kept) === 1, rank: Number(r.rank_score), result: JSON.parse(String(r.result)) as unknown };
}

export function toChannelPaperSettings(r: Row | null | undefined): ChannelPaperSettings {
  return r ? { papers: Number(r.papers) === 1, topics: JSON.parse(String(r.topics)) as string[] } : { papers: true, topics: [] };
}
