/**
 * The reference-matching eval: a hand-labelled sample of the shared MI reference lists
 * (eval/reference-labels.tsv: every 3rd entry of each ../shared/data/mi-references/*.bib, labelled with the
 * corpus paper it names or "none") against ReferenceMatcher. Precision: of the references the matcher
 * matched, how many it matched to the labelled paper; recall: of the labelled references (label ≠ none),
 * how many it matched to the labelled paper. A match to another paper counts against both.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { referencesFromBibtex } from '../../src/app/bibtex-references.ts';
import { referencesFromText } from '../../src/app/reference-lists.ts';
import type { Corpus } from '../../src/core/corpus-schema.ts';
import { ReferenceMatcher, type MatchHow } from '../../src/core/references.ts';

export const LABELS_FILE = fileURLToPath(new URL('../../eval/reference-labels.tsv', import.meta.url));
export const SHARED_LISTS = fileURLToPath(new URL('../../../shared/data/mi-references/', import.meta.url));
/** Labels for lists NOT used to write or tune the matcher: reference sections written out one per line. */
export const UNSEEN_LABELS_FILE = fileURLToPath(new URL('../../eval/reference-labels-unseen.tsv', import.meta.url));
export const UNSEEN_LISTS = fileURLToPath(new URL('../../eval/unseen-references/', import.meta.url));
/** The sample: entries at positions 0, STRIDE, 2·STRIDE, … of each list. */
export const STRIDE = 3;
const COLUMNS = ['list', 'position', 'key', 'label', 'note'] as const;

export interface ReferenceLabel {
  /** The citing paper: the list's file name without .bib. */
  list: string;
  /** 0-based entry index in the file. */
  position: number;
  key: string;
  /** A corpus paper id, or null for "none". */
  label: string | null;
  note: string;
}

/** Parses the labels file; throws naming the line when a row is malformed or a label is not a corpus id. */
export function parseLabels(text: string, corpus?: Corpus, file = 'eval/reference-labels.tsv'): ReferenceLabel[] {
  const out: ReferenceLabel[] = [];
  const seen = new Set<string>();
  let header = false;
  text.split('\n').forEach((line, i) => {
    if (!line.trim() || line.startsWith('#')) return;
    const cells = line.split('\t');
    const where = `${file} line ${i + 1}`;
    if (!header) {
      if (cells.join('\t') !== COLUMNS.join('\t')) throw new Error(`${where}: expected the header ${COLUMNS.join(', ')}`);
      header = true;
      return;
    }
    if (cells.length !== COLUMNS.length) throw new Error(`${where}: expected ${COLUMNS.length} tab-separated columns, got ${cells.length}`);
    const [list, position, key, label, note] = cells as [string, string, string, string, string];
    if (!/^[a-z0-9]+$/i.test(list) || !/^\d+$/.test(position) || !key || !label) throw new Error(`${where}: expected list, position, key, label, note`);
    if (seen.has(`${list}\0${key}`)) throw new Error(`${where}: ${list} ${key} is labelled twice`);
    seen.add(`${list}\0${key}`);
    if (label !== 'none' && corpus && !corpus.papers.has(label)) throw new Error(`${where}: ${label} is not a corpus paper id`);
    out.push({ list, position: Number(position), key, label: label === 'none' ? null : label, note });
  });
  if (!header) throw new Error(`${file}: no header row`);
  return out;
}

export function loadLabels(corpus?: Corpus, file = LABELS_FILE): ReferenceLabel[] {
  return parseLabels(readFileSync(file, 'utf8'), corpus, file);
}

export interface LabelledPrediction extends ReferenceLabel {
  title: string;
  year: number | null;
  predicted: string | null;
  how?: MatchHow;
}

export interface ReferenceEval {
  items: LabelledPrediction[];
  lists: number;
  labelled: number;
  /** Labelled with a corpus paper. */
  positives: number;
  /** Matched by the matcher. */
  predicted: number;
  correct: number;
  precision: number;
  recall: number;
  /** Matched to a paper other than the label (including label none). */
  wrong: LabelledPrediction[];
  /** Labelled with a paper, left unmatched. */
  missed: LabelledPrediction[];
}

/**
 * Runs the matcher over the labelled sample. Each labelled entry is looked up in its list by position and
 * key: a list whose entries moved, or a sample that is not every STRIDE-th entry, is an error.
 */
export function evaluateReferences(corpus: Corpus, labels: readonly ReferenceLabel[], listsDir = SHARED_LISTS): ReferenceEval {
  const matcher = new ReferenceMatcher(corpus);
  const files = readdirSync(listsDir).filter((n) => n.endsWith('.bib')).sort();
  const items: LabelledPrediction[] = [];
  for (const file of files) {
    const list = file.replace(/\.bib$/, '');
    const refs = referencesFromBibtex(readFileSync(join(listsDir, file), 'utf8'), file);
    const mine = labels.filter((l) => l.list === list);
    const expected = refs.map((_, i) => i).filter((i) => i % STRIDE === 0);
    const got = mine.map((l) => l.position);
    if (got.join(',') !== expected.join(',')) throw new Error(`${list}: the labels cover positions ${got.join(',') || 'none'}, the sample is ${expected.join(',')}`);
    for (const l of mine) {
      const ref = refs[l.position]!;
      if (ref.entry !== l.key) throw new Error(`${list} position ${l.position}: the list has ${ref.entry}, the label says ${l.key}`);
      const m = matcher.matchOne(ref);
      items.push({ ...l, title: ref.title, year: ref.year, predicted: m?.paper.id ?? null, ...(m ? { how: m.how } : {}) });
    }
  }
  const unknown = labels.filter((l) => !files.includes(`${l.list}.bib`));
  if (unknown.length) throw new Error(`labels for lists not in ${listsDir}: ${[...new Set(unknown.map((l) => l.list))].join(', ')}`);
  return scoreItems(items, files.length);
}

/** Precision and recall of labelled predictions (see the top of this file). */
export function scoreItems(items: LabelledPrediction[], lists: number): ReferenceEval {
  const positives = items.filter((x) => x.label !== null).length;
  const predicted = items.filter((x) => x.predicted !== null).length;
  const correct = items.filter((x) => x.predicted !== null && x.predicted === x.label).length;
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    items,
    lists,
    labelled: items.length,
    positives,
    predicted,
    correct,
    precision: predicted === 0 ? 1 : round(correct / predicted),
    recall: positives === 0 ? 1 : round(correct / positives),
    wrong: items.filter((x) => x.predicted !== null && x.predicted !== x.label),
    missed: items.filter((x) => x.label !== null && x.predicted !== x.label && x.predicted === null),
  };
}

/**
 * The matcher on the unseen lists (eval/unseen-references/*.txt): each file is read as pasted text (its
 * `#` header lines dropped) through the references-section reader, so splitting and line parsing are
 * tested too. Every reference is labelled: the split must give exactly the labelled references, in order.
 */
export function evaluateUnseen(corpus: Corpus, labels: readonly ReferenceLabel[], listsDir = UNSEEN_LISTS): ReferenceEval {
  const matcher = new ReferenceMatcher(corpus);
  const files = readdirSync(listsDir).filter((n) => n.endsWith('.txt')).sort();
  const items: LabelledPrediction[] = [];
  for (const file of files) {
    const list = file.replace(/\.txt$/, '');
    const text = readFileSync(join(listsDir, file), 'utf8').split('\n').filter((l) => !l.startsWith('#')).join('\n');
    const refs = referencesFromText(text) ?? [];
    const mine = labels.filter((l) => l.list === list);
    if (mine.map((l) => l.position).join(',') !== refs.map((_, i) => i).join(',')) {
      throw new Error(`${list}: ${refs.length} references read, ${mine.length} labelled: the split and the labels disagree`);
    }
    for (const l of mine) {
      const ref = refs[l.position]!;
      if (ref.entry.slice(0, 60).trim() !== l.key) throw new Error(`${list} position ${l.position}: the list has "${ref.entry.slice(0, 60)}", the label says "${l.key}"`);
      const m = matcher.matchOne(ref);
      items.push({ ...l, title: ref.title, year: ref.year, predicted: m?.paper.id ?? null, ...(m ? { how: m.how } : {}) });
    }
  }
  const unknown = labels.filter((l) => !files.includes(`${l.list}.txt`));
  if (unknown.length) throw new Error(`labels for lists not in ${listsDir}: ${[...new Set(unknown.map((l) => l.list))].join(', ')}`);
  return scoreItems(items, files.length);
}

export const SECTION_START = '<!-- reference-matching:start (npm run eval:references) -->';
export const SECTION_END = '<!-- reference-matching:end -->';

/** The figures, the routes, the wrong and the missed of one eval, as markdown lines (`label` names the set in headings). */
function resultLines(e: ReferenceEval, label = ''): string[] {
  const how = new Map<string, number>();
  for (const x of e.items) if (x.how && x.predicted === x.label) how.set(x.how, (how.get(x.how) ?? 0) + 1);
  const row = (x: LabelledPrediction) => `| ${x.list} | ${x.key} | ${x.year ?? '—'} | ${x.title.replace(/\|/g, '\\|')} | ${x.label ?? 'none'} | ${x.predicted ?? 'unmatched'}${x.how ? ` (${x.how})` : ''} |`;
  const table = (xs: LabelledPrediction[]) => (xs.length ? ['| list | key | year | title | label | matched |', '|---|---|---|---|---|---|', ...xs.map(row)] : ['None.']);
  return [
    '| labelled | with a corpus paper | matched | correct | precision | recall |',
    '|---|---|---|---|---|---|',
    `| ${e.labelled} | ${e.positives} | ${e.predicted} | ${e.correct} | ${e.precision.toFixed(3)} | ${e.recall.toFixed(3)} |`,
    '',
    `Correct matches by route: ${[...how].sort().map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}.`,
    '',
    `### Wrong matches${label} (${e.wrong.length})`,
    '',
    ...table(e.wrong),
    '',
    `### Labelled references left unmatched${label} (${e.missed.length})`,
    '',
    ...table(e.missed),
  ];
}

/** The eval/results.md section, between markers so `npm run eval` and `eval:references` each keep the other's part. */
export function renderReferenceSection(e: ReferenceEval, notes: readonly string[] = [], unseen?: { eval: ReferenceEval; notes: readonly string[] }): string {
  const lines = [
    SECTION_START,
    '## Reference matching (hand-labelled)',
    '',
    `${e.labelled} references from ${e.lists} MI papers' reference lists (every ${STRIDE}rd entry of each ` +
      '`../shared/data/mi-references/*.bib`), each labelled by hand with the corpus paper it names or "none" ' +
      '(`eval/reference-labels.tsv`, labelled before the matcher was run on them). Precision: matched to the ' +
      'labelled paper / all matches; recall: matched to the labelled paper / references labelled with a corpus paper. ' +
      'Not a held-out figure: the matcher\'s rules were written while reading these same lists.',
    '',
    ...resultLines(e),
    ...(notes.length ? ['', '### Changes made after seeing the errors', '', ...notes.map((n) => `- ${n}`)] : []),
    ...(unseen
      ? [
          '',
          '## Reference matching on unseen reference lists (hand-labelled)',
          '',
          `${unseen.eval.labelled} references, every one in the reference lists of ${unseen.eval.lists} papers that were not used to write or tune ` +
            'the matcher (`eval/unseen-references/*.txt`: the reference sections of real papers, written out one reference ' +
            'per line, each file saying which paper and version), each labelled by hand with the corpus paper it names or ' +
            '"none" (`eval/reference-labels-unseen.tsv`, committed before the matcher was run on them). They are read as ' +
            'pasted text, through the references-section reader, so splitting and line parsing count too.',
          '',
          ...resultLines(unseen.eval, ', unseen lists'),
          ...(unseen.notes.length ? ['', '### The first runs on the unseen lists, and what changed after them', '', ...unseen.notes.map((n) => `- ${n}`)] : []),
        ]
      : []),
    SECTION_END,
  ];
  return `${lines.join('\n')}\n`;
}

/** Puts the section into a results file's text: replaces the marked section, or appends it. */
export function withReferenceSection(results: string, section: string): string {
  const a = results.indexOf(SECTION_START);
  const b = results.indexOf(SECTION_END);
  if (a >= 0 && b > a) return `${results.slice(0, a)}${section.trimEnd()}${results.slice(b + SECTION_END.length)}`;
  return `${results.trimEnd()}${results.trim() ? '\n\n' : ''}${section}`;
}

/** The marked section of a results file, if any (for `npm run eval`, which rewrites the rest). */
export function referenceSectionOf(results: string): string | null {
  const a = results.indexOf(SECTION_START);
  const b = results.indexOf(SECTION_END);
  return a >= 0 && b > a ? `${results.slice(a, b + SECTION_END.length)}\n` : null;
}
