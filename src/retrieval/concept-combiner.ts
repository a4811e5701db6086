/**
 * A learned combination of the concept-recognition channels for pasted abstracts. The hand-set combination
 * (combineConceptEvidence) decides whether a text names any concept at all; where it does, this model re-ranks and
 * re-selects the concepts from the same evidence: alias matches (in the text and in its title line), BM25 over the
 * concepts' texts, the corpus-trained classifier's probabilities, the encoder's similarities, the hand-set score and
 * the share of each concept's head words the text uses.
 * It is a logistic model over per-concept features, the same for every concept (so it fits any corpus), fitted by
 * `npm run eval:fit-concepts` (scripts/fit-concept-combiner.ts) on the concepts labelled for the eval's training splits
 * and kept in corpus/models/concept-combiner.json.
 */
import { fileURLToPath } from 'node:url';
import type { ScoredId } from '../core/answer.ts';
import { readModelFile } from '../corpus/model-file.ts';
import { DEFAULT_CONCEPT_WEIGHTS, isSpecificAlias, type AliasMatch } from './concept-recognizer.ts';

/** The evidence every channel gave for one text, before any combination. */
export interface ConceptEvidence {
  aliases: readonly AliasMatch[];
  /** Alias matches in the text's first line (a pasted title). */
  titleAliases: readonly AliasMatch[];
  /** BM25 over every concept's text, raw scores. */
  lexical: readonly ScoredId[];
  /** The corpus-trained classifier's probability for every concept. */
  learned: readonly ScoredId[];
  /** The encoder's cosine to every concept. */
  similarities: readonly ScoredId[];
  /** What the hand-set combination chose (scores in 0..1). */
  base: readonly (ScoredId & { byAlias: boolean; guess?: true })[];
  /** Per concept, the weighted share of its head words the text uses (HeadWords in concept-recognizer.ts). */
  heads?: readonly ScoredId[];
}

/** The features of one concept for one text, by name, in the model's order. */
export const CONCEPT_FEATURES = ['alias', 'specificAlias', 'titleAlias', 'titleSpecificAlias', 'lexical', 'lexicalRank', 'learned', 'learnedLog', 'learnedRank', 'similarity', 'similarityRank', 'base', 'headWords'] as const;
export type ConceptFeatureName = (typeof CONCEPT_FEATURES)[number];

/** Floor of the classifier's probability on the log scale. */
const LEARNED_FLOOR = 1e-4;

export interface ConceptCombinerModel {
  features: readonly string[];
  /** Standardisation: x' = (x - mean) / scale, per feature. */
  mean: readonly number[];
  scale: readonly number[];
  weights: readonly number[];
  bias: number;
  /** A concept is chosen with at least this probability ... */
  threshold: number;
  /** ... and at least this share of the best concept's probability ... */
  relativeFloor: number;
  /** ... at most this many. */
  maxConcepts: number;
  /**
   * The chosen concepts' scores run from `shareFloor` × the best hand-set score (at the threshold) to the best hand-set
   * score, by probability over the best concept's: so the answer keeps every chosen concept next to the main one.
   */
  shareFloor: number;
}

/** Per concept that any channel names, its feature vector (CONCEPT_FEATURES order). */
export function conceptFeatures(e: ConceptEvidence): Map<string, number[]> {
  const raw = new Map<string, Partial<Record<ConceptFeatureName, number>>>();
  const of = (id: string) => raw.get(id) ?? raw.set(id, {}).get(id)!;
  for (const m of e.aliases) {
    const f = of(m.conceptId);
    f.alias = Math.max(f.alias ?? 0, m.score);
    if (isSpecificAlias(m)) f.specificAlias = 1;
  }
  for (const m of e.titleAliases) {
    const f = of(m.conceptId);
    f.titleAlias = 1;
    if (isSpecificAlias(m)) f.titleSpecificAlias = 1;
  }
  const ranked = (xs: readonly ScoredId[]) => [...xs].sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
  ranked(e.lexical).forEach((s, rank) => {
    const f = of(s.id);
    f.lexical = s.score > 0 ? s.score / (s.score + DEFAULT_CONCEPT_WEIGHTS.lexicalHalfScore) : 0;
    f.lexicalRank = 1 / (1 + rank);
  });
  // The classifier's ranking means something only where it recognizes the text at all: below the hand-set combination's
  // floor its first choice is one near-zero probability among many (a text on a topic it has few papers for).
  ranked(e.learned).forEach((s, rank) => {
    const f = of(s.id);
    f.learned = s.score;
    f.learnedLog = Math.log(Math.max(s.score, LEARNED_FLOOR));
    f.learnedRank = s.score >= DEFAULT_CONCEPT_WEIGHTS.learnedFloor ? 1 / (1 + rank) : 0;
  });
  ranked(e.similarities).forEach((s, rank) => {
    const f = of(s.id);
    f.similarity = s.score;
    f.similarityRank = 1 / (1 + rank);
  });
  for (const b of e.base) of(b.id).base = b.score;
  for (const h of e.heads ?? []) if (h.score > 0) of(h.id).headWords = h.score;
  const out = new Map<string, number[]>();
  for (const [id, f] of raw) out.set(id, CONCEPT_FEATURES.map((name) => (name === 'learnedLog' ? (f.learnedLog ?? Math.log(LEARNED_FLOOR)) : (f[name] ?? 0))));
  return out;
}

export function conceptProbability(model: ConceptCombinerModel, x: readonly number[]): number {
  let z = model.bias;
  for (let i = 0; i < x.length; i++) z += (model.weights[i]! * (x[i]! - model.mean[i]!)) / model.scale[i]!;
  return 1 / (1 + Math.exp(-z));
}

/**
 * The concepts of a pasted abstract as the model chooses them from the channels' evidence. The hand-set combination
 * stays the gate: a text it finds no concept in keeps none, and its closest guess stays a guess (of the model's first
 * choice). Otherwise the concepts with probability ≥ threshold and ≥ relativeFloor × the best, at most maxConcepts,
 * best first; a specific alias still marks a concept as named by alias.
 */
export function combineWithModel(e: ConceptEvidence, model: ConceptCombinerModel): (ScoredId & { byAlias: boolean; guess?: true })[] {
  const first = e.base[0];
  if (!first) return [];
  const features = conceptFeatures(e);
  const scored = [...features].map(([id, x]) => ({ id, p: conceptProbability(model, x) })).sort((a, b) => b.p - a.p || a.id.localeCompare(b.id));
  // The hand-set choice is among the features, so there is always a best concept.
  const best = scored[0]!;
  if (first.guess) return [{ id: best.id, score: first.score, byAlias: false, guess: true }];
  const chosen = scored.filter((s) => s.p >= model.threshold && s.p >= model.relativeFloor * best.p).slice(0, model.maxConcepts);
  if (chosen.length === 0) return [...e.base];
  const specific = new Set(e.aliases.filter(isSpecificAlias).map((m) => m.conceptId));
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return chosen.map((s) => ({ id: s.id, score: round(first.score * (model.shareFloor + (1 - model.shareFloor) * (s.p / best.p))), byAlias: specific.has(s.id) }));
}

/** Thrown for a model file that does not fit this code's features. */
export class ConceptCombinerError extends Error {}

export function parseConceptCombiner(json: unknown): ConceptCombinerModel {
  const m = json as Partial<ConceptCombinerModel> | null;
  const numbers = (xs: unknown, n: number) => Array.isArray(xs) && xs.length === n && xs.every((x) => typeof x === 'number' && Number.isFinite(x));
  if (!m || !Array.isArray(m.features) || m.features.length !== CONCEPT_FEATURES.length || m.features.some((f, i) => f !== CONCEPT_FEATURES[i])) {
    throw new ConceptCombinerError(`concept combiner: its features must be this code's (${CONCEPT_FEATURES.join(', ')}); refit it with npm run eval:fit-concepts`);
  }
  const n = CONCEPT_FEATURES.length;
  if (!numbers(m.mean, n) || !numbers(m.scale, n) || !numbers(m.weights, n) || !(m.scale as number[]).every((s) => s > 0)) {
    throw new ConceptCombinerError(`concept combiner: mean, scale (positive) and weights need one finite number per feature (${n})`);
  }
  if (![m.bias, m.threshold, m.relativeFloor, m.shareFloor].every((x) => typeof x === 'number' && Number.isFinite(x)) || !Number.isInteger(m.maxConcepts) || m.maxConcepts! < 1) {
    throw new ConceptCombinerError('concept combiner: bias, threshold, relativeFloor and shareFloor must be finite numbers and maxConcepts a whole number ≥ 1');
  }
  const { features, mean, scale, weights, bias, threshold, relativeFloor, maxConcepts, shareFloor } = m as ConceptCombinerModel;
  return { features: [...features], mean: [...mean], scale: [...scale], weights: [...weights], bias, threshold, relativeFloor, maxConcepts, shareFloor };
}

/** Where the shipped model is kept, beside the corpus whose eval labels fitted it. */
export const BUNDLED_CONCEPT_COMBINER = fileURLToPath(new URL('../../corpus/models/concept-combiner.json', import.meta.url));

/** The model in `path`: undefined when there is no file (the hand-set combination decides alone); a damaged file throws. */
export function loadConceptCombiner(path = BUNDLED_CONCEPT_COMBINER): ConceptCombinerModel | undefined {
  return readModelFile(path, parseConceptCombiner, (message) => new ConceptCombinerError(message));
}

let bundled: { model: ConceptCombinerModel | undefined } | undefined;

/** The shipped model, read once per process (every retriever made over the corpus shares it). */
export function bundledConceptCombiner(): ConceptCombinerModel | undefined {
  bundled ??= { model: loadConceptCombiner() };
  return bundled.model;
}
