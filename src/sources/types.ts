/**
 * What the paper sources (arXiv, Semantic Scholar, Crossref, OpenReview, the ACL Anthology) return,
 * normalized to one shape, and the typed errors they fail with.
 */

export type SourceName = 'arxiv' | 'semantic-scholar' | 'crossref' | 'openreview' | 'anthology';

/** Human names, for notices and "via arXiv" lines. */
export const SOURCE_LABELS: Record<SourceName, string> = {
  arxiv: 'arXiv',
  'semantic-scholar': 'Semantic Scholar',
  crossref: 'Crossref',
  openreview: 'OpenReview',
  anthology: 'the ACL Anthology',
};

export interface SourcePaperIds {
  /** New-style `2211.00593` or old-style `hep-th/9901001`, never with a version. */
  arxiv?: string;
  /** Lowercase. */
  doi?: string;
  /** `2020.acl-main.383` (lowercase) or `P19-1452` (uppercase), as the Anthology spells them. */
  acl?: string;
  /** OpenReview forum (note) id. */
  openreview?: string;
  /** Semantic Scholar paper id (40 hex digits). */
  s2?: string;
}

/** One paper as a source of record describes it. JSON-serializable (it is cached as JSON). */
export interface SourcePaper {
  title: string;
  authors: string[];
  /** Year of first public appearance, when the source gives one. */
  year: number | null;
  month?: number;
  /** `YYYY-MM-DD` or `YYYY-MM`, the most precise first-appearance date the source gives. */
  date?: string;
  abstract?: string;
  venue?: string;
  /** The paper's page at its source of record (arXiv abs page, Anthology page, doi.org link, OpenReview forum). */
  url: string;
  ids: SourcePaperIds;
  /** arXiv categories, primary first. */
  categories?: string[];
  source: SourceName;
}

/** What a source gave for one paper, before empty optional fields are left out. */
export interface SourcePaperFields {
  title: string;
  authors: string[];
  date: { year: number | null; month?: number | undefined; date?: string | undefined };
  abstract?: string | undefined;
  venue?: string | undefined;
  url: string;
  ids: SourcePaperIds;
  categories?: string[] | undefined;
  source: SourceName;
}

/** The SourcePaper of what a source gave: a missing month, date, abstract, venue or category list is left out, not empty. */
export function sourcePaper(f: SourcePaperFields): SourcePaper {
  return {
    title: f.title,
    authors: f.authors,
    year: f.date.year,
    ...(f.date.month ? { month: f.date.month } : {}),
    ...(f.date.date ? { date: f.date.date } : {}),
    ...(f.abstract ? { abstract: f.abstract } : {}),
    ...(f.venue ? { venue: f.venue } : {}),
    url: f.url,
    ids: f.ids,
    ...(f.categories && f.categories.length > 0 ? { categories: f.categories } : {}),
    source: f.source,
  };
}

/** One entry of a paper's reference list (Semantic Scholar `/paper/{id}/references`). */
export interface SourceReference {
  title: string;
  year: number | null;
  externalIds: SourcePaperIds;
}

export interface SourceReferences {
  /** Semantic Scholar's id of the citing paper, when known. */
  paperId?: string;
  references: SourceReference[];
  /** True when the list was cut at the page limit. */
  truncated: boolean;
}

/**
 * - `not-found`: the source answered that it has no such paper (404, an empty feed, a malformed id).
 * - `timeout`: no complete answer within MECHANISTIC_SOURCE_TIMEOUT_MS.
 * - `unavailable`: 429 or 5xx (after the one retry), refused connection, or too busy to ask now.
 * - `bad-response`: an answer we could not read (not the documented format).
 * - `network-off`: MECHANISTIC_NETWORK=off; nothing was sent.
 */
export type SourceErrorKind = 'not-found' | 'timeout' | 'unavailable' | 'bad-response' | 'network-off';

export class SourceError extends Error {
  constructor(
    readonly kind: SourceErrorKind,
    readonly source: SourceName,
    message: string,
    readonly details: { status?: number; retryAfterMs?: number } = {},
  ) {
    super(message);
    this.name = 'SourceError';
  }
}

export function isSourceError(e: unknown): e is SourceError {
  return e instanceof SourceError;
}
