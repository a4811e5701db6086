/**
 * Finds an imported paper among papers already in the corpus by DOI, arXiv id, Anthology id,
 * or normalised title + year, in that order (the first identifiers are exact; titles are a fallback).
 * A title also matches one year either side: a preprint posted in December and published the next
 * year (arXiv 2023, ACL 2024) is the same work.
 */
import type { Paper } from '../core/corpus-schema.ts';
import type { PaperIds } from './record.ts';
import { normalizeTitle } from './text.ts';

export interface Identified {
  title: string;
  year: number;
  ids: PaperIds;
}

export function dedupeKeys(p: Identified): string[] {
  const keys: string[] = [];
  if (p.ids.doi) keys.push(`doi:${p.ids.doi.toLowerCase()}`);
  if (p.ids.arxiv) keys.push(`arxiv:${p.ids.arxiv.replace(/v\d+$/, '')}`);
  if (p.ids.acl) keys.push(`acl:${p.ids.acl}`);
  keys.push(`title:${normalizeTitle(p.title)}:${p.year}`);
  return keys;
}

/** An index of known papers; `find` answers which one (if any) an imported record duplicates. */
export class DedupeIndex<T extends Identified & { id: string }> {
  private readonly byKey = new Map<string, T>();

  constructor(papers: Iterable<T> = []) {
    for (const p of papers) this.add(p);
  }

  add(paper: T): void {
    for (const key of dedupeKeys(paper)) if (!this.byKey.has(key)) this.byKey.set(key, paper);
  }

  /** The known paper this record duplicates, and the key that matched. */
  find(record: Identified): { paper: T; key: string } | undefined {
    const title = `title:${normalizeTitle(record.title)}:`;
    const keys = [
      ...dedupeKeys(record),
      `${title}${record.year - 1}`,
      `${title}${record.year + 1}`,
    ];
    for (const key of keys) {
      const paper = this.byKey.get(key);
      if (paper) return { paper, key };
    }
    return undefined;
  }
}

export type KnownPaper = Paper;
