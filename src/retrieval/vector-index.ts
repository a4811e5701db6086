/**
 * The saved vector index: `$MECHANISTIC_DATA_DIR/index/` holds the HNSW graph (`hnsw.bin`), the
 * vectors it was built from (`vectors.{json,bin}`, float32) and `manifest.json`, which records
 * what the index was built from. `ensureVectorIndex` loads it when the manifest matches the
 * current corpus and embedder and rebuilds it otherwise, embedding only texts with no stored vector.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Embedder } from './embedder.ts';
import { HNSW_PARAMS, VectorIndex, type HnswParams } from './hnsw-index.ts';
import { embedMissing, readVectorCache, textHash, writeVectorCache, type EmbedderIdentity } from './vector-cache.ts';

export { VectorIndex, HNSW_PARAMS, efSearchFor, type VectorHit } from './hnsw-index.ts';

/** One thing to index: `paper:<id>` or `concept:<id>` and the text that is embedded for it. */
export interface IndexItem {
  id: string;
  text: string;
}

/** Bumped when the files' layout changes, so older indexes are rebuilt rather than misread. */
const FORMAT_VERSION = 1;
const MANIFEST_FILE = 'manifest.json';
const VECTORS_NAME = 'vectors';

/** Precomputed vectors for the bundled encoder, shipped with the repository. */
export const BUNDLED_EMBEDDINGS_DIR = fileURLToPath(new URL('../../corpus/embeddings/', import.meta.url));

export interface IndexManifest {
  generated: string;
  formatVersion: number;
  embedder: EmbedderIdentity;
  corpusHash: string;
  /** sha256 over the item ids and texts: catches a change in what is indexed even when the corpus files did not change. */
  itemsHash: string;
  items: string[];
  hnsw: HnswParams;
  builtAt: string;
}

export type IndexProgress =
  | { phase: 'rebuild'; reason: string }
  | { phase: 'embed'; done: number; total: number }
  | { phase: 'insert'; done: number; total: number }
  | { phase: 'warning'; message: string };

export interface EnsureVectorIndexOptions {
  /** MECHANISTIC_DATA_DIR; the index lives in its `index/` subdirectory. */
  dataDir: string;
  embedder: Embedder;
  items: readonly IndexItem[];
  /** A hash of the corpus files (see `corpusHash` in index-items.ts). */
  corpusHash: string;
  progress?: (event: IndexProgress) => void;
  /** textHash of each item's text, in order (see indexTextHashes); computed when not given. */
  textHashes?: readonly string[];
  /**
   * The saved index, read before the embedder was loaded by loadSavedIndex for these very items, texts and corpus:
   * used as it is when it was built by this embedder (its manifest was checked then).
   */
  saved?: SavedIndex;
  /** Where shipped vectors are looked up as `<embedder id>.{json,bin}`; default `corpus/embeddings/`. */
  bundledDir?: string;
  now?: () => Date;
}

export interface EnsuredVectorIndex {
  index: VectorIndex;
  /** `loaded` from disk, or `built` now (then `reason` says why). */
  status: 'loaded' | 'built';
  reason?: string;
  /** Texts that went through the embedder (0 when everything came from stored vectors). */
  embedded: number;
  /** Set when the index was built but could not be saved (it works, but is rebuilt next start). */
  warning?: string;
}

export function indexDir(dataDir: string): string {
  return join(dataDir, 'index');
}

/** sha256 over the items' ids and their texts' hashes (`textHashes`: textHash of each item's text, in order). */
export function itemsHash(items: readonly IndexItem[], textHashes: readonly string[]): string {
  const hash = createHash('sha256');
  items.forEach((item, i) => hash.update(`${item.id}\0${textHashes[i]}\n`));
  return hash.digest('hex');
}

export function readManifest(dir: string): IndexManifest | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8')) as IndexManifest;
  } catch {
    return undefined;
  }
}

function sameEmbedder(a: EmbedderIdentity, b: EmbedderIdentity): boolean {
  return a.id === b.id && a.model === b.model && a.dimensions === b.dimensions;
}

/** Why the saved index cannot be used for these inputs, or undefined when it can. */
export function staleReason(
  manifest: IndexManifest | undefined,
  embedder: EmbedderIdentity,
  corpusHash: string,
  items: readonly IndexItem[],
  textHashes: readonly string[],
): string | undefined {
  if (!manifest) return 'no saved index';
  if (manifest.formatVersion !== FORMAT_VERSION) return 'the index format changed';
  if (!manifest.embedder || !sameEmbedder(manifest.embedder, embedder)) {
    const was = manifest.embedder ? `${manifest.embedder.id} (${manifest.embedder.model})` : 'unknown';
    return `the embedder changed (was ${was}, now ${embedder.id} (${embedder.model}))`;
  }
  if (manifest.corpusHash !== corpusHash) return 'the corpus changed';
  if (manifest.itemsHash !== itemsHash(items, textHashes)) return 'the indexed texts changed';
  if (JSON.stringify(manifest.hnsw) !== JSON.stringify(HNSW_PARAMS)) return 'the HNSW parameters changed';
  return undefined;
}

function tryLoad(dir: string, embedder: EmbedderIdentity, items: readonly IndexItem[], textHashes: readonly string[]): VectorIndex | undefined {
  const stored = readVectorCache(dir, VECTORS_NAME, embedder);
  const vectors = textHashes.map((h) => stored.get(h));
  if (vectors.some((v) => v === undefined)) return undefined;
  try {
    return VectorIndex.load(dir, embedder, items.map((i) => i.id), vectors as Float32Array[]);
  } catch {
    return undefined;
  }
}

export interface SavedIndex {
  manifest: IndexManifest;
  index: VectorIndex;
}

/**
 * The saved index when its manifest fits these items and this corpus, for whichever embedder built it: read
 * while the encoder is still loading, and used by ensureVectorIndex once the encoder is known to be that one.
 */
export function loadSavedIndex(dataDir: string, items: readonly IndexItem[], corpusHash: string, textHashes: readonly string[]): SavedIndex | undefined {
  const dir = indexDir(dataDir);
  const manifest = readManifest(dir);
  if (!manifest?.embedder || staleReason(manifest, manifest.embedder, corpusHash, items, textHashes) !== undefined) return undefined;
  const index = tryLoad(dir, manifest.embedder, items, textHashes);
  return index && { manifest, index };
}

/**
 * Returns the vector index for `items`: the saved one when its manifest matches (no embedding),
 * otherwise a new one built from stored vectors (shipped for the bundled encoder, and those of the
 * previous index) plus freshly embedded texts, saved for next time.
 */
export async function ensureVectorIndex(options: EnsureVectorIndexOptions): Promise<EnsuredVectorIndex> {
  const { embedder, items, corpusHash, progress } = options;
  const dir = indexDir(options.dataDir);
  const { saved } = options;
  if (saved && sameEmbedder(saved.manifest.embedder, embedder)) return { index: saved.index, status: 'loaded', embedded: 0 };
  // Every item's text is hashed once: the freshness check, the load and the manifest all use them.
  const textHashes = options.textHashes?.length === items.length ? options.textHashes : items.map((i) => textHash(i.text));
  let reason = staleReason(readManifest(dir), embedder, corpusHash, items, textHashes);
  if (reason === undefined) {
    const index = tryLoad(dir, embedder, items, textHashes);
    if (index) return { index, status: 'loaded', embedded: 0 };
    reason = 'the saved index files are incomplete';
  }
  progress?.({ phase: 'rebuild', reason });

  const known = new Map(readVectorCache(options.bundledDir ?? BUNDLED_EMBEDDINGS_DIR, embedder.id, embedder));
  for (const [hash, vector] of readVectorCache(dir, VECTORS_NAME, embedder)) known.set(hash, vector);
  const texts = items.map((i) => i.text);
  const { vectors, hashes, embedded } = await embedMissing(embedder, texts, known, (p) =>
    progress?.({ phase: 'embed', ...p }),
  );
  const ids = items.map((i) => i.id);
  const index = VectorIndex.build(embedder, ids, vectors, (done, total) => progress?.({ phase: 'insert', done, total }));

  const identity = { id: embedder.id, model: embedder.model, dimensions: embedder.dimensions };
  const manifest: IndexManifest = {
    generated: 'generated by mechanistic (npm run index, or on first use); rebuilt when the corpus or embedder changes',
    formatVersion: FORMAT_VERSION,
    embedder: identity,
    corpusHash,
    itemsHash: itemsHash(items, textHashes),
    items: ids,
    hnsw: HNSW_PARAMS,
    builtAt: (options.now ?? (() => new Date()))().toISOString(),
  };
  try {
    saveIndex(dir, index, hashes, manifest);
  } catch (e) {
    // The index in memory still answers; only the next start pays for the rebuild again.
    const { code, message } = e as NodeJS.ErrnoException;
    const warning =
      `could not save the vector index to ${dir} (${code ?? message.split('\n')[0]}); ` +
      'it will be rebuilt on every start: make MECHANISTIC_DATA_DIR a writable directory';
    progress?.({ phase: 'warning', message: warning });
    return { index, status: 'built', reason, embedded, warning };
  }
  return { index, status: 'built', reason, embedded };
}

function saveIndex(dir: string, index: VectorIndex, hashes: readonly string[], manifest: IndexManifest): void {
  mkdirSync(dir, { recursive: true });
  const manifestPath = join(dir, MANIFEST_FILE);
  // Removed first and written last: a reader never pairs an old manifest with new files, and a
  // crash mid-build leaves an index that is seen as missing rather than a wrong one.
  rmSync(manifestPath, { force: true });
  writeVectorCache(dir, VECTORS_NAME, manifest.embedder, hashes, index.vectors, {
    encoding: 'float32',
    generated: 'generated by mechanistic when it builds the index; safe to delete',
  });
  index.save(dir);
  writeFileSync(`${manifestPath}.${process.pid}.tmp`, `${JSON.stringify(manifest, null, 1)}\n`);
  renameSync(`${manifestPath}.${process.pid}.tmp`, manifestPath);
}
