/**
 * The reference lists of MI papers (`../shared/data/mi-references/*.bib`): which works MI papers cite.
 * Entries are read field by field (many are `@misc` with only title, authors and year, so the BibTeX importer's
 * "needs a URL and a venue" rule does not apply here). Matching is on the normalized title: years drift between
 * arXiv and venue versions (see that folder's README).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { arxivIdOf, doiOf, readBibtex } from './bibtex.ts';
import type { RecordError } from './record.ts';
import { normalizeTitle } from './text.ts';

export interface CitedWork {
  key: string;
  title: string;
  authors: string[];
  year?: number;
  venue?: string;
  url?: string;
  doi?: string;
  arxiv?: string;
  /** The citing MI papers' corpus ids (the .bib file names), in file order. */
  citedBy: string[];
  /** `mi-references/<file>.bib` of the first entry read. */
  source: string;
}

export interface MiReferences {
  /** Normalized title → the work and every MI paper that cites it. */
  byTitle: Map<string, CitedWork>;
  /** Entries per file, before merging. */
  entries: number;
  errors: RecordError[];
}

export function parseCitedEntries(text: string, input: string): { works: Omit<CitedWork, 'citedBy'>[]; errors: RecordError[] } {
  const works: Omit<CitedWork, 'citedBy'>[] = [];
  const { entries, errors: unreadable } = readBibtex(text);
  const errors: RecordError[] = unreadable.map((e) => ({ input, record: e.key ?? `entry at line ${e.line}`, message: `${e.message} (line ${e.line})` }));
  for (const e of entries) {
    const f = (k: string) => e.fields.get(k) ?? '';
    const title = f('title');
    if (!title) {
      errors.push({ input, record: e.key, message: `no title (line ${e.line})` });
      continue;
    }
    const year = Number(/\d{4}/.exec(f('year'))?.[0]) || undefined;
    const arxiv = arxivIdOf(e);
    const doi = doiOf(e);
    const url = f('url') || undefined;
    const venue = f('journal') || f('booktitle') || f('howpublished') || f('publisher') || undefined;
    works.push({
      key: e.key,
      title,
      authors: e.authors,
      ...(year ? { year } : {}),
      ...(venue ? { venue } : {}),
      ...(url ? { url } : {}),
      ...(doi ? { doi } : {}),
      ...(arxiv ? { arxiv } : {}),
      source: input,
    });
  }
  return { works, errors };
}

export function readMiReferences(dir: string): MiReferences {
  const byTitle = new Map<string, CitedWork>();
  const errors: RecordError[] = [];
  let entries = 0;
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.bib')).sort()) {
    const citing = f.replace(/\.bib$/, '');
    const r = parseCitedEntries(readFileSync(join(dir, f), 'utf8'), `mi-references/${f}`);
    errors.push(...r.errors);
    entries += r.works.length;
    for (const w of r.works) {
      const key = normalizeTitle(w.title);
      const known = byTitle.get(key);
      if (known) {
        if (!known.citedBy.includes(citing)) known.citedBy.push(citing);
      } else byTitle.set(key, { ...w, citedBy: [citing] });
    }
  }
  return { byTitle, entries, errors };
}

/** The MI papers citing a work with this title, or [] when none of the lists cites it. */
export function citingPapers(refs: MiReferences, title: string): string[] {
  return refs.byTitle.get(normalizeTitle(title))?.citedBy ?? [];
}
