/**
 * arXiv: one paper by id from the arXiv API (`?id_list=`, an Atom feed), read with the importer's parser
 * (`src/ingest/arxiv.ts`). An empty feed, or the error entry arXiv returns for a malformed id, is "not found".
 */
import { parseArxivAtom, parseArxivAtomDetails } from '../ingest/arxiv.ts';
import type { SourceHttp } from './http.ts';
import { isValidSourceId } from './ids.ts';
import { SourceError, type SourcePaper } from './types.ts';

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
    const res = await this.http.get({ source: 'arxiv', url, minIntervalMs: this.minIntervalMs });
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
    const details = parseArxivAtomDetails(res.text).get(id);
    const date = details?.published?.slice(0, 10);
    return {
      title: paper.title,
      authors: paper.authors,
      year: paper.year,
      ...(paper.month ? { month: paper.month } : {}),
      ...(date && /^\d{4}-\d{2}-\d{2}$/.test(date) ? { date } : {}),
      ...(paper.abstract ? { abstract: paper.abstract } : {}),
      venue: paper.venue,
      url: `https://arxiv.org/abs/${id}`,
      ids: { arxiv: id, ...(paper.ids.doi ? { doi: paper.ids.doi.toLowerCase() } : {}) },
      ...(details && details.categories.length > 0 ? { categories: details.categories } : {}),
      source: 'arxiv',
    };
  }
}
