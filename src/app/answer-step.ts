/**
 * The one answer-and-record step every front end calls (CLI, web, Slack, Discord): it validates the
 * question, applies the rate limits, answers with the timeout, stores the whole answer, writes the
 * one structured log line, and returns the stored answer. Front ends only render, paging the
 * stored answer; buttons read it back by id and never answer again.
 */
import { performance } from 'node:perf_hooks';
import { MAX_LIMIT } from '../core/answer.ts';
import { QuestionError, validateQuestionText } from '../core/input.ts';
import type { Mechanistic } from '../core/service.ts';
import type { Answer } from '../core/types.ts';
import { logErrorWithRef, type Logger } from '../log.ts';
import { TimeoutError, withTimeout } from '../net/timeout.ts';
import { nextTurn } from '../retrieval/main-thread-turns.ts';
import type { QuestionLimiter } from '../ratelimit/question-limiter.ts';
import type { ResolvePaper } from './resolve-paper.ts';
import { ANSWER_BUTTON_DAYS, type Origin, type Store, type StoredAnswer } from '../store/store.ts';

/** A stored answer whose answer is there (a fresh one always is). */
export type AnsweredQuestion = StoredAnswer & { answer: Answer };

export type AnswerOutcome =
  | { ok: true; stored: AnsweredQuestion; latencyMs: number }
  /** The text cannot be answered (empty, too long, binary): the asker's to fix. */
  | { ok: false; reason: 'bad_query'; code: string; message: string }
  | { ok: false; reason: 'rate_limited'; message: string; retryAfterSeconds: number }
  | { ok: false; reason: 'timeout'; message: string; ms: number }
  /** Too many questions are being answered already: try again in a few seconds. */
  | { ok: false; reason: 'overloaded'; message: string; retryAfterSeconds: number };

export interface AnswerStepDeps {
  mechanistic: Mechanistic;
  store: Store;
  log: Logger;
  now: () => Date;
  /** Question limits; absent where nobody else shares the process (the CLI). */
  limiter?: QuestionLimiter;
  answerTimeoutMs: number;
  /** MECHANISTIC_MAX_PENDING: questions answered at once; past it, new ones are refused as overloaded. */
  maxPending?: number;
  /** MECHANISTIC_LOG_QUESTION_TEXT: put the question text in the per-answer log line. */
  logQuestionText: boolean;
  /**
   * The paper-resolution step (src/app/resolve-paper.ts): links outside the corpus are read from
   * the sources. Absent: only the corpus is consulted.
   */
  resolvePaper?: ResolvePaper;
}

export interface AskOptions {
  /**
   * The rate-limit identity of the asker when it is not the origin's user (the web page: the
   * client address, which is never stored).
   */
  limitKey?: string;
  /**
   * Called once the question is admitted (valid, within the limits) and before any answering work:
   * where a platform acknowledges (Discord's deferral), so a refusal can still be sent as the
   * first, private reply.
   */
  admitted?: () => Promise<void>;
}

export interface AnswerStep {
  /** Answers a new question from `origin` and records it. Never throws for the asker's mistakes. */
  ask(text: string, origin: Origin, opts?: AskOptions): Promise<AnswerOutcome>;
  /** A stored answer by id; a row from before answers were stored is answered once and kept. */
  stored(id: string): Promise<AnsweredQuestion | null>;
}

/** The one structured log line per answered question, on every platform. */
export function logAnswered(
  log: Logger,
  e: { platform: Origin['platform']; latencyMs: number; answer: Answer; answerId?: string; questionText?: string; logText?: boolean },
): void {
  log.info(
    {
      event: 'answered',
      platform: e.platform,
      latencyMs: Math.round(e.latencyMs),
      ...(e.answerId ? { answerId: e.answerId } : {}),
      concepts: e.answer.concepts.map((c) => c.id),
      paper: e.answer.paper?.id ?? null,
      precedents: e.answer.precedents.length,
      related: e.answer.related.length,
      ...(e.logText && e.questionText !== undefined ? { question: e.questionText } : {}),
    },
    'answered question',
  );
}

/** The limiter's keys for an asker: platform, workspace and user (or `limitKey`), and the channel. */
export function limitKeys(origin: Origin, opts: { limitKey?: string }): { user: string; channel?: string } {
  const ws = origin.workspaceId ?? '-';
  const user = opts.limitKey ?? `${origin.platform}:${ws}:${origin.userId ?? '-'}`;
  return { user, ...(origin.channelId ? { channel: `${origin.platform}:${ws}:${origin.channelId}` } : {}) };
}

/** How long an overloaded asker is told to wait: about one answer's time with the queue full. */
const OVERLOADED_RETRY_SECONDS = 5;

export function createAnswerStep(d: AnswerStepDeps): AnswerStep {
  let pending = 0;
  // Reading the paper behind a link counts against the same timeout as answering.
  const answerFully = (text: string) =>
    withTimeout(
      (async () => {
        const resolution = await d.resolvePaper?.(text);
        return d.mechanistic.ask({ text, limit: MAX_LIMIT, offset: 0, ...(resolution ? { resolution } : {}) });
      })(),
      d.answerTimeoutMs,
      'answering',
    );

  return {
    async ask(raw, origin, opts = {}) {
      let text: string;
      try {
        text = validateQuestionText(raw);
      } catch (e) {
        if (e instanceof QuestionError) return { ok: false, reason: 'bad_query', code: e.code, message: e.message };
        throw e;
      }
      if (d.limiter) {
        const decision = await d.limiter.check(limitKeys(origin, opts));
        if (!decision.ok) return { ok: false, reason: 'rate_limited', message: decision.message, retryAfterSeconds: decision.retryAfterSeconds };
      }
      if (d.maxPending !== undefined && pending >= d.maxPending) {
        d.log.warn({ event: 'overloaded', platform: origin.platform, pending }, 'refused a question: too many being answered');
        return {
          ok: false,
          reason: 'overloaded',
          retryAfterSeconds: OVERLOADED_RETRY_SECONDS,
          message: `busy answering other questions; try again in ${OVERLOADED_RETRY_SECONDS} s`,
        };
      }
      pending += 1;
      const started = performance.now();
      let answer: Answer;
      try {
        await opts.admitted?.();
        // Acknowledgements first: the answering work waits for its turn of the main thread, and each
        // unit of it (up to the encoder; after it; storing) has its own turn, so requests that arrive
        // meanwhile (other acks, health checks) are read between units, not after whole answers.
        await nextTurn();
        answer = await answerFully(text);
      } catch (e) {
        if (e instanceof QuestionError) return { ok: false, reason: 'bad_query', code: e.code, message: e.message };
        if (e instanceof TimeoutError) {
          d.log.warn({ event: 'answer_timeout', platform: origin.platform, ms: e.ms }, 'answer timed out');
          return { ok: false, reason: 'timeout', ms: e.ms, message: `the answer took longer than ${e.ms} ms; try a shorter question` };
        }
        throw e;
      } finally {
        pending -= 1;
      }
      const latencyMs = performance.now() - started;
      await nextTurn();
      const createdAt = d.now();
      let stored: AnsweredQuestion;
      try {
        const keepText = origin.channelId !== null && (await d.store.privacy.keepsQuestionText(origin.platform, origin.channelId));
        stored = (await d.store.answers.save({ origin, createdAt, answer, queryText: keepText ? text : null })) as AnsweredQuestion;
      } catch (e) {
        // The asker still gets the answer; its buttons will say it has expired, the digest misses one count.
        logErrorWithRef(d.log, e, { platform: origin.platform }, 'could not store the answer');
        stored = { id: '', createdAt, origin, answer, queryText: null };
      }
      // The asker sees the question they asked, whether or not its text is kept.
      stored = { ...stored, answer: { ...stored.answer, query: text } };
      logAnswered(d.log, { platform: origin.platform, latencyMs, answer, answerId: stored.id || undefined, questionText: text, logText: d.logQuestionText });
      return { ok: true, stored, latencyMs };
    },

    async stored(id) {
      const row = await d.store.answers.get(id);
      if (!row) return null;
      if (row.answer) return row as AnsweredQuestion;
      // Past the button window only the digest's counts are left.
      if (d.now().getTime() - row.createdAt.getTime() > ANSWER_BUTTON_DAYS * 86_400_000) return null;
      // A row from before answers were stored keeps the question its buttons need: answer it once.
      if (row.queryText === null || row.origin.platform === 'web' || row.origin.platform === 'cli') return null;
      const answer = await answerFully(row.queryText);
      await d.store.answers.attachAnswer(row.id, answer);
      return { ...row, answer: { ...answer, query: row.queryText } };
    },
  };
}

/** For feedback rows: the question when its text was kept, otherwise what the answer was about. */
export function describeStoredQuestion(stored: StoredAnswer): string {
  if (stored.queryText) return stored.queryText;
  const a = stored.answer;
  if (!a) return `(answer ${stored.id}; question text not kept)`;
  const about = [a.paper ? `paper ${a.paper.id}` : '', a.concepts.length ? `concepts ${a.concepts.map((c) => c.id).join(', ')}` : '']
    .filter(Boolean)
    .join('; ');
  return `(answer ${stored.id}; question text not kept${about ? `; ${about}` : ''})`;
}
