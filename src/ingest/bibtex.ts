/**
 * Reads BibTeX with a maintained parser, @retorquere/bibtex-parser (the one Better BibTeX for Zotero uses):
 * `@string` macros (and the month macros), `#` concatenation, braces, quotes, accents and other LaTeX
 * escapes, `\url` and the like all become plain text. What the rest of the program gets is plain:
 * `readBibtex` gives each entry's fields as text and its authors as "First Last" names, with the line the
 * entry starts on; an entry the parser cannot read is an error naming its key and line, and the entries
 * around it still come through. `parseBibtex` turns entries into imported papers (what people paste from
 * reference managers). Abstracts in BibTeX have no known licence and are dropped there.
 */
import { parse, type Creator } from '@retorquere/bibtex-parser';
import { parseArxivId } from './arxiv-id.ts';
import { parseMonth, type ImportResult, type ImportedPaper } from './record.ts';
import { collapseSpace } from './text.ts';

/** One entry, in plain text. */
export interface BibEntry {
  /** Lowercase entry type: article, inproceedings, misc, … */
  type: string;
  key: string;
  /** 1-based line of the entry's `@`. */
  line: number;
  /** Lowercase field name → plain text (LaTeX converted, macros expanded, markup dropped); authors are in `authors`. */
  fields: Map<string, string>;
  /** The `author` field as "First Last" names, without "others". */
  authors: string[];
}

/** An entry the parser could not read: its key (when it got that far) and the line it starts on. */
export interface BibError {
  key: string | null;
  line: number;
  message: string;
}

const OPTIONS = {
  // Titles as written: no sentence-casing, no case-protection markup.
  english: false,
  sentenceCase: false,
  // A command the parser does not know (\mycommand{x}) keeps its argument's text instead of failing the entry.
  unsupported: 'ignore',
} as const;

/** The HTML the parser renders some LaTeX as (\emph, \textsc, \url, super/subscripts), which plain text drops. */
const MARKUP = /<\/?(?:i|b|em|strong|sup|sub|span|a|nc|ncx|code)\b[^>]*>/gi;

function plain(value: string): string {
  return collapseSpace(value.replace(MARKUP, '').normalize('NFC'));
}

function personName(c: Creator): string {
  if (c.name) return plain(c.name);
  return plain([c.firstName, c.prefix, c.lastName, c.suffix].filter(Boolean).join(' '));
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** The parser's message, without its position (often the end of the file, not the entry) and raw excerpts. */
function errorMessage(raw: string): string {
  if (/^Unterminated/i.test(raw)) return 'truncated: a "{" or quote is never closed';
  if (/found ""/.test(raw)) return 'truncated: the entry never closes (the text ends inside it)';
  return collapseSpace(raw.replace(/\s+at line \d+, column \d+.*$/s, '')).slice(0, 160);
}

/** Every entry of a BibTeX text (not @string, @comment or @preamble), and every entry that could not be read. */
export function readBibtex(text: string): { entries: BibEntry[]; errors: BibError[] } {
  const lib = parse(text, OPTIONS);
  // Where each entry starts, in order: the parser gives each entry's text, not its position.
  const starts = [...text.matchAll(/@\s*(\w+)\s*[{(]\s*([^,\s{}()]*)/g)].map((m) => ({ at: m.index, head: m[0].replace(/\s+/g, ''), type: m[1]!.toLowerCase() }));
  const headOf = (input: string) => /@\s*\w+\s*[{(]\s*[^,\s{}()]*/.exec(input)?.[0].replace(/\s+/g, '') ?? null;
  /** The index in `starts` of an entry (by its text, or by its key when the parser kept no text: a broken one). */
  const positionOf = (input: string, from: number, key?: string): number => {
    const head = headOf(input);
    if (head !== null) return starts.findIndex((s, n) => n >= from && s.head === head);
    return key === undefined ? -1 : starts.findIndex((s, n) => n >= from && s.head.endsWith(`${key}`) && /[{(]/.test(s.head.at(-key.length - 1) ?? ''));
  };
  const errors: BibError[] = [];
  const broken = new Set<number>();
  let next = 0;
  for (const e of lib.errors) {
    // Entry-level failures carry the entry's text; the rest (an unresolved @string name, kept as written) are not failures.
    if (!e.input || !e.input.trimStart().startsWith('@')) continue;
    const i = positionOf(e.input, next);
    if (i >= 0) {
      broken.add(i);
      next = i + 1;
    }
    errors.push({ key: /^\s*@\w+\s*[{(]\s*([^,\s{}()]+)\s*,/.exec(e.input)?.[1] ?? null, line: i < 0 ? 0 : lineAt(text, starts[i]!.at), message: errorMessage(e.error) });
  }
  next = 0;
  const entries: BibEntry[] = [];
  for (const e of lib.entries) {
    const i = positionOf(e.input, next, e.key);
    if (i >= 0) next = i + 1;
    if (broken.has(i) || !e.input) continue;
    const fields = new Map<string, string>();
    let authors: string[] = [];
    for (const [name, value] of Object.entries(e.fields)) {
      if (value === undefined) continue;
      if (name === 'author') authors = (value as Creator[]).filter((c) => c.name || c.lastName?.toLowerCase() !== 'others').map(personName).filter(Boolean);
      else if (Array.isArray(value)) fields.set(name, value.map((v) => (typeof v === 'string' ? plain(v) : personName(v))).join(name === 'editor' ? ' and ' : ', '));
      else fields.set(name, plain(String(value)));
    }
    entries.push({ type: e.type.toLowerCase(), key: e.key, line: i < 0 ? 0 : lineAt(text, starts[i]!.at), fields, authors });
  }
  errors.sort((a, b) => a.line - b.line);
  return { entries, errors };
}

/** The arXiv id an entry names: its eprint (when the archive is arXiv, or it looks like one), URL, journal or note. */
export function arxivIdOf(e: BibEntry): string | undefined {
  const f = (k: string) => e.fields.get(k) ?? '';
  const eprint = f('eprint');
  return (
    (/arxiv/i.test(f('archiveprefix') + f('eprinttype')) || /^\d{4}\.\d{4,5}/.test(eprint) ? parseArxivId(eprint) : undefined) ??
    parseArxivId(f('url')) ??
    parseArxivId(f('journal')) ??
    parseArxivId(f('note'))
  );
}

/** The DOI an entry names, without a doi.org prefix. */
export function doiOf(e: BibEntry): string | undefined {
  return (e.fields.get('doi') ?? '').replace(/^https?:\/\/(dx\.)?doi\.org\//i, '') || undefined;
}

/** The ACL Anthology id in an entry's aclanthology.org URL. */
export function aclIdOf(e: BibEntry): string | undefined {
  return /aclanthology\.org\/([^/\s]+?)(?:\.pdf)?\/?$/.exec(e.fields.get('url') ?? '')?.[1];
}

/** An entry as an imported paper; throws naming the facts it lacks (title, author, year, a link, a venue). */
export function importedPaperOf(e: BibEntry, input: string): ImportedPaper {
  const f = (k: string) => e.fields.get(k) ?? '';
  const title = f('title');
  const authors = e.authors;
  const year = Number(/\d{4}/.exec(f('year'))?.[0]);
  const arxiv = arxivIdOf(e);
  const doi = doiOf(e);
  const urlField = f('url').replace(/^http:\/\//, 'https://');
  const acl = aclIdOf(e);
  const url = urlField.startsWith('https://') ? urlField : doi ? `https://doi.org/${doi}` : arxiv ? `https://arxiv.org/abs/${arxiv}` : '';
  const venue = f('journal') || f('booktitle') || (arxiv ? 'arXiv' : '') || f('publisher') || f('howpublished') || f('school');
  const missing = [!title && 'title', authors.length === 0 && 'author', !year && 'year', !url && 'url, doi or eprint', !venue && 'journal or booktitle'].filter(Boolean);
  if (missing.length > 0) throw new Error(`missing ${missing.join(', ')}`);
  const month = parseMonth(f('month'));
  return {
    title,
    authors,
    year,
    ...(month ? { month } : {}),
    venue: /^arxiv( preprint)?/i.test(venue) ? 'arXiv' : venue,
    url,
    kind: e.type === 'book' || e.type === 'phdthesis' ? 'book' : e.type === 'misc' && !arxiv && !doi ? 'web' : 'paper',
    ids: { ...(arxiv ? { arxiv } : {}), ...(doi ? { doi } : {}), ...(acl ? { acl } : {}) },
    source: input,
  };
}

/** A pasted .bib as imported papers; each entry that cannot be read or lacks facts is one record error. */
export function parseBibtex(text: string, input: string): ImportResult {
  const { entries, errors } = readBibtex(text);
  const result: ImportResult = { papers: [], errors: [] };
  const failures: { line: number; record: string; message: string }[] = errors.map((e) => ({ line: e.line, record: e.key ?? `entry at line ${e.line}`, message: e.message }));
  for (const e of entries) {
    try {
      result.papers.push(importedPaperOf(e, input));
    } catch (err) {
      failures.push({ line: e.line, record: e.key, message: (err as Error).message });
    }
  }
  for (const f of failures.sort((a, b) => a.line - b.line)) result.errors.push({ input, record: f.record, message: `${f.message} (entry at line ${f.line}; skipped)` });
  return result;
}
