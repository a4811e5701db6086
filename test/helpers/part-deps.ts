/**
 * PartDeps as serve builds them, for tests of one part: the SQLite store in the data dir, the
 * question limiter from the configuration, and the one answer step and the one check step (sharing
 * the limiter, its sources configured from the environment) over the given service, and the
 * explanation step (an LLM when the configuration names one).
 */
import { createAnswerStep } from '../../src/app/answer-step.ts';
import { createCheckStep } from '../../src/app/check-step.ts';
import { createExplainStep } from '../../src/app/explain-step.ts';
import { createLlm } from '../../src/llm/client.ts';
import { llmSettingsFromConfig } from '../../src/llm/settings.ts';
import { paperResolutionFromConfig, sourceCacheOf } from '../../src/app/resolve-paper.ts';
import { mechanisticOver } from '../../src/app.ts';
import type { Config } from '../../src/config.ts';
import { PaperResolver } from '../../src/core/paper-resolver.ts';
import type { Retriever } from '../../src/core/answer.ts';
import type { Mechanistic } from '../../src/core/service.ts';
import { loadCorpus } from '../../src/corpus/load.ts';
import type { Logger } from '../../src/log.ts';
import { createQuestionLimiter } from '../../src/ratelimit/question-limiter.ts';
import { createRetriever } from '../../src/retrieval/retriever.ts';
import { createSources, sourceSettingsFromConfig } from '../../src/sources/index.ts';
import type { PartDeps } from '../../src/serve/part.ts';
import { openStore } from '../../src/store/sqlite.ts';
import type { Store } from '../../src/store/store.ts';

export function partDeps(o: { config: Config; mechanistic: Mechanistic; log: Logger; now?: () => Date; store?: Store }): PartDeps {
  const now = o.now ?? (() => new Date());
  const store = o.store ?? openStore(o.config.dataDir);
  const limiter = createQuestionLimiter(
    { userPerMinute: o.config.MECHANISTIC_RATE_LIMIT_USER, channelPerMinute: o.config.MECHANISTIC_RATE_LIMIT_CHANNEL },
    (l) => store.rateLimiter(l),
  );
  const answers = createAnswerStep({
    resolvePaper: paperResolutionFromConfig(o.config, o.mechanistic.corpus, sourceCacheOf(store.sourceCache), o.log),
    mechanistic: o.mechanistic,
    store,
    log: o.log,
    now,
    limiter,
    answerTimeoutMs: o.config.MECHANISTIC_ANSWER_TIMEOUT_MS,
    maxPending: o.config.MECHANISTIC_MAX_PENDING,
    logQuestionText: o.config.MECHANISTIC_LOG_QUESTION_TEXT,
  });
  const checks = createCheckStep({
    mechanistic: o.mechanistic,
    resolvePaper: paperResolutionFromConfig(o.config, o.mechanistic.corpus, sourceCacheOf(store.sourceCache), o.log),
    sources: createSources(sourceSettingsFromConfig(o.config)),
    cache: sourceCacheOf(store.sourceCache),
    log: o.log,
    timeoutMs: o.config.MECHANISTIC_ANSWER_TIMEOUT_MS,
    limiter,
    store,
    now,
  });
  const llm = llmSettingsFromConfig(o.config);
  const explain = createExplainStep({ store, llm: llm ? createLlm(llm, { log: o.log }) : null, log: o.log, now });
  return { config: o.config, mechanistic: o.mechanistic, answers, checks, explain, store, log: o.log, now };
}

/**
 * A freshly loaded service (its own corpus object, as after a reload) over the lexical retriever,
 * counting every call that reaches the retriever.
 */
export function countingMechanistic(): { mechanistic: Mechanistic; calls: () => number } {
  const corpus = loadCorpus();
  const inner = createRetriever({ corpus });
  let calls = 0;
  const retriever: Retriever = {
    recognizeConcepts(text) {
      calls++;
      return inner.recognizeConcepts(text);
    },
    searchPapers(text, k) {
      calls++;
      return inner.searchPapers(text, k);
    },
  };
  return { mechanistic: mechanisticOver(corpus, { corpus, resolver: new PaperResolver(corpus), retriever }, 'none (lexical only)'), calls: () => calls };
}
