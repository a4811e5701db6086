/**
 * `mechanistic paper add <link>`: one paper, read from its source of record (through the cache), appended
 * to a curated corpus file (default `corpus/papers/added.yaml`) with its facts, a proposed community label
 * with its evidence lines (src/ingest/community-rules.ts), and provenance. Licence rules (corpus/README.md):
 * an abstract is stored only from arXiv (CC0) or the ACL Anthology (CC BY 4.0); from Semantic Scholar,
 * Crossref or OpenReview only the facts are kept, and the curator's own one-line summary is required.
 * A paper already in any corpus file (by arXiv id, DOI, Anthology id, or title + year) is refused.
 */
import { existsSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { Paper } from '../core/corpus-schema.ts';
import { CorpusError, loadCorpus } from '../corpus/load.ts';
import { describeSourceId, parseSourceId, resolvePaperIdentifier, SOURCE_LABELS, type SourceCache, type SourceId, type SourcePaper, type Sources } from '../sources/index.ts';
import { proposeCommunity } from './community-rules.ts';
import { buildCorpusFile } from './corpus-file.ts';
import { readOtherPaperFiles } from './corpus-files.ts';
import type { ImportedPaper } from './record.ts';

export const ADDED_FILE = 'added.yaml';

const HEADER = `# Papers added one by one by curators with \`mechanistic paper add <link>\` (npm run ingest:link): facts from the
# source of record (arXiv, the ACL Anthology, Crossref, OpenReview, Semantic Scholar), a proposed community label
# with its evidence lines, and provenance. Abstracts only from arXiv (CC0) and the Anthology (CC BY 4.0); otherwise
# a summary in our words. Curators edit community, communityEvidence, summary and tags by hand.
`;

/** Sources whose abstracts we may redistribute (corpus/README.md, "Sources, licences and attribution"). */
const ABSTRACT_OK = new Set<SourcePaper['source']>(['arxiv', 'anthology']);

export class AddPaperError extends Error {}

export interface AddPaperOptions {
  corpusDir: string;
  /** File name under `<corpusDir>/papers/`; default added.yaml. */
  file?: string;
  sources: Sources;
  cache?: SourceCache;
  /** YYYY-MM-DD, stamped on provenance. */
  today: string;
  /** The curator's one-line summary (required when the source's abstract may not be stored). */
  summary?: string;
}

export interface AddedPaper {
  paper: Paper;
  /** The file written, and where the facts were read. */
  path: string;
  via: string;
}

function provenanceSource(p: SourcePaper): string {
  const { arxiv, acl, doi, openreview, s2 } = p.ids;
  const id = p.source === 'arxiv' ? arxiv : p.source === 'anthology' ? acl : p.source === 'crossref' ? doi : p.source === 'openreview' ? openreview : (s2 ?? arxiv ?? doi);
  return `${p.source}:${id ?? p.url}`;
}

function toImported(p: SourcePaper, summary: string | undefined): ImportedPaper {
  if (p.year === null) throw new AddPaperError(`${SOURCE_LABELS[p.source]} gives no year for "${p.title}": add it by hand.`);
  const ids: ImportedPaper['ids'] = {
    ...(p.ids.arxiv ? { arxiv: p.ids.arxiv } : {}),
    ...(p.ids.acl ? { acl: p.ids.acl } : {}),
    ...(p.ids.doi ? { doi: p.ids.doi } : {}),
    ...(p.ids.s2 ? { s2: p.ids.s2 } : {}),
  };
  return {
    title: p.title,
    authors: p.authors,
    year: p.year,
    ...(p.month ? { month: p.month } : {}),
    venue: p.venue || SOURCE_LABELS[p.source],
    url: p.url,
    kind: 'paper',
    ids,
    ...(p.abstract && ABSTRACT_OK.has(p.source) ? { abstract: p.abstract } : {}),
    ...(summary ? { summary } : {}),
    source: provenanceSource(p),
  };
}

/** Resolves `link` and appends it to the curated file; throws AddPaperError with a message for the curator. */
export async function addPaperFromLink(link: string, o: AddPaperOptions): Promise<AddedPaper> {
  const file = o.file ?? ADDED_FILE;
  if (!/^[a-z0-9][a-z0-9-]*\.yaml$/.test(file)) throw new AddPaperError(`the file must be a name like ${ADDED_FILE} (under ${join(o.corpusDir, 'papers')})`);
  const id = parseSourceId(link.trim());
  if (!id) throw new AddPaperError(`"${link}" is not an arXiv, ACL Anthology, DOI, OpenReview or Semantic Scholar link or id.`);

  const papersDir = join(o.corpusDir, 'papers');
  const all = readOtherPaperFiles(papersDir, []);
  const byId = (sid: SourceId): Paper | undefined =>
    all.find((p) => (sid.kind === 'arxiv' && p.ids.arxiv === sid.value) || (sid.kind === 'doi' && p.ids.doi?.toLowerCase() === sid.value) || (sid.kind === 'acl' && p.ids.acl?.toLowerCase() === sid.value.toLowerCase()));
  const r = await resolvePaperIdentifier(id, { sources: o.sources, ...(o.cache ? { cache: o.cache } : {}), corpus: byId });
  if (r.corpusPaper) throw new AddPaperError(`already in the corpus: ${describeSourceId(id)} is "${r.corpusPaper.title}" (id ${r.corpusPaper.id}); nothing written.`);
  if (!r.paper) throw new AddPaperError(r.notices[0] ?? `could not read ${describeSourceId(id)}.`);

  const summary = o.summary?.trim();
  const imported = toImported(r.paper, summary);
  if (!imported.abstract && !summary) {
    throw new AddPaperError(
      `${SOURCE_LABELS[r.paper.source]} gave ${r.paper.abstract ? 'an abstract we may not store' : 'no abstract'} for "${r.paper.title}": pass --summary "<one or two sentences in our words>" (corpus/README.md, licences).`,
    );
  }
  const built = buildCorpusFile({
    target: join('papers', file),
    header: HEADER,
    imported: [imported],
    others: all,
    existing: [],
    today: o.today,
    community: (p) => proposeCommunity({ authors: p.authors, venue: p.venue, url: p.url, acl: p.ids.acl }),
  });
  const dup = built.duplicates[0];
  if (dup) throw new AddPaperError(`already in the corpus: "${dup.title}" duplicates ${dup.of} (same ${dup.key}); nothing written.`);
  const err = built.errors[0];
  if (err || built.papers.length !== 1) throw new AddPaperError(err?.message ?? 'the entry could not be built');

  const path = join(papersDir, file);
  const before = existsSync(path) ? readFileSync(path, 'utf8') : null;
  const entryYaml = built.yaml.slice(HEADER.length).replace(/^\n/, '');
  const text = before === null || before.trim() === '' ? built.yaml : `${before.replace(/\n*$/, '\n').replace(/^\[\]\n$/m, '')}${entryYaml}`;
  writeFileSync(path, text);
  // The corpus schema and loader decide: an entry the whole corpus does not accept is taken back out.
  try {
    loadCorpus(o.corpusDir, { snapshot: 'off' });
  } catch (e) {
    if (before === null) unlinkSync(path);
    else writeFileSync(path, before);
    if (e instanceof CorpusError) throw new AddPaperError(`the corpus would not load with this entry, nothing written: ${e.problems.slice(0, 3).join('; ')}`);
    throw e;
  }
  return { paper: built.papers[0]!, path, via: r.via === 'cache' ? 'the cache' : SOURCE_LABELS[r.paper.source] };
}

/** The entry as it was written, for the curator's terminal. */
export function addedPaperText(a: AddedPaper): string {
  const p = a.paper;
  return [
    `added ${p.id} to ${a.path} (read from ${a.via}):`,
    stringify([p], { lineWidth: 0 }).trimEnd(),
    'Review community, communityEvidence and tags, then run npm run corpus:check.',
  ].join('\n');
}
