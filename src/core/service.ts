/**
 * What the rest of the program (CLI, chat adapters, web page, digest) uses of the core:
 * one object that answers questions and lookups. Adapters receive it as a parameter;
 * `openMechanistic` in src/app.ts builds the real one from the corpus and the retriever.
 */
import type { Concept, Corpus, GlossaryTerm, Paper } from './corpus-schema.ts';
import type { MissRates } from './references.ts';
import type { Answer, PaperRef, Question } from './types.ts';

export type Lookup<T> =
  | { found: true; value: T }
  | { found: false; message: string; suggestions: string[] };

export interface ConceptEntry {
  concept: Concept;
  /** The concept's NLPI precedents, in the curated order, each with its why-line. */
  precedents: PaperRef[];
  /** MI works on the concept. */
  miExamples: PaperRef[];
}

export interface PaperEntry {
  paper: Paper;
  ref: PaperRef;
  concepts: Concept[];
  bibtex: string;
}

export interface TermEntry {
  term: GlossaryTerm;
  papers: PaperRef[];
  concepts: Concept[];
}

export interface Mechanistic {
  readonly corpus: Corpus;
  /** Which embedder answers use, e.g. "use-lite (Universal Sentence Encoder lite, 512-d)". */
  readonly embedderDescription: string;
  /** The measured miss rates (corpus/missed-precedents.tsv); absent when none were measured for this corpus. */
  readonly missRates?: MissRates;
  ask(question: Question): Promise<Answer>;
  concept(name: string): Lookup<ConceptEntry>;
  paper(query: string): Lookup<PaperEntry>;
  term(word: string): Lookup<TermEntry>;
  /** BibTeX for the given papers (e.g. an answer's precedents), one entry each. */
  bibtex(refs: readonly PaperRef[]): string;
  /** Every concept as [id, name], for autocomplete. */
  conceptNames(): { id: string; name: string }[];
  /** Stops what keeps running in the background (the encoder's worker threads); call it once, at shutdown. */
  close?(): Promise<void>;
}
