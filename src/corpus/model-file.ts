/**
 * A model file shipped beside the corpus (corpus/models/*.json): read and checked by its own parser. A missing file
 * means no model (the caller falls back to its hand-set rule); a damaged one is an error naming the file, never ignored.
 */
import { readFileSync } from 'node:fs';

export function readModelFile<T>(path: string, parse: (json: unknown) => T, fail: (message: string) => Error): T | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  try {
    return parse(JSON.parse(text));
  } catch (e) {
    throw fail(`${path}: ${(e as Error).message}`);
  }
}
