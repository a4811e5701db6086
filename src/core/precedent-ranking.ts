/**
 * How earlier work is ranked among itself: every candidate precedent of an answer is described by the
 * same few facts (`PrecedentFeatures`) and scored by one function. The default scorer is the
 * hand-weighted sum of `RankingOptions`; a learned scorer (`linearPrecedentScorer`) is a logistic
 * model over the same facts, fitted on hand-graded answers (scripts/eval/ranking-model.ts) and kept
 * in corpus/models/precedent-ranking.json. Pure: the model is passed in.
 */

/** Where a candidate precedent came from. */
export type PrecedentSource = 'concept' | 'neighbour' | 'tagged' | 'search';

/** What the ranking knows of one candidate precedent of one answer. */
export interface PrecedentFeatures {
  /** The hand-weighted score (DEFAULT_RANKING): what the ranking was before any model. */
  prior: number;
  source: PrecedentSource;
  /** Reached through the best recognized concept (its own list, its neighbours' or its tag). */
  mainConcept: boolean;
  /** Score of the concept it came through over the best concept's (0 for a search hit). */
  conceptShare: number;
  /** Whether that concept was named by a specific alias (or the paper is filed under it). */
  conceptByAlias: boolean;
  /** Position in the concept's curated list (0 = first); undefined when not curated there. */
  curatedRank: number | undefined;
  /** Listed under the concept's later NLPI work rather than its precedents. */
  laterList: boolean;
  /** The concept's curated link says the seed (Saphra & Wiegreffe 2024) pairs the paper with it. */
  seedPaired: boolean;
  /** Search relevance, 1 / (1 + rank / half rank); 0 when not among the search hits. */
  relevance: number;
  /** Measured citation gap (0..1), 0 when unmeasured. */
  citationGap: number;
  /** How many concepts list the paper as a precedent or later work (the model reads it on a log scale, capped at 20). */
  linkedConcepts: number;
  /** Share of the paper's title content words that the question has. */
  titleOverlap: number;
  /** Content words shared by question and paper text over the geometric mean of their counts. */
  textOverlap: number;
  /** Years from the paper to the paper in question (or to the concept's first MI work); undefined when unknown. */
  yearsBefore: number | undefined;
  /** The concept whose curated list or tag links the paper (not a model input); undefined for a search hit. */
  linkConcept: string | undefined;
  /**
   * How relevant hand graders found this paper as earlier work on `linkConcept` in other answers (`linkGradeOf`);
   * undefined when that link was never graded.
   */
  linkGrade: number | undefined;
}

/** Scores a candidate (higher ranks first); `paperId` names it and is not a model input. */
export type PrecedentScorer = (f: PrecedentFeatures, paperId: string) => number;

/** The numeric form of PrecedentFeatures a model reads, by name, in this order. */
export const PRECEDENT_FEATURES = [
  'prior',
  'fromConcept',
  'fromNeighbour',
  'fromTagged',
  'fromSearch',
  'mainConcept',
  'conceptShare',
  'conceptByAlias',
  'curatedFirst',
  'curatedRankInverse',
  'laterList',
  'seedPaired',
  'relevance',
  'citationGap',
  'linkedConceptsLog',
  'titleOverlap',
  'textOverlap',
  'yearsBefore',
  'yearsUnknown',
  'linkGrade',
  'linkUngraded',
] as const;

export type PrecedentFeatureName = (typeof PRECEDENT_FEATURES)[number];

export function precedentFeatureVector(f: PrecedentFeatures): number[] {
  const years = f.yearsBefore === undefined ? 0 : Math.min(Math.max(f.yearsBefore, 0), 15) / 15;
  const values: Record<PrecedentFeatureName, number> = {
    prior: f.prior,
    fromConcept: f.source === 'concept' ? 1 : 0,
    fromNeighbour: f.source === 'neighbour' ? 1 : 0,
    fromTagged: f.source === 'tagged' ? 1 : 0,
    fromSearch: f.source === 'search' ? 1 : 0,
    mainConcept: f.mainConcept ? 1 : 0,
    conceptShare: f.conceptShare,
    conceptByAlias: f.conceptByAlias ? 1 : 0,
    curatedFirst: f.curatedRank === 0 ? 1 : 0,
    curatedRankInverse: f.curatedRank === undefined ? 0 : 1 / (1 + f.curatedRank),
    laterList: f.laterList ? 1 : 0,
    seedPaired: f.seedPaired ? 1 : 0,
    relevance: f.relevance,
    citationGap: f.citationGap,
    linkedConceptsLog: Math.min(1, Math.log1p(f.linkedConcepts) / Math.log1p(20)),
    titleOverlap: f.titleOverlap,
    textOverlap: f.textOverlap,
    yearsBefore: years,
    yearsUnknown: f.yearsBefore === undefined ? 1 : 0,
    linkGrade: f.linkGrade ?? 0,
    linkUngraded: f.linkGrade === undefined ? 1 : 0,
  };
  return PRECEDENT_FEATURES.map((name) => values[name]);
}

/**
 * Hand grades of concept → paper links, summed over the graded answers the model was fitted on: for the key
 * `linkKey(conceptId, paperId)`, [sum of grades (relevant 1, loosely related ½, irrelevant 0), number of grades].
 */
export type LinkGrades = ReadonlyMap<string, readonly [number, number]>;

export const linkKey = (conceptId: string, paperId: string): string => `${conceptId} ${paperId}`;

/** Weight, in grades, of the neutral prior (½) a link's mean grade is pulled toward: one or two grades alone are not a verdict. */
export const LINK_GRADE_PRIOR_WEIGHT = 2;

/** The smoothed mean grade of a link from its [sum, count], or undefined when it has no grade. */
export function smoothedLinkGrade(sum: number, count: number): number | undefined {
  return count <= 0 ? undefined : (sum + 0.5 * LINK_GRADE_PRIOR_WEIGHT) / (count + LINK_GRADE_PRIOR_WEIGHT);
}

/** The feature `linkGrade` of a paper reached through `conceptId`, from the grades table. */
export function linkGradeOf(grades: LinkGrades, paperId: string, conceptId: string | undefined): number | undefined {
  const g = conceptId === undefined ? undefined : grades.get(linkKey(conceptId, paperId));
  return g && smoothedLinkGrade(g[0], g[1]);
}

/** A logistic model over PRECEDENT_FEATURES: p = σ(bias + Σ weight × feature), with the link grades it was fitted with. */
export interface PrecedentRankingModel {
  features: readonly string[];
  weights: readonly number[];
  bias: number;
  /** The link grades (`LinkGrades`) as written: key → [sum, count]. */
  linkGrades?: Readonly<Record<string, readonly [number, number]>>;
}

/** Thrown for a model file that does not fit this code's features. */
export class PrecedentModelError extends Error {}

/** The model read from its JSON form, checked against this code's feature list. */
export function parsePrecedentModel(json: unknown): PrecedentRankingModel {
  const m = json as Partial<PrecedentRankingModel> | null;
  if (!m || !Array.isArray(m.features) || !Array.isArray(m.weights) || typeof m.bias !== 'number') {
    throw new PrecedentModelError('precedent ranking model: expected { features, weights, bias }');
  }
  if (m.features.length !== PRECEDENT_FEATURES.length || m.features.some((f, i) => f !== PRECEDENT_FEATURES[i])) {
    throw new PrecedentModelError(
      `precedent ranking model: its features (${m.features.join(', ')}) are not this code's (${PRECEDENT_FEATURES.join(', ')}); refit it with npm run eval:fit-ranking`,
    );
  }
  if (m.weights.length !== m.features.length || ![...m.weights, m.bias].every((w) => typeof w === 'number' && Number.isFinite(w))) {
    throw new PrecedentModelError('precedent ranking model: one finite weight per feature and a finite bias are required');
  }
  const grades = m.linkGrades ?? {};
  if (typeof grades !== 'object' || Array.isArray(grades)) throw new PrecedentModelError('precedent ranking model: linkGrades must map "concept paper" to [sum, count]');
  for (const [key, v] of Object.entries(grades)) {
    const ok = / /.test(key) && Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number' && Number.isFinite(x)) && v[1]! > 0 && v[0]! >= 0 && v[0]! <= v[1]!;
    if (!ok) throw new PrecedentModelError(`precedent ranking model: linkGrades["${key}"] must be [sum, count] with 0 <= sum <= count and count > 0`);
  }
  return { features: [...m.features], weights: [...m.weights], bias: m.bias, ...(m.linkGrades ? { linkGrades: m.linkGrades } : {}) };
}

/** The model's link grades as a lookup table. */
export function modelLinkGrades(model: PrecedentRankingModel): LinkGrades {
  return new Map(Object.entries(model.linkGrades ?? {}));
}

export function precedentProbability(model: PrecedentRankingModel, f: PrecedentFeatures): number {
  const x = precedentFeatureVector(f);
  let z = model.bias;
  for (let i = 0; i < x.length; i++) z += model.weights[i]! * x[i]!;
  return 1 / (1 + Math.exp(-z));
}

/** The learned scorer: the model's probability that the candidate is relevant earlier work. */
export function linearPrecedentScorer(model: PrecedentRankingModel): PrecedentScorer {
  return (f) => precedentProbability(model, f);
}

/** The hand-weighted scorer: the prior score as it was computed. */
export const priorPrecedentScorer: PrecedentScorer = (f) => f.prior;
