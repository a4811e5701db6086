/** arXiv identifiers: parsing them out of links and reading the posting date they encode. */
import { arxivIdDate as readArxivIdDate } from '../core/dates.ts';

/** `https://arxiv.org/abs/2211.00593v2`, `arXiv:2211.00593`, `2211.00593` → `2211.00593`. */
export function parseArxivId(text: string): string | undefined {
  const m = /(?:arxiv\.org\/(?:abs|pdf|html)\/|arxiv:\s*|^)(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?\/\d{7})(?:v\d+)?(?:\.pdf)?/i.exec(text.trim());
  return m?.[1];
}

/**
 * The year and month of first posting an arXiv id encodes (`2211.00593` → 2022-11, `cs/9912001` → 1999-12), read by
 * the one reader in src/core/dates.ts; undefined for a string that is not a valid id.
 */
export function arxivIdDate(id: string): { year: number; month: number } | undefined {
  const d = readArxivIdDate(id);
  return d?.month === undefined ? undefined : { year: d.year, month: d.month };
}
