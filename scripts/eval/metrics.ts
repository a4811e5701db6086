/**
 * Scores answers against an eval set. Definitions of every number:
 *
 * - precedent hit@5: the share of items with expected precedents where at least one is among the
 *   first 5 precedents of the answer;
 * - precedent recall@10: per item, the share of its expected precedents among the first 10, averaged;
 * - MRR: per item, 1 / rank of the first expected precedent (0 when none is in the list), averaged;
 * - concept top-1 accuracy: the answer's first concept is one of the expected ones, or, for an item
 *   that expects none (off topic, prompting), the answer names none;
 * - concept set F1: per item, F1 between the answer's concepts and the expected set (1 when both are
 *   empty), averaged;
 * - definition accuracy: per sense, the share of items whose verdict (true / false / null = cannot
 *   tell) equals the label, with the 3×3 confusion table behind it;
 * - quiet on non-interpretability: of the items labelled broad cultural = false, the share answered
 *   with no precedents at all.
 *
 * Real-paper items (they carry `interpretability` and `relevant` labels) add:
 * - precision@5: per item with at least one precedent, the share of its first (up to) 5 precedents
 *   that are in the item's relevant set, averaged over interpretability items;
 * - filler rate: the share of all top-5 slots taken by papers that appear in the top 5 of at least
 *   25% of the interpretability answers (generic precedents that fit everything);
 * - concept precision / recall: micro-averaged over interpretability items;
 * - not interpretability: how many of those items got precedents, and how many broad cultural "yes".
 */
import type { Answer, DefinitionKey } from '../../src/core/types.ts';
import { DEFINITION_KEYS } from '../../src/core/types.ts';
import type { EvalItem } from './dataset.ts';
import type { KeyMiss } from './key-miss.ts';

export type Verdict = 'true' | 'false' | 'null';
export const VERDICTS: readonly Verdict[] = ['true', 'false', 'null'];
/** confusion[expected][predicted] = count */
export type Confusion = Record<Verdict, Record<Verdict, number>>;

export interface ItemScore {
  query: string;
  /** Null when the item expects no precedents (it is left out of the retrieval averages). */
  hitAt5: number | null;
  recallAt10: number | null;
  reciprocalRank: number | null;
  conceptTop1: number;
  conceptF1: number;
  definitions: Record<DefinitionKey, { expected: Verdict; predicted: Verdict }>;
  expectedConcepts: string[];
  predictedConcepts: string[];
  expectedPrecedents: string[];
  predictedPrecedents: string[];
  /** The ranking's score of each predicted precedent, in the same order (three decimals). */
  predictedScores: number[];
  /** Evidence lines per sense, for the failure list. */
  evidence: Record<DefinitionKey, string[]>;
  /** Real-paper items only. */
  interpretability?: boolean;
  relevant?: string[];
  /** Null when the item is not a real-paper interpretability item or got no precedents. */
  precisionAt5?: number | null;
  id?: string;
  title?: string;
  /** Real-paper items with key precedents none of which is in the top 5: where they were lost (scripts/eval/key-miss.ts). */
  keyMiss?: KeyMiss;
}

export interface RealSummary {
  interpretabilityItems: number;
  /** Interpretability items with at least one precedent (the precision@5 denominator). */
  precisionItems: number;
  precisionAt5: number;
  fillerRate: number;
  /** The papers counted as filler, with the share of answers they appear in. */
  fillers: { id: string; share: number }[];
  conceptPrecision: number;
  conceptRecall: number;
  nonInterpretability: number;
  nonInterpretabilityWithPrecedents: number;
  nonInterpretabilityBroadYes: number;
}

export interface Summary {
  items: number;
  retrievalItems: number;
  hitAt5: number;
  recallAt10: number;
  mrr: number;
  conceptTop1: number;
  conceptF1: number;
  definitionAccuracy: Record<DefinitionKey, number>;
  confusion: Record<DefinitionKey, Confusion>;
  quietItems: number;
  quietOnNonInterpretability: number;
  /** Present when the items are real-paper items. */
  real?: RealSummary;
}

/** A paper in the top 5 of at least this share of interpretability answers is filler. */
export const FILLER_SHARE = 0.25;

const verdict = (v: boolean | null): Verdict => (v === null ? 'null' : v ? 'true' : 'false');
const mean = (xs: readonly number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);

/** The senses as the reports name them. */
export const SENSE_NAME: Record<DefinitionKey, string> = {
  narrowTechnical: 'narrow technical',
  broadTechnical: 'broad technical',
  narrowCultural: 'narrow cultural',
  broadCultural: 'broad cultural',
};

/** A hand grade of a precedent in an answer (eval/relevance-grades.tsv), and what it counts for: loosely related is half. */
export const GRADE_VALUE = { relevant: 1, loose: 0.5, irrelevant: 0 } as const;
export type Grade = keyof typeof GRADE_VALUE;

/** F1 between a list of ids and an expected set (1 when both are empty). */
export function setF1(got: readonly string[], expected: Iterable<string>): number {
  const want = new Set(expected);
  if (got.length === 0 && want.size === 0) return 1;
  const overlap = got.filter((id) => want.has(id)).length;
  return overlap === 0 ? 0 : (2 * overlap) / (got.length + want.size);
}

export function scoreItem(item: EvalItem, answer: Answer): ItemScore {
  const predicted = answer.precedents.map((p) => p.id);
  const expected = new Set(item.precedents);
  const retrieval = expected.size > 0;
  const firstRank = predicted.findIndex((id) => expected.has(id));
  const concepts = answer.concepts.map((c) => c.id);
  const expectedConcepts = new Set(item.concepts);
  const conceptF1 = setF1(concepts, expectedConcepts);
  const conceptTop1 = expectedConcepts.size === 0 ? Number(concepts.length === 0) : Number(concepts.length > 0 && expectedConcepts.has(concepts[0]!));
  const definitions = {} as ItemScore['definitions'];
  const evidence = {} as ItemScore['evidence'];
  for (const key of DEFINITION_KEYS) {
    definitions[key] = { expected: verdict(item.definitions[key]), predicted: verdict(answer.definitions[key].applies) };
    evidence[key] = answer.definitions[key].evidence;
  }
  return {
    query: item.query,
    hitAt5: retrieval ? Number(predicted.slice(0, 5).some((id) => expected.has(id))) : null,
    recallAt10: retrieval ? predicted.slice(0, 10).filter((id) => expected.has(id)).length / expected.size : null,
    reciprocalRank: retrieval ? (firstRank >= 0 ? 1 / (firstRank + 1) : 0) : null,
    conceptTop1,
    conceptF1,
    definitions,
    expectedConcepts: [...expectedConcepts],
    predictedConcepts: concepts,
    expectedPrecedents: [...expected],
    predictedPrecedents: predicted,
    predictedScores: answer.precedents.map((p) => Math.round(p.score * 1000) / 1000),
    evidence,
    ...(item.interpretability === undefined
      ? {}
      : {
          interpretability: item.interpretability,
          relevant: item.relevant ?? [],
          precisionAt5:
            item.interpretability && predicted.length > 0
              ? predicted.slice(0, 5).filter((id) => (item.relevant ?? item.precedents).includes(id)).length / Math.min(5, predicted.length)
              : null,
          ...(item.id ? { id: item.id } : {}),
          ...(item.title ? { title: item.title } : {}),
        }),
  };
}

export function summarizeReal(scores: readonly ItemScore[]): RealSummary {
  const interp = scores.filter((s) => s.interpretability === true);
  const non = scores.filter((s) => s.interpretability === false);
  const counts = new Map<string, number>();
  for (const s of interp) for (const id of new Set(s.predictedPrecedents.slice(0, 5))) counts.set(id, (counts.get(id) ?? 0) + 1);
  const fillers = [...counts]
    .filter(([, n]) => interp.length > 0 && n / interp.length >= FILLER_SHARE)
    .map(([id, n]) => ({ id, share: n / interp.length }))
    .sort((a, b) => b.share - a.share);
  const fillerIds = new Set(fillers.map((f) => f.id));
  const slots = interp.flatMap((s) => s.predictedPrecedents.slice(0, 5));
  const withPrecision = interp.filter((s) => s.precisionAt5 !== null && s.precisionAt5 !== undefined);
  let tp = 0;
  let predicted = 0;
  let expected = 0;
  for (const s of interp) {
    tp += s.predictedConcepts.filter((c) => s.expectedConcepts.includes(c)).length;
    predicted += s.predictedConcepts.length;
    expected += s.expectedConcepts.length;
  }
  return {
    interpretabilityItems: interp.length,
    precisionItems: withPrecision.length,
    precisionAt5: mean(withPrecision.map((s) => s.precisionAt5!)),
    fillerRate: slots.length === 0 ? 0 : slots.filter((id) => fillerIds.has(id)).length / slots.length,
    fillers,
    conceptPrecision: predicted === 0 ? 0 : tp / predicted,
    conceptRecall: expected === 0 ? 0 : tp / expected,
    nonInterpretability: non.length,
    nonInterpretabilityWithPrecedents: non.filter((s) => s.predictedPrecedents.length > 0).length,
    nonInterpretabilityBroadYes: non.filter((s) => s.definitions.broadCultural.predicted === 'true').length,
  };
}

function emptyConfusion(): Confusion {
  const row = () => ({ true: 0, false: 0, null: 0 });
  return { true: row(), false: row(), null: row() };
}

export function summarize(scores: readonly ItemScore[]): Summary {
  const retrieval = scores.filter((s) => s.hitAt5 !== null);
  const confusion = {} as Summary['confusion'];
  const definitionAccuracy = {} as Summary['definitionAccuracy'];
  for (const key of DEFINITION_KEYS) {
    const c = emptyConfusion();
    for (const s of scores) c[s.definitions[key].expected][s.definitions[key].predicted] += 1;
    confusion[key] = c;
    definitionAccuracy[key] = mean(scores.map((s) => Number(s.definitions[key].expected === s.definitions[key].predicted)));
  }
  const quiet = scores.filter((s) => s.definitions.broadCultural.expected === 'false');
  return {
    items: scores.length,
    retrievalItems: retrieval.length,
    hitAt5: mean(retrieval.map((s) => s.hitAt5!)),
    recallAt10: mean(retrieval.map((s) => s.recallAt10!)),
    mrr: mean(retrieval.map((s) => s.reciprocalRank!)),
    conceptTop1: mean(scores.map((s) => s.conceptTop1)),
    conceptF1: mean(scores.map((s) => s.conceptF1)),
    definitionAccuracy,
    confusion,
    quietItems: quiet.length,
    quietOnNonInterpretability: mean(quiet.map((s) => Number(s.predictedPrecedents.length === 0))),
    ...(scores.some((s) => s.interpretability !== undefined) ? { real: summarizeReal(scores) } : {}),
  };
}
