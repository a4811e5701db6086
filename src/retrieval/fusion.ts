/**
 * Reciprocal rank fusion: merges ranked lists by rank, not raw score, so BM25 scores and
 * cosine similarities need no calibration against each other (Cormack et al., SIGIR 2009; k = 60).
 */
import type { ScoredId } from './bm25.ts';

export interface RankedList {
  results: readonly ScoredId[];
  /** Relative trust in this list (the eval tunes it). */
  weight: number;
}

export function reciprocalRankFusion(lists: readonly RankedList[], k = 60): ScoredId[] {
  const fused = new Map<string, number>();
  for (const { results, weight } of lists) {
    results.forEach((r, rank) => fused.set(r.id, (fused.get(r.id) ?? 0) + weight / (k + rank + 1)));
  }
  return [...fused.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([id, score]) => ({ id, score }));
}
