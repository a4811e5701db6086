/**
 * Okapi BM25 over short documents (title + summary/abstract), in memory.
 *
 * Everything that does not depend on the query is computed once, when the index is built: each
 * term's postings are typed arrays of document numbers, term frequencies and the BM25 denominator
 * (`tf + k1 * lengthNorm`), and each term's idf. A search adds up scores in a reused array, touching
 * only the documents that share a term with the query, and keeps the k best in a small heap instead
 * of sorting every match. Scores and order are exactly those of the straightforward formula
 * (test/retrieval/bm25-equivalence.test.ts checks it against the former implementation).
 */
import { isStopword } from './stopwords.ts';
import { stem, tokenize, words } from './tokenize.ts';

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

interface Postings {
  docs: Int32Array;
  tf: Float64Array;
  /** tf + k1 * (1 - b + b * length / averageLength), per posting. */
  denom: Float64Array;
  idf: number;
}

export class Bm25Index {
  private readonly k1: number;
  private readonly b: number;
  private readonly postings = new Map<string, Postings>();
  private readonly ids: string[] = [];
  /** Per-document score accumulator and the documents touched by the current search. */
  private readonly scores: Float64Array;
  private readonly touched: Int32Array;
  private readonly seen: Uint8Array;

  constructor(docs: readonly { id: string; text: string }[], opts: Bm25Options = {}) {
    this.k1 = opts.k1 ?? 1.2;
    this.b = opts.b ?? 0.75;
    const lengths: number[] = [];
    const building = new Map<string, { docs: number[]; tf: number[] }>();
    const tokenizeDoc = memoTokenizer();
    let total = 0;
    docs.forEach((doc, i) => {
      const tokens = tokenizeDoc(doc.text);
      this.ids.push(doc.id);
      lengths.push(tokens.length);
      total += tokens.length;
      for (const t of tokens) {
        let p = building.get(t);
        if (!p) building.set(t, (p = { docs: [], tf: [] }));
        // Documents are added in order, so a repeated term of this document is the last posting.
        const last = p.docs.length - 1;
        if (last >= 0 && p.docs[last] === i) p.tf[last]! += 1;
        else {
          p.docs.push(i);
          p.tf.push(1);
        }
      }
    });
    const avgLength = docs.length ? total / docs.length : 0;
    const n = this.ids.length;
    for (const [term, p] of building) {
      const df = p.docs.length;
      const denom = new Float64Array(df);
      for (let j = 0; j < df; j++) {
        const norm = 1 - this.b + this.b * ((lengths[p.docs[j]!] ?? 0) / (avgLength || 1));
        denom[j] = p.tf[j]! + this.k1 * norm;
      }
      this.postings.set(term, {
        docs: Int32Array.from(p.docs),
        tf: Float64Array.from(p.tf),
        denom,
        idf: Math.log(1 + (n - df + 0.5) / (df + 0.5)),
      });
    }
    this.scores = new Float64Array(n);
    this.touched = new Int32Array(n);
    this.seen = new Uint8Array(n);
  }

  get size(): number {
    return this.ids.length;
  }

  /** Inverse document frequency, BM25+ style (never negative). */
  idf(term: string): number {
    const p = this.postings.get(term);
    return p ? p.idf : Math.log(1 + (this.ids.length + 0.5) / 0.5);
  }

  /** The k best documents for `query`, best first (ties: earlier document first); documents sharing no term are not returned. */
  search(query: string, k: number): ScoredId[] {
    const { scores, touched, seen } = this;
    const k1p1 = this.k1 + 1;
    let count = 0;
    for (const term of new Set(tokenize(query))) {
      const p = this.postings.get(term);
      if (!p) continue;
      const { docs, tf, denom, idf } = p;
      for (let j = 0; j < docs.length; j++) {
        const doc = docs[j]!;
        // The same expression, in the same order, as the textbook formula: identical floating-point results.
        const s = (idf * tf[j]! * k1p1) / denom[j]!;
        if (seen[doc] === 0) {
          seen[doc] = 1;
          touched[count++] = doc;
          scores[doc] = 0 + s;
        } else scores[doc]! += s;
      }
    }
    const best = topK(scores, touched, count, Math.max(0, Math.floor(k)));
    const results = best.map((doc) => ({ id: this.ids[doc]!, score: scores[doc]! }));
    for (let j = 0; j < count; j++) {
      const doc = touched[j]!;
      seen[doc] = 0;
      scores[doc] = 0;
    }
    return results;
  }
}

/**
 * tokenize(), with each distinct word's stopword check and stemming done once per index rather than
 * once per occurrence (documents share most of their vocabulary).
 */
function memoTokenizer(): (text: string) => string[] {
  const memo = new Map<string, string | null>();
  return (text) => {
    const out: string[] = [];
    for (const w of words(text)) {
      let t = memo.get(w);
      if (t === undefined) {
        t = isStopword(w) ? null : stem(w);
        memo.set(w, t);
      }
      if (t !== null) out.push(t);
    }
    return out;
  };
}

/** a ranks before b: higher score, then lower document number. */
function before(scores: Float64Array, a: number, b: number): boolean {
  const sa = scores[a]!;
  const sb = scores[b]!;
  return sa > sb || (sa === sb && a < b);
}

/**
 * The k best of `touched[0..count)`, best first. A binary heap whose root is the worst of the best
 * so far: O(count log k) instead of sorting every match.
 */
function topK(scores: Float64Array, touched: Int32Array, count: number, k: number): number[] {
  if (k === 0 || count === 0) return [];
  if (k >= count) return Array.from(touched.subarray(0, count)).sort((a, b) => (before(scores, a, b) ? -1 : 1));
  const heap: number[] = [];
  const siftDown = (i: number): void => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let worst = i;
      if (l < heap.length && before(scores, heap[worst]!, heap[l]!)) worst = l;
      if (r < heap.length && before(scores, heap[worst]!, heap[r]!)) worst = r;
      if (worst === i) return;
      [heap[i], heap[worst]] = [heap[worst]!, heap[i]!];
      i = worst;
    }
  };
  for (let j = 0; j < count; j++) {
    const doc = touched[j]!;
    if (heap.length < k) {
      heap.push(doc);
      for (let i = heap.length - 1; i > 0; ) {
        const parent = (i - 1) >> 1;
        if (!before(scores, heap[parent]!, heap[i]!)) break;
        [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
        i = parent;
      }
    } else if (before(scores, doc, heap[0]!)) {
      heap[0] = doc;
      siftDown(0);
    }
  }
  return heap.sort((a, b) => (before(scores, a, b) ? -1 : 1));
}
