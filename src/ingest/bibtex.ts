/**
 * Reads BibTeX (what people paste from reference managers) into imported papers.
 * Each `@type{...}` entry is parsed on its own, so a truncated or broken entry is one record error
 * and the entries around it still import. Abstracts in BibTeX have no known licence and are dropped.
 */
import { parseArxivId } from './arxiv-id.ts';
import { parseMonth, type ImportResult, type ImportedPaper } from './record.ts';
import { collapseSpace } from './text.ts';

const SKIPPED_TYPES = new Set(['comment', 'string', 'preamble']);

const ACCENTS: Record<string, string> = { '"': '\u0308', "'": '\u0301', '`': '\u0300', '^': '\u0302', '~': '\u0303', c: '\u0327', v: '\u030c', '=': '\u0304', u: '\u0306', H: '\u030b', '.': '\u0307' };

/** LaTeX in a field value → plain text: accents, escapes, braces, ties. */
export function latexToText(value: string): string {
  let s = value
    .replace(/\\([a-zA-Z]|["'`^~=.])\s*\{?\\?([a-zA-Z])\}?/g, (whole, cmd: string, letter: string) =>
      ACCENTS[cmd] ? (letter + ACCENTS[cmd]).normalize('NFC') : whole,
    )
    .replace(/\\(ss|o|O|l|L|ae|AE|aa|AA)\b\s*/g, (_, c: string) => ({ ss: 'ß', o: 'ø', O: 'Ø', l: 'ł', L: 'Ł', ae: 'æ', AE: 'Æ', aa: 'å', AA: 'Å' })[c] ?? c)
    .replace(/\\([&%$#_{}])/g, '$1')
    .replace(/\\(textit|textbf|emph|texttt|textsc|mathrm|text)\s*/g, '')
    .replace(/---?/g, (d) => (d.length === 3 ? '—' : '–'))
    .replace(/~/g, ' ')
    .replace(/[{}]/g, '');
  s = collapseSpace(s);
  return s;
}

/** `Olah, Chris and Nelson Elhage` → [`Chris Olah`, `Nelson Elhage`]. */
export function splitAuthors(field: string): string[] {
  return field
    .split(/\s+and\s+/i)
    .map((a) => latexToText(a))
    .filter((a) => a.length > 0 && a.toLowerCase() !== 'others')
    .map((a) => {
      const parts = a.split(',').map((p) => p.trim());
      return parts.length >= 2 ? `${parts.slice(1).join(' ')} ${parts[0]}`.trim() : a;
    });
}

export interface RawEntry {
  type: string;
  key: string;
  fields: Map<string, string>;
}

/** Parses one entry's text starting at `@`; throws with a reason when it is truncated or malformed. */
export function parseBibtexEntry(chunk: string): RawEntry {
  return parseEntry(chunk);
}

function parseEntry(chunk: string): RawEntry {
  const head = /^@(\w+)\s*([{(])\s*/.exec(chunk);
  if (!head) throw new Error('does not start with @type{');
  const type = head[1]!.toLowerCase();
  const close = head[2] === '{' ? '}' : ')';
  let i = head[0].length;
  const keyMatch = /^([^,\s]+)\s*,/.exec(chunk.slice(i));
  if (!keyMatch) throw new Error('no citation key followed by a comma');
  const key = keyMatch[1]!;
  i += keyMatch[0].length;
  const fields = new Map<string, string>();
  for (;;) {
    while (i < chunk.length && /[\s,]/.test(chunk[i]!)) i++;
    if (i >= chunk.length) throw new Error(`truncated: the entry never closes with "${close}"`);
    if (chunk[i] === close) return { type, key, fields };
    const name = /^([A-Za-z][\w-]*)\s*=\s*/.exec(chunk.slice(i));
    if (!name) throw new Error(`expected a field name at ${JSON.stringify(chunk.slice(i, i + 20))}`);
    i += name[0].length;
    let value = '';
    // A value is a concatenation (#) of braced strings, quoted strings, numbers and macros.
    for (;;) {
      const c = chunk[i];
      if (c === '{') {
        let depth = 0;
        const start = i;
        for (; i < chunk.length; i++) {
          if (chunk[i] === '\\') { i++; continue; }
          if (chunk[i] === '{') depth++;
          else if (chunk[i] === '}' && --depth === 0) break;
        }
        if (i >= chunk.length) throw new Error(`truncated: field "${name[1]}" has an unclosed "{"`);
        value += chunk.slice(start + 1, i);
        i++;
      } else if (c === '"') {
        let depth = 0;
        const start = ++i;
        for (; i < chunk.length; i++) {
          if (chunk[i] === '\\') { i++; continue; }
          if (chunk[i] === '{') depth++;
          else if (chunk[i] === '}') depth--;
          else if (chunk[i] === '"' && depth === 0) break;
        }
        if (i >= chunk.length) throw new Error(`truncated: field "${name[1]}" has an unclosed quote`);
        value += chunk.slice(start, i);
        i++;
      } else {
        const bare = /^[\w.:-]+/.exec(chunk.slice(i));
        if (!bare) throw new Error(`field "${name[1]}" has no value`);
        value += bare[0];
        i += bare[0].length;
      }
      const rest = /^\s*#\s*/.exec(chunk.slice(i));
      if (!rest) break;
      i += rest[0].length;
    }
    fields.set(name[1]!.toLowerCase(), value);
  }
}

function toPaper(e: RawEntry, input: string): ImportedPaper {
  const f = (k: string) => (e.fields.has(k) ? latexToText(e.fields.get(k)!) : '');
  const title = f('title');
  const authors = e.fields.has('author') ? splitAuthors(e.fields.get('author')!) : [];
  const year = Number(/\d{4}/.exec(f('year'))?.[0]);
  const eprint = f('eprint');
  const arxiv = (/arxiv/i.test(f('archiveprefix') + f('eprinttype')) || /^\d{4}\.\d{4,5}/.test(eprint) ? parseArxivId(eprint) : undefined) ?? parseArxivId(f('url')) ?? parseArxivId(f('journal'));
  const doi = f('doi').replace(/^https?:\/\/(dx\.)?doi\.org\//, '') || undefined;
  const urlField = f('url').replace(/^http:\/\//, 'https://');
  const acl = /aclanthology\.org\/([^/\s]+?)(?:\.pdf)?\/?$/.exec(urlField)?.[1];
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

export function parseBibtex(text: string, input: string): ImportResult {
  const result: ImportResult = { papers: [], errors: [] };
  const starts = [...text.matchAll(/^[ \t]*@(\w+)\s*[{(]/gm)].map((m) => m.index!);
  starts.forEach((start, n) => {
    const chunk = text.slice(start, starts[n + 1] ?? text.length).trim();
    const type = /^@(\w+)/.exec(chunk)?.[1]?.toLowerCase() ?? '';
    if (SKIPPED_TYPES.has(type)) return;
    const key = /^@\w+\s*[{(]\s*([^,\s]+)/.exec(chunk)?.[1] ?? `entry ${n + 1}`;
    const line = text.slice(0, start).split('\n').length;
    try {
      result.papers.push(toPaper(parseEntry(chunk), input));
    } catch (e) {
      result.errors.push({ input, record: key, message: `${(e as Error).message} (entry at line ${line}; skipped)` });
    }
  });
  return result;
}
