/**
 * `mechanistic serve` without the process around it: opens the store, starts the HTTP server with
 * the web page at once, loads the Mechanistic in the background, then builds, mounts and starts
 * every configured part. `stop()` is the graceful shutdown: stop accepting, finish what is in
 * flight, stop the parts, close the store.
 */
import type { Part, PartDeps } from './part.ts';
import type { Config } from '../config.ts';
import type { Mechanistic } from '../core/service.ts';
import type { Logger } from '../log.ts';
import { createQuestionLimiter, type QuestionLimiter } from '../ratelimit/question-limiter.ts';
import { createAnswerStep, type AnswerStep } from '../app/answer-step.ts';
import { paperResolutionFromConfig, sourceCacheOf } from '../app/resolve-paper.ts';
import { createCheckStep, type CheckStep } from '../app/check-step.ts';
import { createExplainStep } from '../app/explain-step.ts';
import { createLlm } from '../llm/client.ts';
import { llmSettingsFromConfig } from '../llm/settings.ts';
import { answeringSourceSettings, createSources } from '../sources/index.ts';
import { describeStore, openStoreFromConfig } from '../store/open.ts';
import type { Store } from '../store/store.ts';
import { startHttpServer, type HttpServer } from './http-server.ts';
import { PART_FACTORIES, type PartFactory } from './parts.ts';
import { createWebPart } from './web-part.ts';

/** How often the retention rule runs. */
const RETENTION_EVERY_MS = 3_600_000;

export interface ServeOptions {
  config: Config;
  log: Logger;
  /** Builds the Mechanistic (corpus, model, index); called once the server is listening. */
  loadMechanistic: () => Promise<Mechanistic>;
  /** Parts besides the web page; default: every registered part whose settings are present. */
  parts?: PartFactory[];
  now?: () => Date;
  /** Opens the store; default: PostgreSQL at DATABASE_URL when set, else SQLite at `$MECHANISTIC_DATA_DIR/mechanistic.db`. */
  openStore?: (config: Config) => Store | Promise<Store>;
}

export interface RunningServe {
  /** Where the server listens, e.g. http://127.0.0.1:3000. */
  url: string;
  http: HttpServer;
  limiter: QuestionLimiter;
  store: Store;
  /** Resolves when the model and index are loaded and every part has started; rejects if one failed. */
  ready: Promise<void>;
  /** Graceful shutdown; safe to call more than once. */
  stop(): Promise<void>;
}

export async function startServe(opts: ServeOptions): Promise<RunningServe> {
  const { config, log } = opts;
  const now = opts.now ?? (() => new Date());
  const store = await (opts.openStore ?? openStoreFromConfig)(config);
  const limiter = createQuestionLimiter(
    { userPerMinute: config.MECHANISTIC_RATE_LIMIT_USER, channelPerMinute: config.MECHANISTIC_RATE_LIMIT_CHANNEL },
    // In the store: with PostgreSQL every instance sharing the database draws on one budget.
    (o) => store.rateLimiter(o),
  );
  let mechanistic: Mechanistic | null = null;
  let answers: AnswerStep | null = null;
  let checks: CheckStep | null = null;
  let stopping = false;
  const started: Part[] = [];
  // Optional LLM explanations (OPENAI_API_KEY or OPENAI_BASE_URL): asked only after an answer is out.
  const llmSettings = llmSettingsFromConfig(config);
  const explain = createExplainStep({ store, llm: llmSettings ? createLlm(llmSettings, { log }) : null, log, now });
  const web = createWebPart({ config, mechanistic: () => mechanistic, answers: () => answers, checks: () => checks, explain, log });
  let http: HttpServer;
  try {
    http = await startHttpServer({
      host: config.HOST,
      port: config.PORT,
      routes: web.routes ?? [],
      log,
      maxBodyBytes: config.MECHANISTIC_MAX_BODY_BYTES,
      isReady: () => mechanistic !== null,
    });
  } catch (e) {
    await store.close();
    throw e;
  }
  const factories = (opts.parts ?? PART_FACTORIES).filter((f) => f.enabled(config));
  // Secrets in `config` are redacted by the logger (see src/log.ts); the test checks it.
  log.info({ event: 'config', config }, 'configuration');
  log.info({ event: 'store', store: describeStore(config) }, 'store');
  log.info({ event: 'listening', url: http.url, parts: ['web', ...factories.map((f) => f.name)] }, 'listening');

  const ready = (async () => {
    const loadStarted = Date.now();
    const m = await opts.loadMechanistic();
    if (stopping) return;
    const step = createAnswerStep({
      resolvePaper: paperResolutionFromConfig(config, m.corpus, sourceCacheOf(store.sourceCache), log),
      mechanistic: m,
      store,
      log,
      now,
      limiter,
      answerTimeoutMs: config.MECHANISTIC_ANSWER_TIMEOUT_MS,
      maxPending: config.MECHANISTIC_MAX_PENDING,
      logQuestionText: config.MECHANISTIC_LOG_QUESTION_TEXT,
    });
    // A check from a chat user counts against the same question limits as an answer.
    const checkStep = createCheckStep({
      mechanistic: m,
      resolvePaper: paperResolutionFromConfig(config, m.corpus, sourceCacheOf(store.sourceCache), log),
      sources: createSources(answeringSourceSettings(config)),
      cache: sourceCacheOf(store.sourceCache),
      log,
      timeoutMs: config.MECHANISTIC_ANSWER_TIMEOUT_MS,
      limiter,
      store,
      now,
    });
    const deps: PartDeps = { config, mechanistic: m, answers: step, checks: checkStep, explain, store, log, now };
    const parts = factories.map((f) => f.create(deps));
    for (const p of parts) http.mount(p.routes ?? []);
    mechanistic = m;
    answers = step;
    checks = checkStep;
    for (const p of parts) {
      if (stopping) return;
      // Listed before it starts, so a part that fails half-way is still stopped on the way out.
      started.push(p);
      await p.start();
      log.info({ event: 'part_started', part: p.name }, `${p.name} started`);
    }
    log.info({ event: 'ready', embedder: m.embedderDescription, loadMs: Date.now() - loadStarted }, 'ready');
  })();
  // The caller decides what a failed start means; without this, an unobserved rejection would crash.
  ready.catch(() => {});

  // The one retention rule (src/store/store.ts), hourly: answers lose their buttons' data after the
  // button window, and with MECHANISTIC_RETENTION_DAYS old answers and posted digests go.
  const retention = async () => {
    try {
      const r = await store.applyRetention(config.MECHANISTIC_RETENTION_DAYS ?? null, now());
      if (r.answers + r.answersTrimmed + r.postedDigests + r.sourceCache + r.checks > 0) log.info({ event: 'retention', ...r }, 'retention: old rows deleted or trimmed');
    } catch (err) {
      log.error({ err }, 'retention failed');
    }
  };
  let retentionRun = retention();
  const retentionTimer = setInterval(() => {
    retentionRun = retention();
  }, RETENTION_EVERY_MS);
  retentionTimer.unref();

  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      stopping = true;
      clearInterval(retentionTimer);
      const results = await Promise.allSettled([
        // Logged once requests that had arrived but were not yet read are counted too.
        http.close(config.MECHANISTIC_SHUTDOWN_TIMEOUT_MS, (inFlight) => log.info({ event: 'stopping', inFlight }, 'stopping: finishing in-flight requests')),
        ...started.map((p) => p.stop()),
      ]);
      for (const r of results) if (r.status === 'rejected') log.error({ err: r.reason }, 'a part failed to stop cleanly');
      await retentionRun;
      await store.close();
      log.info({ event: 'stopped' }, 'stopped');
    })());

  return { url: http.url, http, limiter, store, ready, stop };
}
