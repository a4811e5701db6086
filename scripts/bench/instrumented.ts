/**
 * The bot's real answer path with stopwatches around it, from the outside: the embedder (behind
 * the production query cache) and the retriever are wrapped, so the time of one answer splits into
 * embed (the query embedder, cache included), search (the rest of retrieval: BM25, HNSW, alias and
 * concept scoring) and compose (everything the core does around them).
 */
import type { Retriever } from '../../src/core/answer.ts';
import type { Corpus } from '../../src/core/corpus-schema.ts';
import { PaperResolver } from '../../src/core/paper-resolver.ts';
import type { Mechanistic } from '../../src/core/service.ts';
import { denseSearch, mechanisticOver } from '../../src/app.ts';
import type { Embedder } from '../../src/retrieval/embedder.ts';
import { withQueryCache, type CachedEmbedder } from '../../src/retrieval/query-cache.ts';
import { createRetriever } from '../../src/retrieval/retriever.ts';
import type { VectorIndex } from '../../src/retrieval/vector-index.ts';
import { nowMs } from './stats.ts';

export interface Timing {
  total: number;
  embed: number;
  search: number;
  compose: number;
}

export interface InstrumentedService {
  service: Mechanistic;
  cache: CachedEmbedder;
  /** Answers one question and says where the time went. */
  timedAsk(text: string): Promise<Timing>;
}

export function instrumentedService(corpus: Corpus, index: VectorIndex, embedder: Embedder): InstrumentedService {
  let embedMs = 0;
  let retrievalMs = 0;
  const cache = withQueryCache(embedder);
  const timedEmbedder: Embedder = {
    id: cache.id,
    model: cache.model,
    dimensions: cache.dimensions,
    async embed(texts) {
      const t = nowMs();
      try {
        return await cache.embed(texts);
      } finally {
        embedMs += nowMs() - t;
      }
    },
  };
  const inner = createRetriever({ corpus, dense: denseSearch(index, timedEmbedder) });
  const timed = <A extends unknown[], R>(f: (...a: A) => Promise<R>) =>
    async (...a: A): Promise<R> => {
      const t = nowMs();
      try {
        return await f(...a);
      } finally {
        retrievalMs += nowMs() - t;
      }
    };
  const retriever: Retriever = {
    recognizeConcepts: timed((text: string) => inner.recognizeConcepts(text)),
    searchPapers: timed((text: string, k: number) => inner.searchPapers(text, k)),
    // Asked beside recognizeConcepts (answer.ts awaits both together): timing it too would count that wait twice, so
    // its small share (one linear model over the text) shows under compose.
    readInterpretability: async (text: string) => inner.readInterpretability?.(text),
  };
  const service = mechanisticOver(corpus, { corpus, retriever, resolver: new PaperResolver(corpus) }, `${embedder.id} (bench)`);
  return {
    service,
    cache,
    async timedAsk(text) {
      embedMs = 0;
      retrievalMs = 0;
      const t = nowMs();
      await service.ask({ text });
      const total = nowMs() - t;
      return { total, embed: embedMs, search: retrievalMs - embedMs, compose: total - retrievalMs };
    },
  };
}
