/**
 * The benchmark's start rows (issue 13), each a ratio measured in the same run:
 * - cold `mechanistic ask` (compiled dist/, index on disk) against `node -e 0`: target ≤ 10×;
 * - starting on a synthetic corpus 20× today's: loading it (YAML parsed and validated, then from the
 *   snapshot), and the whole start of the service with lexical search up to its first answer: target ≤ 2 s.
 * Run alone with `npm run bench -- --only start`.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parse, stringify } from 'yaml';
import { DEFAULT_CORPUS_DIR } from '../../src/corpus/load.ts';
import { ensureFreshBuild } from '../build.ts';
import { nowMs } from './stats.ts';

const run = promisify(execFile);
const root = (p: string) => fileURLToPath(new URL(`../../${p}`, import.meta.url));
const log = (s: string) => process.stderr.write(`${s}\n`);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const s2 = (x: number) => x.toFixed(2);
const load = () => loadavg().map((x) => x.toFixed(1)).join(', ');

/** Preloaded into every timed process (both sides of each ratio): reports the process's CPU time at exit. */
const CPU_HOOK = `data:text/javascript,process.on('exit',()=>{const u=process.cpuUsage();process.stderr.write('\\nbench-cpu '+((u.user+u.system)/1000)+'\\n')})`;

/** Wall time of a fresh `node` process, and its CPU time (user + system, all threads): steadier on a busy machine. */
async function wall(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ seconds: number; cpuSeconds: number; stdout: string }> {
  const t = nowMs();
  const { stdout, stderr } = await run(process.execPath, ['--import', CPU_HOOK, ...args], { cwd: root(''), env, maxBuffer: 64 * 2 ** 20 });
  const cpu = /bench-cpu ([\d.]+)/.exec(stderr)?.[1];
  return { seconds: (nowMs() - t) / 1000, cpuSeconds: Number(cpu) / 1000, stdout };
}

/**
 * A copy of the corpus `times` over: every paper, concept and glossary file repeated with ids (and
 * titles) suffixed, so ids stay unique and texts differ; references still point at the originals.
 */
export function syntheticCorpus(times: number): string {
  const dir = mkdtempSync(join(tmpdir(), `mechanistic-corpus-x${times}-`));
  const suffixed = (entries: unknown, i: number) =>
    (entries as Record<string, unknown>[]).map((e) => ({
      ...e,
      id: `${e.id as string}-s${i}`,
      ...(typeof e.title === 'string' ? { title: `${e.title} (copy ${i})` } : {}),
    }));
  for (const part of ['papers', 'concepts']) {
    mkdirSync(join(dir, part));
    for (const name of readdirSync(join(DEFAULT_CORPUS_DIR, part)).filter((n) => n.endsWith('.yaml'))) {
      const doc = parse(readFileSync(join(DEFAULT_CORPUS_DIR, part, name), 'utf8'));
      const entries = Array.isArray(doc) ? doc : [doc];
      writeFileSync(join(dir, part, name), readFileSync(join(DEFAULT_CORPUS_DIR, part, name)));
      for (let i = 1; i < times; i++) writeFileSync(join(dir, part, `${basename(name, '.yaml')}-s${i}.yaml`), stringify(suffixed(entries, i), { lineWidth: 0 }));
    }
  }
  const glossary = parse(readFileSync(join(DEFAULT_CORPUS_DIR, 'glossary.yaml'), 'utf8')) as unknown[];
  writeFileSync(join(dir, 'glossary.yaml'), stringify([glossary, ...Array.from({ length: times - 1 }, (_, i) => suffixed(glossary, i + 1))].flat(), { lineWidth: 0 }));
  return dir;
}

export async function startRows(options: { coldRuns?: number; question?: string } = {}): Promise<string[]> {
  const runs = options.coldRuns ?? 5;
  const question = options.question ?? 'we did causal tracing on the MLPs';
  ensureFreshBuild();
  const startLoad = load();
  const dataDir = mkdtempSync(join(tmpdir(), 'mechanistic-bench-start-'));
  const env = { PATH: process.env.PATH, HOME: dataDir, MECHANISTIC_DATA_DIR: dataDir, MECHANISTIC_EMBEDDER: 'use-lite', LOG_LEVEL: 'error', MECHANISTIC_QUIET: '1' };
  const bin = root('bin/mechanistic.js');
  log('bench: cold ask (index built first)');
  await wall([bin, 'ask', question, '--json'], env);
  const nodeAlone: Awaited<ReturnType<typeof wall>>[] = [];
  const ask: typeof nodeAlone = [];
  const help: typeof nodeAlone = [];
  const askMainThread: typeof nodeAlone = [];
  const child = root('scripts/bench/start-child.mjs');
  // Interleaved, so a change in load hits both sides of the ratio alike.
  for (let i = 0; i < runs; i++) {
    nodeAlone.push(await wall(['-e', '0'], env));
    ask.push(await wall([bin, 'ask', question, '--json'], env));
    askMainThread.push(await wall([child, 'ask', question], env));
    help.push(await wall([bin, 'help'], env));
  }
  if (askMainThread.some((r) => r.stdout !== ask[0]!.stdout) || ask.some((r) => r.stdout !== ask[0]!.stdout)) {
    throw new Error('bench: cold ask gave different answers with the encoder in its own thread and on the main thread');
  }
  const w = (xs: typeof nodeAlone) => median(xs.map((x) => x.seconds));
  const c = (xs: typeof nodeAlone) => median(xs.map((x) => x.cpuSeconds));
  const ratio = w(ask) / w(nodeAlone);
  const cpuRatio = c(ask) / c(nodeAlone);

  log('bench: synthetic corpus 20×');
  const big = syntheticCorpus(20);
  rmSync(join(big, '.snapshot'), { recursive: true, force: true });
  const yamlRun = await wall([child, 'load', big], env);
  const yaml = JSON.parse(yamlRun.stdout) as { papers: number; concepts: number; loadMs: number };
  // One start after the YAML was parsed writes the snapshot's derived data (BM25 postings, normalized
  // titles), as the first start after a corpus edit does; the timed starts are the ones after it.
  await wall([child, 'open', big], env);
  const snapRuns: { loadMs: number }[] = [];
  const openRuns: Awaited<ReturnType<typeof wall>>[] = [];
  for (let i = 0; i < 3; i++) {
    snapRuns.push(JSON.parse((await wall([child, 'load', big], env)).stdout) as { loadMs: number });
    openRuns.push(await wall([child, 'open', big], env));
  }
  const snapLoadMs = median(snapRuns.map((r) => r.loadMs));
  const openSeconds = w(openRuns);
  const openCpu = c(openRuns);
  rmSync(big, { recursive: true, force: true });

  return [
    '### Start',
    '',
    `Load average at the start of these rows: ${startLoad}; at the end: ${load()} (1, 5, 15 min). Each number is the median of fresh processes; the two sides of each ratio were measured in this run, interleaved. CPU is the process's own user + system time (all threads), which a busy machine inflates less than wall time.`,
    '',
    '| what | runs | wall s (median) | wall ratio | CPU s (median) | CPU ratio | target |',
    '|---|---|---|---|---|---|---|',
    `| \`node -e 0\` | ${runs} | ${s2(w(nodeAlone))} | 1× | ${s2(c(nodeAlone))} | 1× | |`,
    `| \`mechanistic help\` (compiled, no corpus, encoder or index) | ${runs} | ${s2(w(help))} | ${(w(help) / w(nodeAlone)).toFixed(1)}× | ${s2(c(help))} | ${(c(help) / c(nodeAlone)).toFixed(1)}× | |`,
    `| cold \`mechanistic ask "${question}" --json\` (compiled, use-lite, index on disk; as the bin runs it: the encoder in its own thread when a core is free) | ${runs} | ${s2(w(ask))} | ${ratio.toFixed(1)}× | ${s2(c(ask))} | ${cpuRatio.toFixed(1)}× | ≤ 10×: ${ratio <= 10 ? 'met' : 'not met'} (wall) |`,
    `| the same, the encoder on the main thread (\`start-child.mjs ask\`; same answer) | ${runs} | ${s2(w(askMainThread))} | ${(w(askMainThread) / w(nodeAlone)).toFixed(1)}× | ${s2(c(askMainThread))} | ${(c(askMainThread) / c(nodeAlone)).toFixed(1)}× | |`,
    `| 20× corpus (${yaml.papers} papers, ${yaml.concepts} concepts): load, YAML parsed and validated (first start) | 1 | ${s2(yaml.loadMs / 1000)} | 1× | | | |`,
    `| 20× corpus: load from the snapshot | 3 | ${s2(snapLoadMs / 1000)} | ${(snapLoadMs / yaml.loadMs).toFixed(3)}× of YAML | | | |`,
    `| 20× corpus: process start to first lexical answer (snapshot and its derived data: BM25 postings, normalized titles, first appearances; no encoder) | 3 | ${s2(openSeconds)} | | ${s2(openCpu)} | | ≤ 2 s: ${openSeconds <= 2 ? 'met' : 'not met'} |`,
    '',
    `Cold \`ask\` runs Node, the compiled CLI (its bundle, dist/cli.cjs, with its V8 code cache), the corpus from its snapshot, the bundled encoder (TF.js wasm; when the load average leaves a core free, started by the bin in a thread of its own as soon as the CLI's bundle is loaded, before the command's modules run, so it loads on the second core and embeds the question as soon as it is in; else on the main thread), the HNSW index from disk, and one answer. The row below it always has the encoder on the main thread. The synthetic corpus repeats every paper, concept and glossary file with suffixed ids and titles. Its start leaves out the encoder and the vector index (20× the corpus would need ${yaml.papers} new embeddings), which do not grow with the YAML.`,
    '',
  ];
}
