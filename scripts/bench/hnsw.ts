/**
 * HNSW against exact search on the same vectors: recall@10 and query time, for the corpus index
 * and for a synthetic index of 100k vectors made by perturbing the corpus vectors (so the points
 * fill the space like real embeddings instead of spreading uniformly over the sphere).
 */
import { efSearchFor, VectorIndex } from '../../src/retrieval/vector-index.ts';
import { distribution, nowMs, type Distribution } from './stats.ts';

export interface HnswComparison {
  items: number;
  queries: number;
  recallAt10: number;
  hnswMs: Distribution;
  exactMs: Distribution;
  buildSeconds?: number;
}

export function compare(index: VectorIndex, queries: readonly Float32Array[], k = 10): HnswComparison {
  let found = 0;
  let wanted = 0;
  const hnswMs: number[] = [];
  const exactMs: number[] = [];
  for (const q of queries) {
    let t = nowMs();
    const approx = index.search(q, k);
    hnswMs.push(nowMs() - t);
    t = nowMs();
    const exact = index.exactSearch(q, k);
    exactMs.push(nowMs() - t);
    const got = new Set(approx.map((h) => h.id));
    wanted += exact.length;
    found += exact.filter((h) => got.has(h.id)).length;
  }
  return { items: index.size, queries: queries.length, recallAt10: found / Math.max(1, wanted), hnswMs: distribution(hnswMs), exactMs: distribution(exactMs) };
}

/** A seeded PRNG (mulberry32), so the synthetic index is the same on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(r: () => number): number {
  return Math.sqrt(-2 * Math.log(r() || 1e-12)) * Math.cos(2 * Math.PI * r());
}

/**
 * `n` unit vectors, each a random mix of two corpus vectors plus Gaussian noise (`noise` times a unit
 * vector's norm). Mixing fills the space between topics the way a large corpus does, instead of
 * piling near-duplicates around each corpus vector.
 */
export function synthesize(base: readonly Float32Array[], n: number, noise = 0.5, seed = 7): Float32Array[] {
  const r = rng(seed);
  const d = base[0]!.length;
  const sigma = noise / Math.sqrt(d);
  const out: Float32Array[] = [];
  for (let i = 0; i < n; i++) {
    const a = base[Math.floor(r() * base.length)]!;
    const b = base[Math.floor(r() * base.length)]!;
    const t = r();
    const v = new Float32Array(d);
    let norm = 0;
    for (let j = 0; j < d; j++) {
      v[j] = t * a[j]! + (1 - t) * b[j]! + sigma * gaussian(r);
      norm += v[j]! * v[j]!;
    }
    norm = Math.sqrt(norm);
    for (let j = 0; j < d; j++) v[j]! /= norm;
    out.push(v);
  }
  return out;
}

/** Recall and speed on `n` synthetic vectors, at the default ef and at each of `efs`. */
export function syntheticComparison(
  base: readonly Float32Array[],
  n: number,
  queries: readonly Float32Array[],
  efs: readonly number[],
  log: (s: string) => void,
): { ef: number; result: HnswComparison }[] {
  const vectors = synthesize(base, n);
  const ids = vectors.map((_, i) => `synthetic:${i}`);
  const t = nowMs();
  const index = VectorIndex.build({ id: 'use-lite', model: 'synthetic', dimensions: base[0]!.length }, ids, vectors, (done, total) => {
    if (done % 20000 === 0) log(`synthetic HNSW: ${done}/${total} inserted`);
  });
  const buildSeconds = (nowMs() - t) / 1000;
  const out = [{ ef: efSearchFor(n), result: { ...compare(index, queries), buildSeconds } }];
  for (const ef of efs) {
    index.setSearchEf(ef);
    out.push({ ef, result: { ...compare(index, queries), buildSeconds } });
  }
  index.setSearchEf(efSearchFor(n));
  return out;
}
