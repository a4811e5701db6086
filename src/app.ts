/**
 * Builds the real `Mechanistic` service: the corpus from `corpus/`, the embedder chosen by
 * MECHANISTIC_EMBEDDER, the vector index in MECHANISTIC_DATA_DIR (loaded, or rebuilt when stale),
 * BM25, and the core's answer composition and lookups on top.
 */
import { join } from 'node:path';
import type { Config } from './config.ts';
import { answer as composeAnswer, type AnswerDeps } from './core/answer.ts';
import { bibtex } from './core/bibtex.ts';
import type { Corpus, Paper } from './core/corpus-schema.ts';
import { lookupConcept, lookupPaper, lookupTerm } from './core/lookup.ts';
import { citationGapOf, type MissRates } from './core/references.ts';
import type { Mechanistic } from './core/service.ts';
import { DEFAULT_CORPUS_DIR, loadCorpus, type CorpusFiles } from './corpus/load.ts';
import { loadFirstAppearances } from './corpus/first-appearances.ts';
import { loadMissRates } from './corpus/missed.ts';
import { learnedRankingFor, type LearnedRanking } from './corpus/precedent-model.ts';
import { corpusPaperResolver } from './corpus/paper-resolver.ts';
import { Bm25Index } from './retrieval/bm25.ts';
import type { Embedder } from './retrieval/embedder.ts';
import { corpusHashOf, corpusIndexItems, indexTextHashes } from './retrieval/index-items.ts';
import { openQueryEncoder, type QueryEncoder } from './retrieval/query-encoder.ts';
import { createRetriever, type DenseSearch, type RetrieverWeights } from './retrieval/retriever.ts';
import { ensureVectorIndex, loadSavedIndex, type IndexProgress, type VectorIndex } from './retrieval/vector-index.ts';

export interface OpenOptions {
  /** Defaults to the corpus shipped with the project. */
  corpusDir?: string;
  /** Told about index (re)builds, e.g. to draw progress on stderr. */
  progress?: (event: IndexProgress) => void;
  /** Told which embedder is used and why. */
  log?: (message: string) => void;
  /** Retrieval weights (the eval tunes them). */
  weights?: Partial<RetrieverWeights>;
  /** Skip the dense index (the BM25-only path). */
  dense?: boolean;
  /** Run the encoder on this thread, not in MECHANISTIC_ENCODER_WORKERS worker threads. */
  inProcessEncoder?: boolean;
  /** Encoder worker threads instead of MECHANISTIC_ENCODER_WORKERS (a one-shot CLI question needs one). */
  encoderThreads?: number;
  /** An encoder already being opened (a one-shot CLI question starts its own first), used instead of opening one. */
  encoder?: Promise<QueryEncoder>;
}

/** Dense search over the HNSW index: papers by the graph, concepts by exact cosine (there are few). */
export function denseSearch(index: VectorIndex, embedder: Embedder): DenseSearch {
  const conceptRows = index.ids.flatMap((id, i) => (id.startsWith('concept:') ? [{ id: id.slice(8), vector: index.vectors[i]! }] : []));
  const paperCount = index.ids.filter((id) => id.startsWith('paper:')).length;
  return {
    async searchPapers(text, k) {
      const [q] = await embedder.embed([text]);
      // Concepts share the graph; ask for enough neighbours that k papers remain.
      return index
        .search(q!, Math.min(index.size, k + conceptRows.length))
        .filter((h) => h.id.startsWith('paper:'))
        .slice(0, Math.min(k, paperCount))
        .map((h) => ({ id: h.id.slice(6), score: h.score }));
    },
    async conceptSimilarities(text) {
      const [q] = await embedder.embed([text]);
      return conceptRows.map(({ id, vector }) => {
        let dot = 0;
        for (let i = 0; i < vector.length; i++) dot += vector[i]! * q![i]!;
        return { id, score: dot };
      });
    },
  };
}

/**
 * The Mechanistic service over a corpus and answer dependencies. With `missRates` (the measured table,
 * corpus/missed-precedents.tsv), they fill the ranking's citation gap unless deps bring their own.
 */
export function mechanisticOver(corpus: Corpus, answerDeps: AnswerDeps, embedderDescription: string, missRates?: MissRates): Mechanistic {
  const deps: AnswerDeps = missRates
    ? { ...answerDeps, citationGap: answerDeps.citationGap ?? citationGapOf(missRates), missRates: answerDeps.missRates ?? missRates }
    : answerDeps;
  // Built by the first paper lookup: questions do not use it, and a start should not wait for it.
  let titles: Bm25Index | undefined;
  const titleSearch = (q: string, k: number) =>
    (titles ??= new Bm25Index([...corpus.papers.values()].map((p) => ({ id: p.id, text: `${p.title} ${p.authors.join(' ')} ${p.year}` })))).search(q, k);
  return {
    corpus,
    embedderDescription,
    ...(missRates ? { missRates } : {}),
    ask: (question) => composeAnswer(question, deps),
    concept: (name) => lookupConcept(corpus, name),
    paper: (query) => lookupPaper(corpus, deps.resolver, query, titleSearch),
    term: (word) => lookupTerm(corpus, word),
    bibtex: (refs) => bibtex(refs.map((r) => corpus.papers.get(r.id)).filter((p): p is Paper => p !== undefined)),
    conceptNames: () => [...corpus.concepts.values()].map((c) => ({ id: c.id, name: c.name })).sort((a, b) => a.name.localeCompare(b.name)),
  };
}

export async function openMechanistic(config: Config, opts: OpenOptions = {}): Promise<Mechanistic> {
  const corpusDir = opts.corpusDir ?? DEFAULT_CORPUS_DIR;
  // The encoder starts first: in worker threads it loads its model on another core while this thread
  // loads the corpus and builds the lexical index (a cold start pays for the longer of the two, not both).
  if (opts.dense === false) void opts.encoder?.then((encoder) => encoder.close(), () => {});
  const opening =
    opts.dense === false
      ? undefined
      : opts.encoder ?? openQueryEncoder(opts.encoderThreads ? { ...config, MECHANISTIC_ENCODER_WORKERS: opts.encoderThreads } : config, {
          inProcess: opts.inProcessEncoder,
          log: opts.log,
        });
  let corpus: Corpus & CorpusFiles;
  let learned: LearnedRanking | undefined;
  try {
    corpus = loadCorpus(corpusDir);
    // The learned ranking of earlier work beside the corpus, if there is one.
    learned = learnedRankingFor(corpusDir);
  } catch (e) {
    await opening?.then((encoder) => encoder.close(), () => {});
    throw e;
  }
  const resolver = corpusPaperResolver(corpus);
  // Every paper's first appearance ("earlier work"), read from the derived data beside the snapshot.
  loadFirstAppearances(corpus);
  // The measured miss rates beside the corpus ("most often missed" in ranking and in check).
  const missRates = loadMissRates(corpusDir);
  const ranking = learned ?? {};
  if (!opening) {
    return mechanisticOver(corpus, { corpus, resolver, retriever: createRetriever({ corpus, weights: opts.weights }), ...ranking }, 'none (lexical only)', missRates);
  }
  const items = corpusIndexItems(corpus);
  const textHashes = indexTextHashes(corpus, items);
  const corpusHash = corpusHashOf(corpus);
  // Read while the encoder may still be loading; used once the encoder turns out to be the one it was built with.
  const saved = loadSavedIndex(config.dataDir, items, corpusHash, textHashes);
  const encoder = await opening;
  const { index } = await ensureVectorIndex({
    dataDir: config.dataDir,
    embedder: encoder.indexEmbedder,
    items,
    textHashes,
    saved,
    corpusHash,
    progress: opts.progress,
    // A custom corpus carries its own shipped vectors, if any.
    ...(opts.corpusDir ? { bundledDir: join(opts.corpusDir, 'embeddings') } : {}),
  }).catch(async (e: unknown) => {
    await encoder.close();
    throw e;
  });
  const retriever = createRetriever({ corpus, dense: denseSearch(index, encoder.embedder), weights: opts.weights });
  return { ...mechanisticOver(corpus, { corpus, resolver, retriever, ...ranking }, encoder.description, missRates), close: encoder.close };
}
