/**
 * `npm run bench:load -- --never-block`: the "never block" rows of bench/results.md, measured in one
 * run over loopback against the real serve (real corpus, bundled encoder in its worker threads):
 *  - Slack acknowledgements while 16 signed slash commands with pasted abstracts arrive at once
 *    (p50/p99 of the time to the HTTP 200), against a loopback stand-in for Slack's Web API; the
 *    client in its own process (scripts/bench/ack-client.ts);
 *  - Discord deferrals while 16 `/mechanistic ask` interactions with pasted abstracts arrive at once
 *    over the gateway (p50/p99 from the INTERACTION_CREATE frame to the deferral callback), against
 *    the loopback stand-in for Discord's REST API and gateway in its own process
 *    (scripts/bench/discord-client.ts), driving the real discord.js client;
 *    each platform: one warm-up question answered, then BURSTS bursts, pooled;
 *  - /healthz latency while a 20,000-character question is being answered;
 *  - shedding at concurrency 64 with MECHANISTIC_MAX_PENDING=16: every request gets an answer or a
 *    503 within the answer timeout, none hangs;
 *  - 16 pasted papers outside the corpus at once with the network on, against a slow loopback Semantic Scholar:
 *    the title lookups past a pasted title's queueing budget are skipped, and every paper is answered in time.
 * Nothing here asserts a timing; the numbers are written with the machine's load average.
 */
import { fork, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { openMechanistic } from '../../src/app.ts';
import { PASTED_TITLE_QUEUE_MS } from '../../src/app/resolve-paper.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { loadCorpus } from '../../src/corpus/load.ts';
import { createLogger } from '../../src/log.ts';
import { startServe, type RunningServe } from '../../src/serve/serve.ts';
import { discordPartFactory } from '../../src/serve/parts/discord.ts';
import { slackPartFactory } from '../../src/serve/parts/slack.ts';
import { APP_ID, TOKEN } from '../../test/chat/discord/fake-discord.ts';
import { FakeSlack } from '../../test/chat/slack/fake-slack.ts';
import { sendSigned, slashCommandBody } from '../../test/chat/slack/slack-requests.ts';
import { machine } from './machine.ts';
import { pastedAbstracts } from './questions.ts';
import { namedMarkers, writeNamedSection } from './results-file.ts';

const SECRET = 'bench-signing-secret-0123456789abcdef';

/** Runs scripts/bench/ack-client.ts in a child process: its per-request ack times (ms) and its own CPU time over the burst. */
async function ackClient(input: { url: string; secret: string; texts: string[]; responseUrlBase: string }): Promise<{ ms: number[]; clientCpuMs: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./ack-client.ts', import.meta.url)), '--detail'], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d) => (out += String(d)));
  const exited = new Promise<number>((r) => child.on('close', (code) => r(code ?? 1)));
  child.stdin.end(JSON.stringify(input));
  const code = await exited;
  if (code !== 0) throw new Error(`ack client exited with ${code}`);
  return JSON.parse(out) as { ms: number[]; clientCpuMs: number };
}

function pct(values: readonly number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
}
const ms = (v: number) => `${v.toFixed(1)} ms`;

async function serveWith(env: Record<string, string>, slack?: FakeSlack, discord = false): Promise<{ running: RunningServe; config: Config }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'mech-bench-block-'));
  const config = loadConfig({
    MECHANISTIC_DATA_DIR: dataDir,
    MECHANISTIC_EMBEDDER: 'use-lite',
    MECHANISTIC_NETWORK: 'off',
    PORT: '0',
    MECHANISTIC_RATE_LIMIT_USER: '100000',
    MECHANISTIC_RATE_LIMIT_CHANNEL: '100000',
    ...(slack ? { SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slack.apiUrl } : {}),
    ...env,
  });
  const sink = new Writable({ write: (_c, _e, cb) => cb() });
  let opened: Awaited<ReturnType<typeof openMechanistic>> | undefined;
  const running = await startServe({
    config,
    log: createLogger('warn', sink),
    parts: [...(slack ? [slackPartFactory] : []), ...(discord ? [discordPartFactory] : [])],
    loadMechanistic: async () => (opened = await openMechanistic(config)),
  });
  await running.ready;
  const stop = running.stop;
  running.stop = async () => {
    await stop();
    await opened?.close?.();
  };
  return { running, config };
}

/** Bursts of 16 timed per platform, after one warm-up question; their times are pooled. */
const BURSTS = 3;

/** The serve's event-loop delay (ms, max and p99) over `work`: how long its thread was held. */
async function loopDelay<T>(work: () => Promise<T>): Promise<{ result: T; maxMs: number; p99Ms: number }> {
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  try {
    const result = await work();
    return { result, maxMs: h.max / 1e6, p99Ms: h.percentile(99) / 1e6 };
  } finally {
    h.disable();
  }
}

/**
 * This thread's time on a CPU and waiting for one (ms), from Linux's /proc/thread-self/schedstat;
 * undefined elsewhere. It splits a latency into the serve's own work and the machine's load.
 */
function schedstat(): { cpuMs: number; waitMs: number } | undefined {
  try {
    const [cpu, wait] = readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ').map(Number);
    return { cpuMs: cpu! / 1e6, waitMs: wait! / 1e6 };
  } catch {
    return undefined;
  }
}

/**
 * The serve's main thread (this one) from the first request of a burst to its last response: time on
 * a CPU (its own work: acks, and any answering work that ran in between) and time runnable but
 * waiting for a CPU (other processes on the machine, and the serve's own encoder threads).
 */
function mainThreadDuringRequests(server: Server): { stop(): string } {
  let first: ReturnType<typeof schedstat>;
  let last: ReturnType<typeof schedstat>;
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    // The ack client's unsigned warm-up (timestamp 0, refused) comes before the burst: not part of it.
    if (req.headers['x-slack-request-timestamp'] === '0') return;
    first ??= schedstat();
    res.once('finish', () => (last = schedstat()));
  };
  server.on('request', onRequest);
  return {
    stop() {
      server.off('request', onRequest);
      return first && last ? `main thread until the last ack: ${ms(last.cpuMs - first.cpuMs)} on a CPU, ${ms(last.waitMs - first.waitMs)} waiting for one` : '';
    },
  };
}

async function slackAcks(abstracts: readonly string[]): Promise<string[]> {
  const slack = await new FakeSlack().start();
  const { running } = await serveWith({}, slack);
  try {
    // One question first, answered, as a running bot has: the timed bursts measure a warm server.
    const warm = await sendSigned(`${running.url}/slack/events`, slashCommandBody(`${abstracts[0]} (warm-up)`, slack.responseUrl('warm'), { user_id: 'UWARM' }), 'application/x-www-form-urlencoded', { secret: SECRET });
    if (warm.status !== 200) throw new Error(`warm-up: HTTP ${warm.status}`);
    const answers = () => slack.calls.filter((c) => c.method === 'response_url' && c.status === 200).length;
    await slack.waitFor('the warm-up answer', () => answers() >= 1 || undefined, 120_000);
    const times: number[] = [];
    const bursts: string[] = [];
    for (let b = 0; b < BURSTS; b++) {
      const before = answers();
      const texts = abstracts.slice(1 + b * 16, 1 + (b + 1) * 16);
      // The client runs in its own process, as Slack does: its work does not share this event loop.
      const t0 = performance.now();
      let split = '';
      const { result, maxMs } = await loopDelay(async () => {
        const main = mainThreadDuringRequests(running.http.server);
        const acks = await ackClient({ url: `${running.url}/slack/events`, secret: SECRET, texts, responseUrlBase: slack.responseUrl(`r${b}`) });
        split = main.stop();
        await slack.waitFor('all answers', () => answers() >= before + texts.length || undefined, 120_000);
        return acks;
      });
      times.push(...result.ms);
      bursts.push(
        `max ${ms(Math.max(...result.ms))} (${split ? `${split}; ` : ''}the client process: ${ms(result.clientCpuMs)} on a CPU), answers in ${((performance.now() - t0) / 1000).toFixed(1)} s, loop delay max ${ms(maxMs)}`,
      );
    }
    return [
      `| Slack acks, 16 pasted abstracts at once | p50 ${ms(pct(times, 50))}, p99 ${ms(pct(times, 99))} (target p99 ≤ 100 ms) | ${BURSTS} bursts (${times.length} acks) after one warm-up question; per burst: ${bursts.join('; ')} (answers include the client process's start). Client in its own process: raw HTTP/1.1 over node:net, requests built and signed before the clock, one connection per request |`,
    ];
  } finally {
    await running.stop();
    await slack.close();
  }
}

/** scripts/bench/discord-client.ts in its own process, over IPC. */
function discordClient(): { ready: Promise<string>; burst(texts: string[], warmUp: boolean): Promise<{ times: number[]; answeredMs: number }>; close(): Promise<void> } {
  const child = fork(fileURLToPath(new URL('./discord-client.ts', import.meta.url)), { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<number>((r) => child.on('exit', (code) => r(code ?? 1)));
  const next = <T>(kind: string) =>
    new Promise<T>((resolve, reject) => {
      const onMessage = (m: { kind: string }) => {
        if (m.kind !== kind) return;
        child.off('message', onMessage);
        resolve(m as T);
      };
      child.on('message', onMessage);
      void exited.then((code) => reject(new Error(`discord client exited with ${code}`)));
    });
  return {
    ready: next<{ restApi: string }>('ready').then((m) => m.restApi),
    burst(texts, warmUp) {
      const reply = next<{ times: number[]; answeredMs: number }>('burst');
      child.send({ kind: 'burst', texts, warmUp });
      return reply;
    },
    async close() {
      child.send({ kind: 'close' });
      await exited;
    },
  };
}

async function discordDeferrals(abstracts: readonly string[]): Promise<string[]> {
  const client = discordClient();
  const restApi = await client.ready;
  const { running } = await serveWith({ DISCORD_TOKEN: TOKEN, DISCORD_APP_ID: APP_ID, DISCORD_API_URL: restApi }, undefined, true);
  try {
    const times: number[] = [];
    const bursts: string[] = [];
    for (let b = 0; b < BURSTS; b++) {
      // Each deferral is timed in the client's process from the moment its INTERACTION_CREATE frame
      // is written to the moment the callback arrives; the first burst is preceded by one answered question.
      const { result, maxMs } = await loopDelay(() => client.burst(abstracts.slice(1 + b * 16, 1 + (b + 1) * 16), b === 0));
      times.push(...result.times);
      bursts.push(`max ${ms(Math.max(...result.times))}, answers in ${(result.answeredMs / 1000).toFixed(1)} s, loop delay max ${ms(maxMs)}`);
    }
    return [
      `| Discord deferrals, 16 pasted abstracts at once (\`/mechanistic ask\`) | p50 ${ms(pct(times, 50))}, p99 ${ms(pct(times, 99))} (target p99 ≤ 100 ms) | ${BURSTS} bursts (${times.length} deferrals) after one warm-up question; per burst: ${bursts.join('; ')}. Real discord.js over the loopback gateway; the stand-in for Discord in its own process |`,
    ];
  } finally {
    await running.stop();
    await client.close();
  }
}

async function healthDuringLongQuestion(abstracts: readonly string[]): Promise<string[]> {
  const { running } = await serveWith({});
  try {
    let long = '';
    for (let i = 0; long.length < 20_000; i++) long += `${abstracts[i % abstracts.length]}\n`;
    long = long.slice(0, 20_000);
    const answer = fetch(`${running.url}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ q: long }) }).then(
      async (r) => ({ status: r.status, body: await r.text() }),
    );
    let done = false;
    void answer.finally(() => (done = true));
    const health: number[] = [];
    while (!done) {
      const s = performance.now();
      const r = await fetch(`${running.url}/healthz`);
      await r.text();
      health.push(performance.now() - s);
      await new Promise((r) => setTimeout(r, 5));
    }
    const a = await answer;
    return [
      `| /healthz while a 20,000-character question is answered | p50 ${ms(pct(health, 50))}, p99 ${ms(pct(health, 99))}, max ${ms(Math.max(...health))} over ${health.length} probes (target p99 ≤ 50 ms) | the question: HTTP ${a.status} |`,
    ];
  } finally {
    await running.stop();
  }
}

/**
 * Asks every text at once over /api/ask, each as its own client address, and waits for all: outcomes by HTTP status
 * ("hung or failed" past the answer timeout), latencies, the wall time, and each answer's body for `read`.
 */
async function askAtOnce(
  url: string,
  texts: readonly string[],
  answerTimeoutMs: number,
  read: (body: { paper?: unknown; notices?: string[] }) => void = () => {},
): Promise<{ summary: string; latencies: number[]; wallMs: number }> {
  const outcomes = new Map<string, number>();
  const latencies: number[] = [];
  const t0 = performance.now();
  await Promise.all(
    texts.map(async (q, n) => {
      const s = performance.now();
      let key: string;
      try {
        const r = await fetch(`${url}/api/ask`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.0.${n >> 8}.${n & 255}` },
          body: JSON.stringify({ q }),
          signal: AbortSignal.timeout(answerTimeoutMs + 5_000),
        });
        const text = await r.text();
        key = String(r.status);
        if (r.ok) read(JSON.parse(text) as { paper?: unknown; notices?: string[] });
      } catch {
        key = 'hung or failed';
      }
      outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
      latencies.push(performance.now() - s);
    }),
  );
  const summary = [...outcomes].sort().map(([k, v]) => `${v}× ${k}`).join(', ');
  return { summary, latencies, wallMs: performance.now() - t0 };
}

async function shedding(abstracts: readonly string[]): Promise<string[]> {
  const { running, config } = await serveWith({ MECHANISTIC_MAX_PENDING: '16' });
  try {
    const texts = Array.from({ length: 64 }, (_, n) => abstracts[n % abstracts.length]!);
    const { summary, latencies, wallMs } = await askAtOnce(running.url, texts, config.MECHANISTIC_ANSWER_TIMEOUT_MS);
    return [
      `| Shedding: 64 concurrent pasted abstracts, MECHANISTIC_MAX_PENDING=16 | ${summary}; none hung | p50 ${ms(pct(latencies, 50))}, p99 ${ms(pct(latencies, 99))}; all done in ${(wallMs / 1000).toFixed(1)} s |`,
    ];
  } finally {
    await running.stop();
  }
}

/** The loopback stand-in's delay before each title match: Semantic Scholar on a slow day. */
const S2_MATCH_DELAY_MS = 1500;

/**
 * 16 pasted papers the corpus does not have (a title line, an author line, an abstract) at once, network on, against a
 * loopback stand-in for Semantic Scholar that answers each title match (its documented JSON, the title echoed) after
 * S2_MATCH_DELAY_MS, at the client's one request a second: how many are dated by their title, how many are answered
 * without it because the line was longer than a pasted title may wait, and how long the answers take.
 */
async function pastedTitles(abstracts: readonly string[]): Promise<string[]> {
  const requests: string[] = [];
  const s2 = createServer((req, res) => {
    const query = new URL(req.url ?? '/', 'http://x').searchParams.get('query') ?? '';
    requests.push(query);
    setTimeout(() => {
      const paper = { paperId: 'b'.repeat(40), externalIds: {}, title: query, abstract: null, venue: '', year: 2024, publicationDate: '2024-05-01', authors: [{ authorId: '1', name: 'Ada Lovelace' }, { authorId: '2', name: 'Alan Turing' }], matchScore: 100 };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: [paper] }));
    }, S2_MATCH_DELAY_MS);
  });
  await new Promise<void>((resolve) => s2.listen(0, '127.0.0.1', resolve));
  const { running, config } = await serveWith({ MECHANISTIC_NETWORK: 'on', MECHANISTIC_S2_API_URL: `http://127.0.0.1:${(s2.address() as AddressInfo).port}/graph/v1` });
  try {
    const texts = abstracts.slice(0, 16).map((a, n) => `Hidden State Readouts Across Layers, Study ${n + 1}\nAda Lovelace, Alan Turing\n\n${a.split('\n\n').slice(1).join('\n\n')}`);
    let dated = 0;
    let busy = 0;
    const { summary, latencies, wallMs } = await askAtOnce(running.url, texts, config.MECHANISTIC_ANSWER_TIMEOUT_MS, (body) => {
      if (body.paper) dated++;
      if (body.notices?.some((x) => /Semantic Scholar is busy/.test(x))) busy++;
    });
    return [
      `| Pasted papers outside the corpus, ${texts.length} at once, network on; Semantic Scholar's title match answers after ${S2_MATCH_DELAY_MS / 1000} s | ${summary}: ${dated} dated by their title, ${busy} answered undated with the "busy" notice; Semantic Scholar received ${requests.length} requests | p50 ${ms(pct(latencies, 50))}, p99 ${ms(pct(latencies, 99))}; all done in ${(wallMs / 1000).toFixed(1)} s (answer timeout ${config.MECHANISTIC_ANSWER_TIMEOUT_MS / 1000} s; a pasted title waits in line at most ${PASTED_TITLE_QUEUE_MS / 1000} s) |`,
    ];
  } finally {
    await running.stop();
    s2.closeAllConnections();
    s2.close();
  }
}

export const NEVER_BLOCK_ROWS = ['slack', 'discord', 'health', 'shedding', 'titles'] as const;

/** How each row's first cell starts, to tell the rows of an earlier run apart. */
const ROW_LABELS: Record<(typeof NEVER_BLOCK_ROWS)[number], string> = {
  slack: '| Slack acks',
  discord: '| Discord deferrals',
  health: '| /healthz',
  shedding: '| Shedding',
  titles: '| Pasted papers outside the corpus',
};
const SECTION_NAME = 'never-block';

/**
 * The rows of the section already in the results file that this run does not measure (`--only`),
 * with the lines saying when they were measured, so that measuring some rows keeps the others.
 */
function keptRows(resultsPath: string, measured: readonly string[]): { rows: string[]; when: string[] } {
  let text = '';
  try {
    text = readFileSync(resultsPath, 'utf8');
  } catch {
    return { rows: [], when: [] };
  }
  const { start, end } = namedMarkers(SECTION_NAME);
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) return { rows: [], when: [] };
  const lines = text.slice(from + start.length, to).split('\n');
  const others = NEVER_BLOCK_ROWS.filter((r) => !measured.includes(r)).map((r) => ROW_LABELS[r]);
  const rows = lines.filter((l) => others.some((label) => l.startsWith(label)));
  const when = lines.filter((l) => /^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC\./.test(l) || l.startsWith('Rows kept from an earlier run'));
  return { rows, when: rows.length > 0 ? when : [] };
}

export async function neverBlockSection(resultsPath: string, only: readonly string[] = NEVER_BLOCK_ROWS): Promise<string> {
  const unknown = only.filter((o) => !(NEVER_BLOCK_ROWS as readonly string[]).includes(o));
  if (unknown.length > 0) throw new Error(`--only: unknown rows ${unknown.join(', ')}; choose from ${NEVER_BLOCK_ROWS.join(', ')}`);
  const want = (row: string) => only.includes(row);
  const corpus = loadCorpus();
  const abstracts = pastedAbstracts(corpus, 64);
  const m = machine();
  const load = loadavg().map((v) => v.toFixed(2)).join(', ');
  const rows = [
    ...(want('slack') ? await slackAcks(abstracts) : []),
    ...(want('discord') ? await discordDeferrals(abstracts) : []),
    ...(want('health') ? await healthDuringLongQuestion(abstracts) : []),
    ...(want('shedding') ? await shedding(abstracts) : []),
    ...(want('titles') ? await pastedTitles(abstracts) : []),
  ];
  const kept = keptRows(resultsPath, only);
  const section = [
    '## Never block (npm run bench:load -- --never-block)',
    '',
    `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC. ${m.cpu}, ${m.cores} cores, Node ${m.node}; load average at start ${load}, at end ${loadavg().map((v) => v.toFixed(2)).join(', ')}.`,
    ...(kept.rows.length > 0 ? [`Rows kept from an earlier run (this one measured only ${only.join(', ')}): ${kept.when.map((w) => w.replace(/^Rows kept from an earlier run[^:]*: /, '')).join(' ')}`] : []),
    'Real serve over loopback: bundled encoder in MECHANISTIC_ENCODER_WORKERS threads (default: cores), network off except in the pasted-papers row (a loopback Semantic Scholar).',
    '',
    '| what | measured | notes |',
    '|---|---|---|',
    ...NEVER_BLOCK_ROWS.flatMap((r) => [...rows.filter((l) => l.startsWith(ROW_LABELS[r])), ...kept.rows.filter((l) => l.startsWith(ROW_LABELS[r]))]),
  ].join('\n');
  writeNamedSection(resultsPath, SECTION_NAME, section);
  return section;
}
