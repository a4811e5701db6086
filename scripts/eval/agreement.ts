/**
 * How far two careful people agree, as the ceiling the bot's numbers are read against. New labellers, who
 * never saw the first labels or any answer, labelled the four senses of a random sample of real-paper items
 * (eval/second-labels.tsv) and the concepts and key precedents of its interpretability items
 * (eval/second-keys.tsv); a third person decided the senses the two labellings dispute
 * (eval/adjudicated-senses.tsv); a second grader graded a random sample of already graded top-5 slots
 * (eval/second-grades.tsv); new labellers labelled broad technical again, under the seed's own definition, for every
 * interpretability item of later splits (eval/seed-broad-technical.tsv). This module reads them and writes the report's
 * "Agreement between people" section:
 *
 * - senses: per sense, the share of sampled items on which the two labellings give the same verdict (true,
 *   false, or null = cannot tell), Cohen's κ, and the bot's agreement with each on the same items (with
 *   either, and with the first where both agree); then the consensus labels and who matches them;
 * - concepts and key precedents (eval/second-keys.tsv, the sample's interpretability items labelled again): how often
 *   the two labellers share a key precedent and a main concept, and the bot's key hit@5 against each labeller's keys;
 * - grades: the 3×3 table of first against second grades, exact agreement, Cohen's κ and its linearly
 *   weighted form (relevant > loosely related > irrelevant), and the graded precision (relevant 1, loosely
 *   related ½, irrelevant 0) and strict precision each grader gives the same slots;
 * - broad technical by the seed's definition: the first labels and each hybrid system against those labels, the
 *   four-sense mean both ways per split, and every item the bot and those labels differ on.
 */
import { DEFINITION_KEYS, type DefinitionKey } from '../../src/core/types.ts';
import { fileURLToPath } from 'node:url';
import { GRADE_VALUE, SENSE_NAME, setF1, type Grade, type Verdict } from './metrics.ts';
import { DATED_BY_TITLE, type EvalRun, type SystemResult } from './run.ts';

export const SECOND_LABELS_PATH = fileURLToPath(new URL('../../eval/second-labels.tsv', import.meta.url));
export const SECOND_GRADES_PATH = fileURLToPath(new URL('../../eval/second-grades.tsv', import.meta.url));

export interface SecondLabel {
  split: string;
  id: string;
  interpretability: boolean;
  senses: Record<DefinitionKey, Verdict>;
  note: string;
}

/** Splits labelled before the author-line conventions (real-dev and real-heldout label narrow cultural from the abstract alone; real-fresh and real-fresh-2 carry no author line). */
const EARLY_CONVENTIONS = new Set(['real-dev', 'real-heldout', 'real-fresh', 'real-fresh-2']);

/** Column order of eval/second-labels.tsv after split and id (the note comes last). */
const LABEL_COLUMNS = ['interpretability', 'broadTechnical', 'narrowTechnical', 'broadCultural', 'narrowCultural'] as const;
/** Only the narrow senses may be "cannot tell". */
const MAY_BE_NULL = new Set<string>(['narrowTechnical', 'narrowCultural']);

export class AgreementFileError extends Error {}

/**
 * `split<TAB>item id<TAB>interpretability<TAB>broadTechnical<TAB>narrowTechnical<TAB>broadCultural<TAB>narrowCultural<TAB>note`,
 * values true | false | null (null only for the narrow senses); "#" lines are comments. Every error names its line.
 */
export function parseSecondLabels(text: string): SecondLabel[] {
  return itemRows(text, 'second labels', ['split', 'item id', ...LABEL_COLUMNS, 'a note']).map(({ cells, where }) => {
    const [split, id, ...rest] = cells as [string, string, ...string[]];
    const values: Record<string, Verdict> = {};
    LABEL_COLUMNS.forEach((column, k) => {
      const v = rest[k]!;
      if (v !== 'true' && v !== 'false' && !(v === 'null' && MAY_BE_NULL.has(column))) {
        throw new AgreementFileError(`${where}: ${column} must be true or false${MAY_BE_NULL.has(column) ? ' or null' : ''}, got "${v}"`);
      }
      values[column] = v;
    });
    const interpretability = values.interpretability === 'true';
    if (!interpretability && DEFINITION_KEYS.some((key) => values[key] !== 'false')) {
      throw new AgreementFileError(`${where}: an item labelled not interpretability has every sense false`);
    }
    const note = rest.slice(LABEL_COLUMNS.length).join('\t').trim();
    if (!note) throw new AgreementFileError(`${where}: the note (who the authors are) is empty`);
    return { split, id, interpretability, senses: Object.fromEntries(DEFINITION_KEYS.map((k) => [k, values[k]!])) as Record<DefinitionKey, Verdict>, note };
  });
}

/**
 * The data lines of a per-item TSV file (split and item id first; "#" lines are comments), each with its place for
 * error messages; a line with too few cells, or a key (the first `keyCells` cells) given twice, is refused with its line number.
 */
function itemRows(text: string, file: string, columns: readonly string[], keyCells = 2): { cells: string[]; where: string }[] {
  const out: { cells: string[]; where: string }[] = [];
  const seen = new Set<string>();
  text.split('\n').forEach((line, i) => {
    if (!line.trim() || line.startsWith('#')) return;
    const where = `${file} line ${i + 1}`;
    const cells = line.split('\t');
    if (cells.length < columns.length) {
      throw new AgreementFileError(`${where}: expected ${columns.slice(0, -1).join(', ')} and ${columns.at(-1)} (${columns.length} tab-separated cells), got ${cells.length}`);
    }
    const key = cells.slice(0, keyCells).join(' ');
    if (seen.has(key)) throw new AgreementFileError(`${where}: ${key} is labelled twice`);
    seen.add(key);
    out.push({ cells, where });
  });
  return out;
}

/**
 * Cohen's κ of paired categorical judgements: (observed − chance agreement) / (1 − chance), chance from each
 * side's own category shares. With `ordered` categories, the linearly weighted κ: a pair one step apart counts
 * 1 − 1/(k − 1) agreement. Undefined (NaN) when chance agreement is 1 (both sides used one category).
 */
export function cohenKappa(pairs: readonly (readonly [string, string])[], ordered?: readonly string[]): number {
  const n = pairs.length;
  if (n === 0) return Number.NaN;
  const categories = ordered ?? [...new Set(pairs.flat())].sort();
  const index = new Map(categories.map((c, i) => [c, i]));
  const k = categories.length;
  const weight = (a: number, b: number): number => (ordered && k > 1 ? 1 - Math.abs(a - b) / (k - 1) : a === b ? 1 : 0);
  const rows = new Array<number>(k).fill(0);
  const cols = new Array<number>(k).fill(0);
  let observed = 0;
  for (const [a, b] of pairs) {
    const i = index.get(a);
    const j = index.get(b);
    if (i === undefined || j === undefined) throw new Error(`cohenKappa: "${i === undefined ? a : b}" is not one of ${categories.join(', ')}`);
    rows[i]!++;
    cols[j]!++;
    observed += weight(i, j);
  }
  let chance = 0;
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) chance += weight(i, j) * (rows[i]! / n) * (cols[j]! / n);
  observed /= n;
  return chance >= 1 ? Number.NaN : (observed - chance) / (1 - chance);
}

const f3 = (x: number): string => (Number.isNaN(x) ? '—' : x.toFixed(3));
const share = (agree: number, n: number): string => (n === 0 ? '—' : `${f3(agree / n)} (${agree}/${n})`);


/** The first label and each hybrid system's verdict of every sampled item, by split and id. */
interface Judged {
  label: SecondLabel;
  first: Record<DefinitionKey, Verdict>;
  bot: Map<string, Record<DefinitionKey, Verdict>>;
}

function judged(run: EvalRun, labels: readonly SecondLabel[]): { rows: Judged[]; systems: string[]; missing: string[] } {
  const rows: Judged[] = [];
  const missing: string[] = [];
  const systems = new Set<string>();
  for (const label of labels) {
    const results: SystemResult[] = (run.splits[label.split as keyof EvalRun['splits']]?.results ?? []).filter((r) => r.kind === 'hybrid');
    const bot = new Map<string, Record<DefinitionKey, Verdict>>();
    let first: Record<DefinitionKey, Verdict> | undefined;
    for (const r of results) {
      const item = r.items.find((x) => x.id === label.id);
      if (!item) continue;
      systems.add(r.system);
      first ??= Object.fromEntries(DEFINITION_KEYS.map((k) => [k, item.definitions[k].expected])) as Record<DefinitionKey, Verdict>;
      bot.set(r.system, Object.fromEntries(DEFINITION_KEYS.map((k) => [k, item.definitions[k].predicted])) as Record<DefinitionKey, Verdict>);
    }
    if (first) rows.push({ label, first, bot });
    else missing.push(`${label.split} ${label.id}`);
  }
  return { rows, systems: [...systems], missing };
}

function confusion(title: string, pairs: readonly (readonly [Verdict, Verdict])[], rowName: string, colName: string): string[] {
  const order: Verdict[] = ['true', 'null', 'false'];
  const lines = [`${title} (rows: ${rowName}; columns: ${colName})`, '', `| | ${order.join(' | ')} |`, '|---|---|---|---|'];
  for (const a of order) lines.push(`| ${a} | ${order.map((b) => pairs.filter(([x, y]) => x === a && y === b).length).join(' | ')} |`);
  return [...lines, ''];
}

/** The report's sense-agreement lines: empty when there are no second labels. */
export function senseAgreementLines(run: EvalRun, labels: readonly SecondLabel[]): string[] {
  if (labels.length === 0) return [];
  const { rows, systems, missing } = judged(run, labels);
  if (rows.length === 0) return [];
  const out = [
    '### Senses: a second labeller',
    '',
    `${rows.length} real-paper items drawn at random (four from each real split, seeded) were labelled again by two new labellers (half`,
    'each) who saw only the pasted text, the item id and the year, the label conventions and the seed: not the first labels,',
    'not the bot. "Labellers" is the share of items on which the two give the same verdict, with Cohen\'s κ; "bot vs first" and',
    '"bot vs second" are the bot\'s agreement with each on the same items, "bot vs either" counts a verdict one of the two gave;',
    '"bot vs first where they agree" counts only the items both labellers label alike.',
    '',
  ];
  if (missing.length > 0) out.push(`Not in this run (left out): ${missing.join(', ')}.`, '');
  for (const system of systems) {
    out.push(`**${system}**`, '', '| sense | labellers | κ | bot vs first | bot vs second | bot vs either | bot vs first where they agree |', '|---|---|---|---|---|---|---|');
    const means = [0, 0, 0, 0, 0];
    for (const key of DEFINITION_KEYS) {
      const usable = rows.filter((r) => r.bot.has(system));
      const n = usable.length;
      const labellers = usable.filter((r) => r.first[key] === r.label.senses[key]).length;
      const kappa = cohenKappa(usable.map((r) => [r.first[key], r.label.senses[key]] as const));
      const vsFirst = usable.filter((r) => r.bot.get(system)![key] === r.first[key]).length;
      const vsSecond = usable.filter((r) => r.bot.get(system)![key] === r.label.senses[key]).length;
      const vsEither = usable.filter((r) => r.bot.get(system)![key] === r.first[key] || r.bot.get(system)![key] === r.label.senses[key]).length;
      const agreed = usable.filter((r) => r.first[key] === r.label.senses[key]);
      const vsAgreed = agreed.filter((r) => r.bot.get(system)![key] === r.first[key]).length;
      [labellers / n, vsFirst / n, vsSecond / n, vsEither / n, agreed.length === 0 ? Number.NaN : vsAgreed / agreed.length].forEach((x, i) => (means[i]! += x / DEFINITION_KEYS.length));
      out.push(`| ${SENSE_NAME[key]} | ${share(labellers, n)} | ${f3(kappa)} | ${share(vsFirst, n)} | ${share(vsSecond, n)} | ${share(vsEither, n)} | ${share(vsAgreed, agreed.length)} |`);
    }
    out.push(`| mean of the four | ${f3(means[0]!)} | | ${f3(means[1]!)} | ${f3(means[2]!)} | ${f3(means[3]!)} | ${f3(means[4]!)} |`, '');
  }
  const later = rows.filter((r) => !EARLY_CONVENTIONS.has(r.label.split));
  if (later.length > 0 && later.length < rows.length) {
    const mean = (pick: (r: Judged, key: DefinitionKey) => boolean): number =>
      DEFINITION_KEYS.reduce((sum, key) => sum + later.filter((r) => pick(r, key)).length / later.length, 0) / DEFINITION_KEYS.length;
    out.push(
      `Over the ${later.length} items of the splits labelled under one convention (fresh-3 on, pasted with their author line; real-dev and real-heldout label narrow cultural from the abstract alone, real-fresh and real-fresh-2 are pasted without an author line), the mean of the four senses: labellers ${f3(mean((r, k) => r.first[k] === r.label.senses[k]))}; ${systems
        .map((system) => `${system} vs first ${f3(mean((r, k) => r.bot.get(system)?.[k] === r.first[k]))}`)
        .join(', ')}.`,
      '',
    );
  }
  const inputsOnly = rows.filter((r) => r.label.interpretability && r.first.broadCultural === 'true' && r.first.broadTechnical === 'true' && r.label.senses.broadTechnical === 'false');
  if (inputsOnly.length > 0) {
    out.push(
      `Broad technical: ${inputsOnly.length} of the disagreements are interpretability papers the second labeller read as working from inputs and outputs only (attribution to inputs, behaviour), which the first labels mark "yes" like every interpretability paper.`,
      '',
    );
  }
  for (const key of ['narrowTechnical', 'narrowCultural'] as const) {
    out.push(...confusion(`${SENSE_NAME[key]}, first labeller against second`, rows.map((r) => [r.first[key], r.label.senses[key]] as const), 'first', 'second'));
  }
  const interp = rows.filter((r) => (r.first.broadCultural === 'true') !== r.label.interpretability);
  out.push(
    `Interpretability or not: the labellers disagree on ${interp.length} of ${rows.length} items${interp.length > 0 ? ` (${interp.map((r) => `${r.label.split} ${r.label.id}: first ${r.first.broadCultural === 'true' ? 'yes' : 'no'}, second ${r.label.interpretability ? 'yes' : 'no'}`).join('; ')})` : ''}.`,
    '',
  );
  return out;
}

const GRADE_ORDER: readonly Grade[] = ['relevant', 'loose', 'irrelevant'];

/** The report's grade-agreement lines over the slots both graders graded: empty when there are none. */
export function gradeAgreementLines(first: ReadonlyMap<string, Grade>, second: ReadonlyMap<string, Grade>): string[] {
  const pairs: [Grade, Grade][] = [];
  const unmatched: string[] = [];
  for (const [slot, g] of second) {
    const f = first.get(slot);
    if (f) pairs.push([f, g]);
    else unmatched.push(slot.replaceAll('\t', ' '));
  }
  if (pairs.length === 0) return [];
  const n = pairs.length;
  const exact = pairs.filter(([a, b]) => a === b).length;
  const graded = (side: 0 | 1): number => pairs.reduce((s, p) => s + GRADE_VALUE[p[side]], 0) / n;
  const strict = (side: 0 | 1): number => pairs.filter((p) => p[side] === 'relevant').length / n;
  return [
    '### Relevance grades: a second grader',
    '',
    `${n} top-5 slots drawn at random from the graded ones (seeded) were graded again by a second grader who saw the pasted`,
    'text, its year and the candidates\' abstracts (or summaries), not the first grades.',
    ...(unmatched.length > 0 ? ['', `Graded by the second grader only (left out): ${unmatched.join(', ')}.`] : []),
    '',
    '| first \\ second | relevant | loosely related | irrelevant |',
    '|---|---|---|---|',
    ...GRADE_ORDER.map((a) => `| ${a === 'loose' ? 'loosely related' : a} | ${GRADE_ORDER.map((b) => pairs.filter(([x, y]) => x === a && y === b).length).join(' | ')} |`),
    '',
    `Exact agreement ${share(exact, n)}; Cohen's κ ${f3(cohenKappa(pairs))}, linearly weighted ${f3(cohenKappa(pairs, GRADE_ORDER))}.`,
    `On these slots the first grades give graded precision ${f3(graded(0))} (strict ${f3(strict(0))}), the second ${f3(graded(1))} (strict ${f3(strict(1))}).`,
    '',
  ];
}

export const SECOND_KEYS_PATH = fileURLToPath(new URL('../../eval/second-keys.tsv', import.meta.url));

export interface SecondKeys {
  split: string;
  id: string;
  /** Main concept first. */
  concepts: string[];
  precedents: string[];
  note: string;
}

const idList = (cell: string): string[] =>
  cell
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

/** `split<TAB>item id<TAB>concept ids (main first)<TAB>key precedent ids<TAB>note`, ids comma-separated; "#" lines are comments. */
export function parseSecondKeys(text: string): SecondKeys[] {
  return itemRows(text, 'second keys', ['split', 'item id', 'concepts', 'key precedents', 'a note']).map(({ cells, where }) => {
    const [split, id, concepts, precedents, ...note] = cells as [string, string, string, string, ...string[]];
    const c = idList(concepts);
    const p = idList(precedents);
    if (c.length === 0) throw new AgreementFileError(`${where}: no concept`);
    if (p.length === 0) throw new AgreementFileError(`${where}: no key precedent`);
    return { split, id, concepts: c, precedents: p, note: note.join('\t').trim() };
  });
}

/** The report's lines on concepts and key precedents: the two labellers' agreement, and the bot's hit@5 against each. */
/** One sampled item as a hybrid system answered it: the first labels, the second labeller's keys, the bot's concepts and top 5. */
interface KeyRow {
  first: { concepts: string[]; precedents: string[] };
  bot: { concepts: string[]; precedents: string[] };
  second: SecondKeys;
}

/**
 * The second-keys items each hybrid system of the run answered, by system, in the keys' order; `missing` names those no
 * system answered or whose first labels have no key precedent.
 */
function keyRows(run: EvalRun, keys: readonly SecondKeys[]): { systems: Map<string, KeyRow[]>; missing: string[] } {
  const systems = new Map<string, KeyRow[]>();
  const missing: string[] = [];
  for (const k of keys) {
    let found = false;
    for (const r of (run.splits[k.split as keyof EvalRun['splits']]?.results ?? []).filter((x) => x.kind === 'hybrid')) {
      const item = r.items.find((x) => x.id === k.id);
      if (!item || item.expectedPrecedents.length === 0) continue;
      found = true;
      systems.set(r.system, [
        ...(systems.get(r.system) ?? []),
        {
          first: { concepts: item.expectedConcepts, precedents: item.expectedPrecedents },
          bot: { concepts: item.predictedConcepts, precedents: item.predictedPrecedents.slice(0, 5) },
          second: k,
        },
      ]);
    }
    if (!found) missing.push(`${k.split} ${k.id}`);
  }
  return { systems, missing };
}

export function keyAgreementLines(run: EvalRun, keys: readonly SecondKeys[]): string[] {
  if (keys.length === 0) return [];
  const { systems, missing } = keyRows(run, keys);
  const any = [...systems.values()][0];
  if (!any) return [];
  const n = any.length;
  const overlap = any.filter((r) => r.second.precedents.some((p) => r.first.precedents.includes(p))).length;
  const jaccard = any.reduce((s, r) => s + new Set(r.first.precedents.filter((p) => r.second.precedents.includes(p))).size / new Set([...r.first.precedents, ...r.second.precedents]).size, 0) / n;
  const mainSame = any.filter((r) => r.first.concepts[0] === r.second.concepts[0]).length;
  const conceptF1 = any.reduce((s, r) => s + setF1(r.first.concepts, r.second.concepts), 0) / n;
  const out = [
    '### Concepts and key precedents: a second labeller',
    '',
    `The ${n} interpretability items of that sample were labelled again for concepts (main first) and key precedents by two more`,
    'labellers, blind in the same way, from the same sources the first labellers used (the seed\'s pairings, the concepts\'',
    'lists, the corpus). Key precedents: the two labellers share at least one on ' + share(overlap, n) + ' of the items (mean',
    `Jaccard ${f3(jaccard)}); the main concept is the same on ${share(mainSame, n)}, concept-set F1 ${f3(conceptF1)}.`,
    ...(missing.length > 0 ? ['', `Not in this run or without key precedents (left out): ${missing.join(', ')}.`] : []),
    '',
    '| system | key hit@5, first labels | key hit@5, second labels | key hit@5, either | concept F1 vs first | concept F1 vs second |',
    '|---|---|---|---|---|---|',
  ];
  for (const [system, rows] of systems) {
    const hit = (pick: (r: (typeof rows)[number]) => string[]) => rows.filter((r) => r.bot.precedents.some((p) => pick(r).includes(p))).length;
    const cf = (pick: (r: (typeof rows)[number]) => string[]) => f3(rows.reduce((s, r) => s + setF1(r.bot.concepts, pick(r)), 0) / rows.length);
    out.push(
      `| ${system} | ${share(hit((r) => r.first.precedents), rows.length)} | ${share(hit((r) => r.second.precedents), rows.length)} | ${share(hit((r) => [...r.first.precedents, ...r.second.precedents]), rows.length)} | ${cf((r) => r.first.concepts)} | ${cf((r) => r.second.concepts)} |`,
    );
  }
  return [...out, ''];
}

export const ADJUDICATED_KEYS_PATH = fileURLToPath(new URL('../../eval/adjudicated-keys.tsv', import.meta.url));

/** A third person's decision on each key precedent either labeller proposed, by `split<TAB>item id`. */
export type AdjudicatedKeys = ReadonlyMap<string, { key: string[]; not: string[] }>;

/** `split<TAB>item id<TAB>paper id<TAB>key | not<TAB>reason`: one line per precedent the two key labellings proposed. */
export function parseAdjudicatedKeys(text: string): Map<string, { key: string[]; not: string[] }> {
  const out = new Map<string, { key: string[]; not: string[] }>();
  for (const { cells, where } of itemRows(text, 'adjudicated keys', ['split', 'item id', 'paper id', 'key or not', 'a reason'], 3)) {
    const [split, id, paper, decision] = cells as [string, string, string, string];
    if (decision !== 'key' && decision !== 'not') throw new AgreementFileError(`${where}: the decision must be key or not, got "${decision}"`);
    const entry = out.get(`${split}\t${id}`) ?? { key: [], not: [] };
    entry[decision].push(paper);
    out.set(`${split}\t${id}`, entry);
  }
  return out;
}

/**
 * The report's consensus keys: of the precedents either key labelling proposed, those a third person kept as key. For the
 * first labels and the second, how many items hold a kept key and what share of their keys was kept; for each hybrid
 * system, how many top 5s hold a kept key. An item with no decision is left out and named; one with no kept key is counted.
 */
export function keyConsensusLines(run: EvalRun, keys: readonly SecondKeys[], adjudicated: AdjudicatedKeys): string[] {
  if (adjudicated.size === 0) return [];
  const undecided: string[] = [];
  let noKey = 0;
  /** The keys the third person kept for a row; undefined when some proposed key has no decision. */
  const keptOf = (r: KeyRow): string[] | undefined => {
    const decided = adjudicated.get(`${r.second.split}\t${r.second.id}`);
    const proposed = new Set([...r.first.precedents, ...r.second.precedents]);
    return decided && [...proposed].every((p) => decided.key.includes(p) || decided.not.includes(p)) ? decided.key : undefined;
  };
  const answered = keyRows(run, keys).systems;
  const systems = [...answered].map(([system, rs]) => {
    const hits = rs.filter((r) => {
      const kept = keptOf(r);
      return kept !== undefined && r.bot.precedents.some((p) => kept.includes(p));
    }).length;
    return [system, hits] as const;
  });
  // The labellings and the counts come from the items (every system's rows hold the same labels).
  const rows: { first: string[]; second: string[]; kept: string[] }[] = [];
  for (const r of [...answered.values()][0] ?? []) {
    const kept = keptOf(r);
    if (kept === undefined) undecided.push(`${r.second.split} ${r.second.id}`);
    else if (kept.length === 0) noKey++;
    else rows.push({ first: r.first.precedents, second: r.second.precedents, kept });
  }
  const n = rows.length;
  if (n === 0) return [];
  const holds = (pick: (r: (typeof rows)[number]) => string[]) => rows.filter((r) => pick(r).some((p) => r.kept.includes(p))).length;
  const keptShare = (pick: (r: (typeof rows)[number]) => string[]) => f3(rows.reduce((sum, r) => sum + pick(r).filter((p) => r.kept.includes(p)).length / pick(r).length, 0) / n);
  const kept = rows.reduce((sum, r) => sum + r.kept.length, 0);
  const proposed = rows.reduce((sum, r) => sum + new Set([...r.first, ...r.second]).size, 0);
  return [
    '### Key precedents: consensus of three',
    '',
    `For the items of that sample, a third person saw the text and every key precedent either labeller proposed, shuffled and`,
    `unattributed, and kept those a careful reviewer would insist the paper know (\`eval/adjudicated-keys.tsv\`): ${kept} of ${proposed}`,
    `proposed on ${n} items${noKey > 0 ? `; on ${noKey} more they kept none (left out)` : ''}. Every kept key was proposed by one labelling or`,
    'both, so their figures are not independent of the consensus (an upper bound of what one person reaches); the bot is',
    'measured on the same items.',
    ...(undecided.length > 0 ? ['', `Not fully decided (left out): ${undecided.join(', ')}.`] : []),
    '',
    '| who | holds a kept key | share of its keys kept |',
    '|---|---|---|',
    `| first labels | ${share(holds((r) => r.first), n)} | ${keptShare((r) => r.first)} |`,
    `| second labels | ${share(holds((r) => r.second), n)} | ${keptShare((r) => r.second)} |`,
    ...systems.map(([system, hits]) => `| ${system} (top 5) | ${share(hits, n)} | |`),
    '',
  ];
}

export const ADJUDICATED_PATH = fileURLToPath(new URL('../../eval/adjudicated-senses.tsv', import.meta.url));

/** Consensus verdicts of disputed senses, by `split<TAB>item id<TAB>sense`. */
export type Adjudicated = ReadonlyMap<string, Verdict>;

/** `split<TAB>item id<TAB>sense<TAB>verdict<TAB>reason`: a third person's verdict where the two labellings differ. */
export function parseAdjudicated(text: string): Map<string, Verdict> {
  const out = new Map<string, Verdict>();
  for (const { cells, where } of itemRows(text, 'adjudicated senses', ['split', 'item id', 'sense', 'verdict', 'a reason'], 3)) {
    const [split, id, sense, verdict] = cells as [string, string, string, string];
    if (!(DEFINITION_KEYS as readonly string[]).includes(sense)) throw new AgreementFileError(`${where}: sense must be one of ${DEFINITION_KEYS.join(', ')}, got "${sense}"`);
    if (verdict !== 'true' && verdict !== 'false' && !(verdict === 'null' && MAY_BE_NULL.has(sense))) {
      throw new AgreementFileError(`${where}: ${sense} must be true or false${MAY_BE_NULL.has(sense) ? ' or null' : ''}, got "${verdict}"`);
    }
    out.set(`${split}\t${id}\t${sense}`, verdict);
  }
  return out;
}

/**
 * The report's consensus lines: the senses as both labellings give them where they agree and as a third person
 * decided where they differ, and how often the first labels, the second and each hybrid system match them. A
 * disputed sense with no decision is left out (and named). Empty when nothing was adjudicated.
 */
export function consensusLines(run: EvalRun, labels: readonly SecondLabel[], adjudicated: Adjudicated): string[] {
  if (adjudicated.size === 0) return [];
  const { rows, systems } = judged(run, labels);
  if (rows.length === 0) return [];
  const undecided: string[] = [];
  const consensus = (r: Judged, key: DefinitionKey): Verdict | undefined => {
    if (r.first[key] === r.label.senses[key]) return r.first[key];
    const v = adjudicated.get(`${r.label.split}\t${r.label.id}\t${key}`);
    if (v === undefined) undecided.push(`${r.label.split} ${r.label.id} ${key}`);
    return v;
  };
  const table = DEFINITION_KEYS.map((key) => {
    const decided = rows.map((r) => ({ r, v: consensus(r, key) })).filter((x): x is { r: Judged; v: Verdict } => x.v !== undefined);
    const count = (pick: (r: Judged) => Verdict | undefined) => decided.filter(({ r, v }) => pick(r) === v).length;
    return { key, n: decided.length, first: count((r) => r.first[key]), second: count((r) => r.label.senses[key]), bots: systems.map((sys) => count((r) => r.bot.get(sys)?.[key])) };
  });
  const disputed = rows.reduce((sum, r) => sum + DEFINITION_KEYS.filter((k) => r.first[k] !== r.label.senses[k]).length, 0);
  const sided = { first: 0, second: 0, neither: 0 };
  for (const r of rows) {
    for (const k of DEFINITION_KEYS) {
      const v = r.first[k] === r.label.senses[k] ? undefined : adjudicated.get(`${r.label.split}\t${r.label.id}\t${k}`);
      if (v === undefined) continue;
      sided[v === r.first[k] ? 'first' : v === r.label.senses[k] ? 'second' : 'neither']++;
    }
  }
  const mean = (pick: (t: (typeof table)[number]) => number) => f3(table.reduce((sum, t) => sum + pick(t) / t.n, 0) / table.length);
  return [
    '### Senses: consensus labels',
    '',
    `Where the two labellings differ (${disputed} senses), a third person who saw the text, both verdicts and both notes, not`,
    `whose they were, decided (\`eval/adjudicated-senses.tsv\`): with the first labels ${sided.first} times, with the second ${sided.second}, with neither`,
    `${sided.neither}. The third person worked from the second labellers' written definitions, which differ from the first labels'`,
    'conventions where a paper only attributes outputs to inputs (broad technical) and where a method paper has a side',
    'analysis of the model (interpretability or not). Against these consensus labels (each labelling matches them wherever',
    'the two agree, so its figure is an upper bound of one person\'s accuracy):',
    ...(undecided.length > 0 ? ['', `Disputed but not decided (left out): ${undecided.join(', ')}.`] : []),
    '',
    `| sense | first labels | second labels | ${systems.join(' | ')} |`,
    `|---|---|---|${systems.map(() => '---|').join('')}`,
    ...table.map((t) => `| ${SENSE_NAME[t.key]} | ${share(t.first, t.n)} | ${share(t.second, t.n)} | ${t.bots.map((b) => share(b, t.n)).join(' | ')} |`),
    `| mean of the four | ${mean((t) => t.first)} | ${mean((t) => t.second)} | ${systems.map((_, i) => mean((t) => t.bots[i]!)).join(' | ')} |`,
    '',
  ];
}

export const SEED_BROAD_TECHNICAL_PATH = fileURLToPath(new URL('../../eval/seed-broad-technical.tsv', import.meta.url));

/** One interpretability item's broad technical verdict under the seed's own definition, with its labeller's reason. */
export interface SeedBroadTechnical {
  split: string;
  id: string;
  verdict: Verdict;
  reason: string;
}

/** `split<TAB>item id<TAB>true|false|null<TAB>reason`; "#" lines are comments. Every error names its line. */
export function parseSeedBroadTechnical(text: string): SeedBroadTechnical[] {
  return itemRows(text, 'seed broad technical', ['split', 'item id', 'broadTechnical', 'a reason']).map(({ cells, where }) => {
    const [split, id, verdict, ...rest] = cells as [string, string, string, ...string[]];
    if (verdict !== 'true' && verdict !== 'false' && verdict !== 'null') throw new AgreementFileError(`${where}: broadTechnical must be true, false or null, got "${verdict}"`);
    const reason = rest.join('\t').trim();
    if (!reason) throw new AgreementFileError(`${where}: the reason is empty`);
    return { split, id, verdict, reason };
  });
}

/** The mean over the four senses of each sense's accuracy, over `items`, with broad technical's label from `bt` where it gives one. */
function sensesMean(items: readonly { id?: string; definitions: Record<DefinitionKey, { expected: Verdict; predicted: Verdict }> }[], bt: (id: string | undefined) => Verdict | undefined): number {
  if (items.length === 0) return Number.NaN;
  const label = (i: (typeof items)[number], key: DefinitionKey): Verdict => (key === 'broadTechnical' ? (bt(i.id) ?? i.definitions[key].expected) : i.definitions[key].expected);
  return DEFINITION_KEYS.reduce((sum, key) => sum + items.filter((i) => i.definitions[key].predicted === label(i, key)).length / items.length, 0) / DEFINITION_KEYS.length;
}

/**
 * The report's "broad technical as the seed defines it" lines: every real split's brief labels broad technical "yes"
 * for every interpretability item, while the seed defines it as research that describes a model's internals. New
 * labellers labelled it again under the seed's definition for every interpretability item of some splits; this scores
 * the first labels and each hybrid system against them, gives each split's four-sense mean both ways, and lists the
 * items on which the last hybrid system (dated by the title, leave-one-out, where run) and the seed labels differ.
 * Empty when there are no such labels.
 */
export function seedBroadTechnicalLines(run: EvalRun, labels: readonly SeedBroadTechnical[]): string[] {
  if (labels.length === 0) return [];
  const byItem = new Map(labels.map((l) => [`${l.split}\t${l.id}`, l]));
  const splits = [...new Set(labels.map((l) => l.split))].filter((s) => run.splits[s as keyof EvalRun['splits']]);
  const missing = labels.filter((l) => !splits.includes(l.split) || !(run.splits[l.split as keyof EvalRun['splits']]!.results[0]?.items ?? []).some((i) => i.id === l.id));
  const hybrids = (split: string) => run.splits[split as keyof EvalRun['splits']]!.results.filter((r) => r.kind === 'hybrid');
  const systems = [...new Set(splits.flatMap((s) => hybrids(s).map((r) => r.system)))];
  if (splits.length === 0 || systems.length === 0) return [];
  const items = (split: string, system: string) => hybrids(split).find((r) => r.system === system)?.items ?? [];
  const seed = (split: string) => (id: string | undefined) => byItem.get(`${split}\t${id}`)?.verdict;
  const labelled = (split: string, system: string) => items(split, system).filter((i) => byItem.has(`${split}\t${i.id}`));

  // The first labels against the seed labels, on the items relabelled (every system holds the same labels).
  const pairs = splits.flatMap((s) => labelled(s, systems[0]!).map((i) => [i.definitions.broadTechnical.expected, byItem.get(`${s}\t${i.id}`)!.verdict] as const));
  const counts = (v: Verdict) => labels.filter((l) => splits.includes(l.split) && l.verdict === v).length;
  const out = [
    '### Broad technical as the seed defines it',
    '',
    'Every real split\'s labelling brief marks broad technical "yes" for every interpretability item; the seed defines it as',
    'research that describes a model\'s internals (activations, weights). New labellers, who saw only the pasted text and the',
    `seed (not the first labels, not the bot), labelled it again under the seed's definition for the ${pairs.length} interpretability`,
    `items of ${splits.length === 1 ? splits[0] : `${splits[0]} to ${splits.at(-1)}`} (\`eval/seed-broad-technical.tsv\`): ${counts('true')} yes, ${counts('false')} no, ${counts('null')} can't tell. Items labelled not`,
    'interpretability keep "no" in every sense. The first labels agree with these on',
    `${share(pairs.filter(([a, b]) => a === b).length, pairs.length)} of the relabelled items.`,
    ...(missing.length > 0 ? ['', `Not in this run (left out): ${missing.map((l) => `${l.split} ${l.id}`).join(', ')}.`] : []),
    '',
    ...confusion('Broad technical, first labels against the seed labels', pairs, 'first', 'seed'),
    '| system | broad tech. vs first labels | broad tech. vs seed labels | senses (all 4), first labels | senses (all 4), broad tech. by the seed |',
    '|---|---|---|---|---|',
  ];
  for (const system of systems) {
    const all = splits.flatMap((s) => labelled(s, system).map((i) => ({ i, v: byItem.get(`${s}\t${i.id}`)!.verdict })));
    const pooled = splits.flatMap((s) => items(s, system).map((i) => ({ ...i, id: `${s}\t${i.id}` })));
    const n = all.length;
    out.push(
      `| ${system} | ${share(all.filter(({ i }) => i.definitions.broadTechnical.predicted === i.definitions.broadTechnical.expected).length, n)} | ${share(all.filter(({ i, v }) => i.definitions.broadTechnical.predicted === v).length, n)} | ${f3(sensesMean(pooled, () => undefined))} | ${f3(sensesMean(pooled, (key) => byItem.get(key!)?.verdict))} |`,
    );
  }
  out.push('', 'Per split, the four-sense mean with the first labels → with broad technical by the seed:', '', `| split | ${systems.join(' | ')} |`, `|---|${systems.map(() => '---|').join('')}`);
  for (const s of splits) out.push(`| ${s} | ${systems.map((system) => `${f3(sensesMean(items(s, system), () => undefined))} → ${f3(sensesMean(items(s, system), seed(s)))}`).join(' | ')} |`);
  const last = systems.find((s) => s.includes(DATED_BY_TITLE)) ?? systems.at(-1)!;
  const differ = splits.flatMap((s) => labelled(s, last).flatMap((i) => {
    const l = byItem.get(`${s}\t${i.id}`)!;
    return i.definitions.broadTechnical.predicted === l.verdict ? [] : [{ s, i, l }];
  }));
  out.push('', `Where ${last} and the seed labels differ (${differ.length}):`, '');
  for (const { s, i, l } of differ) out.push(`- ${s} ${i.id} "${i.title ?? i.query.split('\n')[0]}": answered ${i.definitions.broadTechnical.predicted}, seed label ${l.verdict} (${l.reason})`);
  out.push('');
  return out;
}
