/**
 * What every front end answers with: the service for lookups, the answer, check and explain steps,
 * the store, the log and the clock. The serve parts are given these and hand them on to the chat
 * handlers, which add only what is their own (a boot id, mention channels, hooks).
 */
import type { Mechanistic } from '../core/service.ts';
import type { Logger } from '../log.ts';
import type { Store } from '../store/store.ts';
import type { AnswerStep } from './answer-step.ts';
import type { CheckStep } from './check-step.ts';
import type { ExplainStep } from './explain-step.ts';

export interface AppServices {
  /** Lookups (concept, paper, term, BibTeX); questions go through `answers`. */
  mechanistic: Mechanistic;
  /** The one answer-and-record step: limits, timeout, storing, the log line. */
  answers: AnswerStep;
  /** The one check step (`check`, "Check its references"); absent: check is not available. */
  checks?: CheckStep;
  /** LLM explanations ("Explain" button); absent or not enabled: no button. */
  explain?: ExplainStep;
  store: Store;
  log: Logger;
  /** The clock, passed in so schedules and staleness rules are testable. */
  now: () => Date;
}

/** Just the services of a larger set of dependencies (an absent step stays absent). */
export function appServices(d: AppServices): AppServices {
  return {
    mechanistic: d.mechanistic,
    answers: d.answers,
    ...(d.checks ? { checks: d.checks } : {}),
    ...(d.explain ? { explain: d.explain } : {}),
    store: d.store,
    log: d.log,
    now: d.now,
  };
}
