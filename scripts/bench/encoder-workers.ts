/**
 * Answers/s with the encoder in the default worker threads against one in-process encoder, in the
 * same run: the real answer path (query cache, BM25, HNSW, concept scoring, composition) over the
 * same questions, `CONCURRENCY` at a time, as a server sees them. Rounds alternate between the two
 * so that a change in the machine's load hits both. Also checks that both give the same papers.
 */
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

/** A fresh service (empty query cache) over the encoder. */
function serviceOver(corpus: Corpus, index: VectorIndex, embedder: Embedder): Mechanistic {
  const retriever = createRetriever({ corpus, dense: denseSearch(index, withQueryCache(embedder)) });
  return mechanisticOver(corpus, { corpus, retriever, resolver: new PaperResolver(corpus) }, embedder.id);
}

/** Answers every question, `CONCURRENCY` in flight; returns answers/s and each answer's paper ids. */
async function answerAll(service: Mechanistic, questions: readonly string[]): Promise<{ perSecond: number; papers: string[] }> {
  const papers: string[] = new Array(questions.length);
  let next = 0;
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
  return { perSecond: questions.length / ((nowMs() - t) / 1000), papers };
}

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
  try {
    // Warm both up (JIT, wasm) on other questions.
    const warm = questions.slice(0, 20).map((q) => `${q} (warm-up)`);
    await answerAll(serviceOver(corpus, index, local), warm);
    await answerAll(serviceOver(corpus, index, pool), warm);
    for (let round = 1; round <= ROUNDS; round++) {
      // The order alternates (in process first, then workers first), so load that rises or falls during a round hits both sides.
      const inProcessFirst = round % 2 === 1;
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
      differing += a.papers.filter((p, i) => p !== b.papers[i]).length;
      rows.push(`| ${round} (${inProcessFirst ? 'in process first' : 'workers first'}) | ${a.perSecond.toFixed(1)} | ${b.perSecond.toFixed(1)} | ${(b.perSecond / a.perSecond).toFixed(2)}× | ${load()} |`);
    }
  } finally {
    await pool.close();
  }
  const ratio = [...ratios].sort((x, y) => x - y)[Math.floor(ratios.length / 2)]!;
  const pooled = workersTotal / inProcessTotal;
  return [
    '### Encoder workers against one in-process encoder (answers/s)',
    '',
    `${questions.length} new questions (one-sentence questions and pasted abstracts), ${CONCURRENCY} in flight, each answered in full (query cache, BM25, HNSW, concepts, composition); a fresh query cache per pass. Workers: the default, \`MECHANISTIC_ENCODER_WORKERS\` = ${threads} (one per core), micro-batching concurrent questions (2 ms window, at most 16 texts). Rounds alternate between the two so a change in load hits both. Load average when this part started: ${loadBefore}.`,
    '',
    '| round | in process | workers | ratio | load average after (1, 5, 15 min) |',
    '|---|---|---|---|---|',
    ...rows,
    '',
    `Ratio, the median round's: **${ratio.toFixed(2)}×** (target ≥ 1.8× on 2 cores; ${ratio >= 1.8 ? 'met' : 'not met'} in this run, on ${threads} cores); summed answers/s over all rounds: ${pooled.toFixed(2)}×. Answers with different papers between the two: ${differing} of ${questions.length * ROUNDS}.`,
    '',
  ];
}
