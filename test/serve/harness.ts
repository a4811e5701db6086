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
  /** Lets the Mechanistic load (when started with `holdLoad`). */
  release: () => void;
}

export async function startTestServe(env: Record<string, string> = {}, opts: { holdLoad?: boolean } = {}): Promise<TestServe> {
  const dataDir = mkdtempSync(join(tmpdir(), 'mechanistic-serve-'));
  const config = loadConfig({ MECHANISTIC_NETWORK: 'off', MECHANISTIC_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', ...env });
  const chunks: string[] = [];
  const sink = new Writable({ write: (c, _e, cb) => (chunks.push(c.toString()), cb()) });
  let release!: () => void;
  const gate = opts.holdLoad ? new Promise<void>((r) => (release = r)) : Promise.resolve();
  if (!opts.holdLoad) release = () => {};
  const running = await startServe({
    config,
    log: createLogger('info', sink),
    parts: [],
    loadMechanistic: async () => {
      await gate;
      return openMechanistic(config, { dense: false });
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
  };
}
