/**
 * A concept classifier learned from the corpus: one-vs-rest logistic regression over TF-IDF word and
 * word-pair features, trained on every paper the corpus files under a concept (its title and abstract
 * or summary) and on each concept's own names and description. It reads the vocabulary of a new
 * abstract the way the corpus's filed papers use it, which hand-written aliases cannot keep up with.
 *
 * Training is deterministic, so the same corpus always gives the same model; the model is kept beside
 * the corpus snapshot (see cachedConceptClassifier) and trained again only when the corpus or this
 * code changes. Each epoch visits the examples in an order keyed by their ids (see visitOrder), so
 * adding or removing examples (a new concept, a paper left out of an eval fold) leaves the others'
 * order as it was: the model moves by what changed, not by a new shuffle of everything.
 */
import { Worker } from 'node:worker_threads';
import type { Corpus } from '../core/corpus-schema.ts';
import type { DerivedData } from '../corpus/load.ts';
import type { ScoredId } from './bm25.ts';
import { fnv1a32 } from '../core/text.ts';
import { conceptAliases } from './concept-recognizer.ts';
import { tokenize } from './tokenize.ts';

export interface TrainingExample {
  /** A paper id, or `concept:<id>` for a concept's own text. */
  id: string;
  text: string;
  concepts: readonly string[];
  /** How much the example counts (1 for a paper). */
  weight?: number;
}

export interface ClassifierOptions {
  /** A feature must occur in at least this many training texts. */
  minDocumentFrequency: number;
  epochs: number;
  learningRate: number;
  l2: number;
  /** Weight of a positive label against a negative one (each concept has few positives). */
  positiveWeight: number;
  /** Seed of the per-epoch order (see visitOrder). */
  seed: number;
  /**
   * Train this many models from zero, their shuffles seeded seed, seed + 1, …, and keep the mean of their weights
   * (the mean of their logits): a model stopped early depends on its shuffle order, the mean far less.
   */
  runs: number;
}

export const DEFAULT_CLASSIFIER_OPTIONS: ClassifierOptions = {
  minDocumentFrequency: 3,
  epochs: 10,
  learningRate: 0.5,
  l2: 1e-3,
  positiveWeight: 5,
  seed: 7,
  runs: 1,
};

/** FNV-1a (the key of ingest's sample order), then a final avalanche (murmur3's fmix32), so near-identical keys land far apart. */
function hash32(s: string): number {
  let h = fnv1a32(s);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * The order one epoch visits the examples in: by a hash of (seed, epoch, example id), ties by id. A pseudo-random
 * order like a shuffle, but each example's place depends only on its own id, so two example sets that share
 * examples visit the shared ones in the same relative order.
 */
export function visitOrder(ids: readonly string[], seed: number, epoch: number): number[] {
  const keys = ids.map((id) => hash32(`${seed}:${epoch}:${id}`));
  return ids.map((_, i) => i).sort((a, b) => keys[a]! - keys[b]! || (ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : a - b));
}

/** Stemmed content words and adjacent pairs of them ("activ_patch"). */
export function classifierFeatures(text: string): string[] {
  const t = tokenize(text);
  const out = t.slice();
  for (let i = 0; i + 1 < t.length; i++) out.push(`${t[i]}_${t[i + 1]}`);
  return out;
}

/** The examples the bundled classifier learns from: every paper filed under a concept, and every concept's own text. */
export function conceptTrainingExamples(corpus: Pick<Corpus, 'papers' | 'concepts'>, conceptsOf: ReadonlyMap<string, ReadonlySet<string>>): TrainingExample[] {
  const out: TrainingExample[] = [];
  for (const p of corpus.papers.values()) {
    const concepts = [...(conceptsOf.get(p.id) ?? [])].filter((c) => corpus.concepts.has(c));
    out.push({ id: p.id, text: `${p.title}\n${p.abstract ?? p.summary ?? ''}`, concepts });
  }
  for (const c of corpus.concepts.values()) out.push({ id: `concept:${c.id}`, text: `${conceptAliases(c).join('\n')}\n${c.description}`, concepts: [c.id] });
  return out;
}

interface TrainingDoc {
  id: string;
  rows: Int32Array;
  values: Float32Array;
  labels: number[];
  weight: number;
}

export class ConceptClassifier {
  private constructor(
    readonly conceptIds: readonly string[],
    /** Feature → [row in weights, idf]. */
    private readonly features: Map<string, { row: number; idf: number }>,
    /** rows × concepts, row-major. */
    private readonly weights: Float32Array,
    private readonly bias: Float32Array,
  ) {}

  static train(examples: readonly TrainingExample[], conceptIds: readonly string[], options: Partial<ClassifierOptions> = {}): ConceptClassifier {
    const o = { ...DEFAULT_CLASSIFIER_OPTIONS, ...options };
    const ids = [...conceptIds].sort();
    const column = new Map(ids.map((c, i) => [c, i]));
    const C = ids.length;
    const tokens = examples.map((e) => classifierFeatures(e.text));
    const df = new Map<string, number>();
    for (const t of tokens) for (const f of new Set(t)) df.set(f, (df.get(f) ?? 0) + 1);
    const n = examples.length;
    const features = new Map<string, { row: number; idf: number }>();
    for (const [f, d] of [...df.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      if (d >= o.minDocumentFrequency) features.set(f, { row: features.size, idf: Math.log((n + 1) / (d + 1)) });
    }
    const model = new ConceptClassifier(ids, features, new Float32Array(features.size * C), new Float32Array(C));
    const docs = examples.map((e, i) => ({
      ...model.vector(tokens[i]!),
      id: e.id,
      labels: [...new Set(e.concepts.map((c) => column.get(c)).filter((c) => c !== undefined))],
      weight: e.weight ?? 1,
    }));
    model.fit(docs, o);
    return model;
  }

  /** Sparse, L2-normalised TF-IDF vector (sublinear term frequency). */
  private vector(tokens: readonly string[]): { rows: Int32Array; values: Float32Array } {
    const tf = new Map<number, { count: number; idf: number }>();
    for (const t of tokens) {
      const f = this.features.get(t);
      if (!f) continue;
      const e = tf.get(f.row);
      if (e) e.count++;
      else tf.set(f.row, { count: 1, idf: f.idf });
    }
    const rows = Int32Array.from(tf.keys());
    const values = Float32Array.from([...tf.values()].map((e) => (1 + Math.log(e.count)) * e.idf));
    let norm = 0;
    for (const v of values) norm += v * v;
    norm = Math.sqrt(norm) || 1;
    for (let i = 0; i < values.length; i++) values[i]! /= norm;
    return { rows, values };
  }

  /** One run of AdaGrad, or the mean weights of `runs` runs with their own orders (seeds seed, seed + 1, …). */
  private fit(docs: readonly TrainingDoc[], o: ClassifierOptions): void {
    const { runs } = o;
    if (!Number.isInteger(runs) || runs < 1) throw new Error(`runs must be a whole number of at least 1, not ${runs}`);
    if (runs === 1) return this.fitOnce(docs, o, o.seed);
    const sumW = new Float64Array(this.weights.length);
    const sumB = new Float64Array(this.bias.length);
    for (let r = 0; r < runs; r++) {
      this.weights.fill(0);
      this.bias.fill(0);
      this.fitOnce(docs, o, o.seed + r);
      for (let j = 0; j < sumW.length; j++) sumW[j]! += this.weights[j]!;
      for (let c = 0; c < sumB.length; c++) sumB[c]! += this.bias[c]!;
    }
    for (let j = 0; j < sumW.length; j++) this.weights[j] = sumW[j]! / runs;
    for (let c = 0; c < sumB.length; c++) this.bias[c] = sumB[c]! / runs;
  }

  /** AdaGrad on the logistic loss, every concept at once per example, from zero weights. */
  private fitOnce(docs: readonly TrainingDoc[], o: ClassifierOptions, seed: number): void {
    const C = this.conceptIds.length;
    const W = this.weights;
    const b = this.bias;
    const G = new Float32Array(W.length).fill(1e-6);
    const Gb = new Float32Array(C).fill(1e-6);
    const z = new Float64Array(C);
    const g = new Float64Array(C);
    const ids = docs.map((d) => d.id);
    for (let epoch = 0; epoch < o.epochs; epoch++) {
      for (const k of visitOrder(ids, seed, epoch)) {
        const d = docs[k]!;
        this.logits(d.rows, d.values, z);
        for (let c = 0; c < C; c++) g[c] = d.weight / (1 + Math.exp(-z[c]!));
        for (const c of d.labels) g[c] = (g[c]! - d.weight) * o.positiveWeight;
        for (let c = 0; c < C; c++) {
          Gb[c]! += g[c]! * g[c]!;
          b[c]! -= (o.learningRate * g[c]!) / Math.sqrt(Gb[c]!);
        }
        for (let t = 0; t < d.rows.length; t++) {
          const at = d.rows[t]! * C;
          const v = d.values[t]!;
          for (let c = 0; c < C; c++) {
            const j = at + c;
            const gj = g[c]! * v + o.l2 * W[j]!;
            G[j]! += gj * gj;
            W[j]! -= (o.learningRate * gj) / Math.sqrt(G[j]!);
          }
        }
      }
    }
  }

  private logits(rows: Int32Array, values: Float32Array, into: Float64Array): void {
    const C = this.conceptIds.length;
    for (let c = 0; c < C; c++) into[c] = this.bias[c]!;
    for (let t = 0; t < rows.length; t++) {
      const at = rows[t]! * C;
      const v = values[t]!;
      for (let c = 0; c < C; c++) into[c]! += this.weights[at + c]! * v;
    }
  }

  /** Each concept's probability for the text, best first (ties by id). */
  classify(text: string): ScoredId[] {
    const { rows, values } = this.vector(classifierFeatures(text));
    const z = new Float64Array(this.conceptIds.length);
    this.logits(rows, values, z);
    return this.conceptIds.map((id, c) => ({ id, score: 1 / (1 + Math.exp(-z[c]!)) })).sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
  }

  /**
   * A JSON header (concept ids and the byte length of the feature list), the features as one
   * newline-separated string, then float32s: each feature's idf, the weights and the biases. Reading
   * it parses one small JSON object and splits one string, so a large model loads in milliseconds.
   */
  toBytes(): Uint8Array {
    const features = [...this.features.entries()].sort((a, b) => a[1].row - b[1].row);
    const names = Buffer.from(features.map(([f]) => f).join('\n'), 'utf8');
    const header = Buffer.from(JSON.stringify({ concepts: this.conceptIds, features: features.length, namesBytes: names.length }), 'utf8');
    const textBytes = 8 + header.length + names.length;
    const at = textBytes + ((4 - (textBytes % 4)) % 4);
    const idf = Float32Array.from(features.map(([, v]) => v.idf));
    const out = Buffer.alloc(at + (idf.length + this.weights.length + this.bias.length) * 4);
    out.writeBigUInt64LE(BigInt(header.length), 0);
    header.copy(out, 8);
    names.copy(out, 8 + header.length);
    let o = at;
    for (const part of [idf, this.weights, this.bias]) {
      Buffer.from(part.buffer, part.byteOffset, part.byteLength).copy(out, o);
      o += part.byteLength;
    }
    return out;
  }

  /** undefined when the bytes are not a model (a truncated or foreign file): it is trained again. */
  static fromBytes(bytes: Uint8Array): ConceptClassifier | undefined {
    try {
      const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const length = Number(buf.readBigUInt64LE(0));
      if (length > buf.length) return undefined;
      const head = JSON.parse(buf.toString('utf8', 8, 8 + length)) as { concepts: string[]; features: number; namesBytes: number };
      const C = head.concepts.length;
      const F = head.features;
      const textBytes = 8 + length + head.namesBytes;
      const at = textBytes + ((4 - (textBytes % 4)) % 4);
      const floats = F + F * C + C;
      if (!Array.isArray(head.concepts) || buf.length !== at + floats * 4) return undefined;
      const names = F === 0 ? [] : buf.toString('utf8', 8 + length, textBytes).split('\n');
      if (names.length !== F) return undefined;
      const all = new Float32Array(floats);
      new Uint8Array(all.buffer).set(buf.subarray(at, at + floats * 4));
      const features = new Map<string, { row: number; idf: number }>();
      for (let row = 0; row < F; row++) features.set(names[row]!, { row, idf: all[row]! });
      return new ConceptClassifier(head.concepts, features, all.subarray(F, F + F * C), all.subarray(F + F * C));
    } catch {
      return undefined;
    }
  }
}

/** Trains in a worker thread, so the thread that serves questions stays free; in this thread if no worker can start. */
export async function trainInWorker(examples: readonly TrainingExample[], conceptIds: readonly string[], moduleUrl: string = import.meta.url): Promise<ConceptClassifier> {
  const file = moduleUrl.endsWith('.ts') ? new URL('./classifier-trainer-entry.mjs', moduleUrl) : new URL('./classifier-trainer.js', moduleUrl);
  let worker: Worker;
  try {
    worker = new Worker(file, { workerData: { examples, conceptIds } });
  } catch {
    return ConceptClassifier.train(examples, conceptIds);
  }
  const bytes = await new Promise<Uint8Array | undefined>((resolve) => {
    worker.once('message', (m: Uint8Array) => resolve(m));
    worker.once('error', () => resolve(undefined));
    worker.once('exit', () => resolve(undefined));
  });
  void worker.terminate();
  return (bytes && ConceptClassifier.fromBytes(bytes)) ?? ConceptClassifier.train(examples, conceptIds);
}

/**
 * The corpus's classifier, read from beside its snapshot when this code trained it for this corpus
 * before, else trained in a worker thread (seconds for the bundled corpus) and written there.
 */
export async function cachedConceptClassifier(store: DerivedData | undefined, code: readonly string[], examples: () => readonly TrainingExample[], conceptIds: readonly string[]): Promise<ConceptClassifier> {
  const bytes = store?.read('concept-classifier', code);
  const read = bytes && ConceptClassifier.fromBytes(bytes);
  if (read) return read;
  const model = await trainInWorker(examples(), conceptIds);
  store?.write('concept-classifier', code, model.toBytes());
  return model;
}
