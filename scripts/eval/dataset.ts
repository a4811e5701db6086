/**
 * The eval sets (`test/eval/{dev,heldout}.jsonl`): one question per line with the concepts,
 * precedents and definition labels a good answer has. Every id is checked against the corpus, so an
 * expectation that names a paper or concept the corpus lost fails loudly instead of scoring zero.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { Corpus } from '../../src/core/corpus-schema.ts';
import { DEFINITION_KEYS } from '../../src/core/types.ts';

const label = z.boolean().nullable();

export const evalItemSchema = z.strictObject({
  query: z.string().min(1),
  concepts: z.array(z.string()),
  precedents: z.array(z.string()),
  definitions: z.strictObject({ narrowTechnical: label, broadTechnical: label, narrowCultural: label, broadCultural: label }),
  // Real-paper items (`test/eval/real-*.jsonl`) also say which paper the text is and how it was labelled:
  /** Anthology or arXiv id of the paper whose title + abstract is the query. */
  id: z.string().optional(),
  /** Where the text was read, with its license. */
  source: z.string().optional(),
  year: z.number().int().optional(),
  title: z.string().optional(),
  /** Labelled before any run: is the paper interpretability research at all? */
  interpretability: z.boolean().optional(),
  /**
   * Precedents a researcher would count as relevant (the key ones plus the precedents the labelled
   * concepts listed when the item was labelled): the denominator-free half of precision@5.
   */
  relevant: z.array(z.string()).optional(),
});
export type EvalItem = z.infer<typeof evalItemSchema>;

/** The builders' hand-written question sets: gated by the quality floors. */
export type BuilderSplit = 'dev' | 'heldout';
/** Real papers (title + abstract as published), labelled before the bot saw them: reported, not gated. */
export type RealSplit = 'real-dev' | 'real-heldout';
export type SplitName = BuilderSplit | RealSplit;
export const SPLITS: readonly BuilderSplit[] = ['dev', 'heldout'];
export const REAL_SPLITS: readonly RealSplit[] = ['real-dev', 'real-heldout'];
export const ALL_SPLITS: readonly SplitName[] = [...SPLITS, ...REAL_SPLITS];
export const isRealSplit = (s: SplitName): s is RealSplit => s.startsWith('real-');

export function splitPath(split: SplitName): string {
  return fileURLToPath(new URL(`../../test/eval/${split}.jsonl`, import.meta.url));
}

export class EvalSetError extends Error {}

/** Parses a JSONL eval set; every problem names the file and line. */
export function parseEvalSet(text: string, file: string): EvalItem[] {
  const items: EvalItem[] = [];
  const problems: string[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch (e) {
      problems.push(`${file}:${i + 1}: not JSON (${(e as Error).message})`);
      return;
    }
    const parsed = evalItemSchema.safeParse(raw);
    if (!parsed.success) {
      problems.push(`${file}:${i + 1}: ${parsed.error.issues.map((x) => `${x.path.join('.') || '(item)'}: ${x.message}`).join('; ')}`);
      return;
    }
    items.push(parsed.data);
  });
  if (problems.length > 0) throw new EvalSetError(`eval set ${file} has ${problems.length} bad line(s):\n  ${problems.join('\n  ')}`);
  return items;
}

/**
 * Ids the corpus does not have, and precedents that could never be shown as precedents
 * (the answer contract puts only NLPI works there), one line each.
 */
export function checkAgainstCorpus(items: readonly EvalItem[], corpus: Corpus, file: string): string[] {
  const problems: string[] = [];
  items.forEach((item, i) => {
    const where = `${file} item ${i + 1} ("${item.query.slice(0, 50)}")`;
    for (const id of item.concepts) if (!corpus.concepts.has(id)) problems.push(`${where}: unknown concept id "${id}"`);
    for (const id of [...item.precedents, ...(item.relevant ?? [])]) {
      const p = corpus.papers.get(id);
      if (!p) problems.push(`${where}: unknown paper id "${id}"`);
      else if (p.community !== 'NLPI') problems.push(`${where}: precedent "${id}" is ${p.community}, but precedents are NLPI works`);
    }
    for (const key of DEFINITION_KEYS) if (!(key in item.definitions)) problems.push(`${where}: definitions.${key} is missing`);
  });
  return problems;
}

/** Reads, parses and checks a split; throws with every problem when anything is wrong. */
export function loadSplit(split: SplitName, corpus: Corpus, path = splitPath(split)): EvalItem[] {
  const items = parseEvalSet(readFileSync(path, 'utf8'), path);
  const problems = checkAgainstCorpus(items, corpus, path);
  if (problems.length > 0) {
    throw new EvalSetError(`eval set ${path} does not match the corpus (${problems.length} problem(s)); fix the expectation or the corpus:\n  ${problems.join('\n  ')}`);
  }
  return items;
}
