/**
 * Recognizes crosswalk concepts in a question by alias (both communities' vocabularies and
 * MI slang, matched on stemmed tokens in order, with small gaps allowed) and, when given,
 * by embedding similarity to the concept's description.
 */
import type { Concept } from '../core/corpus-schema.ts';
import type { ScoredId } from './bm25.ts';
import { isStopword } from './stopwords.ts';
import { stem, tokenize, words } from './tokenize.ts';

export interface AliasMatch {
  conceptId: string;
  /** The alias as the curator wrote it. */
  alias: string;
  score: number;
}

interface AliasPattern {
  conceptId: string;
  alias: string;
  tokens: string[];
  content: number;
  /** Words (stopwords included) from each token to the next, as the alias is written: "control tasks" 1, "attention as explanation" 2. */
  steps: number[];
}

/** Content tokens of a text with the position of each among all its words (stopwords included). */
function positioned(text: string): { tokens: string[]; at: number[] } {
  const tokens: string[] = [];
  const at: number[] = [];
  words(text).forEach((w, i) => {
    if (isStopword(w)) return;
    tokens.push(stem(w));
    at.push(i);
  });
  return { tokens, at };
}

/** How many other content words may sit between two words of an alias ("patch the outputs of single heads"). */
const MAX_GAP = 3;
/** A two-word alias must appear as written (after stemming and stopwords): "feature ... labels" across a clause is not "feature labels". */
const SHORT_ALIAS_MAX_GAP = 0;

/** Where a sentence (or a line, or a clause after a semicolon) ends: a full stop, ? or ! before a space, a semicolon, a line break. */
const SENTENCE_END = /(?<=[.!?])\s+|;\s*|\n+/;

export function conceptAliases(concept: Concept): string[] {
  return [concept.name, concept.id.replace(/-/g, ' '), ...concept.aliases.mi, ...concept.aliases.nlpi];
}

export class AliasMatcher {
  private readonly patterns: AliasPattern[] = [];

  constructor(concepts: Iterable<Concept>) {
    for (const c of concepts) {
      for (const alias of new Set(conceptAliases(c))) {
        // Stopwords are left out on both sides, so "clean and corrupted runs" meets "a clean run into a corrupted run".
        const { tokens, at } = positioned(alias);
        const content = tokens.length;
        if (content === 0) continue;
        this.patterns.push({ conceptId: c.id, alias, tokens, content, steps: at.slice(1).map((a, i) => a - at[i]!) });
      }
    }
  }

  /** Every alias found in `text`, best first; at most one match (the strongest alias) per concept. */
  match(text: string): AliasMatch[] {
    // An alias is matched within a sentence: "…tweet-to-topic attribution. Graph-based rules…" is not "attribution graph".
    const sentences = text.split(SENTENCE_END).map(positioned).filter((t) => t.tokens.length > 0);
    const best = new Map<string, AliasMatch>();
    for (const p of this.patterns) {
      let gaps: number | null = null;
      for (const sentence of sentences) {
        const g = findInOrder(sentence.tokens, p.tokens, p.tokens.length <= 2 ? (q, prev, j) => sentence.at[q]! - sentence.at[prev]! === p.steps[j - 1] : undefined);
        if (g !== null && (gaps === null || g < gaps)) gaps = g;
        if (gaps === 0) break;
      }
      if (gaps === null) continue;
      // Longer aliases are more specific; every skipped token costs a little.
      const score = Math.max(0.3, Math.min(1, 0.45 + 0.2 * p.content) - 0.05 * gaps);
      const prev = best.get(p.conceptId);
      if (!prev || score > prev.score) best.set(p.conceptId, { conceptId: p.conceptId, alias: p.alias, score });
    }
    return [...best.values()].sort((a, b) => b.score - a.score || a.conceptId.localeCompare(b.conceptId));
  }
}

/**
 * Total gap length of the tightest in-order occurrence of `needle` in `hay`, or null. `fits` (for short
 * aliases) also checks the words between two matched tokens, stopwords included: "control for task
 * differences" is not "control tasks".
 */
function findInOrder(hay: string[], needle: string[], fits?: (q: number, prev: number, j: number) => boolean): number | null {
  if (needle.length === 0) return null;
  let bestGaps: number | null = null;
  const maxGap = needle.length <= 2 ? SHORT_ALIAS_MAX_GAP : MAX_GAP;
  for (let start = 0; start < hay.length; start++) {
    if (hay[start] !== needle[0]) continue;
    let pos = start;
    let gaps = 0;
    let ok = true;
    for (let j = 1; j < needle.length; j++) {
      let found = -1;
      for (let q = pos + 1; q <= Math.min(hay.length - 1, pos + 1 + maxGap); q++) {
        if (hay[q] === needle[j] && (!fits || fits(q, pos, j))) {
          found = q;
          break;
        }
      }
      if (found < 0) {
        ok = false;
        break;
      }
      gaps += found - pos - 1;
      pos = found;
    }
    if (ok && (bestGaps === null || gaps < bestGaps)) bestGaps = gaps;
    if (bestGaps === 0) break;
  }
  return bestGaps;
}

export interface ConceptRecognitionWeights {
  /** Cosine similarity at which an embedding match starts to count. */
  embedFloor: number;
  /** Cosine similarity that counts as a certain match. */
  embedCeiling: number;
  /** How much an embedding match is worth next to an alias match. */
  embedWeight: number;
  /** Minimum final score for a concept to be reported. */
  threshold: number;
  /** BM25 score of a concept's text (name, aliases, description) that counts as half a match. */
  lexicalHalfScore: number;
  /** How much a BM25 match on a concept's text is worth next to an alias match. */
  lexicalWeight: number;
  /** How many of the best BM25 concept matches count: the tail of a BM25 list shares one common word with the text. */
  lexicalCandidates: number;
  /**
   * Minimum score of a concept found without a specific alias (only by embedding similarity, BM25
   * over its text, or a one-word alias such as "feature" or "circuit"): faint matches of a long
   * abstract to a concept's description bring generic precedents, so they need stronger evidence.
   */
  unaliasedThreshold: number;
  /**
   * Texts of at least this many content words (a pasted abstract) get the unaliased threshold: in a
   * long text every concept description shares some words and some meaning with it, while in a
   * short question a faint match is all the evidence there is.
   */
  longTextWords: number;
  /** A concept is kept only when its score is at least this share of the best concept's score. */
  relativeFloor: number;
  /** Probability from the corpus-trained classifier (concept-classifier.ts) at which its evidence starts to count. */
  learnedFloor: number;
  /** Classifier probability that counts as a certain match. */
  learnedCeiling: number;
  /** How much the classifier's choice is worth next to an alias match. */
  learnedWeight: number;
  /**
   * How many of the classifier's first choices count. Two: a pasted abstract's second topic (the lens beside the
   * patching) is where a labelled key precedent often sits, and the first choice alone found one concept in most abstracts.
   */
  learnedCandidates: number;
  /**
   * When no concept reaches its bar in a pasted abstract that shows (or names) interpretability, offer the classifier's first choice
   * as a best guess (marked `guess`). The core names precedents for a guess only once the verdict says the text is
   * interpretability research, and never counts a guess as evidence for that verdict.
   */
  learnedGuess: boolean;
  /** Probability from the shipped interpretability model at which a text counts as interpretability research. */
  learnedInterpretability: number;
  /** The same, for a text that shows another topic (core's otherTopic cues: a new method, decoding, efficiency…). */
  learnedInterpretabilityOtherTopic: number;
}

export const DEFAULT_CONCEPT_WEIGHTS: ConceptRecognitionWeights = {
  embedFloor: 0.5,
  embedCeiling: 0.8,
  embedWeight: 0.6,
  threshold: 0.35,
  lexicalHalfScore: 8,
  lexicalWeight: 0.7,
  lexicalCandidates: 3,
  unaliasedThreshold: 0.75,
  longTextWords: 40,
  relativeFloor: 0.6,
  learnedFloor: 0.02,
  learnedCeiling: 0.1,
  learnedWeight: 0.8,
  learnedCandidates: 2,
  learnedGuess: true,
  learnedInterpretability: 0.3,
  learnedInterpretabilityOtherTopic: 0.5,
};

/** An alias of one content word ("feature", "circuit", "probing") is too generic to name a concept on its own. */
export const isSpecificAlias = (m: AliasMatch): boolean => tokenize(m.alias).length >= 2;

/**
 * Each concept's head words: the stems that two or more of its aliases (and its name) share ("probe" and "classifier"
 * for probing), each weighted by how few concepts have it as a head word (log(1 + concepts / concepts with it)). A
 * text's score for a concept is the weighted share of its head words the text uses: the words a field uses for a
 * concept, found in any phrasing, where an alias must be found whole.
 */
export class HeadWords {
  private readonly heads = new Map<string, Map<string, number>>();

  constructor(concepts: Iterable<Concept>) {
    const all = [...concepts];
    const df = new Map<string, number>();
    for (const c of all) {
      const count = new Map<string, number>();
      for (const alias of new Set(conceptAliases(c))) for (const s of new Set(positioned(alias).tokens)) count.set(s, (count.get(s) ?? 0) + 1);
      const heads = [...count].filter(([, n]) => n >= 2).map(([s]) => s);
      this.heads.set(c.id, new Map(heads.map((s) => [s, 0])));
      for (const s of heads) df.set(s, (df.get(s) ?? 0) + 1);
    }
    for (const heads of this.heads.values()) for (const s of heads.keys()) heads.set(s, Math.log(1 + all.length / df.get(s)!));
  }

  /** The concept's head stems, for inspection. */
  of(conceptId: string): string[] {
    return [...(this.heads.get(conceptId)?.keys() ?? [])];
  }

  /** Per concept with any head word in `text`, the weighted share of its head words the text uses (0..1]. */
  score(text: string): ScoredId[] {
    const present = new Set(positioned(text).tokens);
    const out: ScoredId[] = [];
    for (const [id, heads] of this.heads) {
      let all = 0;
      let used = 0;
      for (const [s, w] of heads) {
        all += w;
        if (present.has(s)) used += w;
      }
      if (used > 0) out.push({ id, score: used / all });
    }
    return out;
  }
}

/** The text a concept is found by in lexical (BM25) recognition: its names in both vocabularies and its description. */
export function conceptLexicalText(concept: Concept): string {
  return `${conceptAliases(concept).join('\n')}\n${concept.description}`;
}

/**
 * What a text's own words say of interpretability: `shown` (core's showsInterpretability, or the learned model's
 * reading), which lets the classifier's first choices add evidence; `named` in so many words, perhaps next to another
 * topic (core's namesInterpretability), too little for that evidence but enough for the classifier's closest guess,
 * which the answer follows only when its verdict says the text is interpretability research; or `none`.
 */
export type TextInterpretability = 'shown' | 'named' | 'none';

/**
 * Combines alias matches, embedding similarities (cosine, per concept id) and BM25 scores of the
 * concepts' texts (per concept id, raw) into one score per concept. An alias match is strong
 * evidence; an embedding or BM25 match alone must be clearly above its floor. BM25 evidence is what
 * finds the concept in a pasted abstract that uses none of the aliases word for word.
 */
export function combineConceptEvidence(
  aliasMatches: readonly AliasMatch[],
  similarities: readonly ScoredId[],
  weights: ConceptRecognitionWeights = DEFAULT_CONCEPT_WEIGHTS,
  lexical: readonly ScoredId[] = [],
  /** Content words in the text; 0 (unknown) counts as short. */
  textWords = 0,
  /** The corpus-trained classifier's probabilities, best first. */
  learned: readonly ScoredId[] = [],
  /** What the text's own words say of interpretability (see TextInterpretability). */
  interpretability: TextInterpretability = 'none',
): (ScoredId & { byAlias: boolean; guess?: true })[] {
  const long = textWords >= weights.longTextWords;
  const scores = new Map<string, number>();
  // Independent pieces of evidence: together they beat either alone, and never exceed 1.
  const add = (id: string, e: number) => {
    const a = scores.get(id) ?? 0;
    scores.set(id, a + e - a * e);
  };
  const specific = new Set<string>();
  for (const m of aliasMatches) {
    scores.set(m.conceptId, Math.max(scores.get(m.conceptId) ?? 0, m.score));
    if (isSpecificAlias(m)) specific.add(m.conceptId);
  }
  for (const s of similarities) {
    const scaled = Math.max(0, Math.min(1, (s.score - weights.embedFloor) / (weights.embedCeiling - weights.embedFloor)));
    add(s.id, weights.embedWeight * scaled);
  }
  for (const s of lexical) {
    if (s.score > 0) add(s.id, weights.lexicalWeight * (s.score / (s.score + weights.lexicalHalfScore)));
  }
  const select = () => {
    const kept = [...scores.entries()]
      .filter(([id, s]) => s >= (!long || specific.has(id) || learnedChoice.has(id) ? weights.threshold : Math.max(weights.threshold, weights.unaliasedThreshold)))
      .sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]));
    const top = kept[0]?.[1] ?? 0;
    return kept.filter(([, s]) => !long || s >= weights.relativeFloor * top);
  };
  // The corpus-trained classifier's first choices add evidence only to a pasted abstract (it learned
  // from titles and abstracts; a one-line question gives it too few words) that shows interpretability
  // work by its own words or in which the other channels already found a concept: it ranks concepts
  // for any text, interpretability or not, so it never makes an interpretability topic out of nothing.
  // A concept it is confident of counts as named.
  const learnedChoice = new Set<string>();
  if (long && learned.length > 0 && (interpretability === 'shown' || select().length > 0)) {
    for (const s of learned.slice(0, weights.learnedCandidates)) {
      const scaled = Math.max(0, Math.min(1, (s.score - weights.learnedFloor) / (weights.learnedCeiling - weights.learnedFloor)));
      if (scaled <= 0) continue;
      add(s.id, weights.learnedWeight * scaled);
      learnedChoice.add(s.id);
    }
  }
  const chosen = select().map(([id, score]) => ({ id, score: Math.round(score * 1000) / 1000, byAlias: specific.has(id) }));
  // Nothing reached the bar: the classifier's first choice is the closest topic the corpus knows, at the lowest reported score.
  const first = learned[0];
  if (chosen.length === 0 && weights.learnedGuess && long && first && interpretability !== 'none') {
    return [{ id: first.id, score: weights.threshold, byAlias: false, guess: true }];
  }
  return chosen;
}
