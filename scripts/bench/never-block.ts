/**
 * `npm run bench:load -- --never-block`: the "never block" rows of bench/results.md, measured in one
 * run over loopback against the real serve (real corpus, bundled encoder in its worker threads):
 *  - Slack acknowledgements while 16 signed slash commands with pasted abstracts arrive at once
 *    (p50/p99 of the time to the HTTP 200), against a loopback stand-in for Slack's Web API;
 *  - Discord deferrals while 16 `/mechanistic ask` interactions with pasted abstracts arrive at once
 *    over the gateway (p50/p99 from the INTERACTION_CREATE frame to the deferral callback), against
 *    the loopback stand-in for Discord's REST API and gateway, driving the real discord.js client;
 *  - /healthz latency while a 20,000-character question is being answered;
 *  - shedding at concurrency 64 with MECHANISTIC_MAX_PENDING=16: every request gets an answer or a
 *    503 within the answer timeout, none hangs.
 * Nothing here asserts a timing; the numbers are written with the machine's load average.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { openMechanistic } from '../../src/app.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { loadCorpus } from '../../src/corpus/load.ts';
import { createLogger } from '../../src/log.ts';
import { startServe, type RunningServe } from '../../src/serve/serve.ts';
import { discordPartFactory } from '../../src/serve/parts/discord.ts';
import { slackPartFactory } from '../../src/serve/parts/slack.ts';
import { APP_ID, FakeDiscord, TOKEN } from '../../test/chat/discord/fake-discord.ts';
import { FakeSlack } from '../../test/chat/slack/fake-slack.ts';
import { machine } from './machine.ts';
import { pastedAbstracts } from './questions.ts';
import { writeNamedSection } from './results-file.ts';

const SECRET = 'bench-signing-secret-0123456789abcdef';

/** Runs scripts/bench/ack-client.ts in a child process and returns its per-request ack times (ms). */
async function ackClient(input: { url: string; secret: string; texts: string[]; responseUrlBase: string }): Promise<number[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./ack-client.ts', import.meta.url))], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d) => (out += String(d)));
  const exited = new Promise<number>((r) => child.on('close', (code) => r(code ?? 1)));
  child.stdin.end(JSON.stringify(input));
  const code = await exited;
  if (code !== 0) throw new Error(`ack client exited with ${code}`);
  return JSON.parse(out) as number[];
}

function pct(values: readonly number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
}
const ms = (v: number) => `${v.toFixed(1)} ms`;

async function serveWith(env: Record<string, string>, slack?: FakeSlack, discord?: FakeDiscord): Promise<{ running: RunningServe; config: Config }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'mech-bench-block-'));
  const config = loadConfig({
    MECHANISTIC_DATA_DIR: dataDir,
    MECHANISTIC_EMBEDDER: 'use-lite',
    MECHANISTIC_NETWORK: 'off',
    PORT: '0',
    MECHANISTIC_RATE_LIMIT_USER: '100000',
    MECHANISTIC_RATE_LIMIT_CHANNEL: '100000',
    ...(slack ? { SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slack.apiUrl } : {}),
    ...(discord ? { DISCORD_TOKEN: TOKEN, DISCORD_APP_ID: APP_ID, DISCORD_API_URL: discord.restApi } : {}),
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

async function slackAcks(abstracts: readonly string[]): Promise<string[]> {
  const slack = await new FakeSlack().start();
  const { running } = await serveWith({}, slack);
  try {
    // The client runs in its own process, as Slack does: its work does not share this event loop.
    const t0 = performance.now();
    const times = await ackClient({ url: `${running.url}/slack/events`, secret: SECRET, texts: abstracts.slice(0, 16), responseUrlBase: slack.responseUrl('') });
    await slack.waitFor('all answers', () => slack.calls.filter((c) => c.method === 'response_url' && c.status === 200).length >= 16 || undefined, 120_000);
    const answered = performance.now() - t0;
    return [
      `| Slack acks, 16 pasted abstracts at once | p50 ${ms(pct(times, 50))}, p99 ${ms(pct(times, 99))} (target p99 ≤ 100 ms) | client in its own process; all 16 answers posted ${(answered / 1000).toFixed(1)} s after it started (its start included) |`,
    ];
  } finally {
    await running.stop();
    await slack.close();
  }
}

async function discordDeferrals(abstracts: readonly string[]): Promise<string[]> {
  const discord = await new FakeDiscord().listen();
  const { running } = await serveWith({}, undefined, discord);
  try {
    // Connected (serve is ready once its parts have started) and the guild delivered.
    while (discord.connections === 0) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 200));
    // The fake runs on this thread (the serve's encoder is in its worker threads): each deferral is
    // timed from the moment its INTERACTION_CREATE frame is written to the moment the callback arrives.
    const t0 = performance.now();
    const times = await Promise.all(
      abstracts.slice(0, 16).map(async (q) => {
        const sent = performance.now();
        const i = discord.interaction(2, { id: '500000000000000005', name: 'mechanistic', type: 1, options: [{ type: 1, name: 'ask', options: [{ name: 'query', type: 3, value: q }] }] });
        const callback = await discord.waitFor((r) => r.path === `/interactions/${i.id}/${i.token}/callback`);
        const took = performance.now() - sent;
        if (callback.body?.type !== 5) throw new Error(`interaction ${i.id}: callback type ${String(callback.body?.type)}, not a deferral (5)`);
        await discord.waitFor((r) => r.method === 'PATCH' && r.path.includes(`/webhooks/${APP_ID}/${i.token}/messages/@original`));
        return took;
      }),
    );
    const answered = performance.now() - t0;
    return [
      `| Discord deferrals, 16 pasted abstracts at once (\`/mechanistic ask\`) | p50 ${ms(pct(times, 50))}, p99 ${ms(pct(times, 99))} (target p99 ≤ 100 ms) | real discord.js over the loopback gateway; the fake shares the bench's thread, the encoder is in worker threads; all 16 answers edited in ${(answered / 1000).toFixed(1)} s |`,
    ];
  } finally {
    await running.stop();
    await discord.close();
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

async function shedding(abstracts: readonly string[]): Promise<string[]> {
  const { running, config } = await serveWith({ MECHANISTIC_MAX_PENDING: '16' });
  try {
    const outcomes = new Map<string, number>();
    const latencies: number[] = [];
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: 64 }, async (_, n) => {
        const s = performance.now();
        const ctl = AbortSignal.timeout(config.MECHANISTIC_ANSWER_TIMEOUT_MS + 5_000);
        let key: string;
        try {
          const r = await fetch(`${running.url}/api/ask`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.0.${n >> 8}.${n & 255}` },
            body: JSON.stringify({ q: abstracts[n % abstracts.length] }),
            signal: ctl,
          });
          await r.text();
          key = String(r.status);
        } catch {
          key = 'hung or failed';
        }
        outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
        latencies.push(performance.now() - s);
      }),
    );
    const wall = performance.now() - t0;
    const summary = [...outcomes].sort().map(([k, v]) => `${v}× ${k}`).join(', ');
    return [
      `| Shedding: 64 concurrent pasted abstracts, MECHANISTIC_MAX_PENDING=16 | ${summary}; none hung | p50 ${ms(pct(latencies, 50))}, p99 ${ms(pct(latencies, 99))}; all done in ${(wall / 1000).toFixed(1)} s |`,
    ];
  } finally {
    await running.stop();
  }
}

export async function neverBlockSection(resultsPath: string): Promise<string> {
  const corpus = loadCorpus();
  const abstracts = pastedAbstracts(corpus, 64);
  const m = machine();
  const load = loadavg().map((v) => v.toFixed(2)).join(', ');
  const rows = [
    ...(await slackAcks(abstracts)),
    ...(await discordDeferrals(abstracts)),
    ...(await healthDuringLongQuestion(abstracts)),
    ...(await shedding(abstracts)),
  ];
  const section = [
    '## Never block (npm run bench:load -- --never-block)',
    '',
    `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC. ${m.cpu}, ${m.cores} cores, Node ${m.node}; load average at start ${load}, at end ${loadavg().map((v) => v.toFixed(2)).join(', ')}.`,
    'Real serve over loopback: bundled encoder in MECHANISTIC_ENCODER_WORKERS threads (default: cores), network off.',
    '',
    '| what | measured | notes |',
    '|---|---|---|',
    ...rows,
  ].join('\n');
  writeNamedSection(resultsPath, 'never-block', section);
  return section;
}
