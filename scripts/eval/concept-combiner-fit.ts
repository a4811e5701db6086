/**
 * The fit of the learned concept combination (src/retrieval/concept-combiner.ts): one row per concept any channel
 * names in a training item's pasted abstract, its target whether the item's labeller gave that concept. Items are the
 * interpretability papers of the real training splits whose abstract the hand-set combination finds a concept in (where
 * the learned one is used), each read as on the day it appeared (the corpus classifier trained without its paper).
 */
import type { Corpus } from '../../src/core/corpus-schema.ts';
import { PaperResolver } from '../../src/core/paper-resolver.ts';
import { CONCEPT_FEATURES, conceptFeatures, type ConceptCombinerModel, type ConceptEvidence } from '../../src/retrieval/concept-combiner.ts';
import { DEFAULT_CONCEPT_WEIGHTS } from '../../src/retrieval/concept-recognizer.ts';
import type { LexicalRetriever } from '../../src/retrieval/retriever.ts';
import { tokenize } from '../../src/retrieval/tokenize.ts';
import { isRealSplit, loadSplit, TRAINING_SPLITS, type EvalItem, type SplitName } from './dataset.ts';
import { newtonFit } from './ranking-model.ts';
import { ownCorpusPaper } from './run.ts';
import type { EvalSystem } from './systems.ts';

/** The real splits it is fitted on: the ranking's training splits (the later ones measure both). */
export const CONCEPT_TRAINING_SPLITS: readonly SplitName[] = TRAINING_SPLITS.filter(isRealSplit);
export const CONCEPT_L2 = 1;
/**
 * How the model's probabilities choose concepts, chosen on the training splits' leave-one-out answers (key hit@5 and
 * concept precision and recall, dated by the title). First chosen from thresholds 0.25-0.3 and relative floors 0.4-0.5;
 * in the thirty-fourth round a wider search (threshold 0.15-0.25, relative floor 0.2-0.4, at most 3 or 4 concepts)
 * found that the lower bar names the labelled secondary concepts more often. On the training splits, with the ranking
 * refit: key hit@5 427 -> 434 of 497 (9 found, 2 lost), concept recall 0.515 -> 0.558, precision 0.735 -> 0.682 (0.21
 * more unlabelled concepts named per answer); on fresh-20 to fresh-35 (not 34) 298 -> 307 of 375 (none lost).
 */
export const CONCEPT_SELECTION = { threshold: 0.2, relativeFloor: 0.2, maxConcepts: 3, shareFloor: 0.8 } as const;

export interface ConceptRow {
  item: string;
  concept: string;
  x: number[];
  target: number;
  weight: number;
}

/** One item's rows: every concept a channel names, 1 when the labeller gave it. */
export function conceptRows(item: Pick<EvalItem, 'concepts'> & { id?: string }, evidence: ConceptEvidence): ConceptRow[] {
  const labelled = new Set(item.concepts);
  return [...conceptFeatures(evidence)].map(([concept, x]) => ({ item: item.id ?? '', concept, x, target: labelled.has(concept) ? 1 : 0, weight: 1 }));
}

/** Whether an item trains the combination: a labelled interpretability abstract in which the hand-set combination finds a concept. */
export function trainsCombiner(item: EvalItem, evidence: ConceptEvidence): boolean {
  return item.interpretability === true && item.concepts.length > 0 && tokenize(item.query).length >= DEFAULT_CONCEPT_WEIGHTS.longTextWords && evidence.base.length > 0;
}

const hasEvidence = (r: unknown): r is LexicalRetriever => typeof (r as Partial<LexicalRetriever>).conceptEvidence === 'function';

/** The training rows from the hybrid's channels over the training splits, each paper left out of the classifier that reads it. */
export async function combinerRows(system: EvalSystem, corpus: Corpus, splits: readonly SplitName[] = CONCEPT_TRAINING_SPLITS): Promise<ConceptRow[]> {
  const resolver = new PaperResolver(corpus);
  const rows: ConceptRow[] = [];
  for (const split of splits) {
    for (const item of loadSplit(split, corpus)) {
      const own = ownCorpusPaper(item, resolver);
      const retriever = (own && system.retrieverWithout?.(own.id)) || system.retriever;
      if (!hasEvidence(retriever)) throw new Error(`${system.name} has no concept channels to read`);
      const evidence = await retriever.conceptEvidence(item.query);
      if (trainsCombiner(item, evidence)) rows.push(...conceptRows(item, evidence));
    }
  }
  return rows;
}

/** The model: features standardised on the rows, an L2 logistic fit, and the shipped selection. */
export function fitCombiner(rows: readonly ConceptRow[], l2 = CONCEPT_L2): ConceptCombinerModel {
  const d = CONCEPT_FEATURES.length;
  if (rows.length === 0) throw new Error('concept combiner: no training rows');
  const mean = CONCEPT_FEATURES.map((_, i) => rows.reduce((s, r) => s + r.x[i]!, 0) / rows.length);
  const scale = CONCEPT_FEATURES.map((_, i) => Math.sqrt(rows.reduce((s, r) => s + (r.x[i]! - mean[i]!) ** 2, 0) / rows.length) || 1);
  const standard = rows.map((r) => ({ x: r.x.map((v, i) => (v - mean[i]!) / scale[i]!), target: r.target, weight: r.weight }));
  const w = newtonFit(standard, l2, 50, new Set(), d);
  const round = (v: number) => Math.round(v * 1e6) / 1e6 + 0;
  return { features: [...CONCEPT_FEATURES], mean: mean.map(round), scale: scale.map(round), weights: w.slice(0, d).map(round), bias: round(w[d]!), ...CONCEPT_SELECTION };
}
