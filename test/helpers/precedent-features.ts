/** A candidate precedent's features built by hand for tests of the ranking: a first-listed precedent of the main concept, overridable. */
import type { PrecedentFeatures } from '../../src/core/precedent-ranking.ts';

export function precedentFeatures(extra: Partial<PrecedentFeatures> = {}): PrecedentFeatures {
  return {
    prior: 0.5,
    source: 'concept',
    mainConcept: true,
    conceptShare: 1,
    conceptByAlias: true,
    curatedRank: 0,
    laterList: false,
    seedPaired: false,
    relevance: 0,
    citationGap: 0,
    linkedConcepts: 1,
    titleOverlap: 0,
    textOverlap: 0,
    yearsBefore: 2,
    linkConcept: 'c',
    linkGrade: undefined,
    ...extra,
  };
}
