/**
 * A one-shot `mechanistic ask` run by the bin loads its encoder in a thread of its own, started before
 * the CLI's modules (src/cli/early-encoder.ts): its answers are those of the encoder on the main thread,
 * and a thread the configuration does not want is stopped, never left to hold the process.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ensureFreshBuild } from '../../scripts/build.ts';
import { main } from '../../src/cli/main.ts';
import { startEarlyEncoder, takeEarlyEncoder } from '../../src/cli/early-encoder.ts';
import { createEmbedder } from '../../src/retrieval/embedders/select.ts';

const BIN = fileURLToPath(new URL('../../bin/mechanistic.js', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'mechanistic-early-'));
ensureFreshBuild();
const ENV = { PATH: process.env.PATH, HOME: dataDir, MECHANISTIC_DATA_DIR: dataDir, MECHANISTIC_NETWORK: 'off', MECHANISTIC_EMBEDDER: 'use-lite', MECHANISTIC_QUIET: '1' };

function bin(args: string[], env: Record<string, string | undefined> = ENV) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dataDir, encoding: 'utf8', env, maxBuffer: 32 * 1024 * 1024, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The same command in this process, through main(): no early thread, the encoder on this thread. */
async function inProcess(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: (t) => void (stdout += t.endsWith('\n') ? t : `${t}\n`),
    stderr: (t) => void (stderr += t.endsWith('\n') ? t : `${t}\n`),
    readStdin: async function* () {},
    env: ENV,
  });
  return { code, stdout, stderr };
}

test('answers of the bin (the early encoder thread when a core is free) are those of the encoder on the main thread', async () => {
  const questions = [
    'we did causal tracing on the MLPs',
    // The question the thread embeds first is the trimmed text; a question with a link embeds more than that.
    '   We patch attention-head outputs from a clean run into a corrupted run to find the circuit   ',
    'Locating and Editing Factual Associations in GPT https://arxiv.org/abs/2202.05262',
  ];
  for (const q of questions) {
    const viaBin = bin(['ask', q, '--json']);
    assert.equal(viaBin.code, 0, viaBin.stderr);
    const here = await inProcess(['ask', q, '--json']);
    assert.equal(here.code, 0, here.stderr);
    assert.equal(viaBin.stdout, here.stdout, q);
  }
});

test('a thread for another encoder than the configured one is stopped; a bad setting is one clear line', () => {
  const bad = bin(['ask', 'probing classifiers'], { ...ENV, MECHANISTIC_EMBEDDER: 'nonsense' });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /MECHANISTIC_EMBEDDER/);
  assert.doesNotMatch(bad.stderr, /\n\s+at /);
  // The thread was started (the question parses) and nobody takes it: it must not keep the process alive.
  const usage = bin(['ask', '--limit', 'zero', 'probing classifiers']);
  assert.equal(usage.code, 2, `exits (a null code is the spawn's timeout): ${usage.stderr}`);
  assert.match(usage.stderr, /--limit must be an integer/);

  const free = () => true;
  startEarlyEncoder(['ask', 'probing classifiers'], { MECHANISTIC_EMBEDDER: 'use-lite', MECHANISTIC_DATA_DIR: dataDir }, free);
  assert.equal(takeEarlyEncoder({ choice: 'auto' }), undefined, 'another choice: not taken');
  assert.equal(takeEarlyEncoder({ choice: 'use-lite' }), undefined, 'taken (and stopped) once');
  startEarlyEncoder(['ask', '--jsonl'], {}, free);
  startEarlyEncoder(['ask', '--help', 'q'], {}, free);
  startEarlyEncoder(['lookup', 'q'], {}, free);
  startEarlyEncoder(['ask', 'q'], {}, () => false);
  assert.equal(takeEarlyEncoder({ choice: 'auto' }), undefined, 'none for a stream of questions, help, another command, or without a free core');
});

/** The question's vector from an early thread started with `env`, and that thread (closed). */
async function earlyVector(env: Record<string, string>) {
  startEarlyEncoder(['ask', ' we did causal tracing on the MLPs '], { MECHANISTIC_EMBEDDER: 'use-lite', ...env }, () => true);
  const thread = takeEarlyEncoder({ choice: 'use-lite' })!;
  assert.ok(thread);
  try {
    const { embedder, description } = await thread.open();
    assert.match(description, /^use-lite/);
    const [primed] = await embedder.embed(['we did causal tracing on the MLPs']);
    const [fresh] = await embedder.embed(['we did causal tracing on the MLPs']);
    assert.deepStrictEqual(primed, fresh);
    const two = await embedder.embed(['probing classifiers', 'we did causal tracing on the MLPs']);
    assert.equal(two.length, 2);
    return { vector: primed!, thread };
  } finally {
    await thread.close();
  }
}

test('the early thread primed with the question gives the vectors of the encoder on the main thread', async () => {
  const { vector, thread } = await earlyVector({ MECHANISTIC_DATA_DIR: mkdtempSync(join(tmpdir(), 'mechanistic-early-data-')) });
  const here = (await createEmbedder({ choice: 'use-lite' })).embedder;
  assert.deepStrictEqual(vector, (await here.embed(['we did causal tracing on the MLPs']))[0]);
  await assert.rejects(thread.open().then(({ embedder }) => embedder.embed(['x'])), /closed|stopped/);
});

test("the early thread keeps TF.js's code cache in the data directory: written once, reused, and rewritten when damaged", async () => {
  const data = mkdtempSync(join(tmpdir(), 'mechanistic-early-cache-'));
  const cacheDir = join(data, 'code-cache');
  const caches = () => readdirSync(cacheDir).filter((n) => n.endsWith('.v8cache')).sort();
  const { vector: first } = await earlyVector({ MECHANISTIC_DATA_DIR: data });
  const written = caches();
  assert.deepEqual(written.map((n) => n.replace(/-[0-9a-f]{20}\.v8cache$/, '')), ['energetic-ai-core', 'energetic-ai-embeddings']);
  const core = join(cacheDir, written[0]!);
  const before = { bytes: readFileSync(core), mtime: statSync(core).mtimeMs };

  const { vector: cached } = await earlyVector({ MECHANISTIC_DATA_DIR: data });
  assert.deepStrictEqual(cached, first, 'the same vector from cached code');
  assert.deepEqual(caches(), written);
  assert.equal(statSync(core).mtimeMs, before.mtime, 'a cache V8 accepted is not written again');

  writeFileSync(core, before.bytes.subarray(0, 4096));
  const { vector: damaged } = await earlyVector({ MECHANISTIC_DATA_DIR: data });
  assert.deepStrictEqual(damaged, first, 'a damaged cache only means compiling from source');
  assert.ok(statSync(core).size > 4096, 'and it is written anew');
});
