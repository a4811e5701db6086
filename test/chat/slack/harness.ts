/**
 * Starts the Slack part as serve does (HTTP mode, on the one HTTP server) against a fake Slack,
 * over the real Mechanistic service and a real database in a temp dir.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { openMechanistic } from '../../../src/app.ts';
import { createSlackPart, type SlackPartOptions } from '../../../src/serve/parts/slack.ts';
import type { Part } from '../../../src/serve/part.ts';
import { loadConfig } from '../../../src/config.ts';
import type { Mechanistic } from '../../../src/core/service.ts';
import { createLogger } from '../../../src/log.ts';
import { startHttpServer, type HttpServer } from '../../../src/serve/http-server.ts';
import { databasePath, openSqliteStore, type SqliteStore } from '../../../src/store/sqlite.ts';
import { partDeps } from '../../helpers/part-deps.ts';
import { FakeSlack } from './fake-slack.ts';

export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';
export const BOT_TOKEN = 'xoxb-test-bot-token';

let shared: Promise<Mechanistic> | undefined;
let sharedLexical: Promise<Mechanistic> | undefined;

/**
 * One Mechanistic for every Slack test in a file: the real service over the shipped corpus with
 * the bundled encoder (its corpus vectors ship, so opening takes seconds), loaded once.
 */
export function sharedMechanistic(): Promise<Mechanistic> {
  shared ??= openMechanistic(loadConfig({ MECHANISTIC_NETWORK: 'off', MECHANISTIC_DATA_DIR: mkdtempSync(join(tmpdir(), 'mech-slack-idx-')), MECHANISTIC_EMBEDDER: 'use-lite' }));
  return shared;
}

/**
 * The same service with lexical retrieval only, for tests of transport (retries, signatures,
 * sockets) whose outcome does not depend on the encoder: they never wait for an index rebuild
 * while the corpus is being edited and its shipped vectors are stale.
 */
export function sharedLexicalMechanistic(): Promise<Mechanistic> {
  sharedLexical ??= openMechanistic(loadConfig({ MECHANISTIC_NETWORK: 'off', MECHANISTIC_DATA_DIR: mkdtempSync(join(tmpdir(), 'mech-slack-lex-')) }), { dense: false });
  return sharedLexical;
}

export interface Harness {
  slack: FakeSlack;
  part: Part;
  http: HttpServer;
  /** The SQLite store, so tests can check what landed in every table. */
  store: SqliteStore;
  dataDir: string;
  eventsUrl: string;
  logs: string[];
  close(opts?: { keepSlack?: boolean }): Promise<void>;
}

/** Fast retries for the tests; Retry-After on 429 is still waited out in full. */
export const TEST_RETRIES: SlackPartOptions = {
  clientOptions: { retryConfig: { retries: 3, factor: 1, minTimeout: 20, maxTimeout: 50 } },
  responseUrl: { attempts: 4, baseDelayMs: 20 },
};

export async function startHarness(
  opts: {
    slack?: FakeSlack;
    dataDir?: string;
    env?: Record<string, string>;
    now?: () => Date;
    lexical?: boolean;
    mechanistic?: Mechanistic;
    /** More options of the Slack part (e.g. unhandledTimeoutMs). */
    part?: Omit<SlackPartOptions, 'clientOptions' | 'responseUrl'>;
  } = {},
): Promise<Harness> {
  const slack = opts.slack ?? (await new FakeSlack().start());
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'mech-slack-'));
  const config = loadConfig({
    MECHANISTIC_NETWORK: 'off',
    MECHANISTIC_DATA_DIR: dataDir,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    LOG_LEVEL: 'info',
    // Many questions from one test user in a minute: limits are raised unless a test sets them.
    MECHANISTIC_RATE_LIMIT_USER: '1000',
    MECHANISTIC_RATE_LIMIT_CHANNEL: '1000',
    ...opts.env,
  });
  const logs: string[] = [];
  const log = createLogger(
    'info',
    new Writable({
      write(chunk, _enc, done) {
        logs.push(String(chunk));
        done();
      },
    }),
  );
  const store = openSqliteStore(databasePath(dataDir));
  const mechanistic = opts.mechanistic ?? (await (opts.lexical ? sharedLexicalMechanistic() : sharedMechanistic()));
  const part = createSlackPart(
    partDeps({ config, mechanistic, store, log, now: opts.now }),
    { ...TEST_RETRIES, ...opts.part, clientOptions: { ...TEST_RETRIES.clientOptions, slackApiUrl: slack.apiUrl } },
  );
  const http = await startHttpServer({ host: '127.0.0.1', port: 0, routes: part.routes ?? [], log });
  await part.start();
  return {
    slack,
    part,
    http,
    store,
    dataDir,
    eventsUrl: `${http.url}/slack/events`,
    logs,
    async close(closeOpts = {}) {
      await http.close();
      await part.stop();
      await store.close();
      if (!closeOpts.keepSlack) await slack.close();
    },
  };
}

/** The answer ids of the `answered` log lines so far, oldest first. */
export function answeredIds(h: Harness): string[] {
  return h.logs
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .filter((l) => l.event === 'answered' && typeof l.answerId === 'string')
    .map((l) => l.answerId as string);
}
