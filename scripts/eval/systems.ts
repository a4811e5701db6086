/**
 * The systems the eval compares, all answering through the same core composition (`answer`), so
 * the only difference is retrieval:
 *
 * - `bm25` (BM25 only): the bot without an embedder (`createRetriever` without dense search):
 *   papers by BM25, concepts by alias matching plus BM25 over the concepts' texts;
 * - `dense` (dense only): the bot without BM25 (`lexical: false`): papers by HNSW nearest
 *   neighbours, concepts by alias matching plus embedding similarity;
 * - `hybrid`: what the bot runs: BM25 and HNSW fused, concepts by aliases, embeddings and BM25;
 * - single-model baselines, reported beside them: `bm25-plain` (BM25 for papers and for concepts,
 *   no alias matcher: a search engine over the corpus) and `dense-plain` (embeddings for papers and
 *   for concepts, no alias matcher).
 */
import type { AnswerDeps, Retriever } from '../../src/core/answer.ts';
import type { Corpus } from '../../src/core/corpus-schema.ts';
import { PaperResolver } from '../../src/core/paper-resolver.ts';
import type { PrecedentScorer } from '../../src/core/precedent-ranking.ts';
import { citationGapOf, type MissRates } from '../../src/core/references.ts';
import { loadMissRates } from '../../src/corpus/missed.ts';
import { learnedRankingFor } from '../../src/corpus/precedent-model.ts';
import type { Mechanistic } from '../../src/core/service.ts';
import { denseSearch, mechanisticOver } from '../../src/app.ts';
import { Bm25Index } from '../../src/retrieval/bm25.ts';
import { combineConceptEvidence, conceptLexicalText } from '../../src/retrieval/concept-recognizer.ts';
import type { Embedder } from '../../src/retrieval/embedder.ts';
import { ConceptClassifier, conceptTrainingExamples, type TrainingExample } from '../../src/retrieval/concept-classifier.ts';
import { conceptsByPaper, createRetriever, DEFAULT_RETRIEVER_WEIGHTS, type DenseSearch, type RetrieverWeights } from '../../src/retrieval/retriever.ts';
import type { VectorIndex } from '../../src/retrieval/vector-index.ts';

export type SystemKind = 'bm25' | 'dense' | 'hybrid' | 'bm25-plain' | 'dense-plain';
/** The systems the hybrid must beat on the dev split (the eval fails otherwise). */
export const BASELINES: readonly SystemKind[] = ['bm25', 'dense'];
/** Compared with the hybrid too, and reported, but not gating. */
export const PLAIN_BASELINES: readonly SystemKind[] = ['bm25-plain', 'dense-plain'];

/**
 * What the shipped bot ranks earlier work with beyond retrieval (src/app.ts): the measured miss rates
 * (corpus/missed-precedents.tsv) and the learned precedent scorer (corpus/models/precedent-ranking.json).
 * The eval answers with them so that it measures what users get.
 */
export interface ShippedRanking {
  missRates?: MissRates;
  precedentScorer?: PrecedentScorer;
  linkGrade?: AnswerDeps['linkGrade'];
}

/** What the bot ranks with over the corpus in `corpusDir` (read from beside it, as src/app.ts reads it). */
export function shippedRanking(corpusDir: string): ShippedRanking {
  return { missRates: loadMissRates(corpusDir), ...learnedRankingFor(corpusDir) };
}

/** The answer dependencies a ShippedRanking adds; `without` leaves one paper's reference list out of the miss rates. */
export function rankingDeps(ranking: ShippedRanking, without?: string): Pick<AnswerDeps, 'missRates' | 'citationGap' | 'precedentScorer' | 'linkGrade'> {
  const rates = ranking.missRates && (without && ranking.missRates.without ? ranking.missRates.without(without) : ranking.missRates);
  return {
    ...(rates ? { missRates: rates, citationGap: citationGapOf(rates) } : {}),
    ...(ranking.precedentScorer ? { precedentScorer: ranking.precedentScorer } : {}),
    ...(ranking.linkGrade ? { linkGrade: ranking.linkGrade } : {}),
  };
}

export interface EvalSystem {
  kind: SystemKind;
  /** The embedder id, or null for lexical-only systems. */
  embedder: string | null;
  /** e.g. `hybrid (use-lite)`. */
  name: string;
  service: Mechanistic;
  /** What `service` answers with, so the eval can answer over a corpus without the paper in question. */
  retriever: Retriever;
  /**
   * What the service would answer with had the paper never been in the corpus: for systems with the
   * corpus-trained concept classifier, one trained without the paper (see LeaveOutClassifiers).
   */
  retrieverWithout?: (paperId: string) => Retriever;
  /** What `service` ranks with beyond retrieval. */
  ranking: ShippedRanking;
}

/** Folds of the leave-one-out classifiers: every paper is left out of exactly one. */
export const CLASSIFIER_FOLDS = 5;

/** A paper's fold: a fixed hash of its id. */
export function classifierFold(paperId: string): number {
  let h = 2166136261;
  for (let i = 0; i < paperId.length; i++) h = Math.imul(h ^ paperId.charCodeAt(i), 16777619);
  return (h >>> 0) % CLASSIFIER_FOLDS;
}

/**
 * Concept classifiers trained without one fold of the corpus's papers each (trained when first
 * asked for), so a leave-one-out answer never uses a model that saw the paper in question: the
 * same guarantee as training without that one paper, at a fifth of the cost of doing it per paper.
 */
export class LeaveOutClassifiers {
  private readonly folds = new Map<number, ConceptClassifier>();
  private examples: TrainingExample[] | undefined;
  constructor(private readonly corpus: Corpus) {}

  without(paperId: string): ConceptClassifier {
    const fold = classifierFold(paperId);
    let model = this.folds.get(fold);
    if (!model) {
      this.examples ??= conceptTrainingExamples(this.corpus, conceptsByPaper(this.corpus));
      const kept = this.examples.filter((e) => e.id.startsWith('concept:') || classifierFold(e.id) !== fold);
      this.folds.set(fold, (model = ConceptClassifier.train(kept, [...this.corpus.concepts.keys()])));
    }
    return model;
  }
}

/** A retriever per fold, made on first use. */
function foldRetrievers(make: (classifier: ConceptClassifier) => Retriever, folds: LeaveOutClassifiers): (paperId: string) => Retriever {
  const made = new Map<number, Retriever>();
  return (paperId) => {
    const fold = classifierFold(paperId);
    let r = made.get(fold);
    if (!r) made.set(fold, (r = make(folds.without(paperId))));
    return r;
  };
}

/**
 * BM25 score → 0..1 by s / (s + half): `half` is the raw score that counts as 0.5. Chosen on the
 * dev split so that a query naming a concept's words clears the core's 0.35 reporting threshold
 * and a query sharing one common word does not.
 */
export const BM25_CONCEPT_HALF_SCORE = 6;
const BM25_CONCEPT_THRESHOLD = 0.35;

/** Concepts by BM25 over their names, aliases and descriptions: the plain lexical baseline's recognizer. */
export function bm25ConceptRecognizer(corpus: Corpus): Retriever['recognizeConcepts'] {
  const index = new Bm25Index([...corpus.concepts.values()].map((c) => ({ id: c.id, text: conceptLexicalText(c) })));
  return async (text) =>
    index
      .search(text, 5)
      .map((h) => ({ id: h.id, score: Math.round((h.score / (h.score + BM25_CONCEPT_HALF_SCORE)) * 1000) / 1000 }))
      .filter((h) => h.score >= BM25_CONCEPT_THRESHOLD);
}

function service(corpus: Corpus, retriever: Retriever, description: string, ranking: ShippedRanking): Mechanistic {
  const deps: AnswerDeps = { corpus, retriever, resolver: new PaperResolver(corpus), ...rankingDeps(ranking) };
  return mechanisticOver(corpus, deps, description);
}

function served(corpus: Corpus, retriever: Retriever, description: string, ranking: ShippedRanking): Pick<EvalSystem, 'service' | 'retriever' | 'ranking'> {
  return { service: service(corpus, retriever, description, ranking), retriever, ranking };
}

export function lexicalSystems(corpus: Corpus, weights: Partial<RetrieverWeights> = {}, folds = new LeaveOutClassifiers(corpus), ranking: ShippedRanking = {}): EvalSystem[] {
  const lexical = createRetriever({ corpus, weights });
  const recognize = bm25ConceptRecognizer(corpus);
  return [
    {
      kind: 'bm25',
      embedder: null,
      name: 'bm25',
      service: service(corpus, lexical, 'bm25', ranking),
      retriever: lexical,
      ranking,
      retrieverWithout: foldRetrievers((classifier) => createRetriever({ corpus, weights, classifier }), folds),
    },
    { kind: 'bm25-plain', embedder: null, name: 'bm25-plain', ...served(corpus, { recognizeConcepts: recognize, searchPapers: (t, k) => lexical.searchPapers(t, k) }, 'bm25-plain', ranking) },
  ];
}

export function denseSystems(
  corpus: Corpus,
  index: VectorIndex,
  embedder: Embedder,
  weights: Partial<RetrieverWeights> = {},
  folds = new LeaveOutClassifiers(corpus),
  ranking: ShippedRanking = {},
): EvalSystem[] {
  const dense: DenseSearch = denseSearch(index, embedder);
  const conceptWeights = { ...DEFAULT_RETRIEVER_WEIGHTS, ...weights }.concepts;
  const denseOnly: Retriever = {
    recognizeConcepts: async (text) => combineConceptEvidence([], await dense.conceptSimilarities(text), conceptWeights),
    searchPapers: (text, k) => dense.searchPapers(text, k),
  };
  const e = embedder.id;
  return [
    { kind: 'dense', embedder: e, name: `dense (${e})`, ...served(corpus, createRetriever({ corpus, dense, weights, lexical: false }), `dense (${e})`, ranking) },
    { kind: 'dense-plain', embedder: e, name: `dense-plain (${e})`, ...served(corpus, denseOnly, `dense-plain (${e})`, ranking) },
    {
      kind: 'hybrid',
      embedder: e,
      name: `hybrid (${e})`,
      ...served(corpus, createRetriever({ corpus, dense, weights }), `hybrid (${e})`, ranking),
      retrieverWithout: foldRetrievers((classifier) => createRetriever({ corpus, dense, weights, classifier }), folds),
    },
  ];
}
