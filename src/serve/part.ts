/**
 * A part of `mechanistic serve`: a chat adapter (Slack, Discord), the digest scheduler, the web page.
 * Serve owns the one HTTP server and mounts each part's routes on it, then starts every part.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Config } from '../config.ts';
import type { Mechanistic } from '../core/service.ts';
import type { Logger } from '../log.ts';
import type { AnswerStep } from '../app/answer-step.ts';
import type { CheckStep } from '../app/check-step.ts';
import type { ExplainStep } from '../app/explain-step.ts';
import type { Store } from '../store/store.ts';

export interface PartDeps {
  config: Config;
  mechanistic: Mechanistic;
  /** The one answer-and-record step: every new question goes through it. */
  answers: AnswerStep;
  /** The one check step (`check`); absent: the chat `check` command answers that it is not available. */
  checks?: CheckStep;
  /** LLM explanations behind the "Explain" button; absent or not `enabled`: no button. */
  explain?: ExplainStep;
  store: Store;
  log: Logger;
  /** The clock, passed in so schedules and staleness rules are testable. */
  now: () => Date;
}

export interface HttpRoute {
  method: 'GET' | 'POST';
  /** Exact path, e.g. `/slack/events`. */
  path: string;
  handle(req: IncomingMessage, res: ServerResponse): void | Promise<void>;
}

export interface Part {
  name: string;
  routes?: HttpRoute[];
  start(): Promise<void>;
  /** Stop accepting work, finish what is in flight, release connections. */
  stop(): Promise<void>;
}
