/**
 * Reads the curated corpus from `corpus/` (YAML files) and validates every entry.
 * Schema errors name the file, the entry and the field, so a curator can fix one line.
 *
 * Parsing and validating the YAML is most of the cost of starting, so the validated corpus is also
 * written once to a compact JSON snapshot, `<corpus dir>/.snapshot/corpus-<key>.json` (generated,
 * gitignored), and read from there while the key matches. The key hashes every corpus file (path and
 * text, which are read anyway: the index manifest hashes them too) with this loader and the schema
 * module, so editing a YAML file, the schema or the loader means the YAML is parsed again.
 * `corpus:check` always parses the YAML (and refreshes the snapshot).
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import {
  conceptSchema,
  glossaryTermSchema,
  paperSchema,
  type Concept,
  type Corpus,
  type GlossaryTerm,
  type Paper,
} from '../core/corpus-schema.ts';

/** The YAML parser, loaded only when the snapshot does not match (its import alone is a noticeable part of a start). */
let yamlParse: typeof import('yaml').parse | undefined;
function parse(text: string): unknown {
  yamlParse ??= (createRequire(import.meta.url)('yaml') as typeof import('yaml')).parse;
  return yamlParse(text);
}

/** The corpus shipped with the project. */
export const DEFAULT_CORPUS_DIR = fileURLToPath(new URL('../../corpus/', import.meta.url));

export class CorpusError extends Error {
  constructor(readonly problems: string[]) {
    super(`corpus: ${problems.length} problem(s):\n  ${problems.slice(0, 50).join('\n  ')}`);
  }
}

export interface CorpusFiles {
  /** Every YAML file read, relative to the corpus dir, with its raw text (for hashing). */
  files: { path: string; text: string }[];
}

function yamlFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return [];
  }
  return names
    .filter((n) => n.endsWith('.yaml') || n.endsWith('.yml'))
    .map((n) => join(dir, n))
    .filter((p) => statSync(p).isFile());
}

function readEntries<S extends z.ZodTypeAny>(files: CorpusFiles['files'], schema: S, problems: string[]): z.infer<S>[] {
  const out: z.infer<S>[] = [];
  for (const { path: rel, text } of files) {
    let doc: unknown;
    try {
      doc = parse(text);
    } catch (e) {
      problems.push(`${rel}: not valid YAML: ${(e as Error).message.split('\n')[0]}`);
      continue;
    }
    const entries = doc == null ? [] : Array.isArray(doc) ? doc : [doc];
    entries.forEach((entry, i) => {
      const parsed = schema.safeParse(entry);
      if (parsed.success) out.push(parsed.data);
      else {
        const label = (entry as { id?: string })?.id ?? `entry ${i + 1}`;
        for (const issue of parsed.error.issues) {
          problems.push(`${rel}: ${label}: ${issue.path.join('.') || '(entry)'}: ${issue.message}`);
        }
      }
    });
  }
  return out;
}

function byId<T extends { id: string }>(items: T[], kind: string, problems: string[]): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) {
    if (map.has(item.id)) problems.push(`duplicate ${kind} id: ${item.id}`);
    map.set(item.id, item);
  }
  return map;
}

/** `use` (default): read the snapshot when it matches, else parse and write it; `refresh`: always parse the YAML, then write it; `off`: parse, write nothing. */
export type SnapshotMode = 'use' | 'refresh' | 'off';

export interface LoadCorpusOptions {
  snapshot?: SnapshotMode;
}

/** Bumped when the snapshot's layout changes. */
const SNAPSHOT_FORMAT = 1;
/** Snapshots kept per corpus dir (tests through tsx and the compiled CLI have different keys). */
const SNAPSHOTS_KEPT = 4;

interface Snapshot {
  format: number;
  key: string;
  papers: Paper[];
  concepts: Concept[];
  glossary: GlossaryTerm[];
}

/** This module's and the schema module's own text: a change in either invalidates every snapshot. */
function codeText(): string {
  const ext = extname(fileURLToPath(import.meta.url));
  return [import.meta.url, new URL(`../core/corpus-schema${ext}`, import.meta.url).href]
    .map((u) => {
      try {
        return readFileSync(fileURLToPath(u), 'utf8');
      } catch {
        return u;
      }
    })
    .join('\0');
}

function snapshotKey(files: CorpusFiles['files']): string {
  const h = createHash('sha256').update(`${SNAPSHOT_FORMAT}\0${codeText()}\0`);
  for (const f of files) h.update(f.path).update('\0').update(f.text).update('\0');
  return h.digest('hex');
}

function snapshotDir(dir: string): string {
  return join(dir, '.snapshot');
}

function snapshotPath(dir: string, key: string): string {
  return join(snapshotDir(dir), `corpus-${key.slice(0, 32)}.json`);
}

function readSnapshot(dir: string, key: string): Snapshot | undefined {
  try {
    const snap = JSON.parse(readFileSync(snapshotPath(dir, key), 'utf8')) as Snapshot;
    return snap.format === SNAPSHOT_FORMAT && snap.key === key ? snap : undefined;
  } catch {
    return undefined;
  }
}

/** Best effort: a read-only corpus dir (an installed package, a container) just means no snapshot. */
function writeSnapshot(dir: string, snap: Snapshot): void {
  try {
    const target = snapshotPath(dir, snap.key);
    mkdirSync(snapshotDir(dir), { recursive: true });
    const tmp = `${target}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(snap));
    renameSync(tmp, target);
    const old = readdirSync(snapshotDir(dir))
      .filter((n) => n.startsWith('corpus-') && n.endsWith('.json'))
      .map((n) => join(snapshotDir(dir), n))
      .map((p) => ({ p, t: statSync(p).mtimeMs }))
      .sort((a, b) => b.t - a.t)
      .slice(SNAPSHOTS_KEPT);
    for (const { p } of old) rmSync(p, { force: true });
  } catch {
    // Not writable, or another process is pruning: the YAML is parsed again next time.
  }
}

function readTexts(paths: string[], root: string): CorpusFiles['files'] {
  return paths.map((path) => ({ path: relative(root, path), text: readFileSync(path, 'utf8') }));
}

function mapById<T extends { id: string }>(items: readonly T[]): Map<string, T> {
  return new Map(items.map((item) => [item.id, item]));
}

/** Loads and schema-checks the corpus; throws CorpusError listing every problem. */
export function loadCorpus(dir: string = DEFAULT_CORPUS_DIR, options: LoadCorpusOptions = {}): Corpus & CorpusFiles {
  const mode = options.snapshot ?? 'use';
  const paperFiles = readTexts(yamlFiles(join(dir, 'papers')), dir);
  const conceptFiles = readTexts(yamlFiles(join(dir, 'concepts')), dir);
  const glossaryFiles = readTexts(
    yamlFiles(dir).filter((p) => /glossary\.ya?ml$/.test(p)),
    dir,
  );
  const files = [...paperFiles, ...conceptFiles, ...glossaryFiles];
  const key = mode === 'off' ? '' : snapshotKey(files);
  if (mode === 'use') {
    const snap = readSnapshot(dir, key);
    if (snap) return { papers: mapById(snap.papers), concepts: mapById(snap.concepts), glossary: mapById(snap.glossary), files };
  }

  const problems: string[] = [];
  const papers = readEntries(paperFiles, paperSchema, problems) as Paper[];
  const concepts = readEntries(conceptFiles, conceptSchema, problems) as Concept[];
  const glossary = readEntries(glossaryFiles, glossaryTermSchema, problems) as GlossaryTerm[];
  const corpus = {
    papers: byId(papers, 'paper', problems),
    concepts: byId(concepts, 'concept', problems),
    glossary: byId(glossary, 'glossary term', problems),
    files,
  };
  if (problems.length > 0) throw new CorpusError(problems);
  if (mode !== 'off') writeSnapshot(dir, { format: SNAPSHOT_FORMAT, key, papers, concepts, glossary });
  return corpus;
}
