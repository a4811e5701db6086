/**
 * Our own one-line summaries for records whose source gives no abstract we may store (Semantic Scholar,
 * BibTeX, reading lists). A TSV: `<key>\t<summary>`, key `arxiv:2211.00593`, `doi:…`, `acl:…` or `s2:…`.
 */
import type { ImportedPaper, RecordError } from './record.ts';

export function parseSummariesTsv(text: string, input: string): { summaries: Map<string, string>; errors: RecordError[] } {
  const summaries = new Map<string, string>();
  const errors: RecordError[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '' || line.startsWith('#')) return;
    const [key, summary, ...rest] = line.split('\t');
    if (!key || !/^(arxiv|doi|acl|s2):\S+$/.test(key) || !summary || rest.length > 0) {
      errors.push({ input, record: `line ${i + 1}`, message: 'expected "<arxiv|doi|acl|s2>:<id><TAB><one-line summary>"' });
      return;
    }
    summaries.set(key.startsWith('doi:') ? key.toLowerCase() : key, summary.trim());
  });
  return { summaries, errors };
}

/** Attaches a summary to each record that has none and whose id is in the map. */
export function applySummaries(papers: readonly ImportedPaper[], summaries: ReadonlyMap<string, string>): ImportedPaper[] {
  return papers.map((p) => {
    if (p.summary) return p;
    const keys = Object.entries(p.ids)
      .filter(([, v]) => v)
      .map(([k, v]) => (k === 'doi' ? `doi:${String(v).toLowerCase()}` : `${k}:${v}`));
    const summary = keys.map((k) => summaries.get(k)).find((s) => s !== undefined);
    return summary ? { ...p, summary } : p;
  });
}
