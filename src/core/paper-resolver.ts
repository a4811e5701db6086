/**
 * Finds corpus papers by identifier (arXiv, ACL Anthology, DOI), by URL, or by exact title.
 */
import type { Corpus, Paper } from './corpus-schema.ts';
import { normalizeAclId, normalizeUrl, type PaperIdentifier } from './input.ts';

/** Title compared loosely: lowercase letters and digits only. */
export function normalizeTitle(title: string): string {
  return title
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

export class PaperResolver {
  private readonly byArxiv = new Map<string, Paper>();
  private readonly byAcl = new Map<string, Paper>();
  private readonly byDoi = new Map<string, Paper>();
  private readonly byUrl = new Map<string, Paper>();
  private readonly byTitle = new Map<string, Paper>();

  constructor(corpus: Corpus) {
    for (const p of corpus.papers.values()) {
      if (p.ids.arxiv) this.byArxiv.set(p.ids.arxiv, p);
      if (p.ids.acl) this.byAcl.set(normalizeAclId(p.ids.acl), p);
      if (p.ids.doi) this.byDoi.set(p.ids.doi.toLowerCase(), p);
      this.byUrl.set(normalizeUrl(p.url), p);
      this.byTitle.set(normalizeTitle(p.title), p);
    }
  }

  resolve(id: PaperIdentifier): Paper | undefined {
    switch (id.kind) {
      case 'arxiv':
        return this.byArxiv.get(id.value);
      case 'acl':
        return this.byAcl.get(id.value);
      case 'doi':
        return this.byDoi.get(id.value) ?? this.byAclDoi(id.value);
      case 'url':
        return this.byUrl.get(id.value);
    }
  }

  /** ACL DOIs embed the Anthology id (10.18653/v1/2020.acl-main.383). */
  private byAclDoi(doi: string): Paper | undefined {
    const m = doi.match(/^10\.18653\/v1\/(.+)$/);
    return m ? this.byAcl.get(normalizeAclId(m[1]!)) : undefined;
  }

  /** A paper whose title is exactly the given text (or its first line), compared loosely. */
  byExactTitle(text: string): Paper | undefined {
    const firstLine = text.split(/\n/)[0] ?? '';
    for (const candidate of [text, firstLine, firstLine.replace(/^title:\s*/i, '')]) {
      const norm = normalizeTitle(candidate);
      if (norm.length >= 12) {
        const hit = this.byTitle.get(norm);
        if (hit) return hit;
      }
    }
    return undefined;
  }
}
