/** Reads corpus paper files for the importers: every other file (for dedupe) and the target file (to keep curation). */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse } from 'yaml';
import type { Paper } from '../core/corpus-schema.ts';

/**
 * Entries of one YAML paper file that have an id, a title and a year. Deliberately looser than the
 * schema: a paper still being curated elsewhere (say, waiting for its summary) must still block a duplicate.
 */
export function readPaperFile(path: string): Paper[] {
  if (!existsSync(path)) return [];
  const doc: unknown = parse(readFileSync(path, 'utf8'));
  if (!Array.isArray(doc)) return [];
  return doc.filter(
    (e): e is Paper =>
      typeof e === 'object' && e !== null && typeof e.id === 'string' && typeof e.title === 'string' && typeof e.year === 'number',
  ).map((e) => ({ ...e, ids: e.ids ?? {} }));
}

/** Every paper in `papersDir/*.yaml` except the files named in `exclude` (basenames). */
export function readOtherPaperFiles(papersDir: string, exclude: readonly string[]): Paper[] {
  if (!existsSync(papersDir)) return [];
  return readdirSync(papersDir)
    .filter((n) => /\.ya?ml$/.test(n) && !exclude.includes(basename(n)))
    .sort()
    .flatMap((n) => readPaperFile(join(papersDir, n)));
}
