/**
 * The one call to the model, through the `openai` client (any OpenAI-compatible server via its
 * base URL): the prompt, structured output parsed with the zod schema, the time limit over the
 * whole call, one retry on 429 or 5xx honouring Retry-After, and one log line per request with the
 * model, tokens and latency. The API key is given to the client only; it is never logged, and is
 * cut out of any error text a server sends back.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Answer, Explanation } from '../core/types.ts';
import type { Logger } from '../log.ts';
import { groundExplanation } from './ground.ts';
import { buildPrompt } from './prompt.ts';
import type { LlmSettings } from './settings.ts';

/**
 * The `openai` client, its error classes and the output schema (which needs the client's zod helper),
 * loaded by the first explanation: several hundred modules that a run without an LLM never needs.
 */
async function loadClient() {
  const [{ default: OpenAI }, errors, schema] = await Promise.all([import('openai'), import('openai/error'), import('./schema.ts')]);
  return { OpenAI, ...errors, EXPLANATION_FORMAT: schema.EXPLANATION_FORMAT, explanationOutput: schema.explanationOutput };
}

export type LlmFailure = 'timeout' | 'rate_limited' | 'server_error' | 'bad_output' | 'refused' | 'unreachable' | 'rejected';

export type LlmResult =
  | { ok: true; explanation: Explanation }
  | { ok: false; reason: LlmFailure; notice: string };

export interface Llm {
  readonly model: string;
  /** Never throws: a failure is a result with a notice for the user. */
  explain(answer: Answer, questionText: string | null): Promise<LlmResult>;
}

export interface LlmDeps {
  log: Logger;
  /** Waits before the retry; tests pass one that records the wait. Must return early when `signal` aborts. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** The fence of the untrusted blocks; default random per call. */
  nonce?: () => string;
}

/** Without Retry-After, the retry waits this long. */
export const DEFAULT_RETRY_MS = 500;

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/** Milliseconds the server asks to wait (Retry-After: seconds or an HTTP date; OpenAI's retry-after-ms), or null. */
export function retryAfterMs(headers: Headers | undefined, now: number = Date.now()): number | null {
  const ms = headers?.get('retry-after-ms');
  if (ms && /^\d+(\.\d+)?$/.test(ms.trim())) return Math.round(Number(ms));
  const ra = headers?.get('retry-after')?.trim();
  if (!ra) return null;
  if (/^\d+(\.\d+)?$/.test(ra)) return Math.round(Number(ra) * 1000);
  const at = Date.parse(ra);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

type Lib = Awaited<ReturnType<typeof loadClient>>;
type Client = InstanceType<Lib['OpenAI']>;

const retryable = (status: number | undefined) => status === 429 || (status !== undefined && status >= 500);

export function createLlm(settings: LlmSettings, deps: LlmDeps): Llm {
  const log = deps.log.child({ component: 'llm' });
  const sleep = deps.sleep ?? abortableSleep;
  const nonce = deps.nonce ?? (() => randomBytes(6).toString('hex'));
  let loading: ReturnType<typeof open> | undefined;
  async function open() {
    const lib = await loadClient();
    const client = new lib.OpenAI({
      // A local server needs no key; the client insists on one, and the server ignores it.
      apiKey: settings.apiKey ?? 'no-key',
      ...(settings.baseURL ? { baseURL: settings.baseURL } : {}),
      maxRetries: 0,
      timeout: settings.timeoutMs,
    });
    return { lib, client };
  }
  const secret = settings.apiKey;
  /** Error text a server sent back, without the key should it echo it. */
  const clean = (text: string) => (secret ? text.split(secret).join('[redacted]') : text).slice(0, 300);

  async function once(lib: Lib, client: Client, answer: Answer, questionText: string | null, signal: AbortSignal, attempt: number, remainingMs: number) {
    const prompt = buildPrompt(answer, questionText, nonce());
    const started = performance.now();
    try {
      const completion = await client.chat.completions.parse(
        {
          model: settings.model,
          messages: [
            { role: 'system', content: prompt.system },
            { role: 'user', content: prompt.user },
          ],
          response_format: lib.EXPLANATION_FORMAT,
          max_tokens: settings.maxTokens,
          temperature: settings.temperature,
        },
        { signal, timeout: Math.max(1, Math.floor(remainingMs)) },
      );
      const choice = completion.choices[0];
      log.info(
        {
          event: 'llm_call',
          model: settings.model,
          servedBy: completion.model,
          attempt,
          status: 200,
          latencyMs: Math.round(performance.now() - started),
          promptTokens: completion.usage?.prompt_tokens ?? null,
          completionTokens: completion.usage?.completion_tokens ?? null,
          totalTokens: completion.usage?.total_tokens ?? null,
          finishReason: choice?.finish_reason ?? null,
        },
        'llm call',
      );
      return { choice };
    } catch (e) {
      log.info(
        {
          event: 'llm_call',
          model: settings.model,
          attempt,
          status: e instanceof lib.APIError ? (e.status ?? null) : null,
          latencyMs: Math.round(performance.now() - started),
          error: clean(e instanceof Error ? `${e.constructor.name}: ${e.message}` : String(e)),
        },
        'llm call failed',
      );
      throw e;
    }
  }

  return {
    model: settings.model,
    async explain(answer, questionText) {
      const controller = new AbortController();
      const deadline = performance.now() + settings.timeoutMs;
      const timer = setTimeout(() => controller.abort(), settings.timeoutMs);
      const timedOut = (): LlmResult => ({
        ok: false,
        reason: 'timeout',
        notice: `the explanation took longer than ${settings.timeoutMs} ms; the answer above is the rule-based one`,
      });
      try {
        const { lib, client } = await (loading ??= open());
        const { APIConnectionTimeoutError, APIError, APIUserAbortError, ContentFilterFinishReasonError, LengthFinishReasonError } = lib;
        for (let attempt = 1; ; attempt++) {
          try {
            const { choice } = await once(lib, client, answer, questionText, controller.signal, attempt, deadline - performance.now());
            const parsed = choice?.message.parsed;
            if (!choice || choice.message.refusal || !parsed) {
              return { ok: false, reason: 'refused', notice: 'the model declined to explain this answer; the answer above is the rule-based one' };
            }
            // The helper has parsed the reply with the schema; check it once more so a future helper cannot let a bad shape through.
            const output = lib.explanationOutput.parse(parsed);
            return { ok: true, explanation: groundExplanation(output, answer, settings.model) };
          } catch (e) {
            if (controller.signal.aborted || e instanceof APIUserAbortError || e instanceof APIConnectionTimeoutError) return timedOut();
            if (e instanceof APIError && retryable(e.status)) {
              const wait = retryAfterMs(e.headers) ?? DEFAULT_RETRY_MS;
              if (attempt === 1 && wait < deadline - performance.now()) {
                await sleep(wait, controller.signal);
                if (controller.signal.aborted) return timedOut();
                continue;
              }
              return e.status === 429
                ? { ok: false, reason: 'rate_limited', notice: 'the explanation service is rate-limiting us; try Explain again later (the answer above is the rule-based one)' }
                : { ok: false, reason: 'server_error', notice: `the explanation service failed (HTTP ${e.status}); the answer above is the rule-based one` };
            }
            if (e instanceof APIError && e.status !== undefined) {
              return { ok: false, reason: 'rejected', notice: `the explanation service refused the request (HTTP ${e.status}); the answer above is the rule-based one` };
            }
            if (e instanceof APIError) {
              return { ok: false, reason: 'unreachable', notice: 'the explanation service could not be reached; the answer above is the rule-based one' };
            }
            if (e instanceof LengthFinishReasonError || e instanceof ContentFilterFinishReasonError || (e instanceof Error && (e.name === 'ZodError' || e instanceof SyntaxError))) {
              return { ok: false, reason: 'bad_output', notice: "the model's explanation was not in the expected form, so it is not shown; the answer above is the rule-based one" };
            }
            throw e;
          }
        }
      } catch (e) {
        log.error({ event: 'llm_error', model: settings.model, error: clean(e instanceof Error ? `${e.name}: ${e.message}` : String(e)) }, 'llm: unexpected error');
        return { ok: false, reason: 'bad_output', notice: 'the explanation failed; the answer above is the rule-based one' };
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
