/** arXiv identifiers: parsing them out of links and reading the posting date they encode. */

/** `https://arxiv.org/abs/2211.00593v2`, `arXiv:2211.00593`, `2211.00593` → `2211.00593`. */
export function parseArxivId(text: string): string | undefined {
  const m = /(?:arxiv\.org\/(?:abs|pdf|html)\/|arxiv:\s*|^)(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?\/\d{7})(?:v\d+)?(?:\.pdf)?/i.exec(text.trim());
  return m?.[1];
}

/** New-style ids start with YYMM of first posting: `2211.00593` → 2022, month 11. */
export function arxivIdDate(id: string): { year: number; month: number } | undefined {
  const m = /^(\d{2})(\d{2})\.\d{4,5}$/.exec(id) ?? /\/(\d{2})(\d{2})\d{3}$/.exec(id);
  if (!m) return undefined;
  const yy = Number(m[1]);
  const month = Number(m[2]);
  if (month < 1 || month > 12) return undefined;
  return { year: yy >= 91 ? 1900 + yy : 2000 + yy, month };
}
