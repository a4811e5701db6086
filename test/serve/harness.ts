/**
 * Starts the real `serve` (real corpus, real store in a temp dir, lexical-only Mechanistic so a
 * test does not wait for an index build) on 127.0.0.1 with a free port, capturing the JSON logs.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { openMechanistic } from '../../src/app.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { startServe, type RunningServe } from '../../src/serve/serve.ts';

export interface TestServe {
  running: RunningServe;
  url: string;
  config: Config;
  dataDir: string;
  /** Every log line so far, raw. */
  logText: () => string;
  logLines: () => Record<string, unknown>[];
  /** Lets the Mechanistic load (with `holdLoad`), or lets held answers finish (with `slowAnswers`). */
  release: () => void;
  /** Questions waiting behind the `slowAnswers` gate. */
  answering: () => number;
}

export async function startTestServe(env: Record<string, string> = {}, opts: { holdLoad?: boolean; slowAnswers?: boolean } = {}): Promise<TestServe> {
  const dataDir = mkdtempSync(join(tmpdir(), 'mechanistic-serve-'));
  const config = loadConfig({ MECHANISTIC_NETWORK: 'off', MECHANISTIC_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', ...env });
  const chunks: string[] = [];
  const sink = new Writable({ write: (c, _e, cb) => (chunks.push(c.toString()), cb()) });
  let release!: () => void;
  const gate = opts.holdLoad || opts.slowAnswers ? new Promise<void>((r) => (release = r)) : Promise.resolve();
  if (!opts.holdLoad && !opts.slowAnswers) release = () => {};
  let answering = 0;
  const running = await startServe({
    config,
    log: createLogger('info', sink),
    parts: [],
    loadMechanistic: async () => {
      if (opts.holdLoad) await gate;
      const m = await openMechanistic(config, { dense: false });
      if (!opts.slowAnswers) return m;
      // Every answer waits for release(): a stand-in for a slow encoder.
      return {
        ...m,
        ask: async (q) => {
          answering++;
          await gate;
          return m.ask(q);
        },
      };
    },
  });
  const logText = () => chunks.join('');
  return {
    running,
    url: running.url,
    config,
    dataDir,
    logText,
    logLines: () => logText().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>),
    release,
    answering: () => answering,
  };
}
