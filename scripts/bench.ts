/**
 * `npm run bench`: answer latency (warm, split into embed / search / compose), cold start of the
 * CLI and on a 20× corpus, HNSW recall and speed against exact search (corpus size and 100k synthetic vectors), index
 * build throughput and peak RSS, and embedding throughput. Prints the numbers and writes its
 * section of bench/results.md. Nothing here asserts a timing.
 *
 * Options: --quick (fewer questions, 10k synthetic vectors: a smoke run, not for the results file
 * unless you mean it), --synthetic N (default 100000), --only encoder (only the encoder-workers
 * comparison, printed, results file untouched), --only start (just the start rows: cold `ask`
 * against `node -e 0`, a 20× synthetic corpus; scripts/bench/start.ts), --only identity (what finding the paper a
 * question names costs against the whole answer, its own block of bench/results.md; scripts/bench/identity.ts).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { DEFAULT_CORPUS_DIR, loadCorpus } from '../src/corpus/load.ts';
import { createUseLiteEmbedder } from '../src/retrieval/embedders/use-lite.ts';
import type { Embedder } from '../src/retrieval/embedder.ts';
import { corpusHash, corpusIndexItems, paperIndexText } from '../src/retrieval/index-items.ts';
import { BUNDLED_EMBEDDINGS_DIR, efSearchFor, ensureVectorIndex, HNSW_PARAMS } from '../src/retrieval/vector-index.ts';
import { encoderWorkersSection } from './bench/encoder-workers.ts';
import { compare, syntheticComparison, type HnswComparison } from './bench/hnsw.ts';
import { identityRows } from './bench/identity.ts';
import { instrumentedService, type Timing } from './bench/instrumented.ts';
import { machine } from './bench/machine.ts';
import { pastedAbstracts, sentenceQuestions } from './bench/questions.ts';
import { writeNamedSection, writeSection } from './bench/results-file.ts';
import { startRows } from './bench/start.ts';
import { distribution, ms, nowMs, type Distribution } from './bench/stats.ts';

const run = promisify(execFile);
const root = (p: string) => fileURLToPath(new URL(`../${p}`, import.meta.url));
const log = (s: string) => process.stderr.write(`${s}\n`);

const { values } = parseArgs({ options: { quick: { type: 'boolean' }, synthetic: { type: 'string' }, only: { type: 'string' } } });
const quick = values.quick ?? false;
const SENTENCES = quick ? 100 : 600;
const ABSTRACTS = quick ? 40 : 200;
const WARMUP = quick ? 10 : 50;
const SYNTHETIC = Number(values.synthetic ?? (quick ? 10_000 : 100_000));
const EMBED_TEXTS = quick ? 32 : 64;
/** Questions per pass of the encoder-workers comparison: mostly sentences, a quarter pasted abstracts. */
const WORKER_SENTENCES = quick ? 60 : 240;
const WORKER_ABSTRACTS = quick ? 20 : 80;

async function childJson(args: string[], env: Record<string, string> = {}): Promise<{ json: any; wallSeconds: number }> {
  const t = nowMs();
  const { stdout } = await run(process.execPath, args, { cwd: root(''), env: { ...process.env, ...env }, maxBuffer: 64 * 2 ** 20 });
  const wallSeconds = (nowMs() - t) / 1000;
  const last = stdout.trim().split('\n').at(-1)!;
  return { json: JSON.parse(last), wallSeconds };
}

/** Builds the index twice in fresh processes; the first build (from nothing) is left in `dataDir` for the rest of the run. */
async function indexBuild(dataDir: string): Promise<string[]> {
  const lines = ['### Index build', '', '| build | items embedded | items | seconds | papers/s | items/s | peak RSS (MiB) |', '|---|---|---|---|---|---|---|'];
  const kinds: [string, string[]][] = [['from nothing (every text embedded)', ['--no-bundled', '--data-dir', dataDir]]];
  if (existsSync(join(BUNDLED_EMBEDDINGS_DIR, 'use-lite.json'))) kinds.push(['from the shipped vectors (graph only)', []]);
  for (const [label, flags] of kinds) {
    log(`bench: index build ${label}`);
    const { json } = await childJson(['--import', 'tsx', root('scripts/bench/build-child.ts'), ...flags]);
    lines.push(
      `| ${label} | ${json.embedded} | ${json.items} | ${json.seconds.toFixed(1)} | ${(json.papers / json.seconds).toFixed(1)} | ${(json.items / json.seconds).toFixed(1)} | ${json.maxRssMiB.toFixed(0)} |`,
    );
  }
  lines.push('', 'Each build runs in a fresh process; peak RSS is that process\'s maximum resident set (model included). papers/s counts corpus papers; the index also holds one item per concept.', '');
  // The corpus snapshot (src/corpus/load.ts): parse and validate the YAML and write it, then read it back.
  log('bench: snapshot build');
  const { json: snap } = await childJson(['--import', 'tsx', root('scripts/bench/snapshot-child.ts')]);
  lines.push(
    '### Snapshot build',
    '',
    '| step | papers | seconds | papers/s |',
    '|---|---|---|---|',
    `| parse and validate the YAML, write the snapshot | ${snap.papers} | ${snap.buildSeconds.toFixed(2)} | ${(snap.papers / snap.buildSeconds).toFixed(0)} |`,
    `| read the snapshot | ${snap.readPapers} | ${snap.readSeconds.toFixed(2)} | ${(snap.readPapers / snap.readSeconds).toFixed(0)} |`,
    '',
    'One fresh process (the YAML parser\'s import counts, as on a first start after a corpus edit).',
    '',
  );
  return lines;
}

async function embedThroughput(embedder: Embedder, texts: string[]): Promise<string[]> {
  const lines = ['### Embedding throughput (use-lite)', '', '| batch size | texts | seconds | texts/s |', '|---|---|---|---|'];
  await embedder.embed(texts.slice(0, 4));
  for (const batch of [1, 32]) {
    const t = nowMs();
    for (let i = 0; i < texts.length; i += batch) await embedder.embed(texts.slice(i, i + batch));
    const s = (nowMs() - t) / 1000;
    lines.push(`| ${batch} | ${texts.length} | ${s.toFixed(2)} | ${(texts.length / s).toFixed(1)} |`);
  }
  lines.push('', 'Texts are the corpus papers\' index texts (title and summary, 40 to 120 words).', '');
  return lines;
}

function stageRows(label: string, timings: readonly Timing[]): string[] {
  const stages: (keyof Timing)[] = ['total', 'embed', 'search', 'compose'];
  return stages.map((stage) => {
    const d: Distribution = distribution(timings.map((t) => t[stage]));
    return `| ${label} | ${timings.length} | ${stage} | ${ms(d.p50)} | ${ms(d.p95)} | ${ms(d.p99)} | ${ms(d.mean)} |`;
  });
}

function workerQuestions(corpus: ReturnType<typeof loadCorpus>): string[] {
  // Other questions than the latency part's, so no pass starts with a warm query cache.
  const sentences = sentenceQuestions(corpus, SENTENCES + WARMUP + WORKER_SENTENCES).slice(SENTENCES + WARMUP);
  const abstracts = pastedAbstracts(corpus, ABSTRACTS + WORKER_ABSTRACTS).slice(ABSTRACTS);
  // Interleaved, as they would arrive.
  return sentences.flatMap((q, i) => (i % 3 === 2 && abstracts[(i - 2) / 3] ? [q, abstracts[(i - 2) / 3]!] : [q]));
}

/** `--only encoder`: the encoder-workers comparison alone, over an index built from the shipped vectors. */
async function onlyEncoder(): Promise<void> {
  const corpus = loadCorpus(DEFAULT_CORPUS_DIR);
  const m = machine();
  const { index } = await ensureVectorIndex({
    dataDir: mkdtempSync(join(tmpdir(), 'mechanistic-bench-')),
    embedder: await createUseLiteEmbedder(),
    items: corpusIndexItems(corpus),
    corpusHash: corpusHash(corpus.files),
  });
  const load = loadavg().map((v) => v.toFixed(2)).join(', ');
  const lines = await encoderWorkersSection(corpus, index, workerQuestions(corpus), log);
  const section = [
    '## Encoder workers (npm run bench -- --only encoder)',
    '',
    `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC. ${m.cpu}, ${m.cores} cores, Node ${m.node}; load average at start ${load}.`,
    '',
    ...lines,
  ].join('\n');
  process.stdout.write(`${section}\n`);
  if (!quick) writeNamedSection(root('bench/results.md'), 'encoder-workers', section);
}

async function main(): Promise<void> {
  const when = new Date();
  const m = machine();
  const corpus = loadCorpus(DEFAULT_CORPUS_DIR);
  const out: string[] = [
    '## Speed (`npm run bench`)',
    '',
    `${when.toISOString().slice(0, 16).replace('T', ' ')} UTC. Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, Node ${m.node} (${m.platform}). Corpus: ${corpus.papers.size} papers, ${corpus.concepts.size} concepts. Encoder: use-lite (the default here; MiniLM is not on this machine). No LLM.${quick ? ' **Quick run** (--quick): fewer samples.' : ''}`,
    '',
    `Load average when the run started: ${loadavg().map((x) => x.toFixed(1)).join(', ')} (1, 5, 15 min) on ${m.cores} cores. Numbers taken while other processes compete for the CPU are slower than on an idle machine; the load at the end is at the bottom of this section.`,
    '',
  ];

  const dataDir = mkdtempSync(join(tmpdir(), 'mechanistic-bench-'));
  out.push(...(await indexBuild(dataDir)));

  log('bench: opening the index');
  const embedder = await createUseLiteEmbedder();
  const { index } = await ensureVectorIndex({ dataDir, embedder, items: corpusIndexItems(corpus), corpusHash: corpusHash(corpus.files) });

  log('bench: embedding throughput');
  out.push(...(await embedThroughput(embedder, [...corpus.papers.values()].slice(0, EMBED_TEXTS).map(paperIndexText))));

  log('bench: warm answer latency');
  const svc = instrumentedService(corpus, index, embedder);
  const sentences = sentenceQuestions(corpus, SENTENCES);
  const abstracts = pastedAbstracts(corpus, ABSTRACTS);
  for (const q of sentenceQuestions(corpus, SENTENCES + WARMUP).slice(SENTENCES)) await svc.timedAsk(q);
  const first: Timing[] = [];
  for (const q of sentences) first.push(await svc.timedAsk(q));
  const repeat: Timing[] = [];
  // The cache holds 512 queries: repeat the most recent ones, as a channel re-asking a question would.
  for (const q of sentences.slice(-Math.min(500, sentences.length))) repeat.push(await svc.timedAsk(q));
  const pasted: Timing[] = [];
  for (const q of abstracts) pasted.push(await svc.timedAsk(q));
  const p95 = distribution(first.map((t) => t.total)).p95;
  out.push(
    '### Warm answer latency (ms)',
    '',
    'One process, model loaded and warmed up on other questions first; each question answered once in turn. "New" questions go through the encoder; "repeated" ones are served from the query-embedding cache.',
    '',
    '| input | questions | stage | p50 | p95 | p99 | mean |',
    '|---|---|---|---|---|---|---|',
    ...stageRows('one sentence, new', first),
    ...stageRows('one sentence, repeated', repeat),
    ...stageRows('pasted abstract, new', pasted),
    '',
    `Target: p95 ≤ 50 ms for one-sentence questions. New questions: p95 ${ms(p95)} ms (${p95 <= 50 ? 'met' : 'not met'}); repeated: p95 ${ms(distribution(repeat.map((t) => t.total)).p95)} ms. Query cache: ${svc.cache.stats.hits} hits, ${svc.cache.stats.misses} misses (each answer embeds its text twice, for concepts and for papers, so even a new question hits once).`,
    '',
  );

  log('bench: encoder workers against one in-process encoder');
  out.push(...(await encoderWorkersSection(corpus, index, workerQuestions(corpus), log)));

  log('bench: HNSW vs exact');
  const queryVectors: Float32Array[] = [];
  const queryTexts = sentences.slice(0, quick ? 50 : 200);
  for (let i = 0; i < queryTexts.length; i += 32) queryVectors.push(...(await embedder.embed(queryTexts.slice(i, i + 32))));
  const atCorpus = compare(index, queryVectors);
  log(`bench: synthetic HNSW with ${SYNTHETIC} vectors`);
  const synthetic = syntheticComparison(index.vectors, SYNTHETIC, queryVectors.slice(0, 100), [256, 512], log);
  const row = (label: string, ef: number, c: HnswComparison) =>
    `| ${label} | ${c.items} | ${ef} | ${c.queries} | ${c.recallAt10.toFixed(4)} | ${ms(c.hnswMs.p50)} / ${ms(c.hnswMs.p95)} | ${ms(c.exactMs.p50)} / ${ms(c.exactMs.p95)} | ${c.buildSeconds === undefined ? '—' : c.buildSeconds.toFixed(1)} |`;
  out.push(
    '### HNSW against exact search (top 10, same vectors)',
    '',
    '| index | items | ef | queries | recall@10 | HNSW ms p50 / p95 | exact ms p50 / p95 | build s |',
    '|---|---|---|---|---|---|---|---|',
    row('corpus (papers and concepts)', efSearchFor(atCorpus.items), atCorpus),
    ...synthetic.map((s) => row(`synthetic${s === synthetic[0] ? ' (ef as shipped)' : ''}`, s.ef, s.result)),
    '',
    `Queries are use-lite embeddings of one-sentence questions. Synthetic vectors are random mixes of two corpus vectors plus Gaussian noise, so they fill the space between topics as a large real corpus would. HNSW: M ${HNSW_PARAMS.M}, efConstruction ${HNSW_PARAMS.efConstruction}, ef grows with the index as shipped (\`efSearchFor\`: size / 200, between 128 and 512; the other rows show other ef values). Target recall@10 ≥ 0.99. Exact search is the plain JavaScript scan in \`VectorIndex.exactSearch\`.`,
    '',
  );

  out.push(`Load average at the end: ${loadavg().map((x) => x.toFixed(1)).join(', ')}.`, '');

  const section = out.join('\n');
  process.stdout.write(`${section}\n`);
  if (quick) {
    log('bench: --quick run, bench/results.md left as it was');
    return;
  }
  writeSection(root('bench/results.md'), section);
  log('bench: wrote bench/results.md');
  await startSection();
}

/** The start rows (cold ask, 20× corpus), in their own block of bench/results.md. */
async function startSection(): Promise<void> {
  const section = (await startRows({ coldRuns: quick ? 3 : 5 })).join('\n');
  process.stdout.write(`${section}\n`);
  if (quick) return;
  writeNamedSection(root('bench/results.md'), 'start', section);
  log('bench: wrote the start rows to bench/results.md');
}

/** `--only identity`: what finding the paper a question names costs against the whole warm answer. */
async function onlyIdentity(): Promise<void> {
  const corpus = loadCorpus(DEFAULT_CORPUS_DIR);
  const m = machine();
  const embedder = await createUseLiteEmbedder();
  const { index } = await ensureVectorIndex({ dataDir: mkdtempSync(join(tmpdir(), 'mechanistic-bench-')), embedder, items: corpusIndexItems(corpus), corpusHash: corpusHash(corpus.files) });
  const lines = await identityRows(corpus, instrumentedService(corpus, index, embedder).service, quick, log);
  const section = [
    '## Paper identity (npm run bench -- --only identity)',
    '',
    `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC. ${m.cpu}, ${m.cores} cores, Node ${m.node}. Corpus: ${corpus.papers.size} papers.`,
    '',
    ...lines,
  ].join('\n');
  process.stdout.write(`${section}\n`);
  if (!quick) writeNamedSection(root('bench/results.md'), 'paper-identity', section);
}

if (values.only === 'start') await startSection();
else if (values.only === 'encoder') await onlyEncoder();
else if (values.only === 'identity') await onlyIdentity();
else if (values.only !== undefined) throw new Error(`--only: expected "start", "encoder" or "identity", got "${values.only}"`);
else await main();
