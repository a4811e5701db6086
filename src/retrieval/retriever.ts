/**
 * The retriever the core asks: papers by fused lexical (BM25) and dense (HNSW) search, and
 * concepts by alias and embedding similarity. Dense search is optional so the lexical path
 * works on its own (and is the BM25-only baseline of the eval).
 */
import type { Retriever } from '../core/answer.ts';
import type { Corpus, Paper } from '../core/corpus-schema.ts';
import { namesInterpretability, readsAsInterpretability, showsInterpretability, textCues, type InterpretabilityReading, type TextCues } from '../core/definitions.ts';
import { titleLine } from '../core/input.ts';
import { BM25_CODE, cachedBm25, type Bm25Index, type ScoredId } from './bm25.ts';
import { bundledInterpretabilityModel, interpretabilityProbability } from './interpretability-classifier.ts';
import { cachedConceptClassifier, conceptTrainingExamples, type ConceptClassifier } from './concept-classifier.ts';
import { derivedData, siblingModules } from '../corpus/load.ts';
import { AliasMatcher, combineConceptEvidence, HeadWords, conceptAliases, conceptLexicalText, DEFAULT_CONCEPT_WEIGHTS, type ConceptRecognitionWeights, type TextInterpretability } from './concept-recognizer.ts';
import { bundledConceptCombiner, combineWithModel, type ConceptCombinerModel, type ConceptEvidence } from './concept-combiner.ts';
import { reciprocalRankFusion } from './fusion.ts';
import { tokenize } from './tokenize.ts';

/** Dense (embedding) search, provided by the vector index. */
export interface DenseSearch {
  /** Paper ids by cosine similarity to the text, best first. */
  searchPapers(text: string, k: number): Promise<ScoredId[]>;
  /** Cosine similarity of the text to every concept, by concept id. */
  conceptSimilarities(text: string): Promise<ScoredId[]>;
}

export interface RetrieverWeights {
  /** Weight of the BM25 list in rank fusion. */
  lexical: number;
  /** Weight of the dense list in rank fusion. */
  dense: number;
  concepts: ConceptRecognitionWeights;
}

export const DEFAULT_RETRIEVER_WEIGHTS: RetrieverWeights = {
  lexical: 1,
  dense: 0.5,
  concepts: DEFAULT_CONCEPT_WEIGHTS,
};

/**
 * The text BM25 indexes for a paper: its title twice (titles are dense with meaning), its
 * summary or abstract, and the names and aliases of the concepts it is linked to, so a
 * question in MI slang finds the NLPI paper filed under the same concept.
 */
export function lexicalPaperText(p: Paper, corpus: Corpus, conceptsOf: Map<string, Set<string>>): string {
  const conceptText = [...(conceptsOf.get(p.id) ?? [])]
    .map((id) => corpus.concepts.get(id))
    .filter((c) => c !== undefined)
    .map((c) => conceptAliases(c).join(' '))
    .join(' ');
  return [p.title, p.title, p.summary ?? '', p.abstract ?? '', conceptText].join('\n');
}

/** Concept ids per paper: its tags plus the concepts that name it as precedent, later work or MI example. */
export function conceptsByPaper(corpus: Corpus): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const add = (paperId: string, conceptId: string) => {
    let s = out.get(paperId);
    if (!s) out.set(paperId, (s = new Set()));
    s.add(conceptId);
  };
  for (const p of corpus.papers.values()) for (const t of p.tags) add(p.id, t);
  for (const c of corpus.concepts.values()) {
    for (const l of [...c.precedents, ...(c.later ?? [])]) add(l.id, c.id);
    for (const id of c.miExamples) add(id, c.id);
  }
  return out;
}

export interface LexicalRetriever extends Retriever {
  readonly bm25: Bm25Index;
  readonly aliases: AliasMatcher;
  /** What every concept channel says of a text, and what the hand-set combination chose (for fitting the learned one). */
  conceptEvidence(text: string): Promise<ConceptEvidence>;
}

export function createRetriever(opts: {
  corpus: Corpus;
  dense?: DenseSearch;
  weights?: Partial<RetrieverWeights>;
  /** Leave out lexical search (the dense-only baseline of the eval). */
  lexical?: boolean;
  /**
   * The corpus-trained concept classifier: by default the corpus's own (read from beside its snapshot,
   * or trained on first use); false leaves it out. The eval passes one trained without the paper in question.
   */
  classifier?: ConceptClassifier | false;
  /**
   * The learned combination of the concept channels (concept-combiner.ts): by default the shipped one
   * (corpus/models/concept-combiner.json) when it is there; false leaves the hand-set combination alone. A function
   * is called whenever a pasted abstract needs the model, so a retriever is built, and its channels read, even
   * while the file does not fit the code (what its refit, `npm run eval:fit-concepts`, needs).
   */
  conceptCombiner?: ConceptCombinerModel | false | (() => ConceptCombinerModel | undefined);
}): LexicalRetriever {
  const weights = { ...DEFAULT_RETRIEVER_WEIGHTS, ...opts.weights };
  const { corpus, dense } = opts;
  // Both indexes are kept beside the corpus snapshot (cachedBm25), keyed by the code that makes their texts.
  const code = siblingModules(import.meta.url, './concept-recognizer');
  const bm25 = cachedBm25(derivedData(corpus), 'bm25-papers', code, () => {
    const conceptsOf = conceptsByPaper(corpus);
    return [...corpus.papers.values()].map((p) => ({ id: p.id, text: lexicalPaperText(p, corpus, conceptsOf) }));
  });
  const aliases = new AliasMatcher(corpus.concepts.values());
  const headWords = new HeadWords(corpus.concepts.values());
  const useLexical = opts.lexical ?? true;
  const conceptBm25 = cachedBm25(derivedData(corpus), 'bm25-concepts', code, () => [...corpus.concepts.values()].map((c) => ({ id: c.id, text: conceptLexicalText(c) })));
  let classifier: Promise<ConceptClassifier> | ConceptClassifier | false | undefined = opts.classifier;
  const learned = async (text: string): Promise<ScoredId[]> => {
    if (classifier === false || !useLexical) return [];
    classifier ??= corpusConceptClassifier(corpus);
    return (await classifier).classify(text);
  };
  // answer() asks recognizeConcepts and readInterpretability about the same pasted abstract together: its cues and the
  // model's reading are found once, for the last text read.
  let last: { text: string; cues: TextCues; reading: InterpretabilityReading | undefined } | undefined;
  const readingOf = (text: string) => {
    if (last?.text !== text) {
      const cues = textCues(text);
      last = { text, cues, reading: interpretabilityReading(text, weights.concepts.learnedInterpretability, weights.concepts.learnedInterpretabilityOtherTopic, undefined, cues) };
    }
    return last;
  };
  const combinerOption = opts.conceptCombiner ?? bundledConceptCombiner;
  const combiner = (): ConceptCombinerModel | undefined =>
    combinerOption === false ? undefined : typeof combinerOption === 'function' ? combinerOption() : combinerOption;
  // What every channel says of a text's concepts, and the hand-set combination of it. The lexical work comes before the
  // wait for the question's vector, so it overlaps the encoder's.
  const channels = async (text: string) => {
    const byAlias = aliases.match(text);
    // One BM25 pass over every concept: the hand-set combination counts its first few, the learned one reads them all.
    const lexicalAll = useLexical ? conceptBm25.search(text, corpus.concepts.size) : [];
    const lexical = lexicalAll.slice(0, weights.concepts.lexicalCandidates);
    const tokens = tokenize(text).length;
    // The learned models read pasted abstracts only (see combineConceptEvidence): a short question loads neither.
    const long = tokens >= weights.concepts.longTextWords;
    const choices = long ? await learned(text) : [];
    const interpretability = choices.length > 0 ? textInterpretability(readingOf(text)) : 'none';
    const similarities = dense ? await dense.conceptSimilarities(text) : [];
    const base = combineConceptEvidence(byAlias, similarities, weights.concepts, lexical, tokens, choices, interpretability);
    // Everything each channel says of every concept, for the learned combination (with the title line's aliases).
    const evidence = (): ConceptEvidence => ({
      aliases: byAlias,
      titleAliases: aliases.match(titleLine(text)),
      lexical: lexicalAll,
      learned: choices,
      similarities,
      base,
      heads: headWords.score(text),
    });
    return { long, base, evidence };
  };
  return {
    bm25,
    aliases,
    async recognizeConcepts(text) {
      const { long, base, evidence } = await channels(text);
      // A pasted abstract in which the hand-set combination found a concept: the learned combination re-chooses them.
      const model = long && base.length > 0 ? combiner() : undefined;
      return model ? combineWithModel(evidence(), model) : base;
    },
    async conceptEvidence(text) {
      return (await channels(text)).evidence();
    },
    async readInterpretability(text) {
      if (tokenize(text).length < weights.concepts.longTextWords) return undefined;
      return readingOf(text).reading;
    },
    async searchPapers(text, k) {
      const lists = [];
      if (useLexical) lists.push({ results: bm25.search(text, k), weight: weights.lexical });
      if (dense) lists.push({ results: await dense.searchPapers(text, k), weight: weights.dense });
      if (lists.length === 1) return lists[0]!.results.slice(0, k);
      return reciprocalRankFusion(lists).slice(0, k);
    },
  };
}

/**
 * The text reads as interpretability research: by its own cue words (core's showsInterpretability), or
 * by the shipped interpretability model (probability at least `threshold`) when that is present.
 */
export function interpretabilityEvidence(text: string, threshold: number, otherTopicThreshold: number, model = bundledInterpretabilityModel()): boolean {
  const cues = textCues(text);
  return showsInterpretabilityOrReads({ cues, reading: interpretabilityReading(text, threshold, otherTopicThreshold, model, cues) });
}

/** Its own words show interpretability work, or the model reads it as such. */
const showsInterpretabilityOrReads = (r: { cues: TextCues; reading: InterpretabilityReading | undefined }): boolean =>
  showsInterpretability(r.cues) || readsAsInterpretability(r.reading);

/** What a text says of interpretability, for the concept recognizer (see TextInterpretability). */
const textInterpretability = (r: { cues: TextCues; reading: InterpretabilityReading | undefined }): TextInterpretability =>
  showsInterpretabilityOrReads(r) ? 'shown' : namesInterpretability(r.cues) ? 'named' : 'none';

/**
 * The shipped interpretability model's reading of a text: its probability, and the bar it must reach (`threshold`,
 * or `otherTopicThreshold` when the text shows another topic: a new method, decoding, efficiency… asks for more
 * confidence). Undefined when there is no model.
 */
export function interpretabilityReading(
  text: string,
  threshold: number,
  otherTopicThreshold: number,
  model = bundledInterpretabilityModel(),
  cues = textCues(text),
): InterpretabilityReading | undefined {
  if (model === null) return undefined;
  return { probability: interpretabilityProbability(model, text), bar: cues.otherTopic.length > 0 ? otherTopicThreshold : threshold };
}

/** The code a concept classifier's training depends on (its examples' texts and labels, its features). */
const CLASSIFIER_CODE: readonly string[] = [...BM25_CODE, ...siblingModules(import.meta.url, './concept-classifier', './concept-recognizer', './retriever')];

/** The corpus's concept classifier, read from beside its snapshot or trained in a worker (and kept there). */
export function corpusConceptClassifier(corpus: Corpus): Promise<ConceptClassifier> {
  return cachedConceptClassifier(derivedData(corpus), CLASSIFIER_CODE, () => conceptTrainingExamples(corpus, conceptsByPaper(corpus)), [...corpus.concepts.keys()]);
}
