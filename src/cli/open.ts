/**
 * Opens the service for a CLI command: configuration from the environment, index progress on stderr.
 */
import { loadConfig } from '../config.ts';
import type { Mechanistic } from '../core/service.ts';
import { openMechanistic } from '../app.ts';
import { queryEncoderOf } from '../retrieval/embedders/encoder-thread.ts';
import type { CliIo } from './command.ts';
import { takeEarlyEncoder } from './early-encoder.ts';
import { indexProgressPrinter } from './index-progress.ts';

export interface OpenForCliOptions {
  /** Print the service's notes in full (which encoder, and why not the preferred one). */
  verbose?: boolean;
  /**
   * Encode on the main thread, for a single question (starting encoder workers costs more than one
   * encoder call). Otherwise call `close()` on the result when done.
   */
  inProcessEncoder?: boolean;
  /** Encoder worker threads instead of MECHANISTIC_ENCODER_WORKERS. */
  encoderThreads?: number;
}

/**
 * The embedder note as one short line: `embedder: use-lite (model, 512-d) (why not MiniLM…)` says
 * nothing when the chosen encoder is the expected one, and names the fallback in a few words when not.
 */
export function shortNote(message: string): string | undefined {
  const m = /^embedder: (\S+) \((?:[^()]|\([^()]*\))*\)(?: \((.*)\))?$/s.exec(message);
  if (!m) return message;
  if (m[2] === undefined) return undefined;
  return `encoder: ${m[1]} (${/not MiniLM/.test(m[2]) ? 'MiniLM not found' : 'fallback'}; --verbose says why)`;
}

export async function openForCli(io: CliIo, options: OpenForCliOptions = {}): Promise<Mechanistic> {
  const config = loadConfig(io.env);
  const log = (m: string) => {
    if (io.env.MECHANISTIC_QUIET === '1') return;
    const line = options.verbose ? m : shortNote(m);
    if (line !== undefined) io.stderr(`mechanistic: ${line}`);
  };
  // A one-shot question's encoder may already be loading in its own thread (bin/mechanistic.js started it).
  const early = takeEarlyEncoder({ choice: config.MECHANISTIC_EMBEDDER, modelsDir: config.MECHANISTIC_MODELS_DIR });
  if (early && !options.inProcessEncoder) void early.close();
  return openMechanistic(config, {
    inProcessEncoder: options.inProcessEncoder ?? false,
    ...(options.encoderThreads ? { encoderThreads: options.encoderThreads } : {}),
    ...(early && options.inProcessEncoder ? { encoder: queryEncoderOf(early, log) } : {}),
    progress: indexProgressPrinter(),
    log,
  });
}
