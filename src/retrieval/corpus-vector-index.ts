/**
 * One call for `ask`, `serve` and `npm run index`: choose the embedder from the configuration,
 * then load or rebuild the vector index for the corpus. Queries go through an LRU cache.
 */
import type { Corpus } from '../core/corpus-schema.ts';
import { createEmbedder, type EmbedderChoice } from './embedders/select.ts';
import { corpusHash, corpusIndexItems } from './index-items.ts';
import { withQueryCache, type CachedEmbedder } from './query-cache.ts';
import { ensureVectorIndex, type EnsuredVectorIndex, type IndexProgress } from './vector-index.ts';

export interface OpenCorpusVectorIndexOptions {
  corpus: Pick<Corpus, 'papers' | 'concepts'> & { files: readonly { path: string; text: string }[] };
  dataDir: string;
  /** MECHANISTIC_EMBEDDER. */
  embedderChoice: EmbedderChoice;
  /** MECHANISTIC_MODELS_DIR. */
  modelsDir?: string;
  progress?: (event: IndexProgress) => void;
  /** Shipped vectors (`<embedder id>.{json,bin}`); default `corpus/embeddings/`. */
  bundledDir?: string;
  log?: (message: string) => void;
}

export interface CorpusVectorIndex extends EnsuredVectorIndex {
  /** The embedder for queries (same model as the index, with a query cache). */
  embedder: CachedEmbedder;
  /** e.g. `use-lite (universal-sentence-encoder-lite, 512-d)`. */
  description: string;
  /** Set when `auto` could not use MiniLM: why, for the user. */
  notice?: string;
}

export async function openCorpusVectorIndex(options: OpenCorpusVectorIndexOptions): Promise<CorpusVectorIndex> {
  const selected = await createEmbedder({ choice: options.embedderChoice, modelsDir: options.modelsDir, log: options.log });
  const ensured = await ensureVectorIndex({
    dataDir: options.dataDir,
    embedder: selected.embedder,
    items: corpusIndexItems(options.corpus),
    corpusHash: corpusHash(options.corpus.files),
    progress: options.progress,
    bundledDir: options.bundledDir,
  });
  return { ...ensured, ...selected, embedder: withQueryCache(selected.embedder) };
}
