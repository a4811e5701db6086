/**
 * The BM25 index as it was before postings were precomputed and top-k used a heap, kept verbatim as
 * the reference that test/retrieval/bm25-equivalence.test.ts compares the index with.
 */
import { tokenize } from '../../src/retrieval/tokenize.ts';

export interface Bm25Options {
  /** Term-frequency saturation. */
  k1?: number;
  /** Length normalisation. */
  b?: number;
}

export interface ScoredId {
  id: string;
  score: number;
}

export class ReferenceBm25Index {
  private readonly k1: number;
  private readonly b: number;
  private readonly postings = new Map<string, Map<number, number>>();
  private readonly lengths: number[] = [];
  private readonly ids: string[] = [];
  private avgLength = 0;

  constructor(docs: readonly { id: string; text: string }[], opts: Bm25Options = {}) {
    this.k1 = opts.k1 ?? 1.2;
    this.b = opts.b ?? 0.75;
    let total = 0;
    docs.forEach((doc, i) => {
      const tokens = tokenize(doc.text);
      this.ids.push(doc.id);
      this.lengths.push(tokens.length);
      total += tokens.length;
      for (const t of tokens) {
        let p = this.postings.get(t);
        if (!p) this.postings.set(t, (p = new Map()));
        p.set(i, (p.get(i) ?? 0) + 1);
      }
    });
    this.avgLength = docs.length ? total / docs.length : 0;
  }

  get size(): number {
    return this.ids.length;
  }

  /** Inverse document frequency, BM25+ style (never negative). */
  idf(term: string): number {
    const df = this.postings.get(term)?.size ?? 0;
    return Math.log(1 + (this.ids.length - df + 0.5) / (df + 0.5));
  }

  /** The k best documents for `query`, best first; documents sharing no term are not returned. */
  search(query: string, k: number): ScoredId[] {
    const scores = new Map<number, number>();
    const terms = [...new Set(tokenize(query))];
    for (const term of terms) {
      const p = this.postings.get(term);
      if (!p) continue;
      const idf = this.idf(term);
      for (const [doc, tf] of p) {
        const norm = 1 - this.b + this.b * ((this.lengths[doc] ?? 0) / (this.avgLength || 1));
        const s = (idf * tf * (this.k1 + 1)) / (tf + this.k1 * norm);
        scores.set(doc, (scores.get(doc) ?? 0) + s);
      }
    }
    return [...scores.entries()]
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, k)
      .map(([doc, score]) => ({ id: this.ids[doc]!, score }));
  }
}
