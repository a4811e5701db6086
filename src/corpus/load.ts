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
 *
 * Reading and hashing every file is itself most of a start on a large corpus, so a second, cheaper key
 * comes first: each file's path, size, inode, mtime and ctime (nanoseconds; ctime changes with every
 * write and every `touch`, and cannot be set back). A small pointer file, `.snapshot/stat-<that key>`,
 * names the content key those exact files had when they were last hashed. While it matches, the
 * snapshot is read without reading the YAML; the files' texts are read only when asked for
 * (`files`, which the vector index's corpus hash uses), and then checked against the content key,
 * so a file changed while the service starts is an error, never a stale corpus. Any change to a
 * file changes its stats, so the pointer no longer matches and the files are hashed again.
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

/** Bumped when the snapshot's layout changes (2: ASCII-only JSON). */
const SNAPSHOT_FORMAT = 2;
/** Snapshots kept per corpus dir (tests through tsx and the compiled CLI have different keys), and as many stat pointers. */
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

/**
 * The stat key: the files' paths with their size, inode, mtime and ctime, and the code's text. Taken
 * before any file is read, so a pointer never pairs newer stats with older contents.
 */
function statKey(dir: string, paths: string[]): string {
  const h = createHash('sha256').update(`${SNAPSHOT_FORMAT}\0stat\0${codeText()}\0`);
  for (const p of paths) {
    const st = statSync(p, { bigint: true });
    h.update(`${relative(dir, p)}\0${st.size}\0${st.ino}\0${st.mtimeNs}\0${st.ctimeNs}\0`);
  }
  return h.digest('hex');
}

function pointerPath(dir: string, statKeyHex: string): string {
  return join(snapshotDir(dir), `stat-${statKeyHex.slice(0, 32)}`);
}

/** The content key the pointer names, if there is one. */
function readPointer(dir: string, statKeyHex: string): string | undefined {
  try {
    const key = readFileSync(pointerPath(dir, statKeyHex), 'utf8').trim();
    return /^[0-9a-f]{64}$/.test(key) ? key : undefined;
  } catch {
    return undefined;
  }
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

/** Writes `text` to `target` through a temp file and a rename, so a reader never sees half of it. */
function writeAtomically(target: string, text: string): void {
  const tmp = `${target}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, target);
}

/** Keeps the newest SNAPSHOTS_KEPT files of one kind (`corpus-*.json` or `stat-*`). */
function prune(dir: string, kind: (name: string) => boolean): void {
  const old = readdirSync(snapshotDir(dir))
    .filter(kind)
    .map((n) => join(snapshotDir(dir), n))
    .map((p) => ({ p, t: statSync(p).mtimeMs }))
    .sort((a, b) => b.t - a.t)
    .slice(SNAPSHOTS_KEPT);
  for (const { p } of old) rmSync(p, { force: true });
}

/** Best effort: a read-only corpus dir (an installed package, a container) just means no snapshot. */
function writeSnapshot(dir: string, snap: Snapshot): void {
  try {
    mkdirSync(snapshotDir(dir), { recursive: true });
    // ASCII only (every other character as a \u escape): Node reads an ASCII file into a one-byte string,
    // which is read and parsed faster than the two-byte string a single non-ASCII character makes.
    writeAtomically(snapshotPath(dir, snap.key), JSON.stringify(snap).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
    prune(dir, (n) => n.startsWith('corpus-') && n.endsWith('.json'));
  } catch {
    // Not writable, or another process is pruning: the YAML is parsed again next time.
  }
}

/** Best effort, as writeSnapshot: the stat key's pointer to the content key. */
function writePointer(dir: string, statKeyHex: string, key: string): void {
  try {
    mkdirSync(snapshotDir(dir), { recursive: true });
    writeAtomically(pointerPath(dir, statKeyHex), key);
    prune(dir, (n) => n.startsWith('stat-') && !n.endsWith('.tmp'));
  } catch {
    // As for the snapshot: the files are hashed again next time.
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
  const paperPaths = yamlFiles(join(dir, 'papers'));
  const conceptPaths = yamlFiles(join(dir, 'concepts'));
  const glossaryPaths = yamlFiles(dir).filter((p) => /glossary\.ya?ml$/.test(p));
  const paths = [...paperPaths, ...conceptPaths, ...glossaryPaths];

  // The stat key, before any file is read (see statKey).
  const stats = mode === 'off' ? '' : statKey(dir, paths);
  if (mode === 'use') {
    const key = readPointer(dir, stats);
    const snap = key ? readSnapshot(dir, key) : undefined;
    if (key && snap) {
      let files: CorpusFiles['files'] | undefined;
      return {
        papers: mapById(snap.papers),
        concepts: mapById(snap.concepts),
        glossary: mapById(snap.glossary),
        get files(): CorpusFiles['files'] {
          if (files) return files;
          const read = readTexts(paths, dir);
          if (snapshotKey(read) !== key) throw new CorpusError([`${dir}: a corpus file changed while the corpus was loading; start again`]);
          return (files = read);
        },
      };
    }
  }

  const paperFiles = readTexts(paperPaths, dir);
  const conceptFiles = readTexts(conceptPaths, dir);
  const glossaryFiles = readTexts(glossaryPaths, dir);
  const files = [...paperFiles, ...conceptFiles, ...glossaryFiles];
  const key = mode === 'off' ? '' : snapshotKey(files);
  if (mode === 'use') {
    const snap = readSnapshot(dir, key);
    if (snap) {
      writePointer(dir, stats, key);
      return { papers: mapById(snap.papers), concepts: mapById(snap.concepts), glossary: mapById(snap.glossary), files };
    }
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
  if (mode !== 'off') {
    writeSnapshot(dir, { format: SNAPSHOT_FORMAT, key, papers, concepts, glossary });
    writePointer(dir, stats, key);
  }
  return corpus;
}
