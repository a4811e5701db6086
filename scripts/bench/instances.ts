/**
 * `npm run bench:load -- --instances N`: N `mechanistic serve` processes (the compiled bin, as
 * deployed) on one PostgreSQL database (DATABASE_URL, a fresh schema dropped afterwards) and one
 * data directory's index, the clients spread over them round-robin as a load balancer would. The
 * machine's load average is recorded next to the numbers: on a shared machine they move with it.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent } from 'node:http';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { ensureFreshBuild } from '../build.ts';
import type { Outcome } from '../load-test.ts';
import { appendTableRow } from './results-file.ts';
import { serveEnv, startServeProcess, stopAll, type ServeProcess } from './serve-process.ts';

export interface InstancesOptions {
  instances: number;
  concurrency: number;
  seconds: number;
  users: number;
  userLimit: number;
  results: string;
  questions: string[];
  ask(agent: Agent, base: URL, q: string, user: string): Promise<Outcome>;
  percentile(sorted: number[], p: number): number;
}

const HEADER = '## Several instances (`npm run bench:load -- --instances N`)';
const TABLE =
  '| date (UTC) | instances | encoder workers each | clients | s | requests | answered/s | p50 ms | p95 ms | p99 ms | rate-limited | failed | load avg before → after (1 min) |\n' +
  '|---|---|---|---|---|---|---|---|---|---|---|---|---|';

export async function instancesSection(o: InstancesOptions): Promise<boolean> {
  const server = process.env.DATABASE_URL?.trim() || process.env.MECHANISTIC_TEST_DATABASE_URL?.trim();
  if (!server) {
    console.error('load-test: --instances needs a PostgreSQL server for the instances to share: set DATABASE_URL');
    return false;
  }
  ensureFreshBuild();
  const schema = `mech_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  const url = new URL(server);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const dataDir = process.env.MECHANISTIC_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'mechanistic-instances-'));
  const workers = process.env.MECHANISTIC_ENCODER_WORKERS ?? String(availableParallelism());
  const env = serveEnv({
    MECHANISTIC_DATA_DIR: dataDir,
    DATABASE_URL: url.toString(),
    MECHANISTIC_TRUST_PROXY: 'true',
    MECHANISTIC_RATE_LIMIT_USER: String(o.userLimit),
    MECHANISTIC_ENCODER_WORKERS: workers,
    MECHANISTIC_EMBEDDER: process.env.MECHANISTIC_EMBEDDER ?? 'use-lite',
  });
  const procs: ServeProcess[] = [];
  try {
    // The first builds the index if the data dir has none (as the image bakes it); the rest read it.
    procs.push(startServeProcess('instance-1', env));
    await procs[0]!.waitFor('ready', (l) => l.event === 'ready', 600_000);
    for (let i = 2; i <= o.instances; i++) procs.push(startServeProcess(`instance-${i}`, env));
    await Promise.all(procs.map((p) => p.waitFor('ready', (l) => l.event === 'ready', 600_000)));
    const bases = await Promise.all(procs.map(async (p) => new URL(String((await p.waitFor('listening', (l) => l.event === 'listening')).url))));
    const embedder = String(procs[0]!.lines.find((l) => l.event === 'ready')?.embedder ?? '?');
    const agent = new Agent({ keepAlive: true, maxSockets: o.concurrency });
    // One question per instance first, not counted: the encoder threads' first run is slower.
    for (const base of bases) await o.ask(agent, base, `${o.questions[0]!} (warm-up)`, '10.255.255.255');
    const before = loadavg()[0]!;
    console.error(`load-test: ${o.instances} instance(s) ready (${embedder}); ${o.concurrency} clients for ${o.seconds} s as ${o.users} users; load average ${before.toFixed(2)}`);

    const outcomes: Outcome[] = [];
    const deadline = performance.now() + o.seconds * 1000;
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: o.concurrency }, async () => {
        while (performance.now() < deadline) {
          const i = next++;
          const u = i % o.users;
          outcomes.push(await o.ask(agent, bases[i % bases.length]!, `${o.questions[i % o.questions.length]!} (case ${i})`, `10.${(u >> 16) & 255}.${(u >> 8) & 255}.${u & 255}`));
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    const after = loadavg()[0]!;
    agent.destroy();
    await stopAll(procs, 15_000);
    const serverAnswered = procs.reduce((n, p) => n + p.lines.filter((l) => l.event === 'answered').length, 0) - bases.length;

    const answered = outcomes.filter((x) => x.kind === 'answered');
    const limited = outcomes.filter((x) => x.kind === 'rate_limited').length;
    const failed = outcomes.filter((x) => x.kind === 'failed');
    const latencies = answered.map((x) => x.ms).sort((a, b) => a - b);
    const perSecond = answered.length / elapsed;
    const [p50, p95, p99] = [50, 95, 99].map((p) => o.percentile(latencies, p)) as [number, number, number];
    console.log(
      [
        `instances       ${o.instances} (encoder workers each: ${workers})`,
        `requests        ${outcomes.length} in ${elapsed.toFixed(1)} s`,
        `answered        ${answered.length} (${perSecond.toFixed(1)}/s); the instances logged ${serverAnswered}`,
        `latency (ms)    p50 ${p50.toFixed(1)}  p95 ${p95.toFixed(1)}  p99 ${p99.toFixed(1)}`,
        `rate-limited    ${limited}`,
        `failed          ${failed.length}${failed.length ? `: ${[...new Set(failed.map((f) => f.detail))].slice(0, 5).join('; ')}` : ''}`,
        `load average    ${before.toFixed(2)} before, ${after.toFixed(2)} after (1 min)`,
      ].join('\n'),
    );

    const line = `| ${new Date().toISOString().slice(0, 16).replace('T', ' ')} | ${o.instances} | ${workers} | ${o.concurrency} | ${o.seconds} | ${outcomes.length} | ${perSecond.toFixed(1)} | ${p50.toFixed(1)} | ${p95.toFixed(1)} | ${p99.toFixed(1)} | ${limited} | ${failed.length} | ${before.toFixed(2)} → ${after.toFixed(2)} |`;
    appendTableRow(o.results, {
      header: HEADER,
      intro:
        `Loopback, ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}; every instance a \`mechanistic serve\` ` +
        'process of the compiled bin on one PostgreSQL database, the clients spread over them round-robin; every question distinct. ' +
        'The machine is shared with other work: the load average (1 min, before and after the run) says how busy it was.',
      table: TABLE,
      line,
    });
    console.error(`load-test: appended to ${o.results}`);
    return failed.length === 0 && answered.length === serverAnswered;
  } finally {
    await stopAll(procs);
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await admin.end();
    if (!process.env.MECHANISTIC_DATA_DIR) rmSync(dataDir, { recursive: true, force: true });
  }
}
