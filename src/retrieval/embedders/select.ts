/**
 * Chooses the embedder from MECHANISTIC_EMBEDDER (`auto` | `minilm` | `use-lite`).
 *
 * `auto` uses MiniLM only when it is already on disk and the bundled encoder otherwise: a
 * download (about 90 MB) plus embedding the whole corpus again would turn a fresh clone's first
 * answer from seconds into minutes, and the bundled encoder ships with precomputed corpus vectors.
 * `minilm` asks for MiniLM explicitly, so it downloads the model once where the network allows.
 */
import type { Embedder } from '../embedder.ts';
import { EmbedderUnavailableError } from './errors.ts';
import { createMiniLmEmbedder, MINILM_DEFAULT_MODEL, MiniLmUnavailableError } from './minilm.ts';
import { createUseLiteEmbedder } from './use-lite.ts';

export type EmbedderChoice = 'auto' | 'minilm' | 'use-lite';

export interface CreateEmbedderOptions {
  choice: EmbedderChoice;
  /** MECHANISTIC_MODELS_DIR. */
  modelsDir?: string;
  /** Transformers.js model id for MiniLM; default `Xenova/all-MiniLM-L6-v2`. */
  model?: string;
  /** Whether MiniLM may be downloaded; default: only when `choice` is `minilm`. */
  allowRemote?: boolean;
  /** Hub or mirror to download MiniLM from; default the Hugging Face hub. */
  remoteHost?: string;
  /** Where the bundled encoder keeps the V8 code cache of TF.js (use-lite.ts); none when not given. */
  codeCacheDir?: string;
  /** Told which embedder was chosen and why (e.g. a logger's info). */
  log?: (message: string) => void;
}

export interface SelectedEmbedder {
  embedder: Embedder;
  /** One line for people, e.g. `minilm (Xenova/all-MiniLM-L6-v2, 384-d)`. */
  description: string;
  /** Why the preferred embedder was not used, when it was not. */
  notice?: string;
}

export { EmbedderUnavailableError };

export function describeEmbedder(embedder: Embedder): string {
  return `${embedder.id} (${embedder.model}, ${embedder.dimensions}-d)`;
}

export async function createEmbedder(options: CreateEmbedderOptions): Promise<SelectedEmbedder> {
  const model = options.model ?? MINILM_DEFAULT_MODEL;
  const log = options.log ?? (() => {});
  const useLiteOptions = options.codeCacheDir === undefined ? {} : { codeCacheDir: options.codeCacheDir };
  const choose = (embedder: Embedder, notice?: string): SelectedEmbedder => {
    const description = describeEmbedder(embedder);
    log(`embedder: ${description}${notice ? ` (${notice})` : ''}`);
    return notice === undefined ? { embedder, description } : { embedder, description, notice };
  };

  if (options.choice === 'use-lite') return choose(await createUseLiteEmbedder(useLiteOptions));

  const allowRemote = options.allowRemote ?? options.choice === 'minilm';
  try {
    const embedder = await createMiniLmEmbedder({ modelsDir: options.modelsDir, model, allowRemote, remoteHost: options.remoteHost });
    return choose(embedder);
  } catch (e) {
    if (!(e instanceof MiniLmUnavailableError)) throw e;
    const where = options.modelsDir
      ? `MECHANISTIC_MODELS_DIR=${options.modelsDir}`
      : `the Transformers.js cache (${e.searched.join(', ')}; MECHANISTIC_MODELS_DIR is not set)`;
    const problem = !e.missing
      ? e.message
      : allowRemote
        ? `${where} has no ${model} and downloading it failed (${e.reason})`
        : `${where} has no ${model} and downloading is off`;
    if (options.choice === 'minilm') {
      const fix = !e.missing
        ? 'replace the model files with a fresh copy'
        : `copy the model (config.json, tokenizer.json, onnx/model.onnx) to ${options.modelsDir ?? '<dir>'}/${model}/` +
          (options.modelsDir ? '' : ' and set MECHANISTIC_MODELS_DIR=<dir>');
      throw new EmbedderUnavailableError(
        `MECHANISTIC_EMBEDDER=minilm, but ${problem}: ${fix}, or use MECHANISTIC_EMBEDDER=use-lite`,
      );
    }
    const hint = e.missing && !allowRemote ? '; MECHANISTIC_EMBEDDER=minilm downloads it once where the network allows' : '';
    return choose(await createUseLiteEmbedder(useLiteOptions), `using the bundled use-lite encoder, not MiniLM: ${problem}${hint}`);
  }
}
