/**
 * Okapi BM25 over short documents (title + summary/abstract), in memory.
 *
 * Everything that does not depend on the query is computed once, when the index is built: every
 * term's postings sit in three flat typed arrays (document numbers, term frequencies and the BM25
 * denominator `tf + k1 * lengthNorm`), term after term, and each term's idf in a fourth. A search adds up scores in a reused array, touching
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

/** Growable typed array of 32-bit integers (the build's flat lists). */
class IntList {
  data = new Int32Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = v;
  }
}

export class Bm25Index {
  private readonly k1: number;
  private readonly b: number;
  /** Term → term number; term t's postings are positions offsets[t] .. offsets[t + 1] of docs, tf and denom. */
  private readonly terms = new Map<string, number>();
  private readonly offsets: Int32Array;
  private readonly docs: Int32Array;
  private readonly tf: Float64Array;
  /** tf + k1 * (1 - b + b * length / averageLength), per posting. */
  private readonly denom: Float64Array;
  private readonly idfs: Float64Array;
  private readonly ids: string[] = [];
  /** Per-document score accumulator and the documents touched by the current search. */
  private readonly scores: Float64Array;
  private readonly touched: Int32Array;
  private readonly seen: Uint8Array;

  constructor(docs: readonly { id: string; text: string }[], opts: Bm25Options = {}) {
    this.k1 = opts.k1 ?? 1.2;
    this.b = opts.b ?? 0.75;
    // One pass over the documents: each document's distinct terms (by number) and their counts, in a
    // flat list; each term's document frequency. No per-term arrays, so large corpora build without
    // a garbage collector's worth of small objects.
    const n = docs.length;
    const lengths = new Float64Array(n);
    const pairTerm = new IntList();
    const pairTf = new IntList();
    const docEnd = new Int32Array(n);
    const df: number[] = [];
    const lastDoc: number[] = [];
    const count: number[] = [];
    const local: number[] = [];
    const termOf = memoTermNumbers(this.terms);
    let total = 0;
    docs.forEach((doc, i) => {
      this.ids.push(doc.id);
      let length = 0;
      local.length = 0;
      for (const w of words(doc.text)) {
        const t = termOf(w);
        if (t < 0) continue;
        length++;
        if (lastDoc[t] === i) count[t]! += 1;
        else {
          lastDoc[t] = i;
          count[t] = 1;
          local.push(t);
        }
      }
      lengths[i] = length;
      total += length;
      for (const t of local) {
        pairTerm.push(t);
        pairTf.push(count[t]!);
        df[t] = (df[t] ?? 0) + 1;
      }
      docEnd[i] = pairTerm.length;
    });
    const termCount = this.terms.size;
    this.offsets = new Int32Array(termCount + 1);
    for (let t = 0; t < termCount; t++) this.offsets[t + 1] = this.offsets[t]! + (df[t] ?? 0);
    const postings = pairTerm.length;
    this.docs = new Int32Array(postings);
    this.tf = new Float64Array(postings);
    this.denom = new Float64Array(postings);
    this.idfs = new Float64Array(termCount);
    const avgLength = n ? total / n : 0;
    // Documents in order, so each term's postings come out sorted by document.
    const fill = Int32Array.from(this.offsets.subarray(0, termCount));
    let j = 0;
    for (let i = 0; i < n; i++) {
      const norm = 1 - this.b + this.b * (lengths[i]! / (avgLength || 1));
      for (; j < docEnd[i]!; j++) {
        const t = pairTerm.data[j]!;
        const at = fill[t]!++;
        const tf = pairTf.data[j]!;
        this.docs[at] = i;
        this.tf[at] = tf;
        this.denom[at] = tf + this.k1 * norm;
      }
    }
    for (let t = 0; t < termCount; t++) {
      const d = df[t] ?? 0;
      this.idfs[t] = Math.log(1 + (n - d + 0.5) / (d + 0.5));
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
    const t = this.terms.get(term);
    return t !== undefined ? this.idfs[t]! : Math.log(1 + (this.ids.length + 0.5) / 0.5);
  }

  /** The k best documents for `query`, best first (ties: earlier document first); documents sharing no term are not returned. */
  search(query: string, k: number): ScoredId[] {
    const { scores, touched, seen, docs, tf, denom } = this;
    const k1p1 = this.k1 + 1;
    let count = 0;
    for (const term of new Set(tokenize(query))) {
      const t = this.terms.get(term);
      if (t === undefined) continue;
      const idf = this.idfs[t]!;
      for (let j = this.offsets[t]!, end = this.offsets[t + 1]!; j < end; j++) {
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
 * A word's term number (numbering new terms in `terms` as they come), or -1 for a stopword: tokenize()
 * with each distinct word's stopword check and stemming done once per index rather than once per
 * occurrence (documents share most of their vocabulary).
 */
function memoTermNumbers(terms: Map<string, number>): (word: string) => number {
  const memo = new Map<string, number>();
  return (w) => {
    let t = memo.get(w);
    if (t === undefined) {
      if (isStopword(w)) t = -1;
      else {
        const term = stem(w);
        t = terms.get(term);
        if (t === undefined) terms.set(term, (t = terms.size));
      }
      memo.set(w, t);
    }
    return t;
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
