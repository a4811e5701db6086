/**
 * Stored text vectors, keyed by sha256 of the embedded text: a header file `<name>.json`
 * (embedder id, model, dimensions, encoding, the text hashes in order, the sha256 of the
 * vector file) and a vector file `<name>.bin` (one row per hash, little-endian).
 *
 * The repository ships one for the bundled encoder in `corpus/embeddings/use-lite.{json,bin}`
 * so that a fresh clone builds its index without embedding the corpus; the index directory keeps
 * another for whatever embedder is in use, so after an ingest only new or changed texts are embedded.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Embedder } from './embedder.ts';
import { normalizeInPlace } from './embedders/normalize.ts';
import { fromFloat16Bits, toFloat16Bits } from './float16.ts';

/**
 * `float16` halves the size of the file the repository ships (and of every diff to it) at a
 * cost of at most 2^-11 relative error per component; measured on the corpus, cosine scores
 * against queries moved by at most 2.3e-5, far below the score gaps ranking depends on. The index directory uses `float32`, so a
 * saved index and its exact-search vectors are bit-for-bit what was built.
 */
export type VectorEncoding = 'float16' | 'float32';

export type EmbedderIdentity = Pick<Embedder, 'id' | 'model' | 'dimensions'>;

export interface VectorCacheHeader {
  generated: string;
  embedder: string;
  model: string;
  dimensions: number;
  encoding: VectorEncoding;
  /** sha256 (hex) of the vector file, so a header and a vector file from different runs are never paired. */
  vectorsSha256: string;
  /** sha256 (hex) of each embedded text, in the order of the rows of the vector file. */
  textSha256: string[];
}

export function textHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function vectorCachePaths(dir: string, name: string): { header: string; vectors: string } {
  return { header: join(dir, `${name}.json`), vectors: join(dir, `${name}.bin`) };
}

function encode(vectors: readonly Float32Array[], dimensions: number, encoding: VectorEncoding): Buffer {
  const width = encoding === 'float16' ? 2 : 4;
  const buffer = Buffer.alloc(vectors.length * dimensions * width);
  let offset = 0;
  for (const vector of vectors) {
    for (const x of vector) {
      offset = encoding === 'float16' ? buffer.writeUInt16LE(toFloat16Bits(x), offset) : buffer.writeFloatLE(x, offset);
    }
  }
  return buffer;
}

/** The machine stores floats little-endian, as the vector files do: float32 rows can then be copied as bytes. */
const LITTLE_ENDIAN = new Uint8Array(new Float32Array([1]).buffer)[3] === 0x3f;

function decode(buffer: Buffer, count: number, dimensions: number, encoding: VectorEncoding, renormalize: boolean): Float32Array[] {
  const width = encoding === 'float16' ? 2 : 4;
  if (encoding === 'float32' && LITTLE_ENDIAN) {
    // One copy of the whole file (a Buffer's offset in its pool need not be 4-byte aligned), one view per row.
    const all = new Float32Array(count * dimensions);
    new Uint8Array(all.buffer).set(buffer.subarray(0, all.byteLength));
    return Array.from({ length: count }, (_, r) => all.subarray(r * dimensions, (r + 1) * dimensions));
  }
  const vectors: Float32Array[] = [];
  for (let r = 0; r < count; r++) {
    const vector = new Float32Array(dimensions);
    const base = r * dimensions * width;
    for (let c = 0; c < dimensions; c++) {
      const at = base + c * width;
      vector[c] = encoding === 'float16' ? fromFloat16Bits(buffer.readUInt16LE(at)) : buffer.readFloatLE(at);
    }
    // Rounding to half precision leaves norms a hair off 1; renormalise so cosine = dot product.
    vectors.push(encoding === 'float16' && renormalize ? normalizeInPlace(vector) : vector);
  }
  return vectors;
}

/** Writes to a temporary name first so a reader never sees half a file. */
function writeAtomic(path: string, data: string | Buffer): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

/**
 * Reads the vectors stored under `dir/<name>` for `embedder`. Returns an empty map when the files
 * are missing, were made by another embedder or model, or do not match each other.
 * `exact: true` returns half-precision values as stored, without renormalising, so that writing
 * them back reproduces the same bytes (used when refreshing the shipped file).
 */
export function readVectorCache(
  dir: string,
  name: string,
  embedder: EmbedderIdentity,
  options: { exact?: boolean } = {},
): Map<string, Float32Array> {
  const paths = vectorCachePaths(dir, name);
  let header: VectorCacheHeader;
  let buffer: Buffer;
  try {
    header = JSON.parse(readFileSync(paths.header, 'utf8')) as VectorCacheHeader;
    buffer = readFileSync(paths.vectors);
  } catch {
    return new Map();
  }
  const width = header.encoding === 'float16' ? 2 : header.encoding === 'float32' ? 4 : 0;
  const usable =
    header.embedder === embedder.id &&
    header.model === embedder.model &&
    header.dimensions === embedder.dimensions &&
    width > 0 &&
    Array.isArray(header.textSha256) &&
    buffer.length === header.textSha256.length * header.dimensions * width &&
    createHash('sha256').update(buffer).digest('hex') === header.vectorsSha256;
  if (!usable) return new Map();
  const vectors = decode(buffer, header.textSha256.length, header.dimensions, header.encoding, !options.exact);
  return new Map(header.textSha256.map((hash, i) => [hash, vectors[i]!]));
}

export interface WriteVectorCacheOptions {
  encoding: VectorEncoding;
  /** First field of the header: says the files are generated and by what. */
  generated: string;
}

/** Stores `vectors` (one per entry of `textSha256`) under `dir/<name>.{json,bin}`. */
export function writeVectorCache(
  dir: string,
  name: string,
  embedder: EmbedderIdentity,
  textSha256: readonly string[],
  vectors: readonly Float32Array[],
  options: WriteVectorCacheOptions,
): void {
  if (textSha256.length !== vectors.length) {
    throw new Error(`writeVectorCache: ${textSha256.length} hashes but ${vectors.length} vectors`);
  }
  const paths = vectorCachePaths(dir, name);
  mkdirSync(dirname(paths.header), { recursive: true });
  const buffer = encode(vectors, embedder.dimensions, options.encoding);
  const header: VectorCacheHeader = {
    generated: options.generated,
    embedder: embedder.id,
    model: embedder.model,
    dimensions: embedder.dimensions,
    encoding: options.encoding,
    vectorsSha256: createHash('sha256').update(buffer).digest('hex'),
    textSha256: [...textSha256],
  };
  writeAtomic(paths.vectors, buffer);
  writeAtomic(paths.header, `${JSON.stringify(header, null, 1)}\n`);
}

export interface EmbedProgress {
  /** Texts embedded so far in this call (cached texts are not counted). */
  done: number;
  /** Texts that had no stored vector. */
  total: number;
}

/** Texts per embedder call here: small enough that progress moves visibly. */
const PROGRESS_BATCH = 32;

/**
 * One vector per text: taken from `known` (sha256 → vector) when present, embedded otherwise.
 * Returns the vectors in the order of `texts` and how many texts had to be embedded.
 */
export async function embedMissing(
  embedder: Embedder,
  texts: readonly string[],
  known: ReadonlyMap<string, Float32Array>,
  progress?: (p: EmbedProgress) => void,
): Promise<{ vectors: Float32Array[]; hashes: string[]; embedded: number }> {
  const hashes = texts.map(textHash);
  const found = new Map<string, Float32Array>();
  for (const h of hashes) {
    const v = known.get(h);
    if (v && v.length === embedder.dimensions) found.set(h, v);
  }
  const todo: { hash: string; text: string }[] = [];
  const queued = new Set<string>();
  texts.forEach((text, i) => {
    const hash = hashes[i]!;
    if (!found.has(hash) && !queued.has(hash)) {
      queued.add(hash);
      todo.push({ hash, text });
    }
  });
  progress?.({ done: 0, total: todo.length });
  for (let start = 0; start < todo.length; start += PROGRESS_BATCH) {
    const batch = todo.slice(start, start + PROGRESS_BATCH);
    const vectors = await embedder.embed(batch.map((t) => t.text));
    batch.forEach((t, i) => found.set(t.hash, vectors[i]!));
    progress?.({ done: start + batch.length, total: todo.length });
  }
  return { vectors: hashes.map((h) => found.get(h)!), hashes, embedded: todo.length };
}
