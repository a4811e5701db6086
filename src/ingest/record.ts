/**
 * What an importer produces: a paper's facts before it gets a corpus id and a community label,
 * and a per-record error when one entry of the input could not be read.
 */
import type { Paper } from '../core/corpus-schema.ts';

export type PaperIds = Paper['ids'];

export interface ImportedPaper {
  title: string;
  authors: string[];
  year: number;
  month?: number;
  venue: string;
  url: string;
  kind: Paper['kind'];
  ids: PaperIds;
  abstract?: string;
  summary?: string;
  /** Where these facts came from, e.g. `acl-anthology:2020.blackboxnlp.xml`. */
  source: string;
}

export interface RecordError {
  /** The input file, feed or response, e.g. `2020.blackboxnlp.xml`. */
  input: string;
  /** Which entry: an Anthology id, a BibTeX key, an arXiv id, or `entry 3`. */
  record: string;
  message: string;
}

export interface ImportResult {
  papers: ImportedPaper[];
  errors: RecordError[];
}

export function formatRecordError(e: RecordError): string {
  return `${e.input}: ${e.record}: ${e.message}`;
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** `November`, `nov`, `11` → 11; anything else → undefined. */
export function parseMonth(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const t = text.trim().toLowerCase();
  if (/^\d{1,2}$/.test(t)) {
    const n = Number(t);
    return n >= 1 && n <= 12 ? n : undefined;
  }
  const i = MONTHS.findIndex((m) => t.length >= 3 && m.startsWith(t.slice(0, 3)));
  return i >= 0 ? i + 1 : undefined;
}
