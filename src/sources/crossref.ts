/**
 * Crossref REST API: a work by DOI (`/works/{doi}`, the record in `message`). Requests carry `mailto`
 * and a User-Agent naming MECHANISTIC_CONTACT_EMAIL when it is set (Crossref's "polite pool").
 */
import { collapseSpace, xmlFragmentToText } from '../ingest/text.ts';
import type { SourceHttp } from './http.ts';
import { isValidSourceId } from './ids.ts';
import { dateParts, errorText, isObject, parseJson, str } from './json.ts';
import { SourceError, sourcePaper, type SourcePaper } from './types.ts';

function firstString(v: unknown): string {
  return Array.isArray(v) ? str(v.find((x) => typeof x === 'string' && x.trim() !== '')) : str(v);
}

function crossrefDate(message: Record<string, unknown>): ReturnType<typeof dateParts> {
  // `issued` is the earliest of print and online publication; the others are fallbacks.
  for (const key of ['issued', 'published', 'published-online', 'published-print', 'posted', 'created']) {
    const d = message[key];
    const parts = isObject(d) && Array.isArray(d['date-parts']) && Array.isArray(d['date-parts'][0]) ? (d['date-parts'][0] as unknown[]) : undefined;
    if (parts && typeof parts[0] === 'number') return dateParts(parts.map((n) => (typeof n === 'number' ? n : undefined)));
  }
  return { year: null };
}

/** One Crossref `message` (a work) → SourcePaper; null without a title. */
export function crossrefToSourcePaper(message: unknown, doi: string): SourcePaper | null {
  if (!isObject(message)) return null;
  const title = xmlFragmentToText(firstString(message.title));
  if (!title) return null;
  const authors = (Array.isArray(message.author) ? message.author : [])
    .map((a) => (isObject(a) ? collapseSpace(`${str(a.given)} ${str(a.family)}`) || str(a.name) : ''))
    .filter(Boolean);
  const date = crossrefDate(message);
  // Abstracts are JATS XML (`<jats:p>…`), often starting with a heading "Abstract".
  const abstract = xmlFragmentToText(str(message.abstract).replace(/<\/?jats:(p|sec|title)[^>]*>/g, ' ')).replace(/^abstract\s*[:.]?\s*/i, '');
  const venue = xmlFragmentToText(firstString(message['container-title'])) || str(message.publisher);
  const d = (str(message.DOI) || doi).toLowerCase();
  return sourcePaper({ title, authors, date, abstract, venue, url: `https://doi.org/${d}`, ids: { doi: d }, source: 'crossref' });
}

export class CrossrefSource {
  constructor(
    private readonly http: SourceHttp,
    private readonly baseUrl: string,
    private readonly contactEmail: string | undefined,
    private readonly minIntervalMs = 0,
  ) {
    http.allow(baseUrl);
  }

  async paper(doi: string): Promise<SourcePaper> {
    const d = doi.toLowerCase();
    if (!isValidSourceId({ kind: 'doi', value: d })) throw new SourceError('not-found', 'crossref', `"${doi}" is not a DOI`);
    // The DOI's own slashes stay: Crossref's documented form is /works/10.xxxx/suffix.
    const path = encodeURIComponent(d).replace(/%2F/gi, '/');
    const query = this.contactEmail ? `?mailto=${encodeURIComponent(this.contactEmail)}` : '';
    const res = await this.http.get({ source: 'crossref', url: `${this.baseUrl}/works/${path}${query}`, headers: { accept: 'application/json' }, minIntervalMs: this.minIntervalMs });
    if (res.status === 404 || res.status === 400) {
      throw new SourceError('not-found', 'crossref', `Crossref has no work with DOI ${d} (${errorText(res.text) || res.status})`, { status: res.status });
    }
    if (res.status !== 200) throw new SourceError('bad-response', 'crossref', `Crossref answered ${res.status} for DOI ${d}`, { status: res.status });
    const json = parseJson(res.text);
    if (!isObject(json) || !isObject(json.message)) throw new SourceError('bad-response', 'crossref', `Crossref's answer for DOI ${d} has no "message" object`);
    const paper = crossrefToSourcePaper(json.message, d);
    if (!paper) throw new SourceError('bad-response', 'crossref', `Crossref's record for DOI ${d} has no title`);
    return paper;
  }
}
