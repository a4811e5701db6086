/**
 * The encoder in worker threads: the same vectors and answers as in process, micro-batching,
 * a main thread that keeps running while a long question is encoded, a crashed worker replaced
 * without a hang, and close().
 */
import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { after, before, test } from 'node:test';
import { runScript } from '../helpers/run-script.ts';
import { openMechanistic } from '../../src/app.ts';
import { ConfigError, loadConfig } from '../../src/config.ts';
import type { Mechanistic } from '../../src/core/service.ts';
import { DEFAULT_CORPUS_DIR, loadCorpus } from '../../src/corpus/load.ts';
import type { Embedder } from '../../src/retrieval/embedder.ts';
import { createUseLiteEmbedder } from '../../src/retrieval/embedders/use-lite.ts';
import { createEncoderPool, encoderWorkerFile, EncoderWorkerError, type EncoderPool } from '../../src/retrieval/encoder-pool.ts';
import { maxAbsDiff, tempDir } from './helpers.ts';

const QUESTIONS = [
  'We patch attention-head outputs from a clean run into a corrupted run to find the circuit',
  'probing classifiers on BERT layers for syntax',
  'sparse autoencoders find monosemantic features in the residual stream',
  'does the logit lens show what each layer predicts?',
  'steering vectors added to activations change the sentiment of generations',
];

/** 20,000 characters of realistic input: corpus abstracts pasted one after another. */
function longQuestion(): string {
  let text = '';
  for (const p of loadCorpus(DEFAULT_CORPUS_DIR).papers.values()) {
    if (text.length >= 20_000) break;
    text += `${p.title}. ${p.abstract ?? p.summary ?? ''} `;
  }
  return text.slice(0, 20_000);
}

let pool: EncoderPool;
let local: Embedder;

before(async () => {
  pool = await createEncoderPool({ choice: 'use-lite', threads: 2 });
  local = await createUseLiteEmbedder();
});
after(() => pool.close());

test('the pool gives the in-process encoder’s vectors, one call at a time and many at once', async () => {
  assert.equal(pool.id, 'use-lite');
  assert.equal(pool.dimensions, 512);
  assert.equal(pool.description, 'use-lite (universal-sentence-encoder-lite, 512-d)');
  const expected = await local.embed(QUESTIONS);
  for (const [i, q] of QUESTIONS.entries()) {
    const [v] = await pool.embed([q]);
    assert.ok(maxAbsDiff(v!, expected[i]!) < 1e-5, `question ${i}`);
  }
  const before = { ...pool.stats };
  const concurrent = await Promise.all([...QUESTIONS, ...QUESTIONS].map((q) => pool.embed([q])));
  for (const [i, [v]] of concurrent.entries()) assert.ok(maxAbsDiff(v!, expected[i % QUESTIONS.length]!) < 1e-5, `concurrent call ${i}`);
  assert.ok(pool.stats.batches - before.batches <= 2, 'ten calls in the same moment are one encoder call per worker');
  assert.equal(pool.stats.texts - before.texts, QUESTIONS.length, 'repeated texts are embedded once');
  assert.notEqual(concurrent[0]![0], concurrent[QUESTIONS.length]![0], 'each caller gets its own array');
  // More texts than one batch holds are spread over several calls, in order.
  const many = Array.from({ length: 40 }, (_, i) => `${QUESTIONS[i % QUESTIONS.length]} ${i}`);
  const [fromPool, fromLocal] = await Promise.all([pool.embed(many), local.embed(many)]);
  for (let i = 0; i < many.length; i++) assert.ok(maxAbsDiff(fromPool[i]!, fromLocal[i]!) < 1e-5, `text ${i}`);
});

test('the main thread keeps running while the workers encode a 20,000-character question', async () => {
  const text = longQuestion();
  assert.equal(text.length, 20_000);
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  let ticks = 0;
  let done = false;
  const beat = () => {
    ticks++;
    if (!done) setImmediate(beat);
  };
  setImmediate(beat);
  const [v] = await pool.embed([text]);
  done = true;
  delay.disable();
  // The encoder takes tens of milliseconds at least; a blocked main thread would run a handful of callbacks.
  assert.ok(ticks >= 100, `only ${ticks} event-loop turns while the question was encoded (longest stall ${(delay.max / 1e6).toFixed(1)} ms)`);
  const [expected] = await local.embed([text]);
  assert.ok(maxAbsDiff(v!, expected!) < 1e-5);
});

test('a worker that dies is replaced, and the calls it held reject at once instead of hanging', async () => {
  const crashing = await createEncoderPool({ choice: 'use-lite', threads: 1, exitOnText: 'CRASH NOW' });
  try {
    const [before] = await crashing.embed(['activation patching']);
    // Both texts go to the worker in one batch: both callers learn what happened.
    const results = await Promise.allSettled([crashing.embed(['CRASH NOW']), crashing.embed(['a question asked at the same moment'])]);
    for (const r of results) {
      assert.equal(r.status, 'rejected');
      assert.ok(r.reason instanceof EncoderWorkerError, String(r.reason));
      assert.match(r.reason.message, /encoder worker thread stopped .*exited with code: 3.*ask again/);
    }
    const [afterCrash] = await crashing.embed(['activation patching']);
    assert.ok(maxAbsDiff(afterCrash!, before!) < 1e-6, 'the replacement worker loaded the same model');
  } finally {
    await crashing.close();
  }
});

test('close() answers what is queued, then refuses new work; closing twice is fine', async () => {
  const closing = await createEncoderPool({ choice: 'use-lite', threads: 1, batchWindowMs: 50 });
  const queued = closing.embed(['queued before close']);
  await closing.close();
  const [v] = await queued;
  assert.equal(v!.length, 512);
  await assert.rejects(closing.embed(['after close']), /closed/);
  await closing.close();
});

test('an idle pool does not keep the process alive (the CLI exits without closing it)', () => {
  const poolUrl = new URL('../../src/retrieval/encoder-pool.ts', import.meta.url).href;
  const script = `import { createEncoderPool } from ${JSON.stringify(poolUrl)};
const pool = await createEncoderPool({ choice: 'use-lite', threads: 2 });
const [v] = await pool.embed(['one question']);
console.log(v.length);`;
  assert.equal(runScript(tempDir('mechanistic-idle-pool-'), 'idle', script), '512');
});

test('the worker entry is the .mjs loader under tsx and the compiled worker in dist/', () => {
  assert.match(encoderWorkerFile().pathname, /src\/retrieval\/encoder-worker-entry\.mjs$/);
  assert.match(encoderWorkerFile('file:///app/dist/retrieval/encoder-pool.js').pathname, /^\/app\/dist\/retrieval\/encoder-worker\.js$/);
});

test('MECHANISTIC_ENCODER_WORKERS: one per core by default, a whole number ≥ 1', () => {
  assert.equal(loadConfig({}).MECHANISTIC_ENCODER_WORKERS, availableParallelism());
  assert.equal(loadConfig({ MECHANISTIC_ENCODER_WORKERS: '3' }).MECHANISTIC_ENCODER_WORKERS, 3);
  for (const bad of ['0', '-1', '1.5', 'many']) {
    assert.throws(() => loadConfig({ MECHANISTIC_ENCODER_WORKERS: bad }), (e: unknown) => e instanceof ConfigError && /MECHANISTIC_ENCODER_WORKERS=.*at least 1/.test(e.message));
  }
});

test('answers with encoder workers are the in-process answers', async () => {
  const dataDir = tempDir('mechanistic-encoder-');
  const config = loadConfig({ MECHANISTIC_DATA_DIR: dataDir, MECHANISTIC_EMBEDDER: 'use-lite', MECHANISTIC_ENCODER_WORKERS: '2' });
  const inProcess = await openMechanistic(config, { inProcessEncoder: true });
  let workers: Mechanistic | undefined;
  try {
    const pooled = (workers = await openMechanistic(config));
    assert.equal(pooled.embedderDescription, inProcess.embedderDescription);
    for (const text of [...QUESTIONS, longQuestion()]) {
      const [a, b] = await Promise.all([pooled.ask({ text }), inProcess.ask({ text })]);
      assert.deepEqual(a.precedents.map((p) => p.id), b.precedents.map((p) => p.id), text.slice(0, 60));
      assert.deepEqual(a.related.map((p) => p.id), b.related.map((p) => p.id), text.slice(0, 60));
      assert.deepEqual(a.concepts.map((c) => c.id), b.concepts.map((c) => c.id), text.slice(0, 60));
    }
  } finally {
    await workers?.close?.();
    await inProcess.close?.();
  }
});
