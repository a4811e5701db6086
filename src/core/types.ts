/**
 * The question a chat adapter or the CLI hands to the core, and the answer the core gives back.
 * The answer is the JSON contract of `mechanistic ask --json` (see shared/CONVENTIONS.md).
 */
import type { Community } from './corpus-schema.ts';

export const DEFINITION_KEYS = ['narrowTechnical', 'broadTechnical', 'narrowCultural', 'broadCultural'] as const;
export type DefinitionKey = (typeof DEFINITION_KEYS)[number];

export interface Question {
  /** What the user typed or pasted: a question, a method, a title + abstract, or a paper id/URL. */
  text: string;
  /** Page size of precedents and related work (default 10). */
  limit?: number;
  /** Page offset into precedents and related work (default 0). */
  offset?: number;
}

export interface DefinitionVerdict {
  /** true = applies, false = does not, null = cannot tell from what was given. */
  applies: boolean | null;
  confidence: number;
  /** Which phrases of the input triggered which criterion, in plain words. */
  evidence: string[];
}

export type Definitions = Record<DefinitionKey, DefinitionVerdict>;

export interface RecognizedConcept {
  id: string;
  name: string;
  aliases: string[];
  score: number;
}

/** A paper as the answer shows it: the shape of `paper`, `precedents[]` and `related[]`. */
export interface PaperRef {
  id: string;
  title: string;
  authors: string[];
  year: number;
  venue: string;
  url: string;
  community: Community;
  why: string;
  score: number;
}

export interface Answer {
  query: string;
  paper: PaperRef | null;
  notices: string[];
  definitions: Definitions;
  concepts: RecognizedConcept[];
  precedents: PaperRef[];
  related: PaperRef[];
}
