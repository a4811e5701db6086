/**
 * `mechanistic serve` as a child process (the compiled bin, as an operator runs it), with its JSON
 * log lines collected (the scale tests and `npm run bench:load -- --instances N`). Every wait has a
 * deadline; `stopAll` kills what is still running.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/mechanistic.js', import.meta.url));

export type LogLine = Record<string, any>;

export interface ServeProcess {
  name: string;
  child: ChildProcess;
  lines: LogLine[];
  /** Resolves with the first log line (seen or future) matching; rejects after `timeoutMs` or if the process exits first. */
  waitFor(what: string, pred: (l: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  exited: Promise<number | null>;
  /** Everything the process wrote on stderr that was not a JSON log line. */
  stderrText(): string;
}

export function serveEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: mkdtempSync(join(tmpdir(), 'mechanistic-home-')),
    MECHANISTIC_NETWORK: 'off',
    MECHANISTIC_EMBEDDER: 'use-lite',
    MECHANISTIC_ENCODER_WORKERS: '1',
    PORT: '0',
    LOG_LEVEL: 'info',
    ...extra,
  };
}

export function startServeProcess(name: string, env: NodeJS.ProcessEnv, args: string[] = []): ServeProcess {
  const child = spawn(process.execPath, [BIN, 'serve', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'], cwd: tmpdir() });
  const lines: LogLine[] = [];
  let other = '';
  let buffer = '';
  const waiters: { pred: (l: LogLine) => boolean; resolve: (l: LogLine) => void }[] = [];
  const exited = new Promise<number | null>((r) => child.on('exit', (code, signal) => r(code ?? (signal ? -1 : null))));
  const onData = (d: Buffer) => {
    buffer += d.toString();
    let nl;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const text = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      let line: LogLine;
      try {
        line = JSON.parse(text);
      } catch {
        other += `${text}\n`;
        continue;
      }
      lines.push(line);
      for (const w of [...waiters]) if (w.pred(line)) (waiters.splice(waiters.indexOf(w), 1), w.resolve(line));
    }
  };
  child.stderr!.on('data', onData);
  child.stdout!.on('data', (d: Buffer) => (other += d.toString()));
  return {
    name,
    child,
    lines,
    exited,
    stderrText: () => other,
    waitFor(what, pred, timeoutMs = 120_000) {
      const found = lines.find(pred);
      if (found) return Promise.resolve(found);
      return new Promise<LogLine>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${name}: no log line for ${what} within ${timeoutMs} ms; last lines:\n${lines.slice(-8).map((l) => JSON.stringify(l)).join('\n')}\n${other.slice(-2000)}`)), timeoutMs);
        waiters.push({ pred, resolve: (l) => (clearTimeout(timer), resolve(l)) });
        void exited.then((code) => {
          clearTimeout(timer);
          reject(new Error(`${name} exited (${code}) before ${what}; last lines:\n${lines.slice(-8).map((l) => JSON.stringify(l)).join('\n')}\n${other.slice(-2000)}`));
        });
      });
    },
  };
}

/** Kills every process still running (SIGKILL after a short SIGTERM grace) and waits for each to exit. */
export async function stopAll(procs: ServeProcess[], graceMs = 5000): Promise<void> {
  await Promise.all(
    procs.map(async (p) => {
      if (p.child.exitCode !== null || p.child.signalCode !== null) return;
      p.child.kill('SIGTERM');
      const timer = setTimeout(() => p.child.kill('SIGKILL'), graceMs);
      await p.exited;
      clearTimeout(timer);
    }),
  );
}

/** Polls `probe` until it returns a truthy value, or fails after `timeoutMs`. */
export async function until<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
