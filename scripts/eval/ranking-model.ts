/**
 * The learned precedent ranking (src/core/precedent-ranking.ts): its training rows and its fit.
 *
 * Rows come from answering the real splits' items, as answered today and leave-one-out, with a
 * scorer that records every candidate precedent's features. A candidate's target is 1 when the
 * item's labeller listed it as relevant, else its hand grade (relevant 1, loosely related ½,
 * irrelevant 0, eval/relevance-grades.tsv); a candidate neither listed nor graded counts as 0 at
 * half weight (it was never shown to a grader, mostly because it ranked below the top 5). Each
 * item (per way of answering) carries the same total weight, so long candidate lists do not dominate.
 *
 * The fit is L2-regularised logistic regression by Newton's method: deterministic, a few
 * milliseconds for the ~20 features.
 */
import { answer as composeAnswer, MAX_LIMIT, type AnswerDeps, type Retriever } from '../../src/core/answer.ts';
import type { Corpus } from '../../src/core/corpus-schema.ts';
import { PaperResolver } from '../../src/core/paper-resolver.ts';
import { linkKey, PRECEDENT_FEATURES, precedentFeatureVector, smoothedLinkGrade, type PrecedentFeatureName, type PrecedentFeatures, type PrecedentRankingModel } from '../../src/core/precedent-ranking.ts';
import { GRADE_VALUE, type Grade } from './metrics.ts';
import { isRealSplit, loadSplit, type EvalItem, type SplitName } from './dataset.ts';
import { corpusWithout, ownCorpusPaper } from './run.ts';
import { rankingDeps, type EvalSystem } from './systems.ts';

/** L2 penalty of the shipped fit. */
export const RANKING_L2 = 1;

export interface RankingRow {
  split: SplitName;
  item: string;
  /** 'today' (the corpus as it is) or 'loo' (without the item's own paper). */
  mode: 'today' | 'loo';
  paper: string;
  x: number[];
  target: number;
  weight: number;
}

/** What one way of answering an item needs: the corpus view, the retriever and the miss rates, as the eval answers it. */
export interface AnswerSetting {
  corpus: Corpus;
  retriever: Retriever;
  deps?: Pick<AnswerDeps, 'missRates' | 'citationGap'>;
}

/** Weight of a candidate that was neither listed by the labeller nor graded. */
const UNKNOWN_WEIGHT = 0.5;
/** Total weight of one item's rows (per way of answering). */
const ITEM_WEIGHT = 10;

/**
 * The features of every precedent the answer to `item` names (all of them, not one page), recorded
 * through the ranking's scorer; the scorer ranks by the hand-weighted prior meanwhile, and for a
 * paper reached more than one way the features of its best-scored way are kept, as the answer keeps it.
 */
export async function candidateFeatures(item: EvalItem, setting: AnswerSetting): Promise<{ paper: string; features: PrecedentFeatures }[]> {
  const seen = new Map<string, PrecedentFeatures>();
  const answer = await composeAnswer(
    { text: item.query, limit: MAX_LIMIT },
    {
      corpus: setting.corpus,
      retriever: setting.retriever,
      resolver: new PaperResolver(setting.corpus),
      ...setting.deps,
      precedentScorer: (f, id) => {
        const prev = seen.get(id);
        if (!prev || f.prior > prev.prior) seen.set(id, f);
        return f.prior;
      },
    },
  );
  return answer.precedents.flatMap((p) => {
    const features = seen.get(p.id);
    return features ? [{ paper: p.id, features }] : [];
  });
}

/** The target of a candidate of `item`: 1 when its labeller listed it, else its hand grade; undefined when neither. */
function candidateTarget(split: SplitName, item: EvalItem, paper: string, grades: ReadonlyMap<string, string>): number | undefined {
  if (item.precedents.includes(paper) || (item.relevant ?? []).includes(paper)) return 1;
  const grade = grades.get(`${split}\t${item.id}\t${paper}`) as Grade | undefined;
  return grade ? GRADE_VALUE[grade] : undefined;
}

/** An item within the training splits: its id, or its question for a builder's item (which has none). */
const itemKey = (split: SplitName, item: EvalItem) => `${split}\t${item.id ?? item.query}`;

/** One item's candidates, answered one way, before link grades are known. */
export interface AnsweredItem {
  split: SplitName;
  item: EvalItem;
  mode: RankingRow['mode'];
  candidates: { paper: string; features: PrecedentFeatures }[];
}

/**
 * The link grades of answered items: for each concept → paper link, the targets of the candidates that came
 * through it (an item counts once per link, however many ways it was answered), as [sum, count] by `linkKey`.
 * `byItem` keeps each item's own part, so that an item's features can leave its own grades out.
 */
export function linkGradeTable(answered: readonly AnsweredItem[], grades: ReadonlyMap<string, string>): { table: Map<string, [number, number]>; byItem: Map<string, Map<string, number>> } {
  const byItem = new Map<string, Map<string, number>>();
  for (const { split, item, candidates } of answered) {
    const own = byItem.get(itemKey(split, item)) ?? new Map<string, number>();
    byItem.set(itemKey(split, item), own);
    for (const { paper, features } of candidates) {
      if (features.linkConcept === undefined) continue;
      const key = linkKey(features.linkConcept, paper);
      const target = candidateTarget(split, item, paper, grades);
      if (target !== undefined && !own.has(key)) own.set(key, target);
    }
  }
  const table = new Map<string, [number, number]>();
  for (const own of byItem.values()) {
    for (const [key, target] of own) {
      const t = table.get(key) ?? [0, 0];
      table.set(key, [t[0] + target, t[1] + 1]);
    }
  }
  return { table, byItem };
}

/** The candidates of an answered item with their link grades from everyone else's grades (never the item's own). */
export function withLinkGrades(a: AnsweredItem, table: ReadonlyMap<string, readonly [number, number]>, byItem: ReadonlyMap<string, ReadonlyMap<string, number>>): AnsweredItem['candidates'] {
  const own = byItem.get(itemKey(a.split, a.item));
  return a.candidates.map(({ paper, features }) => {
    if (features.linkConcept === undefined) return { paper, features: { ...features, linkGrade: undefined } };
    const key = linkKey(features.linkConcept, paper);
    const [sum, count] = table.get(key) ?? [0, 0];
    const mine = own?.get(key);
    return { paper, features: { ...features, linkGrade: mine === undefined ? smoothedLinkGrade(sum, count) : smoothedLinkGrade(sum - mine, count - 1) } };
  });
}

/** Training rows of one item answered one way: targets from the labeller's list and the hand grades, weights per item. */
export function itemRows(
  split: SplitName,
  item: EvalItem,
  mode: RankingRow['mode'],
  candidates: readonly { paper: string; features: PrecedentFeatures }[],
  grades: ReadonlyMap<string, string>,
): RankingRow[] {
  const raw = candidates.map(({ paper, features }) => {
    const known = candidateTarget(split, item, paper, grades);
    const target = known ?? 0;
    const weight = known === undefined ? UNKNOWN_WEIGHT : 1;
    return { split, item: item.id ?? item.query.slice(0, 80), mode, paper, x: precedentFeatureVector(features), target, weight };
  });
  const total = raw.reduce((s, r) => s + r.weight, 0);
  return total === 0 ? [] : raw.map((r) => ({ ...r, weight: (r.weight * ITEM_WEIGHT) / total }));
}

/** Solves A x = b (A symmetric positive definite, small) by Gaussian elimination with partial pivoting. */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[pivot]![c]!)) pivot = r;
    [m[c], m[pivot]] = [m[pivot]!, m[c]!];
    for (let r = c + 1; r < n; r++) {
      const f = m[r]![c]! / m[c]![c]!;
      for (let k = c; k <= n; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = m[r]![n]!;
    for (let k = r + 1; k < n; k++) s -= m[r]![k]! * x[k]!;
    x[r] = s / m[r]![r]!;
  }
  return x;
}

export interface FitOptions {
  /** L2 penalty on the weights (not the bias). */
  l2?: number;
  iterations?: number;
  /**
   * Features whose weight must have a sign (1: ≥ 0, -1: ≤ 0): when the fit gives one the other sign, it is
   * held at 0 and the rest refitted.
   */
  signs?: Partial<Record<PrecedentFeatureName, 1 | -1>>;
}

/**
 * Signs the shipped fit keeps, for what the bot is for rather than what the labels reward:
 * - a measured miss rate says MI papers leave a precedent uncited, which the bot exists to point out,
 *   so it may raise a precedent but never bury it;
 * - a paper many concepts list fits many questions (filler), so being listed widely may lower a
 *   precedent but never raise it, though labellers, who pick from the same lists, often call such papers relevant;
 * - a curated list is most important first, so its first entry may get a bonus over the smooth rank decay but never a
 *   penalty below it (an unheld fit buries the curator's first choice under the second when labels favour later entries).
 */
export const SHIPPED_SIGNS: Partial<Record<PrecedentFeatureName, 1 | -1>> = { citationGap: 1, linkedConceptsLog: -1, curatedFirst: 1 };

/** L2-regularised logistic regression with soft targets, by Newton's method, some weights held at 0 (see FitOptions). */
export function fitRankingModel(rows: readonly Pick<RankingRow, 'x' | 'target' | 'weight'>[], opts: FitOptions = {}): PrecedentRankingModel {
  const held = new Set<number>();
  for (;;) {
    const w = newtonFit(rows, opts.l2 ?? 1, opts.iterations ?? 25, held);
    const wrong = Object.entries(opts.signs ?? {})
      .map(([f, sign]) => ({ i: PRECEDENT_FEATURES.indexOf(f as PrecedentFeatureName), sign: sign! }))
      .filter(({ i, sign }) => !held.has(i) && w[i]! * sign < 0)
      .map(({ i }) => i);
    if (wrong.length === 0) {
      const round = (v: number) => Math.round(v * 1e6) / 1e6 + 0;
      const d = PRECEDENT_FEATURES.length;
      return { features: [...PRECEDENT_FEATURES], weights: w.slice(0, d).map(round), bias: round(w[d]!) };
    }
    for (const i of wrong) held.add(i);
  }
}

/**
 * Weights (the bias last) minimising the weighted log loss plus l2/2 × |w|², features in `held` fixed at 0; `d` features
 * per row (the precedent ranking's by default; the concept combiner fits its own with it too).
 */
export function newtonFit(rows: readonly Pick<RankingRow, 'x' | 'target' | 'weight'>[], l2: number, iterations: number, held: ReadonlySet<number>, d: number = PRECEDENT_FEATURES.length): number[] {
  const free = [...Array(d + 1).keys()].filter((i) => !held.has(i));
  const w = new Array<number>(d + 1).fill(0); // w[d] is the bias
  for (let it = 0; it < iterations; it++) {
    const grad = new Array<number>(free.length).fill(0);
    const hess = Array.from({ length: free.length }, () => new Array<number>(free.length).fill(0));
    const xs = new Array<number>(free.length);
    for (const r of rows) {
      let z = w[d]!;
      for (let i = 0; i < d; i++) z += w[i]! * r.x[i]!;
      const p = 1 / (1 + Math.exp(-z));
      const g = r.weight * (p - r.target);
      const h = r.weight * p * (1 - p);
      free.forEach((f, a) => (xs[a] = f === d ? 1 : r.x[f]!));
      for (let a = 0; a < free.length; a++) {
        grad[a]! += g * xs[a]!;
        for (let b = 0; b <= a; b++) hess[a]![b]! += h * xs[a]! * xs[b]!;
      }
    }
    free.forEach((f, a) => {
      if (f === d) hess[a]![a]! += 1e-9;
      else {
        grad[a]! += l2 * w[f]!;
        hess[a]![a]! += l2;
      }
    });
    for (let a = 0; a < free.length; a++) for (let b = 0; b < a; b++) hess[b]![a] = hess[a]![b]!;
    const step = solve(hess, grad);
    let moved = 0;
    free.forEach((f, a) => {
      w[f]! -= step[a]!;
      moved = Math.max(moved, Math.abs(step[a]!));
    });
    if (moved < 1e-10) break;
  }
  return w;
}

/**
 * Training rows from the hybrid's answers to every item of `splits`, answered both ways the eval
 * answers real papers: over the corpus as it is, and without the item's own paper (leave one out).
 */
export async function rankingRows(
  system: EvalSystem,
  corpus: Corpus,
  splits: readonly SplitName[],
  grades: ReadonlyMap<string, string>,
): Promise<{ rows: RankingRow[]; linkGrades: Map<string, [number, number]> }> {
  const answered: AnsweredItem[] = [];
  const resolver = new PaperResolver(corpus);
  for (const split of splits) {
    for (const item of loadSplit(split, corpus)) {
      answered.push({ split, item, mode: 'today', candidates: await candidateFeatures(item, { corpus, retriever: system.retriever, deps: rankingDeps({ missRates: system.ranking.missRates }) }) });
      // A builder's question is no paper, so it is answered one way only.
      if (!isRealSplit(split)) continue;
      const own = ownCorpusPaper(item, resolver);
      const setting = own
        ? { corpus: corpusWithout(corpus, own.id), retriever: system.retrieverWithout?.(own.id) ?? system.retriever, deps: rankingDeps({ missRates: system.ranking.missRates }, own.id) }
        : { corpus, retriever: system.retriever, deps: rankingDeps({ missRates: system.ranking.missRates }) };
      answered.push({ split, item, mode: 'loo', candidates: await candidateFeatures(item, setting) });
    }
  }
  // The link grade does not move the prior the candidates were found and ordered by, so one answering pass serves both.
  const { table, byItem } = linkGradeTable(answered, grades);
  const rows = answered.flatMap((a) => itemRows(a.split, a.item, a.mode, withLinkGrades(a, table, byItem), grades));
  return { rows, linkGrades: table };
}
