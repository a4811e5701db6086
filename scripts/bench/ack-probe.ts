/**
 * Diagnostic (not part of `npm run bench`): the Slack-ack burst of the never-block bench with
 * per-request timestamps on the server (socket data, request parsed, route entry, ack written)
 * and on the client, plus the event loop's delay during the burst. Absolute times are
 * performance.timeOrigin + performance.now() on both sides (one machine clock).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import type { Socket } from 'node:net';
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { openMechanistic } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { loadCorpus } from '../../src/corpus/load.ts';
import { createLogger } from '../../src/log.ts';
import { startServe } from '../../src/serve/serve.ts';
import { slackPartFactory } from '../../src/serve/parts/slack.ts';
import { FakeSlack } from '../../test/chat/slack/fake-slack.ts';
import { pastedAbstracts } from './questions.ts';

const SECRET = 'bench-signing-secret-0123456789abcdef';
const abs = () => performance.timeOrigin + performance.now();

const corpus = loadCorpus();
const abstracts = pastedAbstracts(corpus, 64);
const slack = await new FakeSlack().start();
const config = loadConfig({
  MECHANISTIC_DATA_DIR: mkdtempSync(join(tmpdir(), 'mech-ack-probe-')),
  MECHANISTIC_EMBEDDER: 'use-lite',
  MECHANISTIC_NETWORK: 'off',
  PORT: '0',
  MECHANISTIC_RATE_LIMIT_USER: '100000',
  MECHANISTIC_RATE_LIMIT_CHANNEL: '100000',
  SLACK_BOT_TOKEN: 'xoxb-bench',
  SLACK_SIGNING_SECRET: SECRET,
  SLACK_API_URL: slack.apiUrl,
});
let opened: Awaited<ReturnType<typeof openMechanistic>> | undefined;
const running = await startServe({
  config,
  log: createLogger('warn', new Writable({ write: (_c, _e, cb) => cb() })),
  parts: [slackPartFactory],
  loadMechanistic: async () => (opened = await openMechanistic(config)),
});
await running.ready;

interface Rec { id: number; data?: number; request?: number; finish?: number }
const recs: Rec[] = [];
const server = running.http.server;
server.prependListener('connection', (socket: Socket) => {
  const rec: Rec = { id: recs.length };
  recs.push(rec);
  socket.prependOnceListener('data', () => (rec.data = abs()));
  (socket as any).__rec = rec;
});
server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
  const rec = (req.socket as any).__rec as Rec;
  rec.request = abs();
  res.once('finish', () => (rec.finish = abs()));
});

const rounds = Number(process.argv[2] ?? 3);
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 200 });
const windows: [number, number][] = [];
let profStart = 0;
for (let round = 0; round < rounds; round++) {
  recs.length = 0;
  if (round === 1) {
    await session.post('Profiler.start');
    profStart = abs();
  }
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./ack-client.ts', import.meta.url)), '--detail'], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d) => (out += String(d)));
  const exited = new Promise<number>((r) => child.on('close', (code) => r(code ?? 1)));
  child.stdin.end(JSON.stringify({ url: `${running.url}/slack/events`, secret: SECRET, texts: abstracts.slice(round * 16, round * 16 + 16), responseUrlBase: slack.responseUrl('') }));
  await exited;
  const before = slack.calls.length;
  await slack.waitFor('answers', () => slack.calls.filter((c) => c.method === 'response_url' && c.status === 200).length >= 16 * (round + 1) || undefined, 120_000);
  h.disable();
  windows.push([Math.min(...JSON.parse(out).sent), Math.max(...JSON.parse(out).got)]);
  const client = JSON.parse(out) as { ms: number[]; sent: number[]; got: number[]; firstFetchMs?: number };
  const t0 = Math.min(...client.sent);
  const rel = (t?: number) => (t === undefined ? '   -  ' : (t - t0).toFixed(1).padStart(6));
  console.log(`round ${round}: load ${loadavg().map((v) => v.toFixed(2)).join(' ')}; loop delay p50 ${(h.percentile(50) / 1e6).toFixed(1)} p99 ${(h.percentile(99) / 1e6).toFixed(1)} max ${(h.max / 1e6).toFixed(1)} ms; before ${before}`);
  console.log(' client sent..got (ms from first send) | server: data request finish');
  const srv = [...recs].sort((a, b) => (a.data ?? 0) - (b.data ?? 0));
  const cl = client.sent.map((s, i) => [s, client.got[i]!] as const).sort((a, b) => a[1] - b[1]);
  for (let i = 0; i < Math.max(srv.length, cl.length); i++) {
    const c = cl[i];
    const s = srv[i];
    console.log(` ${c ? `${rel(c[0])} ..${rel(c[1])} (${(c[1] - c[0]).toFixed(1)})` : ''} | ${s ? `${rel(s.data)} ${rel(s.request)} ${rel(s.finish)}` : ''}`);
  }
}
const { profile } = await session.post('Profiler.stop');
writeFileSync('/tmp/ack-probe.cpuprofile', JSON.stringify({ ...profile, windows: windows.slice(1), profStart }));
await running.stop();
await opened?.close?.();
await slack.close();
