import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Embedder } from '../../src/retrieval/embedder.ts';

/** The real embedder, with a record of every text it was asked to embed. */
export function counting(embedder: Embedder): Embedder & { texts: string[]; calls: number } {
  const record = { texts: [] as string[], calls: 0 };
  return Object.assign(record, {
    id: embedder.id,
    model: embedder.model,
    dimensions: embedder.dimensions,
    async embed(texts: readonly string[]) {
      record.calls += 1;
      record.texts.push(...texts);
      return embedder.embed(texts);
    },
  });
}

export function tempDir(prefix = 'mechanistic-retrieval-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export const FIXTURE_MODELS_DIR = fileURLToPath(new URL('../fixtures/models/', import.meta.url));
export const TINY_MODEL = 'Xenova/tiny-minilm';

/** Real paper titles (BlackboxNLP 2018-2025), as `{ id, text }`. */
export function blackboxnlpTitles(): { id: string; text: string }[] {
  const path = fileURLToPath(new URL('../fixtures/blackboxnlp-titles.tsv', import.meta.url));
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [id, title] = line.split('\t');
      return { id: `paper:${id}`, text: title! };
    });
}

export function norm(v: Float32Array): number {
  return Math.hypot(...v);
}

export function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i]! * b[i]!;
  return dot / (norm(a) * norm(b));
}

/** A loopback URL nothing listens on: a download from it fails at once, as on a machine without network. */
export async function unreachableHost(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}/`;
}

/** Largest absolute difference between two vectors' components. */
export function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return a.length === b.length ? max : Infinity;
}
