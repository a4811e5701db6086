/**
 * The one structured log line per answered question, on every platform: latency, platform and
 * what was recognized; the question text only when MECHANISTIC_LOG_QUESTION_TEXT is on.
 */
import type { Answer } from '../core/types.ts';
import type { Logger } from '../log.ts';

export interface AnsweredEvent {
  platform: 'cli' | 'slack' | 'discord' | 'web';
  latencyMs: number;
  answer: Answer;
  /** Logged only when `logText` is true. */
  questionText?: string;
  logText?: boolean;
}

export function logAnswered(log: Logger, e: AnsweredEvent): void {
  log.info(
    {
      event: 'answered',
      platform: e.platform,
      latencyMs: Math.round(e.latencyMs),
      concepts: e.answer.concepts.map((c) => c.id),
      paper: e.answer.paper?.id ?? null,
      precedents: e.answer.precedents.length,
      related: e.answer.related.length,
      ...(e.logText && e.questionText !== undefined ? { question: e.questionText } : {}),
    },
    'answered question',
  );
}
