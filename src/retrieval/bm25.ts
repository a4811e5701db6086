/**
 * Okapi BM25 over short documents (title + summary/abstract), in memory.
 *
 * Everything that does not depend on the query is computed once, when the index is built: every
 * term's postings sit in two flat typed arrays (document numbers and term frequencies), term after
 * term, each document's length norm `1 - b + b * length / averageLength` in a third and each term's
 * idf in a fourth. A search adds up scores in a reused array, touching
 * only the documents that share a term with the query, and keeps the k best in a small heap instead
 * of sorting every match. Scores and order are exactly those of the straightforward formula
 * (test/retrieval/bm25-equivalence.test.ts checks it against the former implementation).
 *
 * The postings do not depend on k1 and b, so they can be kept on disk (toBytes / fromBytes, through the
 * corpus snapshot's derived data: cachedBm25) and a start reads them instead of tokenizing every paper.
 */
import { isStopword } from './stopwords.ts';
import { stem, tokenize, words } from './tokenize.ts';
import { siblingModules, type DerivedData } from '../corpus/load.ts';

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

/** What a built index consists of before the per-posting BM25 terms are worked out (built, or read back from bytes). */
interface Bm25Parts {
  ids: string[];
  /** Terms by term number. */
  terms: string[];
  /** Each document's length in terms. */
  lengths: Int32Array;
  offsets: Int32Array;
  docs: Int32Array;
  tf: Int32Array;
}

/** Layout version of toBytes(); bumped when it changes. */
const BYTES_FORMAT = 1;
/** This module and what it tokenizes with: part of the key of an index kept on disk (cachedBm25). */
export const BM25_CODE: readonly string[] = siblingModules(import.meta.url, './tokenize', './stopwords');

export class Bm25Index {
  private readonly k1: number;
  private readonly b: number;
  /** Term → term number; term t's postings are positions offsets[t] .. offsets[t + 1] of docs and tf. */
  private readonly terms = new Map<string, number>();
  private readonly termList: string[];
  private readonly lengths: Int32Array;
  private readonly offsets: Int32Array;
  private readonly docs: Int32Array;
  private readonly tf: Int32Array;
  /** 1 - b + b * length / averageLength, per document. */
  private readonly norm: Float64Array;
  private readonly idfs: Float64Array;
  private readonly ids: string[];
  /** Per-document score accumulator and the documents touched by the current search. */
  private readonly scores: Float64Array;
  private readonly touched: Int32Array;
  private readonly seen: Uint8Array;

  constructor(docs: readonly { id: string; text: string }[] | Bm25Parts, opts: Bm25Options = {}) {
    this.k1 = opts.k1 ?? 1.2;
    this.b = opts.b ?? 0.75;
    const parts = Array.isArray(docs) ? buildParts(docs) : (docs as Bm25Parts);
    this.ids = parts.ids;
    this.termList = parts.terms;
    parts.terms.forEach((term, t) => this.terms.set(term, t));
    this.lengths = parts.lengths;
    this.offsets = parts.offsets;
    this.docs = parts.docs;
    this.tf = parts.tf;
    // Everything from here on depends on k1 and b, so it is worked out at every start, never stored.
    const n = parts.ids.length;
    const termCount = parts.terms.length;
    let total = 0;
    for (let i = 0; i < n; i++) total += this.lengths[i]!;
    const avgLength = n ? total / n : 0;
    this.norm = new Float64Array(n);
    for (let i = 0; i < n; i++) this.norm[i] = 1 - this.b + this.b * (this.lengths[i]! / (avgLength || 1));
    this.idfs = new Float64Array(termCount);
    for (let t = 0; t < termCount; t++) {
      const d = this.offsets[t + 1]! - this.offsets[t]!;
      this.idfs[t] = Math.log(1 + (n - d + 0.5) / (d + 0.5));
    }
    this.scores = new Float64Array(n);
    this.touched = new Int32Array(n);
    this.seen = new Uint8Array(n);
  }

  /**
   * The index as bytes for fromBytes (not k1 and b: they are applied when it is read): a JSON header,
   * then the flat arrays, each at a multiple of 8 bytes so they are read back as views, not copies.
   */
  toBytes(): Uint8Array {
    const arrays = [this.lengths, this.offsets, this.docs, this.tf];
    const strings = Buffer.from(JSON.stringify([this.ids, this.termList]), 'utf8');
    const header = Buffer.from(
      JSON.stringify({ format: BYTES_FORMAT, littleEndian: LITTLE_ENDIAN, strings: strings.length, arrays: arrays.map((a) => a.length) }),
      'latin1',
    );
    const pad = (x: number) => (8 - (x % 8)) % 8;
    let size = 8 + header.length + pad(header.length) + strings.length + pad(strings.length);
    for (const a of arrays) size += a.byteLength + pad(a.byteLength);
    const out = Buffer.alloc(size);
    out.writeUInt32LE(header.length, 0);
    let at = 8;
    header.copy(out, at);
    at += header.length + pad(header.length);
    strings.copy(out, at);
    at += strings.length + pad(strings.length);
    for (const a of arrays) {
      out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), at);
      at += a.byteLength + pad(a.byteLength);
    }
    return out;
  }

  /** The index toBytes wrote, with these options; undefined when the bytes are not such an index (another layout, cut short). */
  static fromBytes(bytes: Uint8Array, opts: Bm25Options = {}): Bm25Index | undefined {
    try {
      // Views need 8-byte alignment of the whole buffer; a read file's own buffer has it, a slice may not.
      const buf = bytes.byteOffset % 8 === 0 ? bytes : Uint8Array.prototype.slice.call(bytes);
      const view = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
      const headerLength = view.readUInt32LE(0);
      const header = JSON.parse(view.toString('latin1', 8, 8 + headerLength)) as { format: number; littleEndian: boolean; strings: number; arrays: number[] };
      if (header.format !== BYTES_FORMAT || header.littleEndian !== LITTLE_ENDIAN || header.arrays.length !== 4) return undefined;
      const pad = (x: number) => (8 - (x % 8)) % 8;
      let at = 8 + headerLength + pad(headerLength);
      const [ids, terms] = JSON.parse(view.toString('utf8', at, at + header.strings)) as [string[], string[]];
      at += header.strings + pad(header.strings);
      const arrays = header.arrays.map((length) => {
        if (at + length * 4 > view.length) throw new RangeError('cut short');
        const a = new Int32Array(view.buffer, view.byteOffset + at, length);
        at += length * 4 + pad(length * 4);
        return a;
      });
      const [lengths, offsets, docs, tf] = arrays as [Int32Array, Int32Array, Int32Array, Int32Array];
      if (lengths.length !== ids.length || offsets.length !== terms.length + 1 || docs.length !== tf.length || offsets[terms.length] !== docs.length) return undefined;
      return new Bm25Index({ ids, terms, lengths, offsets, docs, tf }, opts);
    } catch {
      return undefined;
    }
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
    const { scores, touched, seen, docs, tf, norm, k1 } = this;
    const k1p1 = this.k1 + 1;
    let count = 0;
    for (const term of new Set(tokenize(query))) {
      const t = this.terms.get(term);
      if (t === undefined) continue;
      const idf = this.idfs[t]!;
      for (let j = this.offsets[t]!, end = this.offsets[t + 1]!; j < end; j++) {
        const doc = docs[j]!;
        // The same expression, in the same order, as the textbook formula: identical floating-point results.
        const s = (idf * tf[j]! * k1p1) / (tf[j]! + k1 * norm[doc]!);
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

/**
 * One pass over the documents: each document's distinct terms (by number) and their counts, in a flat
 * list; each term's document frequency. No per-term arrays, so large corpora build without a garbage
 * collector's worth of small objects. Then the postings, term after term, each term's sorted by document.
 */
function buildParts(docs: readonly { id: string; text: string }[]): Bm25Parts {
  const n = docs.length;
  const ids: string[] = [];
  const termNumbers = new Map<string, number>();
  const lengths = new Int32Array(n);
  const pairTerm = new IntList();
  const pairTf = new IntList();
  const docEnd = new Int32Array(n);
  const df: number[] = [];
  const lastDoc: number[] = [];
  const count: number[] = [];
  const local: number[] = [];
  const termOf = memoTermNumbers(termNumbers);
  docs.forEach((doc, i) => {
    ids.push(doc.id);
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
    for (const t of local) {
      pairTerm.push(t);
      pairTf.push(count[t]!);
      df[t] = (df[t] ?? 0) + 1;
    }
    docEnd[i] = pairTerm.length;
  });
  const termCount = termNumbers.size;
  const offsets = new Int32Array(termCount + 1);
  for (let t = 0; t < termCount; t++) offsets[t + 1] = offsets[t]! + (df[t] ?? 0);
  const postings = pairTerm.length;
  const docNumbers = new Int32Array(postings);
  const tf = new Int32Array(postings);
  // Documents in order, so each term's postings come out sorted by document.
  const fill = Int32Array.from(offsets.subarray(0, termCount));
  let j = 0;
  for (let i = 0; i < n; i++) {
    for (; j < docEnd[i]!; j++) {
      const at = fill[pairTerm.data[j]!]!++;
      docNumbers[at] = i;
      tf[at] = pairTf.data[j]!;
    }
  }
  return { ids, terms: [...termNumbers.keys()], lengths, offsets, docs: docNumbers, tf };
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * The index of `docs()` for this corpus and this code, read from the corpus's derived data when it was
 * stored there (see DerivedData in src/corpus/load.ts), else built and stored. `code`: the modules that
 * make the documents' texts (BM25_CODE is added), so a change to how the texts are made is a new key.
 */
export function cachedBm25(
  store: DerivedData | undefined,
  name: string,
  code: readonly string[],
  docs: () => readonly { id: string; text: string }[],
  opts: Bm25Options = {},
): Bm25Index {
  const keyCode = [...BM25_CODE, ...code];
  const bytes = store?.read(name, keyCode);
  const read = bytes && Bm25Index.fromBytes(bytes, opts);
  if (read) return read;
  const index = new Bm25Index(docs(), opts);
  store?.write(name, keyCode, index.toBytes());
  return index;
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
