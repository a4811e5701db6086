/**
 * The answer step for CLI commands: the service, the store in the data dir, and the one
 * answer-and-record step (no rate limits: the CLI is its own user). Logs go nowhere unless
 * LOG_LEVEL asks for them: the CLI prints its answers, not log lines.
 */
import { createAnswerStep, type AnswerStep } from '../app/answer-step.ts';
import { createExplainStep, type ExplainStep } from '../app/explain-step.ts';
import { createLlm } from '../llm/client.ts';
import { llmSettingsFromConfig } from '../llm/settings.ts';
import { paperResolutionFromConfig, sourceCacheOf } from '../app/resolve-paper.ts';
import { loadConfig } from '../config.ts';
import type { Mechanistic } from '../core/service.ts';
import { createLogger } from '../log.ts';
import { openStoreFromConfig } from '../store/open.ts';
import type { CliIo } from './command.ts';
import { openForCli, type OpenForCliOptions } from './open.ts';

export interface CliAnswers {
  mechanistic: Mechanistic;
  answers: AnswerStep;
  /** LLM explanations (`ask --llm`); `enabled` is false when none is configured. */
  explain: ExplainStep;
  close(): Promise<void>;
}

export async function openCliAnswers(io: CliIo, opts: OpenForCliOptions = {}): Promise<CliAnswers> {
  const config = loadConfig(io.env);
  const mechanistic = await openForCli(io, opts);
  const store = await openStoreFromConfig(config);
  const log = createLogger(io.env.LOG_LEVEL ? config.LOG_LEVEL : 'silent');
  const answers = createAnswerStep({
    resolvePaper: paperResolutionFromConfig(config, mechanistic.corpus, sourceCacheOf(store.sourceCache), log),
    mechanistic,
    store,
    log,
    now: () => new Date(),
    answerTimeoutMs: config.MECHANISTIC_ANSWER_TIMEOUT_MS,
    logQuestionText: config.MECHANISTIC_LOG_QUESTION_TEXT,
  });
  const llm = llmSettingsFromConfig(config);
  const explain = createExplainStep({ store, llm: llm ? createLlm(llm, { log }) : null, log, now: () => new Date() });
  return {
    mechanistic,
    answers,
    explain,
    async close() {
      await store.close();
      await mechanistic.close?.();
    },
  };
}
