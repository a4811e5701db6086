/**
 * A small LRU cache in front of an embedder, for queries: the same text gives the same vector
 * without running the model again (reading groups ask the same question in several channels,
 * and the benchmark measures warm latency with it).
 */
import type { Embedder } from './embedder.ts';

export interface CachedEmbedder extends Embedder {
  /** Texts served from the cache / embedded by the model, since creation. */
  readonly stats: { hits: number; misses: number };
}

export function withQueryCache(embedder: Embedder, capacity = 512): CachedEmbedder {
  if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`query cache capacity must be a positive integer, got ${capacity}`);
  // A Map iterates in insertion order, so re-inserting on every hit keeps the oldest entry first.
  const entries = new Map<string, Float32Array>();
  const stats = { hits: 0, misses: 0 };
  return {
    id: embedder.id,
    model: embedder.model,
    dimensions: embedder.dimensions,
    stats,
    async embed(texts) {
      const missing = [...new Set(texts.filter((t) => !entries.has(t)))];
      stats.misses += missing.length;
      stats.hits += texts.length - missing.length;
      const fresh = missing.length > 0 ? await embedder.embed(missing) : [];
      const found = new Map<string, Float32Array>();
      missing.forEach((t, i) => found.set(t, fresh[i]!));
      const out = texts.map((t) => {
        const vector = found.get(t) ?? entries.get(t)!;
        entries.delete(t);
        entries.set(t, vector);
        return vector;
      });
      while (entries.size > capacity) entries.delete(entries.keys().next().value!);
      // Copies, so a caller that scales a vector in place cannot corrupt the cache.
      return out.map((v) => v.slice());
    },
  };
}
