/**
 * The explanation step every front end calls after the answer is shown: it reads the stored answer
 * by id, asks the LLM (src/llm) for an explanation grounded in what retrieval found, keeps it in the
 * store by (answer id, model), and says why when there is none. It never answers the question again
 * and never holds up the answer: front ends call it only once the answer is out.
 */
import type { Answer, Explanation } from '../core/types.ts';
import type { Llm } from '../llm/client.ts';
import { logErrorWithRef, type Logger } from '../log.ts';
import type { Store } from '../store/store.ts';

export type ExplainOutcome =
  /** `answer`: the stored answer explained, whole, for showing the cited papers as it has them. */
  | { ok: true; explanation: Explanation; answer: Answer; cached: boolean }
  /** `off`: no LLM configured; `expired`: no stored answer by that id; `failed`: the model gave none (the notice says why). */
  | { ok: false; reason: 'off' | 'expired' | 'failed'; notice: string };

export interface ExplainOptions {
  /**
   * The question text as the asker sent it, from a front end that has it in hand (the CLI, the web
   * page that asked): used only for answers of that platform, where nobody else holds the id.
   */
  questionText?: string;
}

export interface ExplainStep {
  /** Whether an LLM is configured: front ends show "Explain" only then. */
  readonly enabled: boolean;
  /** The model that writes explanations, when enabled. */
  readonly model: string | null;
  /** Never throws for the asker: a missing explanation is an outcome with a notice. */
  explain(answerId: string, opts?: ExplainOptions): Promise<ExplainOutcome>;
}

export interface ExplainStepDeps {
  store: Store;
  /** Null: no LLM configured. */
  llm: Llm | null;
  log: Logger;
  now: () => Date;
}

export const EXPLAIN_OFF_NOTICE = 'explanations are off: set OPENAI_API_KEY, or OPENAI_BASE_URL for an OpenAI-compatible server';
export const EXPLAIN_EXPIRED_NOTICE = 'this answer is no longer stored, so it cannot be explained; ask again';

/** After the model failed on an answer, clicks on it get that failure again for this long: no call. */
export const FAILED_RETRY_AFTER_MS = 60_000;
/** Failures remembered at most (oldest forgotten first). */
const FAILURES_KEPT = 1000;

export function createExplainStep(d: ExplainStepDeps): ExplainStep {
  const llm = d.llm;
  // Two clicks on one answer while the model writes: one call, both get its result.
  const inFlight = new Map<string, Promise<ExplainOutcome>>();
  // Clicks (or /api/explain calls) repeated on an answer the model just failed on do not reach it.
  const recentFailures = new Map<string, { until: number; outcome: ExplainOutcome }>();

  async function explainNow(answerId: string, model: string, opts: ExplainOptions): Promise<ExplainOutcome> {
    const stored = await d.store.answers.get(answerId);
    if (!stored?.answer) return { ok: false, reason: 'expired', notice: EXPLAIN_EXPIRED_NOTICE };
    const cached = await d.store.explanations.get(answerId, model);
    if (cached) return { ok: true, explanation: cached, answer: stored.answer, cached: true };
    const ownText = stored.origin.platform === 'web' || stored.origin.platform === 'cli' ? opts.questionText : undefined;
    const questionText = stored.queryText ?? ownText ?? null;
    const result = await llm!.explain(stored.answer, questionText);
    if (!result.ok) {
      d.log.warn({ event: 'explain_failed', answerId, model, reason: result.reason }, 'no explanation: the answer stands alone');
      return { ok: false, reason: 'failed', notice: result.notice };
    }
    d.log.info(
      { event: 'explained', answerId, model, platform: stored.origin.platform, cites: result.explanation.cites.length, dropped: result.explanation.dropped },
      'explained an answer',
    );
    try {
      await d.store.explanations.put(answerId, model, result.explanation, d.now());
    } catch (e) {
      // The asker still gets it; the next click asks the model again.
      logErrorWithRef(d.log, e, { answerId }, 'could not store the explanation');
    }
    return { ok: true, explanation: result.explanation, answer: stored.answer, cached: false };
  }

  return {
    enabled: llm !== null,
    model: llm?.model ?? null,
    async explain(answerId, opts = {}) {
      if (!llm) return { ok: false, reason: 'off', notice: EXPLAIN_OFF_NOTICE };
      const key = `${answerId}\u0000${llm.model}`;
      const running = inFlight.get(key);
      if (running) return running;
      const failed = recentFailures.get(key);
      if (failed && failed.until > d.now().getTime()) return failed.outcome;
      recentFailures.delete(key);
      const work = explainNow(answerId, llm.model, opts)
        .then((outcome) => {
          if (!outcome.ok && outcome.reason === 'failed') {
            recentFailures.set(key, { until: d.now().getTime() + FAILED_RETRY_AFTER_MS, outcome });
            if (recentFailures.size > FAILURES_KEPT) recentFailures.delete(recentFailures.keys().next().value!);
          }
          return outcome;
        })
        .finally(() => inFlight.delete(key));
      inFlight.set(key, work);
      return work;
    },
  };
}
