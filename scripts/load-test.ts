/**
 * `npm run bench:load`: a bounded load test over loopback. Starts the real serve in this process
 * (real corpus, encoder and index; a temp data dir unless MECHANISTIC_DATA_DIR is set), waits until
 * it is ready, then N concurrent clients ask questions for a fixed time as many simulated users
 * (distinct X-Forwarded-For addresses, with MECHANISTIC_TRUST_PROXY on). Reports throughput,
 * latency percentiles, rate-limited and failed requests, checks that every question got an answer
 * or a clear refusal, and appends the numbers to bench/results.md.
 *
 *   npm run bench:load
 *   npm run bench:load -- --concurrency 32 --seconds 20 --users 500 --user-limit 10
 *   npm run bench:load -- --lexical          # BM25 only, no encoder (isolates the HTTP/serve cost)
 *   npm run bench:load -- --never-block      # acks, /healthz under a long question, shedding, a burst of pasted titles (scripts/bench/never-block.ts)
 *   npm run bench:load -- --never-block --only slack,discord --results /tmp/r.md   # some of those rows
 *   DATABASE_URL=postgresql://… npm run bench:load -- --instances 3 --users 1000 --user-limit 1000
 *       # N `mechanistic serve` processes (the compiled bin) on one PostgreSQL database (a fresh schema,
 *       # dropped after), the clients spread over them round-robin as a load balancer would
 */
import 'dotenv/config';
import { mkdtempSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { openMechanistic } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/log.ts';
import { startServe } from '../src/serve/serve.ts';
import { appendTableRow } from './bench/results-file.ts';

const QUESTIONS = [
  'Is activation patching mechanistic?',
  'We patch activations from a clean run into a corrupted run to find the heads that matter',
  'Sparse autoencoders find interpretable features in the residual stream',
  'Probing classifiers for part of speech in BERT layers',
  'Steering vectors added to the residual stream change the sentiment of generations',
  'Induction heads and in-context learning',
  'The logit lens reads out predictions from intermediate layers',
  'Attention weights as explanations of model decisions',
  'Causal abstraction and interchange interventions',
  'Neurons that respond to specific concepts in language models',
  'Linear representation hypothesis for truth directions',
  'Knowledge editing by rank-one updates to MLP weights',
  'arXiv:2202.05262',
  'Grokking and phase transitions during training',
  'Superposition and polysemantic neurons',
];

const { values: opts } = parseArgs({
  options: {
    concurrency: { type: 'string', default: '16' },
    seconds: { type: 'string', default: '10' },
    users: { type: 'string', default: '8' },
    'user-limit': { type: 'string', default: '10' },
    lexical: { type: 'boolean', default: false },
    'never-block': { type: 'boolean', default: false },
    /** With --never-block: only these rows (comma-separated: slack, discord, health, shedding, titles). */
    only: { type: 'string' },
    results: { type: 'string', default: 'bench/results.md' },
    instances: { type: 'string' },
  },
});

function positive(name: string, raw: string | undefined): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`load-test: --${name} must be a whole number >= 1, got ${JSON.stringify(raw)}`);
    process.exit(2);
  }
  return n;
}

if (opts['never-block']) {
  const { neverBlockSection } = await import('./bench/never-block.ts');
  process.stdout.write(`${await neverBlockSection(opts.results!, opts.only?.split(','))}\n`);
  process.exit(0);
}

const concurrency = positive('concurrency', opts.concurrency);
const seconds = positive('seconds', opts.seconds);
const users = positive('users', opts.users);
const userLimit = positive('user-limit', opts['user-limit']);

export interface Outcome {
  kind: 'answered' | 'rate_limited' | 'failed';
  ms: number;
  detail?: string;
}

function ask(agent: Agent, base: URL, q: string, user: string): Promise<Outcome> {
  const started = performance.now();
  return new Promise((resolve) => {
    const req = request(
      { agent, hostname: base.hostname, port: base.port, path: `/api/ask?q=${encodeURIComponent(q)}`, headers: { 'x-forwarded-for': user }, timeout: 60_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const ms = performance.now() - started;
          let body: { definitions?: unknown; error?: { code?: string } };
          try {
            body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          } catch {
            return resolve({ kind: 'failed', ms, detail: `${res.statusCode}: body is not JSON` });
          }
          if (res.statusCode === 200 && body.definitions) return resolve({ kind: 'answered', ms });
          if (res.statusCode === 429 && body.error?.code === 'rate_limited' && res.headers['retry-after']) return resolve({ kind: 'rate_limited', ms });
          resolve({ kind: 'failed', ms, detail: `${res.statusCode}: ${body.error?.code ?? 'no error code'}` });
        });
        res.on('error', (e) => resolve({ kind: 'failed', ms: performance.now() - started, detail: e.message }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('client timeout')));
    req.on('error', (e) => resolve({ kind: 'failed', ms: performance.now() - started, detail: e.message }));
    req.end();
  });
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

if (opts.instances !== undefined) {
  const { instancesSection } = await import('./bench/instances.ts');
  const ok = await instancesSection({
    instances: positive('instances', opts.instances),
    concurrency,
    seconds,
    users,
    userLimit,
    results: opts.results!,
    questions: QUESTIONS,
    ask: (agent, base, q, user) => ask(agent, base, q, user),
    percentile,
  });
  process.exit(ok ? 0 : 1);
}

const dataDir = process.env.MECHANISTIC_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'mechanistic-load-'));
const config = loadConfig({
  ...process.env,
  MECHANISTIC_DATA_DIR: dataDir,
  HOST: '127.0.0.1',
  PORT: '0',
  MECHANISTIC_TRUST_PROXY: 'true',
  MECHANISTIC_RATE_LIMIT_USER: String(userLimit),
  SLACK_BOT_TOKEN: '',
  DISCORD_TOKEN: '',
});
let serverAnswered = 0;
const sink = new Writable({
  write(chunk, _e, cb) {
    serverAnswered += (chunk.toString().match(/"event":"answered"/g) ?? []).length;
    cb();
  },
});
const loadStarted = performance.now();
const serve = await startServe({
  config,
  log: createLogger('info', sink),
  parts: [],
  loadMechanistic: () => openMechanistic(config, opts.lexical ? { dense: false } : {}),
});
await serve.ready;
const m = await (await fetch(`${serve.url}/readyz`)).json() as { embedder: string };
console.error(`load-test: ready in ${Math.round(performance.now() - loadStarted)} ms (${m.embedder}); ${concurrency} clients for ${seconds} s as ${users} users`);

const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
const base = new URL(serve.url);
const outcomes: Outcome[] = [];
const deadline = performance.now() + seconds * 1000;
let next = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (performance.now() < deadline) {
      const i = next++;
      const user = `10.${(i % users) >> 16 & 255}.${((i % users) >> 8) & 255}.${(i % users) & 255}`;
      // A distinct question each time, so the encoder's query cache does not flatter the numbers.
      outcomes.push(await ask(agent, base, `${QUESTIONS[i % QUESTIONS.length]!} (case ${i})`, user));
    }
  }),
);
const elapsed = (performance.now() - started) / 1000;
agent.destroy();
await serve.stop();

const answered = outcomes.filter((o) => o.kind === 'answered');
const limited = outcomes.filter((o) => o.kind === 'rate_limited').length;
const failed = outcomes.filter((o) => o.kind === 'failed');
const latencies = answered.map((o) => o.ms).sort((a, b) => a - b);
const lost = outcomes.length - answered.length - limited;
const row = {
  date: new Date().toISOString().slice(0, 16).replace('T', ' '),
  embedder: m.embedder,
  clients: concurrency,
  seconds,
  users,
  userLimit,
  requests: outcomes.length,
  answeredPerSecond: answered.length / elapsed,
  p50: percentile(latencies, 50),
  p95: percentile(latencies, 95),
  p99: percentile(latencies, 99),
  limited,
  failed: failed.length,
};
console.log(
  [
    `requests        ${row.requests} in ${elapsed.toFixed(1)} s (${(row.requests / elapsed).toFixed(1)}/s)`,
    `answered        ${answered.length} (${row.answeredPerSecond.toFixed(1)}/s); server logged ${serverAnswered}`,
    `latency (ms)    p50 ${row.p50.toFixed(1)}  p95 ${row.p95.toFixed(1)}  p99 ${row.p99.toFixed(1)}`,
    `rate-limited    ${limited} (429 with Retry-After)`,
    `failed          ${failed.length}${failed.length ? `: ${[...new Set(failed.map((f) => f.detail))].slice(0, 5).join('; ')}` : ''}`,
    `lost            ${lost} (neither an answer nor a clear refusal)`,
  ].join('\n'),
);

const results = opts.results!;
const table = '| date (UTC) | encoder | clients | s | users | limit/user/min | requests | answered/s | p50 ms | p95 ms | p99 ms | rate-limited | failed |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|';
appendTableRow(results, {
  header: '## Load test (`npm run bench:load`)',
  intro:
    `Loopback, one process, ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}. ` +
    'Every question is distinct (no query-cache hits). Simulated users are distinct X-Forwarded-For addresses; ' +
    '"rate-limited" are 429 refusals with Retry-After; ' +
    '"failed" is anything else (it should be 0).',
  table,
  line: `| ${row.date} | ${row.embedder} | ${row.clients} | ${row.seconds} | ${row.users} | ${row.userLimit} | ${row.requests} | ${row.answeredPerSecond.toFixed(1)} | ${row.p50.toFixed(1)} | ${row.p95.toFixed(1)} | ${row.p99.toFixed(1)} | ${row.limited} | ${row.failed} |`,
});
console.error(`load-test: appended to ${results}`);
process.exitCode = failed.length > 0 || lost > 0 || answered.length !== serverAnswered ? 1 : 0;
