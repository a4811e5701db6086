/**
 * Reads a paper's reference list into the core's CitedReference entries, from one of three places:
 * a BibTeX file (`--bib`, read by bibtex-references.ts), a references section in pasted or extracted
 * text, or Semantic Scholar's `/references` answer; the core gets plain entries.
 */
import type { CitedReference } from '../core/references.ts';
import { parseArxivId } from '../ingest/arxiv-id.ts';
import type { SourceReferences } from '../sources/types.ts';

/** Pastes and files larger than this are refused (a whole book, a binary). */
export const MAX_REFERENCES_BYTES = 2_000_000;

/** A reference list that cannot be read: says which entry and which line. */
export class ReferenceListError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReferenceListError';
  }
}

// --- Reference sections in text -------------------------------------------------------------

const HEADING = /^\s*(?:\d+\.?\s*|[IVX]+\.?\s*)?(references|bibliography|works cited|literature cited)\s*:?\s*$/im;

const APPENDIX = /^\s*(?:[A-Z]\.?\s+)?(appendix|appendices|supplementary material)\b/i;
/** "A Implementation details", "B.1 Datasets": a short lettered heading with no period or year. */
const LETTERED_HEADING = /^[A-Z](?:\.\d+)?\s+[A-Z][a-z]+(?:\s+[A-Za-z-]+){0,6}$/;

/** The text after a "References" heading, up to an appendix heading; null when there is none. */
export function referencesSection(text: string): string | null {
  const lines = text.split(/\r?\n/);
  let start = -1;
  for (let i = 0; i < lines.length; i++) if (HEADING.test(lines[i]!)) start = i; // the last such heading
  if (start < 0) return null;
  const body: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (body.length > 0 && (APPENDIX.test(line) || LETTERED_HEADING.test(line.trim()))) break;
    body.push(line);
  }
  const section = body.join('\n').trim();
  return section.length > 0 ? section : null;
}

/**
 * Splits a references section into entries: numbered (`[12] …`, `12. …`), or author–year / one per line
 * (a new entry starts at a line that begins with a surname and initials, after a line ending a reference).
 */
export function splitReferenceLines(section: string): string[] {
  const lines = section.split(/\r?\n/).map((l) => l.trim());
  const numbered = /^(\[\d+\]|\d+\.)\s+/;
  if (lines.filter((l) => numbered.test(l)).length >= 2) {
    const out: string[] = [];
    for (const l of lines) {
      if (!l) continue;
      if (numbered.test(l) || out.length === 0) out.push(l);
      else out[out.length - 1] += ` ${l}`;
    }
    return out.map((l) => l.replace(/\s+/g, ' ').trim());
  }
  // One reference per line (pasted from a web page or a reference manager): no blank lines, nearly every line ends
  // as a reference does (a period, a bracket, a link) and hardly any starts like a wrapped line's continuation.
  const endsReference = (l: string) => /[.)\]]$|https?:\/\/\S+$/.test(l);
  if (lines.length >= 3 && lines.every(Boolean) && lines.filter(endsReference).length >= 0.9 * lines.length && lines.filter((l) => /^[a-z]/.test(l)).length <= Math.max(1, 0.1 * lines.length)) {
    return lines.map((l) => l.replace(/\s+/g, ' ')).filter((l) => l.length >= 15);
  }
  // Author–year: a blank line, or a line that starts like "Surname, X." / "Surname X," after one that ended with a period.
  const out: string[] = [];
  let current = '';
  const startsEntry = (l: string) =>
    // "Surname, X." (APA, Chicago)
    /^[A-Z][A-Za-zÀ-ž'’-]+(?:\s+[a-z]{1,3})?(?:\s+[A-Z][A-Za-zÀ-ž'’-]+)?,\s+[A-Z]\./.test(l) ||
    // "Names. 2020. Title." (ACL) or "Names (2020). Title."
    /^[A-Z][^]{0,300}?(?:\.\s(?:19|20)\d\d[a-z]?\.\s|\((?:19|20)\d\d[a-z]?\)\.?\s)/.test(l);
  for (const l of lines) {
    if (!l) {
      if (current) out.push(current);
      current = '';
      continue;
    }
    if (current && /[.)]$/.test(current) && startsEntry(l)) {
      out.push(current);
      current = l;
    } else current = current ? `${current} ${l}` : l;
  }
  if (current) out.push(current);
  return out.map((l) => l.replace(/\s+/g, ' ').trim()).filter((l) => l.length >= 15);
}

/**
 * The fields of one reference line, best effort: ids from links and "arXiv:" mentions, the year, the
 * authors before it, and the title (the sentence after the year in author–year style, else the first
 * quoted or the longest sentence).
 */
/** The end of a sentence in a reference: a period after a lowercase letter, digit, bracket or acronym ("GPT."), not after an initial ("J."). */
const SENTENCE_END = /(?<=[a-z0-9?!)\]]|[A-Z]{2})\.\s+/;

export function parseReferenceLine(line: string): CitedReference {
  const body = line.replace(/^(\[\d+\]|\d+\.)\s+/, '');
  const arxiv = parseArxivId(/arxiv[:\s]*\d{4}\.\d{4,5}|arxiv\.org\/(abs|pdf)\/\S+/i.exec(body)?.[0] ?? '');
  const doi = /\b(10\.\d{4,9}\/[^\s,;]+?)(?=[.,;]?(\s|$))/.exec(body)?.[1];
  const acl = /aclanthology\.org\/([^/\s]+?)(?:\.pdf)?\/?(?=[\s.,;]|$)/.exec(body)?.[1];
  const ids = { ...(doi ? { doi } : {}), ...(arxiv ? { arxiv } : {}), ...(acl ? { acl } : {}) };
  const quoted = /[“"]([^”"]{10,})[”"]/.exec(body)?.[1];
  const yearMatch = /(?:\(|\s|,\s*)((?:19|20)\d\d)[a-z]?(?:\)|\.|,)/.exec(body);
  const year = yearMatch ? Number(yearMatch[1]) : null;
  let title = quoted ?? '';
  let authorsText = '';
  if (!title && yearMatch) {
    const before = body.slice(0, yearMatch.index);
    const after = body.slice(yearMatch.index + yearMatch[0].length).replace(/^[\s.)]+/, '');
    // "Authors. 2020. Title. Venue." (ACL) or "Authors (2020). Title. Venue.": the year right after the authors.
    if (before.trim().length > 0 && before.length < 400 && before.split(SENTENCE_END).length === 1) {
      authorsText = before;
      title = after.split(/(?<=[a-z0-9?!)\]]|[A-Z]{2})\.\s+|\.\s*$|\s+In\s+(?:Proceedings|Advances)/)[0] ?? '';
    } else {
      // "Authors. Title. Venue, 2020." or "Authors. Title, 2020. URL": the year after the title.
      const sentences = body.split(SENTENCE_END);
      authorsText = sentences[0] ?? '';
      title = sentences[1] ?? '';
    }
  }
  if (!title) {
    const sentences = body.split(SENTENCE_END);
    authorsText ||= sentences[0] ?? '';
    title = sentences.length > 1 ? sentences[1]! : sentences[0]!;
  }
  const authors = authorsText
    .replace(/\bet al\.?/g, '')
    .split(/,\s*(?:and\s+)?|\s+and\s+|;\s*|\s*&\s*/)
    .map((a) => a.trim())
    .filter((a) => /[A-Za-z]{2}/.test(a) && !/^[A-Z]\.?(\s*[A-Z]\.)*$/.test(a));
  // "Title, 2018": the year the styles print after the title is not part of it.
  return { entry: line, title: title.replace(/,\s*(?:19|20)\d\d[a-z]?[.,\s]*$/, '').replace(/[.,\s]+$/, '').trim(), year, authors, ids };
}

/** The references in pasted or extracted text; null when the text has no references section. */
export function referencesFromText(text: string): CitedReference[] | null {
  if (text.length > MAX_REFERENCES_BYTES) throw new ReferenceListError(`the pasted text is ${(text.length / 1e6).toFixed(1)} MB; the limit is ${MAX_REFERENCES_BYTES / 1e6} MB`);
  const section = referencesSection(text);
  if (!section) return null;
  const lines = splitReferenceLines(section);
  return lines.length > 0 ? lines.map(parseReferenceLine) : null;
}

/** Semantic Scholar's reference list; the entry is the cited title (with its year). */
export function referencesFromS2(refs: SourceReferences): CitedReference[] {
  return refs.references.map((r) => ({
    entry: r.year ? `${r.title} (${r.year})` : r.title,
    title: r.title,
    year: r.year,
    authors: [],
    ids: { ...(r.externalIds.doi ? { doi: r.externalIds.doi } : {}), ...(r.externalIds.arxiv ? { arxiv: r.externalIds.arxiv } : {}), ...(r.externalIds.acl ? { acl: r.externalIds.acl } : {}) },
  }));
}
