/**
 * Body of one encoder worker thread (run by the pool in encoder-pool.ts through piscina): loads
 * the embedder once, on its first task, and embeds the batches it is given.
 *
 * Tasks name the embedder to load: the pool's first task asks for the configured choice (`auto`
 * may become either backend) and every later task for the backend that first worker chose, so a
 * worker started later, or in place of one that died, loads the same model.
 */
import { workerData } from 'node:worker_threads';
import { createEmbedder, type CreateEmbedderOptions, type EmbedderChoice, type SelectedEmbedder } from './embedders/select.ts';

export interface EncoderWorkerData {
  /** Passed to createEmbedder (the choice comes with each task). */
  options: Omit<CreateEmbedderOptions, 'choice' | 'log'>;
  /** Tests only: a worker given this exact text exits with code 3, as if it had crashed. */
  exitOnText?: string;
}

export type EncoderTask = { kind: 'info'; choice: EmbedderChoice } | { kind: 'embed'; choice: EmbedderChoice; texts: string[] };

export interface EncoderInfo {
  id: SelectedEmbedder['embedder']['id'];
  model: string;
  dimensions: number;
  description: string;
  notice?: string;
}

/** A failure to load the model, sent as data: errors lose their class on the way to the main thread. */
export interface EncoderLoadFailure {
  failed: { name: string; message: string };
}

const data = workerData as EncoderWorkerData;
/** The loaded embedder, under the choice it was asked for and (once loaded) the backend it is. */
let selected: { choices: Set<EmbedderChoice>; loading: Promise<SelectedEmbedder> } | undefined;

function load(choice: EmbedderChoice): Promise<SelectedEmbedder> {
  if (!selected?.choices.has(choice)) {
    const entry = { choices: new Set([choice]), loading: createEmbedder({ ...data.options, choice }) };
    entry.loading.then(
      (s) => entry.choices.add(s.embedder.id),
      () => {
        if (selected === entry) selected = undefined;
      },
    );
    selected = entry;
  }
  return selected.loading;
}

export default async function encode(task: EncoderTask): Promise<EncoderInfo | EncoderLoadFailure | Float32Array[]> {
  if (task.kind === 'info') {
    try {
      const { embedder, description, notice } = await load(task.choice);
      return { id: embedder.id, model: embedder.model, dimensions: embedder.dimensions, description, ...(notice === undefined ? {} : { notice }) };
    } catch (e) {
      const error = e instanceof Error ? e : new Error(String(e));
      return { failed: { name: error.constructor.name, message: error.message } };
    }
  }
  if (data.exitOnText !== undefined && task.texts.includes(data.exitOnText)) process.exit(3);
  const { embedder } = await load(task.choice);
  return embedder.embed(task.texts);
}
