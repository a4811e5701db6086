/**
 * Semantic Scholar Graph API: a paper by any id (`/paper/{id}`), its reference list
 * (`/paper/{id}/references`), and the paper whose title best matches a text (`/paper/search/match`).
 * `x-api-key` is sent when SEMANTIC_SCHOLAR_API_KEY is set.
 */
import { collapseSpace } from '../ingest/text.ts';
import type { SourceHttp } from './http.ts';
import { isValidSourceId, type SourceId } from './ids.ts';
import { dateParts, errorText, isObject, parseJson, str } from './json.ts';
import { SourceError, sourcePaper, type SourcePaper, type SourcePaperIds, type SourceReference, type SourceReferences } from './types.ts';

export const S2_PAPER_FIELDS = 'paperId,externalIds,title,authors,year,venue,publicationDate,abstract';
const S2_REFERENCE_FIELDS = 'title,year,externalIds';
const PAGE = 1000;

/** The `/paper/{id}` form of an id: `ARXIV:2211.00593`, `DOI:10.…`, `ACL:P19-1452`, or the S2 paper id. */
export function s2PaperRef(id: SourceId): string | null {
  if (!isValidSourceId(id)) return null;
  switch (id.kind) {
    case 'arxiv':
      return `ARXIV:${id.value}`;
    case 'doi':
      return `DOI:${id.value}`;
    case 'acl':
      return `ACL:${id.value}`;
    case 's2':
      return id.value;
    case 'openreview':
      return null;
  }
}

function externalIds(v: unknown, paperId: unknown): SourcePaperIds {
  const ext = isObject(v) ? v : {};
  const arxiv = str(ext.ArXiv);
  const doi = str(ext.DOI).toLowerCase();
  const acl = str(ext.ACL);
  const s2 = str(paperId);
  return { ...(arxiv ? { arxiv } : {}), ...(doi ? { doi } : {}), ...(acl ? { acl } : {}), ...(s2 ? { s2 } : {}) };
}

/** One S2 paper object → SourcePaper; null without a title. */
export function s2ToSourcePaper(p: unknown): SourcePaper | null {
  if (!isObject(p)) return null;
  const title = str(p.title);
  if (!title) return null;
  const ids = externalIds(p.externalIds, p.paperId);
  const authors = (Array.isArray(p.authors) ? p.authors : []).map((a) => (isObject(a) ? str(a.name) : '')).filter(Boolean);
  const pub = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(str(p.publicationDate));
  const fromDate = pub ? dateParts([Number(pub[1]), pub[2] ? Number(pub[2]) : undefined, pub[3] ? Number(pub[3]) : undefined]) : { year: null };
  const year = typeof p.year === 'number' ? p.year : fromDate.year;
  const sameYear = fromDate.year !== null && fromDate.year === year;
  const abstract = collapseSpace(str(p.abstract));
  const venue = str(p.venue) || (isObject(p.journal) ? str(p.journal.name) : '');
  const url = ids.acl
    ? `https://aclanthology.org/${ids.acl}/`
    : ids.arxiv
      ? `https://arxiv.org/abs/${ids.arxiv}`
      : ids.doi
        ? `https://doi.org/${ids.doi}`
        : `https://www.semanticscholar.org/paper/${ids.s2 ?? ''}`;
  return sourcePaper({ title, authors, date: sameYear ? { ...fromDate, year } : { year }, abstract, venue, url, ids, source: 'semantic-scholar' });
}

export class SemanticScholarSource {
  constructor(
    private readonly http: SourceHttp,
    private readonly baseUrl: string,
    private readonly apiKey: string | undefined,
    private readonly minIntervalMs = 1000,
  ) {
    http.allow(baseUrl);
  }

  private async getJson(path: string, what: string, maxQueueMs?: number): Promise<unknown> {
    const res = await this.http.get({
      source: 'semantic-scholar',
      url: `${this.baseUrl}${path}`,
      headers: { accept: 'application/json', ...(this.apiKey ? { 'x-api-key': this.apiKey } : {}) },
      minIntervalMs: this.minIntervalMs,
      ...(maxQueueMs !== undefined ? { maxQueueMs } : {}),
    });
    if (res.status === 404 || res.status === 400) {
      throw new SourceError('not-found', 'semantic-scholar', `Semantic Scholar has no ${what} (${errorText(res.text) || res.status})`, { status: res.status });
    }
    if (res.status === 401 || res.status === 403) {
      throw new SourceError('unavailable', 'semantic-scholar', `Semantic Scholar refused the request (${res.status}): check SEMANTIC_SCHOLAR_API_KEY`, { status: res.status });
    }
    if (res.status !== 200) throw new SourceError('bad-response', 'semantic-scholar', `Semantic Scholar answered ${res.status} for ${what}`, { status: res.status });
    const json = parseJson(res.text);
    if (json === undefined) throw new SourceError('bad-response', 'semantic-scholar', `Semantic Scholar's answer for ${what} is not JSON`);
    return json;
  }

  private ref(id: SourceId): string {
    const ref = s2PaperRef(id);
    if (!ref) throw new SourceError('not-found', 'semantic-scholar', `Semantic Scholar cannot be asked by ${id.kind} id`);
    // As the API documents them: `/paper/DOI:10.18653/v1/N18-3011`, `:` and a DOI's `/` unescaped.
    return encodeURIComponent(ref).replace(/%3A/gi, ':').replace(/%2F/gi, '/');
  }

  async paper(id: SourceId): Promise<SourcePaper> {
    const json = await this.getJson(`/paper/${this.ref(id)}?fields=${S2_PAPER_FIELDS}`, `paper ${s2PaperRef(id)}`);
    const paper = s2ToSourcePaper(json);
    if (!paper) throw new SourceError('bad-response', 'semantic-scholar', `Semantic Scholar's answer for ${s2PaperRef(id)} has no title`);
    return paper;
  }

  /** The paper's references, up to `max` (pages of 1000). */
  async references(id: SourceId, max = 2000): Promise<SourceReferences> {
    const ref = this.ref(id);
    const references: SourceReference[] = [];
    let offset: number | undefined = 0;
    while (offset !== undefined && references.length < max) {
      const limit = Math.min(PAGE, max - references.length);
      const json = await this.getJson(`/paper/${ref}/references?fields=${S2_REFERENCE_FIELDS}&offset=${offset}&limit=${limit}`, `references of ${s2PaperRef(id)}`);
      if (!isObject(json) || !(Array.isArray(json.data) || json.data === null)) {
        throw new SourceError('bad-response', 'semantic-scholar', `Semantic Scholar's references of ${s2PaperRef(id)} are not {"data": [...]}`);
      }
      for (const row of (json.data as unknown[] | null) ?? []) {
        const cited = isObject(row) ? row.citedPaper : undefined;
        if (!isObject(cited)) continue;
        const title = str(cited.title);
        if (!title) continue;
        references.push({ title, year: typeof cited.year === 'number' ? cited.year : null, externalIds: externalIds(cited.externalIds, cited.paperId) });
      }
      offset = typeof json.next === 'number' && json.next > offset ? json.next : undefined;
    }
    return { ...(id.kind === 's2' ? { paperId: id.value } : {}), references, truncated: offset !== undefined };
  }

  /**
   * The paper whose title best matches `title` (S2's own match; the caller checks the title is close enough).
   * `maxQueueMs`: how long the request may wait in line for the host (see SourceRequest.maxQueueMs).
   */
  async matchTitle(title: string, opts: { maxQueueMs?: number } = {}): Promise<SourcePaper & { matchScore?: number }> {
    const q = collapseSpace(title).slice(0, 300);
    const json = await this.getJson(`/paper/search/match?query=${encodeURIComponent(q)}&fields=${S2_PAPER_FIELDS}`, `paper titled "${q}"`, opts.maxQueueMs);
    const first = isObject(json) && Array.isArray(json.data) ? json.data[0] : undefined;
    if (first === undefined) throw new SourceError('not-found', 'semantic-scholar', `Semantic Scholar has no paper titled "${q}"`);
    const paper = s2ToSourcePaper(first);
    if (!paper) throw new SourceError('bad-response', 'semantic-scholar', `Semantic Scholar's title match has no title`);
    const score = isObject(first) && typeof first.matchScore === 'number' ? first.matchScore : undefined;
    return { ...paper, ...(score !== undefined ? { matchScore: score } : {}) };
  }
}
