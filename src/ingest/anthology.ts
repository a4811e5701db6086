/**
 * Reads ACL Anthology XML (the `data/xml/*.xml` format of acl-org/acl-anthology) into imported papers.
 *
 * The file is read volume by volume and paper by paper, each `<paper>` parsed on its own, so one broken
 * paper (bad markup, missing title) becomes one record error and the rest of the file still imports.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { decodeEntities, collapseSpace, xmlFragmentToText } from './text.ts';
import { parseMonth, type ImportResult, type ImportedPaper } from './record.ts';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  // Titles and abstracts hold inline markup (<fixed-case>, <i>, <tex-math>); keep them raw and strip to text.
  stopNodes: ['*.title', '*.abstract', '*.booktitle'],
  isArray: (name) => name === 'author' || name === 'venue' || name === 'editor',
  parseTagValue: false,
  processEntities: false,
  trimValues: true,
});

/** Anthology venue acronyms (the `<venue>` element) → the names people cite. */
const VENUE_NAMES: Record<string, string> = {
  acl: 'ACL',
  emnlp: 'EMNLP',
  naacl: 'NAACL',
  tacl: 'TACL',
  blackboxnlp: 'BlackboxNLP',
  eacl: 'EACL',
  conll: 'CoNLL',
  cl: 'Computational Linguistics',
  findings: 'Findings',
};

/** Old-style collection letters, used when a volume's meta names no venue. */
const OLD_STYLE_VENUES: Record<string, string> = { P: 'acl', D: 'emnlp', N: 'naacl', Q: 'tacl' };

interface VolumeMeta {
  collection: string;
  volumeId: string;
  year: number | undefined;
  month: number | undefined;
  venue: string;
  /** `main`, `srw`, `demos`, `tutorials`, `industry`, `workshop`. */
  track: string;
  booktitle: string;
}

export interface AnthologyPaper extends ImportedPaper {
  /** Anthology ids are always present for Anthology records. */
  ids: ImportedPaper['ids'] & { acl: string };
  /** The volume's track, so a selection rule can skip demos or tutorials. */
  track: string;
  booktitle: string;
}

export interface AnthologyResult extends ImportResult {
  papers: AnthologyPaper[];
}

function text(node: unknown): string {
  if (node == null) return '';
  if (typeof node === 'string') return collapseSpace(decodeEntities(node));
  if (typeof node === 'object' && '#text' in (node as Record<string, unknown>)) {
    return text((node as Record<string, unknown>)['#text']);
  }
  return '';
}

function trackOf(volumeRef: string, booktitle: string): string {
  const s = `${volumeRef} ${booktitle}`.toLowerCase();
  if (/srw|student research workshop/.test(s)) return 'srw';
  if (/demo|demonstrations/.test(s)) return 'demos';
  if (/tutorial/.test(s)) return 'tutorials';
  if (/industry/.test(s)) return 'industry';
  if (/workshop/.test(s)) return 'workshop';
  return 'main';
}

/** `EMNLP 2020`, `ACL 2019 (Student Research Workshop)`, `BlackboxNLP 2018`: the venue as people cite it. */
function venueName(acronyms: string[], collection: string, track: string, booktitle: string, year: number | undefined): string {
  const oldStyle = /^[A-Z]\d{2}$/.test(collection) ? OLD_STYLE_VENUES[collection[0]!] : undefined;
  const known = acronyms.find((a) => a in VENUE_NAMES) ?? oldStyle;
  const y = year ? ` ${year}` : '';
  if (known === 'blackboxnlp' || /blackboxnlp/i.test(booktitle)) return `BlackboxNLP${y}`;
  // D19-50..66 are workshops published under the EMNLP prefix: name them by their booktitle.
  if (track === 'workshop' || !known) return booktitle.replace(/^Proceedings of (the )?/i, '');
  const base = `${VENUE_NAMES[known]!}${y}`;
  return track === 'main' ? base : `${base} (${track === 'srw' ? 'Student Research Workshop' : track})`;
}

function readMeta(collection: string, volumeId: string, volumeXml: string): VolumeMeta {
  const metaXml = /<meta>[\s\S]*?<\/meta>/.exec(volumeXml)?.[0] ?? '<meta></meta>';
  const meta = (parser.parse(metaXml) as { meta?: Record<string, unknown> }).meta ?? {};
  const booktitle = xmlFragmentToText(String(meta.booktitle ?? ''));
  const year = Number(text(meta.year)) || undefined;
  const acronyms = ((meta.venue as unknown[]) ?? []).map((v) => text(v).toLowerCase());
  const volumeRef = text(meta.url) || `${collection}-${volumeId}`;
  const track = trackOf(volumeRef, booktitle);
  return {
    collection,
    volumeId,
    year,
    month: parseMonth(text(meta.month)),
    venue: venueName(acronyms, collection, track, booktitle, year),
    track,
    booktitle,
  };
}

/** The Anthology id of a paper built from its collection, volume and paper ids (for papers with no `<url>`). */
export function builtAnthologyId(collection: string, volumeId: string, paperId: string): string {
  if (/^[A-Z]\d{2}$/.test(collection)) {
    const width = volumeId === '1' ? 3 : 2;
    return `${collection}-${volumeId}${paperId.padStart(width, '0')}`;
  }
  return `${collection}-${volumeId}.${paperId}`;
}

function lineOf(xml: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (xml.charCodeAt(i) === 10) line++;
  return line;
}

/**
 * Parses one Anthology XML file. `input` names it in provenance and errors (e.g. `2020.blackboxnlp.xml`).
 * Frontmatter is not a paper and is skipped.
 */
export function parseAnthologyXml(xml: string, input: string): AnthologyResult {
  const result: AnthologyResult = { papers: [], errors: [] };
  const collection = /<collection\s+id="([^"]+)"/.exec(xml)?.[1];
  if (!collection) {
    result.errors.push({ input, record: '(file)', message: 'no <collection id="..."> element: is this an ACL Anthology data/xml file?' });
    return result;
  }
  const volumeStarts = [...xml.matchAll(/<volume\s+id="([^"]+)"[^>]*>/g)];
  volumeStarts.forEach((start, vi) => {
    const from = start.index!;
    const to = volumeStarts[vi + 1]?.index ?? xml.length;
    const volumeXml = xml.slice(from, to);
    const meta = readMeta(collection, start[1]!, volumeXml);
    const paperStarts = [...volumeXml.matchAll(/<paper\s+id="([^"]+)"[^>]*>/g)];
    paperStarts.forEach((p, pi) => {
      const pFrom = p.index!;
      const rawEnd = paperStarts[pi + 1]?.index ?? volumeXml.search(/<\/volume>/);
      const chunk = volumeXml.slice(pFrom, rawEnd > pFrom ? rawEnd : volumeXml.length);
      const closeAt = chunk.lastIndexOf('</paper>');
      const paperXml = closeAt >= 0 ? chunk.slice(0, closeAt + '</paper>'.length) : chunk.trimEnd();
      const fallbackId = builtAnthologyId(collection, meta.volumeId, p[1]!);
      const valid = XMLValidator.validate(paperXml);
      if (valid !== true) {
        result.errors.push({
          input,
          record: fallbackId,
          message: `broken XML at line ${lineOf(xml, from + pFrom) + valid.err.line - 1}: ${valid.err.msg} (paper skipped; fix the file and rerun)`,
        });
        return;
      }
      const paper = (parser.parse(paperXml) as { paper: Record<string, unknown> }).paper;
      const anthologyId = text(paper.url) || fallbackId;
      const title = xmlFragmentToText(String(paper.title ?? ''));
      const authors = ((paper.author as Record<string, unknown>[]) ?? [])
        .map((a) => collapseSpace(`${text(a.first)} ${text(a.last)}`))
        .filter((a) => a.length > 0);
      const year = meta.year;
      const problems: string[] = [];
      if (!title) problems.push('no <title>');
      if (authors.length === 0) problems.push('no <author>');
      if (!year) problems.push('its volume has no <year>');
      if (problems.length > 0) {
        result.errors.push({ input, record: anthologyId, message: `${problems.join(', ')} (line ${lineOf(xml, from + pFrom)}; paper skipped)` });
        return;
      }
      const abstract = paper.abstract === undefined ? undefined : xmlFragmentToText(String(paper.abstract));
      const doi = text(paper.doi);
      result.papers.push({
        title,
        authors,
        year: year!,
        ...(meta.month ? { month: meta.month } : {}),
        venue: meta.venue,
        url: `https://aclanthology.org/${anthologyId}/`,
        kind: 'paper',
        ids: { acl: anthologyId, ...(doi ? { doi } : {}) },
        ...(abstract ? { abstract } : {}),
        source: `acl-anthology:${input}`,
        track: meta.track,
        booktitle: meta.booktitle,
      });
    });
  });
  return result;
}

/** Every Anthology XML file of a directory, parsed, in file-name order. */
export function readAnthologyDir(dir: string): AnthologyResult[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.xml'))
    .sort()
    .map((f) => parseAnthologyXml(readFileSync(join(dir, f), 'utf8'), f));
}
