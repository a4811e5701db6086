/**
 * The learned precedent ranking beside the corpus, `models/precedent-ranking.json`: a logistic model
 * over the features of src/core/precedent-ranking.ts, fitted by `npm run eval:fit-ranking`
 * (scripts/fit-ranking.ts) on hand-labelled and hand-graded answers. A corpus without the file
 * (a custom corpus) ranks by the hand-weighted prior.
 */
import { join } from 'node:path';
import { linearPrecedentScorer, linkGradeOf, modelLinkGrades, parsePrecedentModel, type PrecedentRankingModel, type PrecedentScorer } from '../core/precedent-ranking.ts';
import { CorpusError } from './load.ts';
import { readModelFile } from './model-file.ts';

export const PRECEDENT_MODEL_FILE = join('models', 'precedent-ranking.json');

/** The model file as written: the model plus what it was fitted on. */
export interface PrecedentModelFile extends PrecedentRankingModel {
  /** The eval splits whose answers trained it (the others measure it). */
  trainedOn: string[];
  /** Training rows (candidate precedents of answered items). */
  rows: number;
  l2: number;
}

/** The model beside the corpus, or undefined when there is none; a damaged file is a CorpusError, never silently ignored. */
export function loadPrecedentModel(corpusDir: string): PrecedentRankingModel | undefined {
  return readModelFile(join(corpusDir, PRECEDENT_MODEL_FILE), parsePrecedentModel, (message) => new CorpusError([message]));
}

/** What the bot ranks earlier work with over the corpus in `corpusDir`, when the model is there: its scorer and its link grades. */
export interface LearnedRanking {
  precedentScorer: PrecedentScorer;
  linkGrade: (paperId: string, conceptId: string) => number | undefined;
}

export function learnedRankingFor(corpusDir: string): LearnedRanking | undefined {
  const model = loadPrecedentModel(corpusDir);
  if (!model) return undefined;
  const grades = modelLinkGrades(model);
  return { precedentScorer: linearPrecedentScorer(model), linkGrade: (paperId, conceptId) => linkGradeOf(grades, paperId, conceptId) };
}
