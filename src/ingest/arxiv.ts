/**
 * Reads arXiv API Atom feeds (`/api/query?id_list=…` or `?search_query=…`) into imported papers.
 * arXiv's descriptive metadata, abstracts included, is CC0 (arXiv API terms of use), so abstracts are kept.
 * An entry without a title, authors or id becomes a record error; the other entries still import.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { arxivIdDate, parseArxivId } from './arxiv-id.ts';
import type { HttpClient } from './http-client.ts';
import { parseMonth, type ImportResult, type ImportedPaper } from './record.ts';
import { collapseSpace, decodeEntities } from './text.ts';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  isArray: (name) => name === 'entry' || name === 'author' || name === 'link' || name === 'category',
  parseTagValue: false,
  processEntities: false,
  trimValues: true,
});

export const ARXIV_API = 'https://export.arxiv.org/api/query';

function text(node: unknown): string {
  if (node == null) return '';
  if (typeof node === 'string') return collapseSpace(decodeEntities(node));
  if (typeof node === 'object' && '#text' in (node as Record<string, unknown>)) return text((node as Record<string, unknown>)['#text']);
  return '';
}

/** Parses one Atom feed; `input` names it in provenance and errors (e.g. `arxiv:id_list=2211.00593`). */
export function parseArxivAtom(xml: string, input: string): ImportResult {
  const result: ImportResult = { papers: [], errors: [] };
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    result.errors.push({ input, record: '(feed)', message: `broken XML at line ${valid.err.line}: ${valid.err.msg}; nothing imported from this feed` });
    return result;
  }
  const feed = (parser.parse(xml) as { feed?: Record<string, unknown> }).feed;
  if (!feed) {
    result.errors.push({ input, record: '(feed)', message: 'no <feed> element: not an arXiv API Atom response' });
    return result;
  }
  ((feed.entry as Record<string, unknown>[]) ?? []).forEach((entry, i) => {
    const rawId = text(entry.id);
    // arXiv reports a bad query as a single entry whose id points at its errors page.
    if (/arxiv\.org\/api\/errors/.test(rawId)) {
      result.errors.push({ input, record: `entry ${i + 1}`, message: `arXiv API error: ${text(entry.summary) || text(entry.title)}` });
      return;
    }
    const arxiv = parseArxivId(rawId);
    const title = text(entry.title);
    const authors = ((entry.author as Record<string, unknown>[]) ?? []).map((a) => text(a.name)).filter(Boolean);
    const published = text(entry.published);
    const posted = arxiv ? arxivIdDate(arxiv) : undefined;
    const year = Number(published.slice(0, 4)) || posted?.year;
    const month = parseMonth(published.slice(5, 7)) ?? posted?.month;
    const missing = [!arxiv && '<id>', !title && '<title>', authors.length === 0 && '<author>', !year && '<published>'].filter(Boolean);
    if (missing.length > 0) {
      result.errors.push({ input, record: arxiv ?? `entry ${i + 1}`, message: `missing ${missing.join(', ')}; entry skipped` });
      return;
    }
    const doi = text(entry['arxiv:doi']);
    const journal = text(entry['arxiv:journal_ref']);
    const abstract = text(entry.summary);
    const paper: ImportedPaper = {
      title,
      authors,
      year: year!,
      ...(month ? { month } : {}),
      venue: journal || 'arXiv',
      url: `https://arxiv.org/abs/${arxiv}`,
      kind: 'paper',
      ids: { arxiv: arxiv!, ...(doi ? { doi } : {}) },
      ...(abstract ? { abstract } : {}),
      source: input,
    };
    result.papers.push(paper);
  });
  return result;
}

/** Per entry (by arXiv id): what `parseArxivAtom` leaves out — the exact first-posting date and the categories, primary first. */
export function parseArxivAtomDetails(xml: string): Map<string, { published?: string; categories: string[] }> {
  const out = new Map<string, { published?: string; categories: string[] }>();
  if (XMLValidator.validate(xml) !== true) return out;
  const feed = (parser.parse(xml) as { feed?: Record<string, unknown> }).feed;
  for (const entry of (feed?.entry as Record<string, unknown>[] | undefined) ?? []) {
    const arxiv = parseArxivId(text(entry.id));
    if (!arxiv) continue;
    const primary = (entry['arxiv:primary_category'] as { term?: string } | undefined)?.term;
    const all = ((entry.category as { term?: string }[]) ?? []).map((c) => c.term).filter((t): t is string => Boolean(t));
    const categories = [...new Set([...(primary ? [primary] : []), ...all])];
    const published = text(entry.published);
    out.set(arxiv, { ...(published ? { published } : {}), categories });
  }
  return out;
}

export interface ArxivFetchOptions {
  client: HttpClient;
  baseUrl?: string;
  /** Ids per request; arXiv serves long id lists but recommends small pages. */
  pageSize?: number;
}

/** Fetches the given ids (in pages) and parses every feed. Network failures become feed-level errors. */
export async function fetchArxivIds(ids: readonly string[], opts: ArxivFetchOptions): Promise<ImportResult> {
  const base = opts.baseUrl ?? ARXIV_API;
  const size = opts.pageSize ?? 50;
  const out: ImportResult = { papers: [], errors: [] };
  for (let i = 0; i < ids.length; i += size) {
    const page = ids.slice(i, i + size);
    const url = `${base}?id_list=${page.map(encodeURIComponent).join(',')}&max_results=${page.length}`;
    await collect(url, `arxiv:id_list=${page.join(',')}`, opts.client, out);
  }
  return out;
}

/** Runs a search query (arXiv's `search_query` syntax, e.g. `ti:"induction heads"`), up to `max` results. */
export async function fetchArxivSearch(query: string, max: number, opts: ArxivFetchOptions): Promise<ImportResult> {
  const base = opts.baseUrl ?? ARXIV_API;
  const size = opts.pageSize ?? 50;
  const out: ImportResult = { papers: [], errors: [] };
  for (let start = 0; start < max; start += size) {
    const n = Math.min(size, max - start);
    const url = `${base}?search_query=${encodeURIComponent(query)}&start=${start}&max_results=${n}&sortBy=relevance`;
    const before = out.papers.length;
    await collect(url, `arxiv:search_query=${query}`, opts.client, out);
    if (out.papers.length - before < n) break;
  }
  return out;
}

async function collect(url: string, input: string, client: HttpClient, out: ImportResult): Promise<void> {
  try {
    const parsed = parseArxivAtom(await client.getText(url), input);
    out.papers.push(...parsed.papers);
    out.errors.push(...parsed.errors);
  } catch (e) {
    out.errors.push({ input, record: '(request)', message: (e as Error).message });
  }
}
