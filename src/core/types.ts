/**
 * The question a chat adapter or the CLI hands to the core, and the answer the core gives back.
 * The answer is the JSON contract of `mechanistic ask --json` (see shared/CONVENTIONS.md).
 */
import type { Community } from './corpus-schema.ts';

export const DEFINITION_KEYS = ['narrowTechnical', 'broadTechnical', 'narrowCultural', 'broadCultural'] as const;
export type DefinitionKey = (typeof DEFINITION_KEYS)[number];

/**
 * A paper read from a source of record outside the corpus (arXiv, Semantic Scholar, Crossref,
 * OpenReview, the ACL Anthology): the app fetches it and passes it in; the core never fetches.
 */
export interface FetchedPaper {
  /** A stable id with its scheme, e.g. `arxiv:2301.05217` or `doi:10.18653/v1/2023.acl-long.1`. */
  id: string;
  title: string;
  authors: string[];
  year: number;
  /** 1–12 when the source gives it. */
  month?: number;
  venue: string;
  url: string;
  abstract?: string;
  /** The source's name as users know it, e.g. "arXiv", for the notice. */
  source: string;
  /** The venue the source states (journal-ref, proceedings, container title), when it states one. */
  publishedIn?: string;
  /** The paper's ACL Anthology id, when a source gives one (it is then an ACL venue paper). */
  aclId?: string;
  /** arXiv categories, primary first. Shown as facts; not evidence of a community. */
  categories?: string[];
}

/** What the app's paper resolution found for the links in a question. */
export interface PaperResolution {
  /** A corpus paper the link led to by another id (e.g. a DOI whose arXiv id is in the corpus). */
  corpusPaperId?: string;
  /** The paper read from a source when it is not in the corpus. */
  fetched?: FetchedPaper;
  /** Why a link could not be read, and what to paste instead. */
  notices: string[];
}

export interface Question {
  /** What the user typed or pasted: a question, a method, a title + abstract, or a paper id/URL. */
  text: string;
  /**
   * The app's resolution of the question's links (corpus first, then the cache and the sources).
   * Absent: only the corpus is consulted, and a link it does not have is answered from the text.
   */
  resolution?: PaperResolution;
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
  /** No concept reached the recognizer's bar and this is its closest guess: its precedents are leads, not findings. */
  guess?: true;
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

/** The model's verdict on one sense, beside the rule-based one in `definitions`. */
export interface ExplainedVerdict {
  applies: boolean | null;
  /** One sentence, grounded like the text. */
  reason: string;
  /** Whether the model's verdict is the rule-based one; where not, both are shown and the rules' stands. */
  agrees: boolean;
}

/**
 * The optional LLM explanation (src/llm): written only from what retrieval found. Papers are named
 * in `text` only as `[id]` of a retrieved paper; titles, years and links are shown from the answer's
 * papers, never from the model's words.
 */
export interface Explanation {
  text: string;
  verdicts: Record<DefinitionKey, ExplainedVerdict>;
  /** Ids of retrieved papers the explanation relies on. */
  cites: string[];
  model: string;
  /** Mentions of papers that were not retrieved (ids, titles, years, links), dropped. */
  dropped: number;
}

export interface Answer {
  query: string;
  paper: PaperRef | null;
  notices: string[];
  definitions: Definitions;
  concepts: RecognizedConcept[];
  precedents: PaperRef[];
  related: PaperRef[];
  /** Only when an LLM is configured and asked (`ask --llm`, the web page, the Explain button). */
  explanation?: Explanation;
}
