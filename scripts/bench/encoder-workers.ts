/**
 * Answers/s with the encoder in the default worker threads against one in-process encoder, in the
 * same run: the real answer path (query cache, BM25, HNSW, concept scoring, composition) over the
 * same questions, `CONCURRENCY` at a time, as a server sees them. Rounds alternate between the two
 * so that a change in the machine's load hits both. Also checks that both give the same papers.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { denseSearch, mechanisticOver } from '../../src/app.ts';
import type { Corpus } from '../../src/core/corpus-schema.ts';
import { PaperResolver } from '../../src/core/paper-resolver.ts';
import type { Mechanistic } from '../../src/core/service.ts';
import type { Embedder } from '../../src/retrieval/embedder.ts';
import { createUseLiteEmbedder } from '../../src/retrieval/embedders/use-lite.ts';
import { createEncoderPool } from '../../src/retrieval/encoder-pool.ts';
import { withQueryCache } from '../../src/retrieval/query-cache.ts';
import { createRetriever } from '../../src/retrieval/retriever.ts';
import type { VectorIndex } from '../../src/retrieval/vector-index.ts';
import { nowMs } from './stats.ts';

const CONCURRENCY = 16;
/** Rounds of the comparison; the reported ratio is the median round's, so one round hit by a burst of load elsewhere does not decide it. */
const ROUNDS = 5;

/**
 * Each thread of this process: ns on a CPU and ns runnable but waiting for one (Linux's
 * /proc/self/task/<tid>/schedstat); empty elsewhere.
 */
function threadTimes(): Map<string, [number, number]> {
  const times = new Map<string, [number, number]>();
  try {
    for (const tid of readdirSync('/proc/self/task')) {
      const [onCpu, waiting] = readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').split(' ').map(Number);
      if (Number.isFinite(onCpu) && Number.isFinite(waiting)) times.set(tid, [onCpu!, waiting!]);
    }
  } catch {
    // Not Linux, or a thread ended while being read: no figure for this pass.
  }
  return times;
}

/** Of the time this process's threads were runnable since `before`, the share spent waiting for a CPU (other processes' load), or undefined. */
function waitShare(before: Map<string, [number, number]>): number | undefined {
  let onCpu = 0;
  let waiting = 0;
  for (const [tid, [c, w]] of threadTimes()) {
    const [c0, w0] = before.get(tid) ?? [0, 0];
    onCpu += c - c0;
    waiting += w - w0;
  }
  return onCpu + waiting > 0 ? waiting / (onCpu + waiting) : undefined;
}

/** Whether Linux groups CPU time by session (autogroup), which caps a multi-threaded process's share under other sessions' load. */
function autogroup(): boolean {
  try {
    return readFileSync('/proc/sys/kernel/sched_autogroup_enabled', 'utf8').trim() === '1';
  } catch {
    return false;
  }
}

/** A fresh service (empty query cache) over the encoder. */
function serviceOver(corpus: Corpus, index: VectorIndex, embedder: Embedder): Mechanistic {
  const retriever = createRetriever({ corpus, dense: denseSearch(index, withQueryCache(embedder)) });
  return mechanisticOver(corpus, { corpus, retriever, resolver: new PaperResolver(corpus) }, embedder.id);
}

/**
 * Answers every question, `CONCURRENCY` in flight; returns answers/s, the process's CPU time per
 * answer (every thread: main and encoder workers) and each answer's paper ids.
 */
async function answerAll(
  service: Mechanistic,
  questions: readonly string[],
): Promise<{ perSecond: number; cpuMsPerAnswer: number; waitShare: number | undefined; papers: string[] }> {
  const papers: string[] = new Array(questions.length);
  let next = 0;
  const threads = threadTimes();
  const cpu = process.cpuUsage();
  const t = nowMs();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < questions.length) {
        const i = next++;
        const a = await service.ask({ text: questions[i]! });
        papers[i] = [...a.precedents, ...a.related].map((p) => p.id).join(',');
      }
    }),
  );
  const seconds = (nowMs() - t) / 1000;
  const used = process.cpuUsage(cpu);
  return { perSecond: questions.length / seconds, cpuMsPerAnswer: (used.user + used.system) / 1000 / questions.length, waitShare: waitShare(threads), papers };
}

const percent = (share: number | undefined) => (share === undefined ? '—' : `${Math.round(share * 100)}%`);
const load = () => loadavg().map((x) => x.toFixed(1)).join(', ');

export async function encoderWorkersSection(corpus: Corpus, index: VectorIndex, questions: readonly string[], log: (s: string) => void): Promise<string[]> {
  const threads = availableParallelism();
  const loadBefore = load();
  const local = await createUseLiteEmbedder();
  const pool = await createEncoderPool({ choice: 'use-lite', threads });
  const rows: string[] = [];
  let inProcessTotal = 0;
  let workersTotal = 0;
  let differing = 0;
  const ratios: number[] = [];
  const cpuRatios: number[] = [];
  try {
    // Warm both up (JIT, wasm) on other questions.
    const warm = questions.slice(0, 20).map((q) => `${q} (warm-up)`);
    await answerAll(serviceOver(corpus, index, local), warm);
    await answerAll(serviceOver(corpus, index, pool), warm);
    for (let round = 1; round <= ROUNDS; round++) {
      // The order alternates (in process first, then workers first), so load that rises or falls during a round hits both sides.
      const inProcessFirst = round % 2 === 1;
      const before = { ...pool.stats };
      const run = async (which: 'in process' | 'workers') => {
        log(`bench: encoder workers, round ${round}: ${which === 'workers' ? `${threads} workers` : which}`);
        return answerAll(serviceOver(corpus, index, which === 'workers' ? pool : local), questions);
      };
      const first = await run(inProcessFirst ? 'in process' : 'workers');
      const second = await run(inProcessFirst ? 'workers' : 'in process');
      const [a, b] = inProcessFirst ? [first, second] : [second, first];
      inProcessTotal += a.perSecond;
      workersTotal += b.perSecond;
      ratios.push(b.perSecond / a.perSecond);
      cpuRatios.push(a.cpuMsPerAnswer / b.cpuMsPerAnswer);
      const perCall = (pool.stats.texts - before.texts) / (pool.stats.batches - before.batches);
      differing += a.papers.filter((p, i) => p !== b.papers[i]).length;
      rows.push(`| ${round} (${inProcessFirst ? 'in process first' : 'workers first'}) | ${a.perSecond.toFixed(1)} | ${b.perSecond.toFixed(1)} | ${(b.perSecond / a.perSecond).toFixed(2)}× | ${a.cpuMsPerAnswer.toFixed(1)} / ${b.cpuMsPerAnswer.toFixed(1)} | ${percent(a.waitShare)} / ${percent(b.waitShare)} | ${perCall.toFixed(1)} | ${load()} |`);
    }
  } finally {
    await pool.close();
  }
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  const ratio = median(ratios);
  const cpuRatio = median(cpuRatios);
  const pooled = workersTotal / inProcessTotal;
  return [
    '### Encoder workers against one in-process encoder (answers/s)',
    '',
    `${questions.length} new questions (one-sentence questions and pasted abstracts), ${CONCURRENCY} in flight, each answered in full (query cache, BM25, HNSW, concepts, composition); a fresh query cache per pass. Workers: the default, \`MECHANISTIC_ENCODER_WORKERS\` = ${threads} (one per core), micro-batching concurrent questions (2 ms window, at most 16 texts). Rounds alternate between the two so a change in load hits both. Load average when this part started: ${loadBefore}.`,
    '',
    '| round | in process | workers | ratio | CPU ms per answer, in process / workers (all threads) | waiting for a CPU, in process / workers | texts per encoder call | load average after (1, 5, 15 min) |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    `Ratio, the median round's: **${ratio.toFixed(2)}×** (target ≥ 1.8× on 2 cores; ${ratio >= 1.8 ? 'met' : 'not met'} in this run, on ${threads} cores); summed answers/s over all rounds: ${pooled.toFixed(2)}×. Answers with different papers between the two: ${differing} of ${questions.length * ROUNDS}.`,
    '',
    `CPU per answer, in process over workers (median round): ${cpuRatio.toFixed(2)}×. With the ${threads} cores to themselves, the workers could answer at most ${threads} × that, ${(threads * cpuRatio).toFixed(2)}×, as fast as one in-process encoder; under other processes' load the two sides get different shares of the machine and single rounds land below or above it ("waiting for a CPU" is the share of the time this process's threads were ready to run but other processes had the cores).${autogroup() ? ` This kernel shares CPU time between sessions, not threads (\`kernel.sched_autogroup_enabled\` = 1): while other sessions keep the cores busy, the ${threads + 1} threads of the workers side share about one session's part of the machine, as the one thread of the in-process side does, and the ratio falls toward the CPU ratio.` : ''}`,
    '',
  ];
}
