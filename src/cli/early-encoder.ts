/**
 * The encoder of a one-shot `mechanistic ask`, started by bin/mechanistic.js before the CLI's own
 * modules load: the model loads in a thread of its own (encoder-thread.ts) while the main thread loads
 * the code, the corpus, the vector index and the store, and the question is embedded as soon as the
 * model is in. This module loads next to nothing itself (no configuration schema, no command modules).
 *
 * The encoder is chosen from the environment as the configuration will read it; openForCli takes the
 * thread only when the validated configuration asks for the same encoder, and stops it otherwise.
 */
import 'dotenv/config';
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { codeCacheDir, dataDirFromEnv } from '../data-dir.ts';
import { startEncoderThread, type EncoderThread } from '../retrieval/embedders/encoder-thread.ts';
import type { EmbedderChoice } from '../retrieval/embedders/select.ts';
import { ASK_OPTIONS } from './ask-options.ts';
import { wantsHelp } from './command.ts';

const CHOICES: readonly EmbedderChoice[] = ['auto', 'minilm', 'use-lite'];

let started: EncoderThread | undefined;

/** The question `ask` will answer when one is given on the command line (trimmed, as the answer step trims it). */
function questionOf(args: string[]): { question?: string } | undefined {
  try {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: ASK_OPTIONS, strict: true });
    // A stream of questions uses encoder workers; an error or help needs no encoder.
    if (values.jsonl || (values.llm && values['no-llm'])) return undefined;
    if (positionals.length > 0) return { question: positionals.join(' ').trim() };
    return values.json ? {} : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether a second thread would have a core to itself: more than one core, and a load average (1 min) below
 * their number. Without one, the thread only adds its own start to the work (measured: more CPU and more wall
 * time than the encoder on the main thread, bench/results.md).
 */
export function coreLikelyFree(): boolean {
  const cores = availableParallelism();
  return cores > 1 && loadavg()[0]! < cores;
}

/** The code cache's directory under the data directory (none when there is no home directory to default to: the configuration says so later). */
function codeCacheOf(env: Record<string, string | undefined>): { codeCacheDir?: string } {
  try {
    return { codeCacheDir: codeCacheDir(dataDirFromEnv(env)) };
  } catch {
    return {};
  }
}

/**
 * For `ask` with one question (argv without `node` and the script), starts its encoder thread when a core is
 * likely free for it (`spareCore`, coreLikelyFree by default); otherwise the encoder loads on the main thread.
 */
export function startEarlyEncoder(argv: string[], env: Record<string, string | undefined>, spareCore: () => boolean = coreLikelyFree): void {
  const [name, ...args] = argv;
  if (name !== 'ask' || started || wantsHelp(args) || !spareCore()) return;
  const ask = questionOf(args);
  const choice = (env.MECHANISTIC_EMBEDDER ?? 'auto') as EmbedderChoice;
  if (!ask || !CHOICES.includes(choice)) return;
  const modelsDir = env.MECHANISTIC_MODELS_DIR?.trim() || undefined;
  started = startEncoderThread({ choice, ...(modelsDir ? { modelsDir } : {}), prime: ask.question ? [ask.question] : [], ...codeCacheOf(env) });
}

/**
 * The early encoder thread, if one was started for this encoder choice and models dir (taken once).
 * One started for another choice is stopped.
 */
export function takeEarlyEncoder(wanted: { choice: EmbedderChoice; modelsDir?: string }): EncoderThread | undefined {
  const thread = started;
  started = undefined;
  if (thread && (thread.options.choice !== wanted.choice || thread.options.modelsDir !== wanted.modelsDir)) {
    void thread.close();
    return undefined;
  }
  return thread;
}
