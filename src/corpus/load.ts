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
 *
 * What is computed from the corpus at every start (the BM25 postings, the normalized titles, the vector
 * index's corpus hash) is kept beside the snapshot as derived data (DerivedData), keyed by the content
 * key and the text of the code that computes it.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { closeSync, type Dirent, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import {
  conceptSchema,
  glossaryTermSchema,
  paperSchema,
  releaseSchema,
  type Concept,
  type Corpus,
  type GlossaryTerm,
  type Paper,
  type Release,
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
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return (
    entries
      .filter((e) => e.name.endsWith('.yaml') || e.name.endsWith('.yml'))
      // The entry's type comes with the listing: only a link is stat'ed, to see what it points to.
      .filter((e) => e.isFile() || (e.isSymbolicLink() && statSync(join(dir, e.name)).isFile()))
      .map((e) => e.name)
      .sort()
      .map((n) => join(dir, n))
  );
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

/**
 * Bumped when the snapshot's layout changes (2: ASCII-only JSON; 3: abstracts after the JSON, read when asked
 * for; 4: the JSON's length first, so a start reads the JSON alone; 5: named releases).
 */
const SNAPSHOT_FORMAT = 5;
/** Snapshots kept per corpus dir (tests through tsx and the compiled CLI have different keys), and as many stat pointers. */
const SNAPSHOTS_KEPT = 4;

interface Snapshot {
  format: number;
  key: string;
  papers: Paper[];
  concepts: Concept[];
  glossary: GlossaryTerm[];
  releases: Release[];
}

/** The texts of the given modules (URLs; a module not found counts as its URL): part of every key of data derived by that code. */
function moduleTexts(urls: readonly string[]): string {
  return urls
    .map((u) => {
      try {
        return readFileSync(fileURLToPath(u), 'utf8');
      } catch {
        return u;
      }
    })
    .join('\0');
}

/**
 * URLs of modules beside `from` (an `import.meta.url`), named without extension: `.ts` when `from` runs
 * as TypeScript (tsx, tests), `.js` from the compiled dist/.
 */
export function siblingModules(from: string, ...names: string[]): string[] {
  const ext = extname(fileURLToPath(from));
  return [from, ...names.map((n) => new URL(`${n}${ext}`, from).href)];
}

/** This module's and the schema module's own text: a change in either invalidates every snapshot. */
function codeText(): string {
  return moduleTexts(siblingModules(import.meta.url, '../core/corpus-schema'));
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

/**
 * The snapshot's file: the byte length of the JSON that follows, as a decimal line (then ` ascii` when it
 * is ASCII, as writeSnapshot writes it); one line of JSON
 * (the corpus, each abstract replaced by its [start, length] in what follows); a newline; then the
 * abstracts, each a JSON string. Abstracts are half of a corpus's bytes and nothing at start reads them
 * (the lexical index is kept as derived data), so only the JSON is read at start, and a paper read from
 * the snapshot has `abstract` as an enumerable getter that decodes its own on first use: the same value,
 * key order, JSON and spread as a plain property. The first few abstracts asked for are read from the file
 * one by one, then all the rest at once; the file stays open until then (so it may be replaced or pruned
 * meanwhile).
 */
function readSnapshot(dir: string, key: string): Snapshot | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(snapshotPath(dir, key), 'r');
    const size = fstatSync(fd).size;
    const first = readAt(fd, 0, Math.min(32, size));
    const newline = first.indexOf(10);
    const header = /^(\d+)( ascii)?$/.exec(newline > 0 ? first.toString('latin1', 0, newline) : '');
    if (!header) return undefined;
    const headLength = Number(header[1]);
    const headStart = newline + 1;
    const regionStart = headStart + headLength + 1;
    if (!Number.isSafeInteger(headLength) || regionStart > size) return undefined;
    const head = readAt(fd, headStart, headLength);
    // Written in ASCII (writeSnapshot says so in the first line), so read as Latin-1: the same string, decoded
    // several times faster than as UTF-8. A file someone else wrote, without that word, is read as UTF-8.
    const snap = JSON.parse(head.toString(header[2] ? 'latin1' : 'utf8')) as Snapshot;
    if (snap.format !== SNAPSHOT_FORMAT || snap.key !== key) return undefined;
    const regionLength = size - regionStart;
    let region: Buffer | undefined;
    let reads = 0;
    const abstracts = { fd: fd as number | undefined };
    // An answer reads a few abstracts: each is read alone. Past that (an index build reads them all), all at once.
    const readAbstract = (start: number, length: number): Buffer => {
      if (region) return region.subarray(start, start + length);
      if (abstracts.fd === undefined) throw new Error('corpus snapshot: its abstracts were closed');
      if (++reads <= ABSTRACTS_READ_ALONE) return readAt(abstracts.fd, regionStart + start, length);
      try {
        region = readAt(abstracts.fd, regionStart, regionLength);
      } finally {
        closeSync(abstracts.fd);
        abstracts.fd = undefined;
        openSnapshots.unregister(abstracts);
      }
      return region.subarray(start, start + length);
    };
    let lazy = 0;
    for (const paper of snap.papers) {
      const at = paper.abstract as unknown;
      if (!Array.isArray(at)) continue;
      const [start, length] = at as [number, number];
      if (!(start >= 0 && length > 0 && start + length <= regionLength)) return undefined;
      lazy++;
      lazyAbstract(paper, () => JSON.parse(readAbstract(start, length).toString('utf8')) as string);
    }
    if (lazy > 0) {
      // Kept open for the abstracts; closed when they are read, or when the corpus is collected.
      openSnapshots.register(abstracts, fd, abstracts);
      fd = undefined;
    }
    return snap;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Abstracts read one by one from a snapshot file before the rest are read all at once. */
const ABSTRACTS_READ_ALONE = 64;

/** Closes a snapshot file whose corpus was collected before its abstracts were read. */
const openSnapshots = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd);
  } catch {
    // Already closed.
  }
});

/** `length` bytes of an open file from `position`. */
function readAt(fd: number, position: number, length: number): Buffer {
  const out = Buffer.allocUnsafe(length);
  for (let done = 0; done < length; ) {
    const n = readSync(fd, out, done, length - done, position + done);
    if (n <= 0) throw new Error('corpus snapshot: shorter than its header says');
    done += n;
  }
  return out;
}

function lazyAbstract(paper: Paper, decode: () => string): void {
  let value: string | undefined;
  Object.defineProperty(paper, 'abstract', {
    enumerable: true,
    configurable: true,
    get: () => (value ??= decode()),
    // An assignment makes it a plain property again, as it was in the YAML-parsed paper.
    set: (v: string | undefined) => Object.defineProperty(paper, 'abstract', { value: v, writable: true, enumerable: true, configurable: true }),
  });
}

/** ASCII only (every other character as a \u escape). */
const asciiJson = (value: unknown) => JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** Writes `text` to `target` through a temp file and a rename, so a reader never sees half of it. */
function writeAtomically(target: string, text: string | Uint8Array): void {
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
    // ASCII only: Node reads an ASCII file into a one-byte string, which is read and parsed faster
    // than the two-byte string a single non-ASCII character makes. Abstracts after the JSON (readSnapshot).
    const abstracts: string[] = [];
    let length = 0;
    const papers = snap.papers.map((p) => {
      if (p.abstract === undefined) return p;
      const text = asciiJson(p.abstract);
      abstracts.push(text);
      length += text.length;
      return { ...p, abstract: [length - text.length, text.length] };
    });
    const head = asciiJson({ ...snap, papers });
    writeAtomically(snapshotPath(dir, snap.key), `${head.length} ascii\n${head}\n${abstracts.join('')}`);
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

/**
 * Data derived from a loaded corpus and kept beside its snapshot (an index's postings), so a start reads
 * it instead of computing it again. Each entry is keyed by the corpus's content key, its name and the
 * text of the code that derives it, so neither an edited corpus file nor edited code can bring back
 * stale data.
 */
export interface DerivedData {
  /** What was written under `name` for this corpus by this code (`code`: module URLs, see siblingModules), if anything. */
  read(name: string, code: readonly string[]): Buffer | undefined;
  /** Best effort, as the snapshot: a read-only corpus dir means it is computed again next time. */
  write(name: string, code: readonly string[], bytes: Uint8Array): void;
}

/** Derived data of each loaded corpus, by its papers map, with what else it was loaded with (a corpus changed in place has none). */
const derivedByCorpus = new WeakMap<Corpus['papers'], { concepts: Corpus['concepts']; glossary: Corpus['glossary']; sizes: string; data: DerivedData }>();
const corpusSizes = (c: Corpus) => `${c.papers.size}/${c.concepts.size}/${c.glossary.size}`;

/** The derived data store of a corpus as loadCorpus returned it (with a snapshot); undefined for any other. */
export function derivedData(corpus: Corpus): DerivedData | undefined {
  const d = derivedByCorpus.get(corpus.papers);
  return d && d.concepts === corpus.concepts && d.glossary === corpus.glossary && d.sizes === corpusSizes(corpus) ? d.data : undefined;
}

function derivedStore(dir: string, key: string): DerivedData {
  const path = (name: string, code: readonly string[]) => {
    if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`derived data name "${name}": lowercase letters, digits and dashes only`);
    const h = createHash('sha256').update(`${SNAPSHOT_FORMAT}\0${key}\0${name}\0${moduleTexts(code)}`).digest('hex');
    // 72 bytes, so what follows starts 8-byte aligned in the file's buffer (typed-array views need it).
    return { file: join(snapshotDir(dir), `derived-${name}-${h.slice(0, 32)}.bin`), header: `${h}${' '.repeat(7)}\n` };
  };
  return {
    read(name, code) {
      const { file, header } = path(name, code);
      try {
        const bytes = readFileSync(file);
        return bytes.toString('latin1', 0, header.length) === header ? bytes.subarray(header.length) : undefined;
      } catch {
        return undefined;
      }
    },
    write(name, code, bytes) {
      const { file, header } = path(name, code);
      try {
        mkdirSync(snapshotDir(dir), { recursive: true });
        writeAtomically(file, Buffer.concat([Buffer.from(header, 'latin1'), bytes]));
        prune(dir, (n) => n.startsWith(`derived-${name}-`) && n.endsWith('.bin'));
      } catch {
        // Not writable: computed again next time.
      }
    },
  };
}

/** The loaded corpus, with its derived data store when it has a snapshot key. */
function loaded<C extends Corpus>(corpus: C, dir: string, key: string | undefined): C {
  if (key) derivedByCorpus.set(corpus.papers, { concepts: corpus.concepts, glossary: corpus.glossary, sizes: corpusSizes(corpus), data: derivedStore(dir, key) });
  return corpus;
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
  const topFiles = yamlFiles(dir);
  const glossaryPaths = topFiles.filter((p) => /glossary\.ya?ml$/.test(p));
  const releasePaths = topFiles.filter((p) => /releases\.ya?ml$/.test(p));
  const paths = [...paperPaths, ...conceptPaths, ...glossaryPaths, ...releasePaths];

  // The stat key, before any file is read (see statKey).
  const stats = mode === 'off' ? '' : statKey(dir, paths);
  if (mode === 'use') {
    const key = readPointer(dir, stats);
    const snap = key ? readSnapshot(dir, key) : undefined;
    if (key && snap) {
      let files: CorpusFiles['files'] | undefined;
      return loaded({
        papers: mapById(snap.papers),
        concepts: mapById(snap.concepts),
        glossary: mapById(snap.glossary),
        releases: mapById(snap.releases),
        get files(): CorpusFiles['files'] {
          if (files) return files;
          const read = readTexts(paths, dir);
          if (snapshotKey(read) !== key) throw new CorpusError([`${dir}: a corpus file changed while the corpus was loading; start again`]);
          return (files = read);
        },
      }, dir, key);
    }
  }

  const paperFiles = readTexts(paperPaths, dir);
  const conceptFiles = readTexts(conceptPaths, dir);
  const glossaryFiles = readTexts(glossaryPaths, dir);
  const releaseFiles = readTexts(releasePaths, dir);
  const files = [...paperFiles, ...conceptFiles, ...glossaryFiles, ...releaseFiles];
  const key = mode === 'off' ? '' : snapshotKey(files);
  if (mode === 'use') {
    const snap = readSnapshot(dir, key);
    if (snap) {
      writePointer(dir, stats, key);
      return loaded({ papers: mapById(snap.papers), concepts: mapById(snap.concepts), glossary: mapById(snap.glossary), releases: mapById(snap.releases), files }, dir, key);
    }
  }

  const problems: string[] = [];
  const papers = readEntries(paperFiles, paperSchema, problems) as Paper[];
  const concepts = readEntries(conceptFiles, conceptSchema, problems) as Concept[];
  const glossary = readEntries(glossaryFiles, glossaryTermSchema, problems) as GlossaryTerm[];
  const releases = readEntries(releaseFiles, releaseSchema, problems) as Release[];
  const corpus = {
    papers: byId(papers, 'paper', problems),
    concepts: byId(concepts, 'concept', problems),
    glossary: byId(glossary, 'glossary term', problems),
    releases: byId(releases, 'release', problems),
    files,
  };
  if (problems.length > 0) throw new CorpusError(problems);
  if (mode !== 'off') {
    writeSnapshot(dir, { format: SNAPSHOT_FORMAT, key, papers, concepts, glossary, releases });
    writePointer(dir, stats, key);
  }
  return loaded(corpus, dir, mode === 'off' ? undefined : key);
}
