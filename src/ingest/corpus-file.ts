/**
 * Turns imported records into one generated corpus file (`corpus/papers/<name>.yaml`).
 *
 * - Records already in another corpus file (by DOI, arXiv id, Anthology id, title + year) are left out
 *   and reported, so a paper lives in exactly one file.
 * - Records already in the target file keep their id and the fields a curator owns (community, evidence,
 *   summary, tags, and ids the source does not give, such as an Anthology paper's checked arXiv id) and their
 *   provenance date, so rerunning on the same input rewrites the file byte for byte.
 * - A record that fails the corpus schema becomes a record error; the others are still written.
 */
import { stringify } from 'yaml';
import { paperSchema, type Paper } from '../core/corpus-schema.ts';
import type { CommunityProposal } from './community-rules.ts';
import { DedupeIndex } from './dedupe.ts';
import { makePaperId } from './paper-id.ts';
import type { ImportedPaper, RecordError } from './record.ts';

export interface BuildCorpusFileOptions {
  /** Names this file in errors, e.g. `corpus/papers/blackboxnlp.yaml`. */
  target: string;
  /** First lines of the file (each starting with `#`): what it is and how it is regenerated. */
  header: string;
  imported: readonly ImportedPaper[];
  /** Papers in every other corpus file: duplicates of these are not written. */
  others: readonly Paper[];
  /** The target file's current entries (empty on a first run). */
  existing: readonly Paper[];
  /** YYYY-MM-DD stamped on provenance of new entries. */
  today: string;
  community: (p: ImportedPaper) => CommunityProposal;
  /** Concept ids proposed with confidence (strong alias matches). */
  tags?: (p: ImportedPaper) => string[];
}

export interface Duplicate {
  title: string;
  source: string;
  /** The id of the paper it duplicates, and which key matched (`arxiv:2211.00593`). */
  of: string;
  key: string;
}

export interface BuiltCorpusFile {
  yaml: string;
  papers: Paper[];
  duplicates: Duplicate[];
  errors: RecordError[];
}

function toEntry(p: ImportedPaper, id: string, curated: Partial<Paper> | undefined, opts: BuildCorpusFileOptions): Record<string, unknown> {
  const proposal = curated?.community ? undefined : opts.community(p);
  const provenance = [...(curated?.provenance ?? [])];
  if (!provenance.some((e) => e.source === p.source)) provenance.push({ source: p.source, date: opts.today });
  const summary = curated?.summary ?? p.summary;
  const entry: Record<string, unknown> = {
    id,
    title: p.title,
    authors: p.authors,
    year: p.year,
    ...(p.month ? { month: p.month } : {}),
    venue: p.venue,
    url: p.url,
    kind: p.kind,
    ids: Object.fromEntries(
      Object.entries({ ...(curated?.ids ?? {}), ...p.ids })
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => a.localeCompare(b)),
    ),
    community: curated?.community ?? proposal!.community,
    communityEvidence: curated?.communityEvidence ?? proposal!.communityEvidence,
    ...(summary ? { summary } : {}),
    ...(p.abstract ? { abstract: p.abstract } : {}),
    tags: curated?.tags ?? [...new Set(opts.tags?.(p) ?? [])].sort(),
    provenance,
  };
  return entry;
}

export function buildCorpusFile(opts: BuildCorpusFileOptions): BuiltCorpusFile {
  const others = new DedupeIndex(opts.others);
  const existing = new DedupeIndex(opts.existing);
  const thisRun = new DedupeIndex<{ id: string; title: string; year: number; ids: ImportedPaper['ids'] }>();
  const taken = new Set<string>([...opts.others.map((p) => p.id), ...opts.existing.map((p) => p.id)]);
  const usedThisRun = new Set<string>();
  const result: BuiltCorpusFile = { yaml: '', papers: [], duplicates: [], errors: [] };
  const entries: Record<string, unknown>[] = [];

  for (const p of opts.imported) {
    const dup = others.find(p) ?? thisRun.find(p);
    if (dup) {
      result.duplicates.push({ title: p.title, source: p.source, of: dup.paper.id, key: dup.key });
      continue;
    }
    const known = existing.find(p)?.paper;
    const id = known && !usedThisRun.has(known.id) ? known.id : makePaperId(p.authors, p.year, p.title, new Set([...taken, ...usedThisRun]));
    const entry = toEntry(p, id, known && known.id === id ? known : undefined, opts);
    const parsed = paperSchema.safeParse(entry);
    if (!parsed.success) {
      const idKey = Object.entries(p.ids).find(([, v]) => v);
      const hint = idKey ? `${idKey[0]}:${idKey[1]}` : '<arxiv|doi|acl|s2>:<id>';
      const why = parsed.error.issues
        .map((i) =>
          i.path[0] === 'summary'
            ? `no abstract we may store and no summary: add the line "${hint}<TAB><one-line summary in our words>" to a --summaries TSV`
            : `${i.path.join('.') || '(entry)'}: ${i.message}`,
        )
        .join('; ');
      result.errors.push({ input: p.source, record: p.ids.acl ?? p.ids.arxiv ?? p.title, message: `not written to ${opts.target}: ${why}` });
      continue;
    }
    usedThisRun.add(id);
    thisRun.add({ id, title: p.title, year: p.year, ids: p.ids });
    entries.push(entry);
    result.papers.push(parsed.data);
  }
  result.yaml = `${opts.header.trimEnd()}\n${entries.length > 0 ? stringify(entries, { lineWidth: 0 }) : '[]\n'}`;
  return result;
}
