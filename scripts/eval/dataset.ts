/**
 * The eval sets (`test/eval/{dev,heldout}.jsonl`): one question per line with the concepts,
 * precedents and definition labels a good answer has. Every id is checked against the corpus, so an
 * expectation that names a paper or concept the corpus lost fails loudly instead of scoring zero.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { Corpus } from '../../src/core/corpus-schema.ts';
import { DEFINITION_KEYS } from '../../src/core/types.ts';
import { parseAnthologyXml } from '../../src/ingest/anthology.ts';

const label = z.boolean().nullable();

const itemShape = {
  /**
   * The text the bot is asked. Real-paper items with an ACL Anthology id may leave it out: the title and
   * abstract are then read from `../shared/data/acl-anthology` by id (CC BY 4.0; not copied into the repo).
   */
  query: z.string().min(1).optional(),
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
  /**
   * The question is pasted as a user copies it from the paper's page: title, author line, abstract. An
   * Anthology item with no `query` then reads its author line from the XML too.
   */
  withAuthors: z.boolean().optional(),
  /** Why the narrow cultural label is what it is (who wrote the paper, where it appeared). */
  cultureNote: z.string().optional(),
};
export const evalItemSchema = z.strictObject(itemShape).refine((x) => x.query !== undefined || (x.id !== undefined && ANTHOLOGY_ID.test(x.id)), {
  message: 'an item needs a query, or an ACL Anthology id to read its title and abstract from',
});
/** An item as scored: its query is always there (read from the Anthology when the file leaves it out). */
export type EvalItem = Omit<z.infer<typeof evalItemSchema>, 'query'> & { query: string };

/** New-style Anthology ids (`2024.emnlp-main.1197`): collection `2024.emnlp`, volume `main`, paper `1197`. */
const ANTHOLOGY_ID = /^(\d{4}\.[a-z]+)-[a-z0-9]+\.\d+$/;
/** Where the shared Anthology XML is (`../shared/data/acl-anthology/main`). */
export const SHARED_ANTHOLOGY_DIR = fileURLToPath(new URL('../../../shared/data/acl-anthology/main/', import.meta.url));

/** The builders' hand-written question sets: gated by the quality floors. */
export type BuilderSplit = 'dev' | 'heldout';
/** Real papers (title + abstract as published), labelled before the bot saw them: reported, not gated. */
export type RealSplit = 'real-dev' | 'real-heldout' | 'real-fresh' | 'real-fresh-2' | 'real-fresh-3' | 'real-fresh-4' | 'real-fresh-5' | 'real-fresh-6' | 'real-fresh-7' | 'real-fresh-8' | 'real-fresh-9' | 'real-fresh-10' | 'real-fresh-11' | 'real-fresh-12' | 'real-fresh-13' | 'real-fresh-14' | 'real-fresh-15' | 'real-fresh-16' | 'real-fresh-17' | 'real-fresh-18' | 'real-fresh-19' | 'real-fresh-20' | 'real-fresh-21' | 'real-fresh-22' | 'real-fresh-23' | 'real-fresh-24' | 'real-fresh-25' | 'real-fresh-26' | 'real-fresh-27' | 'real-fresh-28' | 'real-fresh-29' | 'real-fresh-30' | 'real-fresh-31' | 'real-fresh-32' | 'real-fresh-33' | 'real-fresh-34' | 'real-fresh-35' | 'real-fresh-36' | 'real-fresh-37' | 'real-fresh-38' | 'real-fresh-39';
/**
 * The builders' questions that describe an intervention by what is done (or read, or engineer internals): gated on the
 * four verdicts only, since they were written to test the verdict rules (their concepts and precedents are reported).
 * `dev-interventions` is tuned on; `heldout-interventions` was written and labelled blind by a helper, never tuned on.
 */
export type VerdictSplit = 'dev-interventions' | 'heldout-interventions';
export type SplitName = BuilderSplit | VerdictSplit | RealSplit;
export const SPLITS: readonly BuilderSplit[] = ['dev', 'heldout'];
export const VERDICT_SPLITS: readonly VerdictSplit[] = ['dev-interventions', 'heldout-interventions'];
export const REAL_SPLITS: readonly RealSplit[] = ['real-dev', 'real-heldout', 'real-fresh', 'real-fresh-2', 'real-fresh-3', 'real-fresh-4', 'real-fresh-5', 'real-fresh-6', 'real-fresh-7', 'real-fresh-8', 'real-fresh-9', 'real-fresh-10', 'real-fresh-11', 'real-fresh-12', 'real-fresh-13', 'real-fresh-14', 'real-fresh-15', 'real-fresh-16', 'real-fresh-17', 'real-fresh-18', 'real-fresh-19', 'real-fresh-20', 'real-fresh-21', 'real-fresh-22', 'real-fresh-23', 'real-fresh-24', 'real-fresh-25', 'real-fresh-26', 'real-fresh-27', 'real-fresh-28', 'real-fresh-29', 'real-fresh-30', 'real-fresh-31', 'real-fresh-32', 'real-fresh-33', 'real-fresh-34', 'real-fresh-35', 'real-fresh-36', 'real-fresh-37', 'real-fresh-38', 'real-fresh-39'];
/**
 * The splits that train the learned parts: their answers train the precedent ranking and give its link grades, and the
 * concept combination (scripts/eval/ranking-model.ts, concept-combiner-fit.ts); their real papers' labels train the
 * interpretability model (scripts/ingest/interpretability-model.ts). The builders' dev questions and the real splits
 * already declared tuned on (docs/eval.md); the builders' held-out questions and every later real split (real-fresh-20
 * on) measure them without having trained them.
 */
export const TRAINING_SPLITS: readonly SplitName[] = [
  'dev',
  'real-dev',
  'real-heldout',
  'real-fresh',
  'real-fresh-2',
  'real-fresh-3',
  'real-fresh-4',
  'real-fresh-5',
  'real-fresh-6',
  'real-fresh-7',
  'real-fresh-8',
  'real-fresh-9',
  'real-fresh-10',
  'real-fresh-11',
  'real-fresh-12',
  'real-fresh-13',
  'real-fresh-14',
  'real-fresh-15',
  'real-fresh-16',
  'real-fresh-17',
  'real-fresh-18',
  'real-fresh-19',
];
export const ALL_SPLITS: readonly SplitName[] = [...SPLITS, ...VERDICT_SPLITS, ...REAL_SPLITS];
export const isVerdictSplit = (s: SplitName): s is VerdictSplit => (VERDICT_SPLITS as readonly SplitName[]).includes(s);
export const isRealSplit = (s: SplitName): s is RealSplit => s.startsWith('real-');

export function splitPath(split: SplitName): string {
  return fileURLToPath(new URL(`../../test/eval/${split}.jsonl`, import.meta.url));
}

export class EvalSetError extends Error {}

/** Parses a JSONL eval set; every problem names the file and line. */
export function parseEvalSet(text: string, file: string, anthologyDir = SHARED_ANTHOLOGY_DIR): EvalItem[] {
  const items: EvalItem[] = [];
  const anthology = new AnthologyAbstracts(anthologyDir);
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
    const { query, ...rest } = parsed.data;
    if (query !== undefined) {
      items.push({ ...rest, query });
      return;
    }
    const read = anthology.text(rest.id!, rest.withAuthors === true);
    if (typeof read !== 'string') problems.push(`${file}:${i + 1}: ${read.problem}`);
    else items.push({ ...rest, query: read });
  });
  if (problems.length > 0) throw new EvalSetError(`eval set ${file} has ${problems.length} bad line(s):\n  ${problems.join('\n  ')}`);
  return items;
}

/** What the Anthology XML says of one paper: its text, and the facts a source of record would give for it. */
export interface AnthologyFacts {
  title: string;
  authors: string[];
  abstract: string;
  year: number;
  month?: number;
  venue: string;
}
type AnthologyPapers = Map<string, AnthologyFacts>;

/**
 * The Anthology XML files parsed so far, by path, for the whole process: the shared data is read-only, and every
 * split with ACL items reads the same few files (parsing them again for each split made the split tests slow).
 */
const parsedAnthologyFiles = new Map<string, AnthologyPapers>();

/** Title (+ author line) + abstract of Anthology papers by id, each XML file parsed once per process. */
class AnthologyAbstracts {
  constructor(private readonly dir: string) {}

  text(id: string, withAuthors = false): string | { problem: string } {
    const paper = this.facts(id);
    if ('problem' in paper) return paper;
    return withAuthors ? `${paper.title}\n${paper.authors.join(', ')}\n\n${paper.abstract}` : `${paper.title}\n\n${paper.abstract}`;
  }

  facts(id: string): AnthologyFacts | { problem: string } {
    const collection = ANTHOLOGY_ID.exec(id)?.[1];
    if (!collection) return { problem: `"${id}" is not a new-style ACL Anthology id (like 2024.emnlp-main.1197)` };
    // Workshop volumes (BlackboxNLP, `2025.blackboxnlp`) are in the `blackboxnlp` folder beside `main`.
    const file = join(this.dir, collection.endsWith('.blackboxnlp') ? '../blackboxnlp' : '', `${collection}.xml`);
    let papers = parsedAnthologyFiles.get(file);
    if (!papers) {
      if (!existsSync(file)) return { problem: `no Anthology file ${file} to read "${id}" from (the shared data is at ../shared/data/acl-anthology)` };
      papers = new Map();
      for (const p of parseAnthologyXml(readFileSync(file, 'utf8'), file).papers) {
        if (p.abstract) papers.set(p.ids.acl, { title: p.title, authors: p.authors, abstract: p.abstract, year: p.year, ...(p.month ? { month: p.month } : {}), venue: p.venue });
      }
      parsedAnthologyFiles.set(file, papers);
    }
    return papers.get(id) ?? { problem: `"${id}" has no title and abstract in ${file}` };
  }
}

/** The Anthology's facts of one paper by its new-style id (title, authors, abstract, date, venue), or why there are none. */
export function anthologyFacts(id: string, anthologyDir = SHARED_ANTHOLOGY_DIR): AnthologyFacts | { problem: string } {
  return new AnthologyAbstracts(anthologyDir).facts(id);
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
