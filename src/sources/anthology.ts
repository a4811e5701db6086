/**
 * ACL Anthology: a paper's metadata from its BibTeX (`{base}/{id}.bib`), read with the importer's BibTeX
 * reader (src/ingest/bibtex.ts). Anthology abstracts are CC BY 4.0 and are kept.
 */
import { normalizeAclId } from '../core/input.ts';
import type { SourceHttp } from './http.ts';
import { isValidSourceId } from './ids.ts';
import { dateParts } from './json.ts';
import { SourceError, sourcePaper, type SourcePaper } from './types.ts';

/**
 * One Anthology `.bib` → SourcePaper; null when it holds no readable entry. The BibTeX reader is loaded on the
 * first Anthology answer, not when the sources are (every `ask` and `serve` has them).
 */
export async function anthologyBibToSourcePaper(bib: string, id: string): Promise<SourcePaper | null> {
  const { importedPaperOf, readBibtex } = await import('../ingest/bibtex.ts');
  const entry = readBibtex(bib).entries[0];
  if (!entry) return null;
  let p;
  try {
    p = importedPaperOf(entry, `acl-anthology:${id}.bib`);
  } catch {
    return null;
  }
  const abstract = entry.fields.get('abstract') ?? '';
  const booktitle = entry.fields.get('booktitle') ?? entry.fields.get('journal') ?? '';
  const venue = (booktitle || p.venue).replace(/^Proceedings of (the )?/i, '');
  const date = dateParts([p.year, p.month]);
  const acl = normalizeAclId(p.ids.acl ?? id);
  return sourcePaper({
    title: p.title,
    authors: p.authors,
    date,
    abstract,
    venue,
    url: `https://aclanthology.org/${acl}/`,
    ids: { acl, ...(p.ids.doi ? { doi: p.ids.doi.toLowerCase() } : {}), ...(p.ids.arxiv ? { arxiv: p.ids.arxiv } : {}) },
    source: 'anthology',
  });
}

export class AnthologySource {
  constructor(
    private readonly http: SourceHttp,
    private readonly baseUrl: string,
    private readonly minIntervalMs = 0,
  ) {
    http.allow(baseUrl);
  }

  async paper(id: string): Promise<SourcePaper> {
    const acl = normalizeAclId(id);
    if (!isValidSourceId({ kind: 'acl', value: acl })) throw new SourceError('not-found', 'anthology', `"${id}" is not an ACL Anthology id`);
    const res = await this.http.get({ source: 'anthology', url: `${this.baseUrl}/${acl}.bib`, minIntervalMs: this.minIntervalMs });
    if (res.status === 404 || res.status === 410) throw new SourceError('not-found', 'anthology', `the ACL Anthology has no paper ${acl}`, { status: res.status });
    if (res.status !== 200) throw new SourceError('bad-response', 'anthology', `the ACL Anthology answered ${res.status} for ${acl}`, { status: res.status });
    if (!/^\s*@\w+\s*[{(]/m.test(res.text)) throw new SourceError('bad-response', 'anthology', `the ACL Anthology's answer for ${acl} is not BibTeX`);
    const paper = await anthologyBibToSourcePaper(res.text, acl);
    if (!paper) throw new SourceError('bad-response', 'anthology', `the ACL Anthology's BibTeX for ${acl} lacks a title, authors or year`);
    return paper;
  }
}
