/**
 * `mechanistic serve` as an operator runs it: the real bin in a child process, real corpus,
 * real bundled encoder and index in a temp data dir.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ensureFreshBuild } from '../../scripts/build.ts';
import { FakeSlack } from '../chat/slack/fake-slack.ts';

const BIN = fileURLToPath(new URL('../../bin/mechanistic.js', import.meta.url));
// The bin runs dist/: rebuild it first if the sources changed.
ensureFreshBuild();

function baseEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: mkdtempSync(join(tmpdir(), 'mechanistic-home-')) };
  return { ...env, MECHANISTIC_NETWORK: 'off', MECHANISTIC_DATA_DIR: mkdtempSync(join(tmpdir(), 'mechanistic-serve-')), MECHANISTIC_EMBEDDER: 'use-lite', PORT: '0', ...extra };
}

function runToEnd(env: NodeJS.ProcessEnv) {
  const r = spawnSync(process.execPath, [BIN, 'serve'], { env, encoding: 'utf8', timeout: 60_000, cwd: tmpdir() });
  return { code: r.status, stderr: r.stderr, stdout: r.stdout };
}

test('a wrong setting names the variable and what is expected, exits non-zero, and never echoes a secret', () => {
  const r = runToEnd(baseEnv({ DISCORD_TOKEN: 'SENTINEL-discord-token', DISCORD_APP_ID: '' }));
  assert.equal(r.code, 2);
  assert.match(r.stderr, /DISCORD_TOKEN is set but DISCORD_APP_ID is not/);
  assert.ok(!r.stderr.includes('SENTINEL'));
  const bad = runToEnd(baseEnv({ MECHANISTIC_RATE_LIMIT_USER: 'lots' }));
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /MECHANISTIC_RATE_LIMIT_USER="lots": expected a whole number of questions per minute/);
  assert.doesNotMatch(bad.stderr, /\n\s+at /, 'no stack trace for a user error');
  const port = runToEnd(baseEnv({ PORT: '70000' }));
  assert.equal(port.code, 2);
  assert.match(port.stderr, /PORT="70000": expected a port number from 0 to 65535/);
});

test('a port already in use is named, with what to do', async (t) => {
  const blocker = createServer();
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
  t.after(() => blocker.close());
  const { port } = blocker.address() as { port: number };
  const r = runToEnd(baseEnv({ PORT: String(port) }));
  assert.equal(r.code, 2);
  assert.match(r.stderr, new RegExp(`PORT=${port}: the address 127\\.0\\.0\\.1:${port} is already in use: stop the other server or set PORT to a free port`));
});

test('a platform token that is refused at start stops serve with exit 1 and says which, without echoing it', async (t) => {
  const fake = await new FakeSlack().start();
  t.after(() => fake.close());
  fake.failNext('auth.test', { error: 'invalid_auth' });
  const child = spawn(
    process.execPath,
    [BIN, 'serve'],
    {
      env: baseEnv({ SLACK_BOT_TOKEN: 'xoxb-SENTINEL-refused', SLACK_SIGNING_SECRET: 'SENTINEL-secret', SLACK_API_URL: fake.apiUrl }),
      stdio: ['ignore', 'pipe', 'pipe'],
      cwd: tmpdir(),
    },
  );
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
  assert.equal(code, 1);
  assert.match(stderr, /mechanistic serve: could not start \(ref [0-9a-f]{8}\): Slack refused SLACK_BOT_TOKEN \(invalid_auth\)/);
  assert.ok(!stderr.includes('SENTINEL'), 'neither the token nor the signing secret appears anywhere in the output');
});

/** Collects the child's JSON log lines and resolves waiters for a line matching a predicate. */
function watchLog(child: ChildProcess) {
  const lines: Record<string, any>[] = [];
  let raw = '';
  const waiters: { pred: (l: Record<string, any>) => boolean; resolve: (l: Record<string, any>) => void }[] = [];
  let buffer = '';
  child.stderr!.on('data', (d: Buffer) => {
    raw += d.toString();
    buffer += d.toString();
    let nl;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const text = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      let line: Record<string, any>;
      try {
        line = JSON.parse(text);
      } catch {
        continue;
      }
      lines.push(line);
      for (const w of [...waiters]) if (w.pred(line)) (waiters.splice(waiters.indexOf(w), 1), w.resolve(line));
    }
  });
  return {
    raw: () => raw,
    waitFor: (pred: (l: Record<string, any>) => boolean) =>
      new Promise<Record<string, any>>((resolve) => {
        const found = lines.find(pred);
        if (found) resolve(found);
        else waiters.push({ pred, resolve });
      }),
  };
}

test('SIGTERM: the server stops accepting, answers the question in flight, and exits 0', { timeout: 300_000 }, async () => {
  const child = spawn(process.execPath, [BIN, 'serve'], { env: baseEnv({ LOG_LEVEL: 'info' }), stdio: ['ignore', 'pipe', 'pipe'], cwd: tmpdir() });
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  const log = watchLog(child);
  try {
    const { url } = await log.waitFor((l) => l.event === 'listening');
    assert.equal((await fetch(`${url}/healthz`)).status, 200);
    await log.waitFor((l) => l.event === 'ready');
    assert.equal((await fetch(`${url}/readyz`)).status, 200);

    const { hostname, port } = new URL(url);
    const body = JSON.stringify({ q: 'we ablate attention heads and patch activations to find the circuit' });
    const socket = connect(Number(port), hostname);
    let response = '';
    socket.on('data', (d) => (response += d.toString()));
    const closed = new Promise<void>((r) => socket.on('close', () => r()));
    await new Promise<void>((r) => socket.once('connect', () => r()));
    // "100 Continue" comes back once the server has parsed the headers: the request is in flight.
    socket.write(`POST /api/ask HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`);
    while (!response.includes('100 Continue')) await new Promise((r) => setTimeout(r, 10));
    socket.write(body.slice(0, 12));
    child.kill('SIGTERM');
    await log.waitFor((l) => l.event === 'stopping');
    assert.equal(log.raw().match(/"event":"stopping","inFlight":(\d+)/)?.[1], '1');
    await assert.rejects(fetch(`${url}/healthz`), 'no new connections after SIGTERM');
    socket.write(body.slice(12));
    await closed;
    const final = response.slice(response.indexOf('HTTP/1.1 ', 1));
    assert.match(final, /^HTTP\/1\.1 200/);
    const answer = JSON.parse(final.slice(final.indexOf('\r\n\r\n') + 4));
    assert.ok(answer.definitions && Array.isArray(answer.precedents));
    assert.equal(await exited, 0);
    await log.waitFor((l) => l.event === 'stopped');
    assert.ok(log.raw().includes('"event":"answered"'));
  } finally {
    child.kill('SIGKILL');
  }
});
