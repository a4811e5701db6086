/**
 * Reads Semantic Scholar Graph API JSON (`/graph/v1/paper/{id}` and `/graph/v1/paper/{id}/references`)
 * into imported papers. S2 abstracts come from publishers under their terms, so they are never stored:
 * these records need a one-line summary of our own before they enter the corpus.
 */
import type { HttpClient } from './http-client.ts';
import type { ImportResult, ImportedPaper, RecordError } from './record.ts';
import { collapseSpace } from './text.ts';

export const S2_API = 'https://api.semanticscholar.org/graph/v1';
export const S2_FIELDS = 'paperId,externalIds,title,authors,year,venue,publicationDate,journal,url';

interface S2Paper {
  paperId?: string | null;
  externalIds?: Record<string, string | number | null> | null;
  title?: string | null;
  authors?: { authorId?: string | null; name?: string | null }[] | null;
  year?: number | null;
  venue?: string | null;
  publicationDate?: string | null;
  journal?: { name?: string | null } | null;
  url?: string | null;
}

function toPaper(p: S2Paper, input: string): ImportedPaper | string {
  const title = collapseSpace(p.title ?? '');
  const authors = (p.authors ?? []).map((a) => collapseSpace(a.name ?? '')).filter(Boolean);
  const year = p.year ?? (Number(p.publicationDate?.slice(0, 4)) || undefined);
  const missing = [!p.paperId && 'paperId', !title && 'title', authors.length === 0 && 'authors', !year && 'year'].filter(Boolean);
  if (missing.length > 0) return `missing ${missing.join(', ')}`;
  const ext = p.externalIds ?? {};
  const arxiv = ext.ArXiv ? String(ext.ArXiv) : undefined;
  const doi = ext.DOI ? String(ext.DOI) : undefined;
  const acl = ext.ACL ? String(ext.ACL) : undefined;
  const month = Number(p.publicationDate?.slice(5, 7)) || undefined;
  const url = acl
    ? `https://aclanthology.org/${acl}/`
    : arxiv
      ? `https://arxiv.org/abs/${arxiv}`
      : doi
        ? `https://doi.org/${doi}`
        : `https://www.semanticscholar.org/paper/${p.paperId}`;
  return {
    title,
    authors,
    year: year!,
    ...(month && month >= 1 && month <= 12 ? { month } : {}),
    venue: collapseSpace(p.venue || p.journal?.name || '') || (arxiv ? 'arXiv' : 'unknown venue'),
    url,
    kind: 'paper',
    ids: { s2: p.paperId!, ...(arxiv ? { arxiv } : {}), ...(doi ? { doi } : {}), ...(acl ? { acl } : {}) },
    source: input,
  };
}

function push(result: ImportResult, p: S2Paper, input: string, record: string): void {
  const out = toPaper(p, input);
  if (typeof out === 'string') result.errors.push({ input, record: p.paperId ?? record, message: `${out}; skipped` } satisfies RecordError);
  else result.papers.push(out);
}

/** One `/paper/{id}` response body. */
export function parseS2Paper(json: unknown, input: string): ImportResult {
  const result: ImportResult = { papers: [], errors: [] };
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    result.errors.push({ input, record: '(response)', message: 'expected a JSON object (an S2 paper)' });
    return result;
  }
  push(result, json as S2Paper, input, '(paper)');
  return result;
}

/** One `/paper/{id}/references` page: `{ offset, next?, data: [{ citedPaper }] }`. */
export function parseS2References(json: unknown, input: string): ImportResult & { next?: number } {
  const result: ImportResult & { next?: number } = { papers: [], errors: [] };
  const body = json as { data?: unknown; next?: unknown };
  if (typeof json !== 'object' || json === null || !Array.isArray(body.data)) {
    result.errors.push({ input, record: '(response)', message: 'expected {"data": [{"citedPaper": …}]} (an S2 references page)' });
    return result;
  }
  body.data.forEach((row, i) => {
    const cited = (row as { citedPaper?: S2Paper } | null)?.citedPaper;
    if (!cited) {
      result.errors.push({ input, record: `reference ${i + 1}`, message: 'no citedPaper; skipped' });
      return;
    }
    push(result, cited, input, `reference ${i + 1}`);
  });
  if (typeof body.next === 'number') result.next = body.next;
  return result;
}

export interface S2FetchOptions {
  client: HttpClient;
  baseUrl?: string;
}

/** Fetches a paper (`arXiv:2211.00593`, `DOI:…`, `ACL:…` or an S2 id) and, optionally, all its references. */
export async function fetchS2(id: string, withReferences: boolean, opts: S2FetchOptions): Promise<ImportResult> {
  const base = opts.baseUrl ?? S2_API;
  const out: ImportResult = { papers: [], errors: [] };
  const input = `semantic-scholar:${id}`;
  try {
    const paper = parseS2Paper(await opts.client.getJson(`${base}/paper/${encodeURIComponent(id)}?fields=${S2_FIELDS}`), input);
    out.papers.push(...paper.papers);
    out.errors.push(...paper.errors);
    let offset: number | undefined = withReferences ? 0 : undefined;
    while (offset !== undefined) {
      const url = `${base}/paper/${encodeURIComponent(id)}/references?fields=${S2_FIELDS}&offset=${offset}&limit=100`;
      const page = parseS2References(await opts.client.getJson(url), `${input}/references`);
      out.papers.push(...page.papers);
      out.errors.push(...page.errors);
      offset = page.next;
    }
  } catch (e) {
    out.errors.push({ input, record: '(request)', message: (e as Error).message });
  }
  return out;
}
