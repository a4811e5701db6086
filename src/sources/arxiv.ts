/**
 * arXiv: one paper by id from the arXiv API (`?id_list=`, an Atom feed), read with the importer's parser
 * (`src/ingest/arxiv.ts`). An empty feed, or the error entry arXiv returns for a malformed id, is "not found".
 * And one page of a listing (`?search_query=…&start=…&max_results=…`): the papers submitted in a date range
 * to a set of categories, oldest first, with the feed's `opensearch:totalResults` (the weekly scan pages it).
 */
import { parseArxivAtom, parseArxivAtomDetails } from '../ingest/arxiv.ts';
import type { ImportedPaper } from '../ingest/record.ts';
import type { SourceHttp } from './http.ts';
import { isValidSourceId } from './ids.ts';
import { SourceError, sourcePaper, type SourcePaper } from './types.ts';

/** One page of an arXiv listing, as the weekly scan caches it. JSON-serializable. */
export interface ArxivListingPage {
  /** The `start` asked for. */
  start: number;
  /** `opensearch:totalResults`: entries the whole query matches. */
  totalResults: number;
  /** Entries in this page, readable or not (an empty page has 0). */
  entries: number;
  papers: SourcePaper[];
}

/** arXiv category names: `cs.CL`, `stat.ML`, `hep-th`. */
export const ARXIV_CATEGORY = /^[a-z-]+(\.[A-Za-z-]+)?$/;

/** `YYYYMMDDHHMM` in GMT, arXiv's submittedDate format. */
function arxivMinute(d: Date): string {
  return d.toISOString().slice(0, 16).replace(/[-T:]/g, '');
}

/**
 * The search_query of a listing: any of `categories`, submitted in [from, to) (arXiv's range is inclusive
 * to the minute, so it ends one minute before `to`).
 */
export function arxivListingQuery(categories: readonly string[], from: Date, to: Date): string {
  const bad = categories.find((c) => !ARXIV_CATEGORY.test(c));
  if (bad !== undefined || categories.length === 0) throw new Error(`not an arXiv category list: ${JSON.stringify(categories)}`);
  const cats = categories.map((c) => `cat:${c}`).join(' OR ');
  return `(${cats}) AND submittedDate:[${arxivMinute(from)} TO ${arxivMinute(new Date(to.getTime() - 60_000))}]`;
}

function toSourcePaper(id: string, paper: ImportedPaper, details: { published?: string; categories: string[] } | undefined): SourcePaper {
  const date = details?.published?.slice(0, 10);
  return sourcePaper({
    title: paper.title,
    authors: paper.authors,
    date: { year: paper.year, month: paper.month, date: date && /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : undefined },
    abstract: paper.abstract,
    venue: paper.venue,
    url: `https://arxiv.org/abs/${id}`,
    ids: { arxiv: id, ...(paper.ids.doi ? { doi: paper.ids.doi.toLowerCase() } : {}) },
    categories: details?.categories,
    source: 'arxiv',
  });
}

/** arXiv's terms of use: one request every 3 seconds, on a single connection at a time. */
export const ARXIV_MAX_CONCURRENT = 1;

export class ArxivSource {
  constructor(
    private readonly http: SourceHttp,
    private readonly baseUrl: string,
    private readonly minIntervalMs = 3000,
  ) {
    http.allow(baseUrl);
  }

  /** `id`: `2211.00593` or `hep-th/9901001`, without a version (the latest version is described). */
  async paper(id: string): Promise<SourcePaper> {
    if (!isValidSourceId({ kind: 'arxiv', value: id })) {
      throw new SourceError('not-found', 'arxiv', `"${id}" is not an arXiv id`);
    }
    const url = `${this.baseUrl}?id_list=${encodeURIComponent(id).replace(/%2F/gi, '/')}&max_results=1`;
    const res = await this.http.get({ source: 'arxiv', url, minIntervalMs: this.minIntervalMs, maxConcurrent: ARXIV_MAX_CONCURRENT });
    const parsed = parseArxivAtom(res.text, `arxiv:id_list=${id}`);
    const apiError = parsed.errors.find((e) => e.message.startsWith('arXiv API error'));
    if (apiError) throw new SourceError('not-found', 'arxiv', `arXiv does not accept ${id}: ${apiError.message.replace(/^arXiv API error: /, '')}`, { status: res.status });
    if (res.status === 404 || res.status === 400) throw new SourceError('not-found', 'arxiv', `arXiv has no paper ${id}`, { status: res.status });
    if (res.status !== 200) throw new SourceError('bad-response', 'arxiv', `arXiv answered ${res.status}`, { status: res.status });
    const paper = parsed.papers.find((p) => p.ids.arxiv === id);
    if (!paper) {
      if (parsed.papers.length === 0 && parsed.errors.length === 0) throw new SourceError('not-found', 'arxiv', `arXiv has no paper ${id}`);
      throw new SourceError('bad-response', 'arxiv', `arXiv's answer for ${id} could not be read: ${parsed.errors[0]?.message ?? 'it describes another paper'}`);
    }
    return toSourcePaper(id, paper, parseArxivAtomDetails(res.text).get(id));
  }

  /**
   * One page of a listing (`query` from arxivListingQuery), oldest submission first. Requests keep arXiv's
   * one-every-3-seconds, one-at-a-time rule through the process-wide per-host gate (shared with answer-time
   * lookups); a 503 is retried once (SourceHttp).
   */
  async listingPage(query: string, start: number, maxResults: number): Promise<ArxivListingPage> {
    if (!Number.isInteger(start) || start < 0 || !Number.isInteger(maxResults) || maxResults < 1 || maxResults > 2000) {
      throw new Error(`bad listing page: start ${start}, max_results ${maxResults}`);
    }
    const url = `${this.baseUrl}?search_query=${encodeURIComponent(query)}&start=${start}&max_results=${maxResults}&sortBy=submittedDate&sortOrder=ascending`;
    const res = await this.http.get({ source: 'arxiv', url, minIntervalMs: this.minIntervalMs, maxConcurrent: ARXIV_MAX_CONCURRENT });
    if (res.status !== 200) throw new SourceError('bad-response', 'arxiv', `arXiv answered ${res.status} for a listing page`, { status: res.status });
    const parsed = parseArxivAtom(res.text, `arxiv:search_query=${query}&start=${start}`);
    const apiError = parsed.errors.find((e) => e.message.startsWith('arXiv API error') || e.record === '(feed)');
    if (apiError) throw new SourceError('bad-response', 'arxiv', `arXiv's listing page could not be read: ${apiError.message}`);
    const total = /<opensearch:totalResults[^>]*>\s*(\d+)\s*</.exec(res.text);
    if (!total) throw new SourceError('bad-response', 'arxiv', 'arXiv\'s listing page has no opensearch:totalResults');
    const details = parseArxivAtomDetails(res.text);
    const entries = (res.text.match(/<entry[\s>]/g) ?? []).length;
    return {
      start,
      totalResults: Number(total[1]),
      entries,
      papers: parsed.papers.map((p) => toSourcePaper(p.ids.arxiv!, p, details.get(p.ids.arxiv!))),
    };
  }
}
