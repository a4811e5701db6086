/**
 * Reads the curated corpus from `corpus/` (YAML files) and validates every entry.
 * Schema errors name the file, the entry and the field, so a curator can fix one line.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
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

function readEntries<S extends z.ZodTypeAny>(
  paths: string[],
  root: string,
  schema: S,
  problems: string[],
  files: CorpusFiles['files'],
): z.infer<S>[] {
  const out: z.infer<S>[] = [];
  for (const path of paths) {
    const rel = relative(root, path);
    const text = readFileSync(path, 'utf8');
    files.push({ path: rel, text });
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

/** Loads and schema-checks the corpus; throws CorpusError listing every problem. */
export function loadCorpus(dir: string = DEFAULT_CORPUS_DIR): Corpus & CorpusFiles {
  const problems: string[] = [];
  const files: CorpusFiles['files'] = [];
  const papers = readEntries(yamlFiles(join(dir, 'papers')), dir, paperSchema, problems, files) as Paper[];
  const concepts = readEntries(yamlFiles(join(dir, 'concepts')), dir, conceptSchema, problems, files) as Concept[];
  const glossary = readEntries(
    yamlFiles(dir).filter((p) => /glossary\.ya?ml$/.test(p)),
    dir,
    glossaryTermSchema,
    problems,
    files,
  ) as GlossaryTerm[];
  const corpus = {
    papers: byId(papers, 'paper', problems),
    concepts: byId(concepts, 'concept', problems),
    glossary: byId(glossary, 'glossary term', problems),
    files,
  };
  if (problems.length > 0) throw new CorpusError(problems);
  return corpus;
}
