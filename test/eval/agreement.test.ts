/**
 * The "Agreement between people" section of the eval report: Cohen's κ, the second labeller's and second
 * grader's files, and the tables built from them (scripts/eval/agreement.ts).
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { ADJUDICATED_KEYS_PATH, ADJUDICATED_PATH, cohenKappa, consensusLines, parseSeedBroadTechnical, SEED_BROAD_TECHNICAL_PATH, seedBroadTechnicalLines, gradeAgreementLines, keyAgreementLines, keyConsensusLines, parseAdjudicated, parseAdjudicatedKeys, parseSecondKeys, parseSecondLabels, SECOND_GRADES_PATH, SECOND_KEYS_PATH, SECOND_LABELS_PATH, senseAgreementLines } from '../../scripts/eval/agreement.ts';
import type { Grade } from '../../scripts/eval/metrics.ts';
import { loadCorpus } from '../../src/corpus/load.ts';
import { REAL_SPLITS, splitPath } from '../../scripts/eval/dataset.ts';
import { GRADES_PATH, parseGrades } from '../../scripts/eval/report.ts';
import type { EvalRun } from '../../scripts/eval/run.ts';
import type { DefinitionKey } from '../../src/core/types.ts';

test("Cohen's κ: the textbook two-by-two case, and the linearly weighted form over ordered grades", () => {
  // 50 pairs: yes/yes 20, yes/no 5, no/yes 10, no/no 15 -> observed 0.7, chance 0.5*0.6 + 0.5*0.4 = 0.5, κ 0.4.
  const pairs = [
    ...Array<[string, string]>(20).fill(['yes', 'yes']),
    ...Array<[string, string]>(5).fill(['yes', 'no']),
    ...Array<[string, string]>(10).fill(['no', 'yes']),
    ...Array<[string, string]>(15).fill(['no', 'no']),
  ];
  assert.ok(Math.abs(cohenKappa(pairs) - 0.4) < 1e-12);
  const graded: [string, string][] = [['r', 'r'], ['r', 'l'], ['l', 'i'], ['i', 'i']];
  // Unweighted: observed 2/4, chance .5*.25 + .25*.25 + .25*.5 = .3125 -> (.5 - .3125) / .6875.
  assert.ok(Math.abs(cohenKappa(graded) - 0.1875 / 0.6875) < 1e-12);
  // Weighted (one step apart = ½): observed (1 + ½ + ½ + 1) / 4 = .75, chance .5 -> .5.
  assert.ok(Math.abs(cohenKappa(graded, ['r', 'l', 'i']) - 0.5) < 1e-12);
  assert.ok(Number.isNaN(cohenKappa([['a', 'a'], ['a', 'a']])), 'one category on both sides: κ is undefined, not 1');
  assert.throws(() => cohenKappa([['r', 'x']], ['r', 'l', 'i']), /"x" is not one of r, l, i/);
});

const line = (cells: string[]) => cells.join('\t');

test('second labels: every malformed line is refused with its line number and the reason', () => {
  const ok = line(['real-fresh-2', 'arXiv:1', 'true', 'true', 'null', 'true', 'false', 'an MI group']);
  assert.equal(parseSecondLabels(`# comment\n${ok}\n`)[0]!.senses.narrowTechnical, 'null');
  assert.throws(() => parseSecondLabels(`${ok}\n${line(['real-fresh-2', 'arXiv:2', 'true', 'null', 'false', 'true', 'false', 'x'])}`), /line 2: broadTechnical must be true or false, got "null"/);
  assert.throws(() => parseSecondLabels(line(['real-fresh-2', 'arXiv:2', 'false', 'false', 'true', 'false', 'false', 'x'])), /line 1: an item labelled not interpretability has every sense false/);
  assert.throws(() => parseSecondLabels(`${ok}\n${ok}`), /second labels line 2: real-fresh-2 arXiv:1 is labelled twice/);
  assert.throws(() => parseSecondLabels(line(['real-fresh-2', 'arXiv:2', 'true', 'true', 'true', 'true', 'yes', 'x'])), /narrowCultural must be true or false or null, got "yes"/);
  assert.throws(() => parseSecondLabels(line(['real-fresh-2', 'arXiv:2', 'true', 'true', 'true', 'true', 'true', ' '])), /note .* is empty/);
  assert.throws(() => parseSecondLabels('real-fresh-2\tarXiv:2\ttrue'), /expected split, item id, interpretability, broadTechnical, narrowTechnical, broadCultural, narrowCultural and a note \(8 tab-separated cells\), got 3/);
});

type V = 'true' | 'false' | 'null';
const scored = (id: string, expected: [V, V, V, V], predicted: [V, V, V, V]) => ({
  id,
  definitions: {
    narrowTechnical: { expected: expected[0], predicted: predicted[0] },
    broadTechnical: { expected: expected[1], predicted: predicted[1] },
    narrowCultural: { expected: expected[2], predicted: predicted[2] },
    broadCultural: { expected: expected[3], predicted: predicted[3] },
  },
});

/** A run of one hybrid system (and any `others`) over the given splits' scored items. */
const runOf = (splits: Record<string, unknown[]>, others: unknown[] = []): EvalRun =>
  ({
    embedders: [],
    gates: [],
    splits: Object.fromEntries(Object.entries(splits).map(([split, items]) => [split, { items: items.length, results: [...others, { system: 'hybrid (use-lite)', kind: 'hybrid', items }] }])),
  }) as unknown as EvalRun;

test('sense agreement: labellers, κ, the bot against each labeller and against the first where both agree', () => {
  const run = runOf(
    {
      'real-fresh-2': [
        scored('a', ['true', 'true', 'null', 'true'], ['true', 'true', 'true', 'true']),
        scored('b', ['false', 'true', 'false', 'true'], ['null', 'true', 'false', 'true']),
        scored('c', ['false', 'false', 'false', 'false'], ['false', 'true', 'false', 'true']),
      ],
    },
    [{ system: 'bm25', kind: 'bm25', items: [] }],
  );
  const labels = parseSecondLabels(
    [
      line(['real-fresh-2', 'a', 'true', 'true', 'true', 'true', 'true', 'MI lab']),
      line(['real-fresh-2', 'b', 'true', 'true', 'null', 'true', 'false', 'ACL group']),
      line(['real-fresh-2', 'c', 'false', 'false', 'false', 'false', 'false', 'industry']),
      line(['real-fresh-9', 'z', 'false', 'false', 'false', 'false', 'false', 'not in the run']),
    ].join('\n'),
  );
  const out = senseAgreementLines(run, labels);
  assert.ok(out.includes('Not in this run (left out): real-fresh-9 z.'));
  // Narrow technical: first true/false/false, second true/null/false -> labellers 2/3; bot true/null/false: vs first 2/3
  // (a, c), vs second 3/3; where they agree (a, c) the bot matches both.
  const nt = out.find((l) => l.startsWith('| narrow technical'))!;
  assert.match(nt, /^\| narrow technical \| 0\.667 \(2\/3\) \| [0-9.]+ \| 0\.667 \(2\/3\) \| 1\.000 \(3\/3\) \| 1\.000 \(3\/3\) \| 1\.000 \(2\/2\) \|$/);
  // Narrow cultural: first null/false/false, second true/false/false; bot true/false/false.
  assert.ok(out.includes('| narrow cultural | 0.667 (2/3) | 0.400 | 0.667 (2/3) | 1.000 (3/3) | 1.000 (3/3) | 1.000 (2/2) |'), out.join('\n'));
  // Broad cultural: both labellers true/true/false, the bot true/true/true.
  assert.ok(out.includes('| broad cultural | 1.000 (3/3) | 1.000 | 0.667 (2/3) | 0.667 (2/3) | 0.667 (2/3) | 0.667 (2/3) |'));
  assert.ok(out.some((l) => l.startsWith('| mean of the four | 0.833 |')));
  assert.ok(out.includes('Interpretability or not: the labellers disagree on 0 of 3 items.'));
  assert.ok(!out.some((l) => l.includes('**bm25**')), 'only the hybrid systems are read');
  assert.deepEqual(senseAgreementLines(run, []), []);
});

test('sense agreement: the splits labelled under one convention are summed apart, and input-only readings of broad technical are counted', () => {
  const run = runOf({
    'real-dev': [scored('a', ['true', 'true', 'null', 'true'], ['true', 'true', 'null', 'true'])],
    'real-fresh-3': [scored('b', ['false', 'true', 'false', 'true'], ['false', 'true', 'true', 'true'])],
  });
  const labels = parseSecondLabels(
    [line(['real-dev', 'a', 'true', 'true', 'true', 'true', 'false', 'x']), line(['real-fresh-3', 'b', 'true', 'false', 'false', 'true', 'false', 'y'])].join('\n'),
  );
  const out = senseAgreementLines(run, labels);
  // Only b counts: labellers differ on broad technical alone (3 of 4 senses agree); the bot differs from the first on narrow cultural.
  assert.ok(out.some((l) => l.startsWith('Over the 1 items of the splits labelled under one convention') && l.endsWith('the mean of the four senses: labellers 0.750; hybrid (use-lite) vs first 0.750.')), out.join('\n'));
  assert.ok(out.includes('Broad technical: 1 of the disagreements are interpretability papers the second labeller read as working from inputs and outputs only (attribution to inputs, behaviour), which the first labels mark "yes" like every interpretability paper.'));
});

test('consensus: agreed senses as labelled, disputed ones as decided; each labelling and the bot scored against them', () => {
  const run = runOf({
    'real-fresh-3': [
      scored('a', ['true', 'true', 'null', 'true'], ['true', 'true', 'true', 'true']),
      scored('b', ['false', 'true', 'false', 'true'], ['null', 'true', 'false', 'true']),
    ],
  });
  const labels = parseSecondLabels(
    [line(['real-fresh-3', 'a', 'true', 'true', 'null', 'true', 'true', 'x']), line(['real-fresh-3', 'b', 'true', 'true', 'null', 'true', 'null', 'y'])].join('\n'),
  );
  // Disputed: a narrowTechnical (first true, second null), a narrowCultural (null / true), b narrowTechnical (false / null),
  // b narrowCultural (false / null). Decided: a NT null (second), a NC false (neither), b NT false (first); b NC undecided.
  const adjudicated = parseAdjudicated(
    ['real-fresh-3\ta\tnarrowTechnical\tnull\tr', 'real-fresh-3\ta\tnarrowCultural\tfalse\tr', 'real-fresh-3\tb\tnarrowTechnical\tfalse\tr'].join('\n'),
  );
  const out = consensusLines(run, labels, adjudicated);
  const text = out.join('\n');
  assert.match(text, /differ \(4 senses\)/);
  assert.match(text, /with the first labels 1 times, with the second 1, with neither\n1\./);
  assert.ok(text.includes('Disputed but not decided (left out): real-fresh-3 b narrowCultural.'));
  // Narrow technical consensus: a null, b false. First: true, false -> 1/2; second: null, null -> 1/2; bot: true, null -> 0/2.
  assert.ok(out.includes('| narrow technical | 0.500 (1/2) | 0.500 (1/2) | 0.000 (0/2) |'), text);
  // Narrow cultural consensus: a false (b left out). First null, second true, bot true -> all 0/1.
  assert.ok(out.includes('| narrow cultural | 0.000 (0/1) | 0.000 (0/1) | 0.000 (0/1) |'));
  assert.ok(out.includes('| broad cultural | 1.000 (2/2) | 1.000 (2/2) | 1.000 (2/2) |'));
  assert.deepEqual(consensusLines(run, labels, new Map()), []);
  assert.throws(() => parseAdjudicated('real-fresh-3\ta\tbroadTechnical\tnull\tr'), /line 1: broadTechnical must be true or false, got "null"/);
  assert.throws(() => parseAdjudicated('real-fresh-3\ta\tsense5\ttrue\tr'), /sense must be one of/);
  assert.throws(() => parseAdjudicated('x\ta\tbroadTechnical\ttrue\tr\nx\ta\tbroadTechnical\tfalse\tr'), /line 2: x a broadTechnical is labelled twice/);
});

test('second keys: malformed lines are refused with their line number', () => {
  assert.deepEqual(parseSecondKeys('# c\nreal-fresh-2\ta\tprobing, logit-lens\tp1,p2\twhy')[0], { split: 'real-fresh-2', id: 'a', concepts: ['probing', 'logit-lens'], precedents: ['p1', 'p2'], note: 'why' });
  assert.throws(() => parseSecondKeys('real-fresh-2\ta\tprobing\t\twhy'), /line 1: no key precedent/);
  assert.throws(() => parseSecondKeys('real-fresh-2\ta\t \tp1\twhy'), /line 1: no concept/);
  assert.throws(() => parseSecondKeys('real-fresh-2\ta\tprobing\tp1\tx\nreal-fresh-2\ta\tprobing\tp1\tx'), /line 2: .* labelled twice/);
  assert.throws(() => parseSecondKeys('real-fresh-2\ta\tprobing'), /5 tab-separated cells\), got 3/);
});

test('key agreement: shared keys and main concepts between labellers, and the bot\'s hit@5 against each labeller', () => {
  const item = (id: string, expectedPrecedents: string[], predictedPrecedents: string[], expectedConcepts: string[], predictedConcepts: string[]) => ({
    id,
    expectedPrecedents,
    predictedPrecedents,
    expectedConcepts,
    predictedConcepts,
  });
  const run = runOf({
    'real-fresh-2': [
      item('a', ['p1', 'p2'], ['p9', 'p8', 'p7', 'p6', 'p5', 'p2'], ['c1', 'c2'], ['c1']),
      item('b', ['p3'], ['p4'], ['c3'], ['c2']),
      item('c', [], ['p1'], [], []),
    ],
  });
  const keys = parseSecondKeys(['real-fresh-2\ta\tc1\tp1,p5\tx', 'real-fresh-2\tb\tc2,c3\tp4\ty', 'real-fresh-2\tc\tc1\tp1\tz'].join('\n'));
  const out = keyAgreementLines(run, keys);
  const text = out.join('\n');
  // a: shared p1 (Jaccard 1/3), same main concept; b: nothing shared (Jaccard 0), main c3 vs c2. c has no first keys: left out.
  assert.match(text, /share at least one on 0\.500 \(1\/2\) of the items \(mean\nJaccard 0\.167\); the main concept is the same on 0\.500 \(1\/2\)/);
  assert.ok(text.includes('left out): real-fresh-2 c.'));
  // The bot's top 5 of a holds p5 (a second-labeller key; p2 of the first is 6th); b's top 5 holds p4 (second's).
  assert.ok(out.some((l) => l.startsWith('| hybrid (use-lite) | 0.000 (0/2) | 1.000 (2/2) | 1.000 (2/2) |')), text);
});

test('adjudicated keys: malformed lines are refused with their line number; decisions group by item', () => {
  const parsed = parseAdjudicatedKeys('# c\nreal-fresh-2\ta\tp1\tkey\twhy\nreal-fresh-2\ta\tp2\tnot\twhy\nreal-fresh-2\tb\tp3\tnot\twhy\n');
  assert.deepEqual(parsed.get('real-fresh-2\ta'), { key: ['p1'], not: ['p2'] });
  assert.deepEqual(parsed.get('real-fresh-2\tb'), { key: [], not: ['p3'] });
  assert.throws(() => parseAdjudicatedKeys('real-fresh-2\ta\tp1\tmaybe\twhy'), /line 1: the decision must be key or not, got "maybe"/);
  assert.throws(() => parseAdjudicatedKeys('real-fresh-2\ta\tp1\tkey\tx\nreal-fresh-2\ta\tp1\tnot\tx'), /line 2: .* labelled twice/);
  assert.throws(() => parseAdjudicatedKeys('real-fresh-2\ta\tp1\tkey'), /5 tab-separated cells\), got 4/);
});

test('key consensus: each labelling and the bot\'s top 5 against the keys a third person kept', () => {
  const item = (id: string, expectedPrecedents: string[], predictedPrecedents: string[]) => ({ id, expectedPrecedents, predictedPrecedents, expectedConcepts: [], predictedConcepts: [] });
  const run = runOf({
    'real-fresh-2': [
      item('a', ['p1', 'p2'], ['p9', 'p8', 'p7', 'p6', 'p5', 'p1']),
      item('b', ['p3'], ['p4', 'p3']),
      item('c', ['p6'], ['p6']),
      item('d', ['p7'], ['p7']),
    ],
  });
  const keys = parseSecondKeys(['real-fresh-2\ta\tc1\tp1,p5\tx', 'real-fresh-2\tb\tc2\tp4\ty', 'real-fresh-2\tc\tc1\tp6\tz', 'real-fresh-2\td\tc1\tp7,p8\tw'].join('\n'));
  const decided = parseAdjudicatedKeys(
    [
      'real-fresh-2\ta\tp1\tnot\tr',
      'real-fresh-2\ta\tp2\tnot\tr',
      'real-fresh-2\ta\tp5\tkey\tr',
      'real-fresh-2\tb\tp3\tkey\tr',
      'real-fresh-2\tb\tp4\tkey\tr',
      'real-fresh-2\tc\tp6\tnot\tr',
      'real-fresh-2\td\tp7\tkey\tr',
    ].join('\n'),
  );
  const text = keyConsensusLines(run, keys, decided).join('\n');
  // a: kept p5 (the second's); b: kept p3 and p4 (both); c: none kept (counted apart); d: p8 undecided (left out).
  assert.match(text, /3 of 5\nproposed on 2 items; on 1 more they kept none/);
  assert.ok(text.includes('left out): real-fresh-2 d.'), text);
  // First labels hold a kept key on b only (p1, p2 of a were not kept): 1/2, kept shares 0 and 1 -> 0.5.
  assert.ok(text.includes('| first labels | 0.500 (1/2) | 0.500 |'), text);
  // Second labels hold one on both; a keeps 1 of 2 (p1 not, p5 kept), b 1 of 1 -> 0.75.
  assert.ok(text.includes('| second labels | 1.000 (2/2) | 0.750 |'), text);
  // The bot's top 5 of a holds p5 (p1 is 6th); of b, p4 and p3.
  assert.ok(text.includes('| hybrid (use-lite) (top 5) | 1.000 (2/2) | |'), text);
  assert.deepEqual(keyConsensusLines(run, keys, new Map()), []);
});

test('grade agreement: the 3×3 table, κ, and the graded precision each grader gives the same slots', () => {
  const first = new Map<string, Grade>([
    ['s\ta\tp1', 'relevant'],
    ['s\ta\tp2', 'loose'],
    ['s\ta\tp3', 'irrelevant'],
    ['s\tb\tp1', 'loose'],
  ]);
  const second = new Map<string, Grade>([
    ['s\ta\tp1', 'relevant'],
    ['s\ta\tp2', 'irrelevant'],
    ['s\ta\tp3', 'irrelevant'],
    ['s\tb\tp1', 'relevant'],
    ['s\tc\tp9', 'loose'],
  ]);
  const out = gradeAgreementLines(first, second);
  assert.ok(out.includes('| relevant | 1 | 0 | 0 |'));
  assert.ok(out.includes('| loosely related | 1 | 0 | 1 |'));
  assert.ok(out.includes('| irrelevant | 0 | 0 | 1 |'));
  assert.ok(out.some((l) => l.startsWith('Exact agreement 0.500 (2/4);')));
  // First: (1 + .5 + 0 + .5) / 4 = .5, strict .25; second: (1 + 0 + 0 + 1) / 4 = .5, strict .5.
  assert.ok(out.includes('On these slots the first grades give graded precision 0.500 (strict 0.250), the second 0.500 (strict 0.500).'));
  assert.ok(out.some((l) => l.includes('left out): s c p9')));
  assert.deepEqual(gradeAgreementLines(first, new Map()), []);
});

/** Every real split's items as committed (their JSON lines), by `split<TAB>id`. */
type CommittedItem = { id: string; year?: number; interpretability: boolean; precedents: string[]; definitions: Record<string, boolean | null> };
function committedRealItems(): Map<string, CommittedItem> {
  return new Map(
    REAL_SPLITS.flatMap((split) =>
      readFileSync(splitPath(split), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as CommittedItem)
        .map((it) => [`${split}\t${it.id}`, it] as const),
    ),
  );
}

/** The real splits the second labellers' sample was drawn from (in the twenty-third round): every one up to fresh-28. */
const SAMPLED_SPLITS = REAL_SPLITS.slice(0, REAL_SPLITS.indexOf('real-fresh-28') + 1);

test('the committed second labels cover four items of every real split sampled, each a real item of its split', () => {
  assert.ok(existsSync(SECOND_LABELS_PATH), 'eval/second-labels.tsv is committed');
  assert.equal(SAMPLED_SPLITS.length, 30);
  const labels = parseSecondLabels(readFileSync(SECOND_LABELS_PATH, 'utf8'));
  const items = committedRealItems();
  for (const split of SAMPLED_SPLITS) {
    const mine = labels.filter((l) => l.split === split);
    assert.equal(mine.length, 4, `${split}: ${mine.length} second labels`);
    for (const l of mine) assert.ok(items.has(`${split}\t${l.id}`), `${split} has no item ${l.id}`);
  }
  assert.equal(labels.length, 4 * SAMPLED_SPLITS.length, 'no label outside the sampled splits');
});

test('the committed second grades regrade slots the first grader graded', () => {
  assert.ok(existsSync(SECOND_GRADES_PATH), 'eval/second-grades.tsv is committed');
  const first = parseGrades(readFileSync(GRADES_PATH, 'utf8'));
  const second = parseGrades(readFileSync(SECOND_GRADES_PATH, 'utf8'));
  assert.ok(second.size >= 100, `${second.size} second grades`);
  for (const slot of second.keys()) assert.ok(first.has(slot), `${slot.replaceAll('\t', ' ')} has no first grade`);
});

test('the committed second keys label interpretability items of the sensed sample, with corpus concepts and NLPI precedents', () => {
  assert.ok(existsSync(SECOND_KEYS_PATH), 'eval/second-keys.tsv is committed');
  const corpus = loadCorpus();
  const sample = new Set(parseSecondLabels(readFileSync(SECOND_LABELS_PATH, 'utf8')).map((l) => `${l.split} ${l.id}`));
  const keys = parseSecondKeys(readFileSync(SECOND_KEYS_PATH, 'utf8'));
  assert.ok(keys.length >= 90, `${keys.length} items`);
  const items = committedRealItems();
  for (const k of keys) {
    assert.ok(sample.has(`${k.split} ${k.id}`), `${k.split} ${k.id} is not in the second-labels sample`);
    const item = items.get(`${k.split}\t${k.id}`)!;
    assert.ok(item.interpretability, `${k.id} is not an interpretability item`);
    for (const c of k.concepts) assert.ok(corpus.concepts.has(c), `${k.id}: unknown concept ${c}`);
    for (const p of k.precedents) {
      const paper = corpus.papers.get(p);
      assert.equal(paper?.community, 'NLPI', `${k.id}: ${p} is not an NLPI corpus paper`);
      // Months are the labellers' check; a later year is never earlier work.
      if (item.year !== undefined) assert.ok(paper!.year <= item.year, `${k.id} (${item.year}): ${p} is from ${paper!.year}`);
    }
  }
});

test('the committed consensus decides only senses the two labellings dispute', () => {
  assert.ok(existsSync(ADJUDICATED_PATH), 'eval/adjudicated-senses.tsv is committed');
  const labels = new Map(parseSecondLabels(readFileSync(SECOND_LABELS_PATH, 'utf8')).map((l) => [`${l.split}\t${l.id}`, l]));
  const items = committedRealItems();
  const decided = parseAdjudicated(readFileSync(ADJUDICATED_PATH, 'utf8'));
  assert.ok(decided.size > 0);
  for (const key of decided.keys()) {
    const [split, id, sense] = key.split('\t') as [string, string, DefinitionKey];
    const second = labels.get(`${split}\t${id}`);
    assert.ok(second, `${split} ${id} is not in the second-labels sample`);
    assert.notEqual(String(items.get(`${split}\t${id}`)!.definitions[sense]), second.senses[sense], `${split} ${id} ${sense} is not disputed`);
  }
});

test('the committed key consensus decides exactly the keys the two labellings proposed for the second-keys items', () => {
  assert.ok(existsSync(ADJUDICATED_KEYS_PATH), 'eval/adjudicated-keys.tsv is committed');
  const items = committedRealItems();
  const decided = parseAdjudicatedKeys(readFileSync(ADJUDICATED_KEYS_PATH, 'utf8'));
  const keys = parseSecondKeys(readFileSync(SECOND_KEYS_PATH, 'utf8'));
  assert.equal(decided.size, keys.length);
  for (const k of keys) {
    const d = decided.get(`${k.split}\t${k.id}`);
    assert.ok(d, `${k.split} ${k.id} has no decision`);
    const proposed = new Set([...items.get(`${k.split}\t${k.id}`)!.precedents, ...k.precedents]);
    assert.deepEqual([...d.key, ...d.not].sort(), [...proposed].sort(), `${k.split} ${k.id}: decided papers differ from those proposed`);
  }
});

test('seed broad technical labels: malformed lines are refused with their line number', () => {
  const ok = line(['real-fresh-20', 'arXiv:1', 'null', 'the abstract names no component']);
  assert.deepEqual(parseSeedBroadTechnical(`# c\n${ok}`)[0], { split: 'real-fresh-20', id: 'arXiv:1', verdict: 'null', reason: 'the abstract names no component' });
  assert.throws(() => parseSeedBroadTechnical(`${ok}\n${line(['real-fresh-20', 'arXiv:2', 'yes', 'x'])}`), /seed broad technical line 2: broadTechnical must be true, false or null, got "yes"/);
  assert.throws(() => parseSeedBroadTechnical(line(['real-fresh-20', 'arXiv:2', 'true', ' '])), /line 1: the reason is empty/);
  assert.throws(() => parseSeedBroadTechnical(`${ok}\n${ok}`), /line 2: real-fresh-20 arXiv:1 is labelled twice/);
  assert.throws(() => parseSeedBroadTechnical('real-fresh-20\tarXiv:2\ttrue'), /expected split, item id, broadTechnical and a reason \(4 tab-separated cells\), got 3/);
});

test('broad technical by the seed: first labels and the bot against the seed labels, senses both ways, and the items the bot and the seed labels differ on', () => {
  const titled = (id: string, expected: [V, V, V, V], predicted: [V, V, V, V]) => ({ ...scored(id, expected, predicted), title: `Paper ${id}`, query: `Paper ${id}\nA. Author\n\nAbstract.` });
  const run = runOf({
    'real-fresh-20': [
      // An explanation-format paper: the first labels say yes by convention, the bot and the seed label no.
      titled('a', ['false', 'true', 'null', 'true'], ['false', 'false', 'null', 'true']),
      // A probing paper: all say yes.
      titled('b', ['false', 'true', 'null', 'true'], ['false', 'true', 'null', 'true']),
      // Not interpretability: not relabelled, keeps its labels.
      titled('c', ['false', 'false', 'false', 'false'], ['false', 'false', 'false', 'false']),
    ],
    'real-fresh-21': [titled('d', ['null', 'true', 'null', 'true'], ['null', 'false', 'null', 'true'])],
  });
  const labels = parseSeedBroadTechnical(
    [
      line(['real-fresh-20', 'a', 'false', 'rates explanations shown to people']),
      line(['real-fresh-20', 'b', 'true', 'probes hidden states']),
      line(['real-fresh-21', 'd', 'true', 'decodes the residual stream']),
      line(['real-fresh-22', 'z', 'true', 'not in the run']),
    ].join('\n'),
  );
  const out = seedBroadTechnicalLines(run, labels);
  assert.ok(out.some((l) => l.includes('for the 3 interpretability')), out.join('\n'));
  assert.ok(out.some((l) => l.includes('real-fresh-20 to real-fresh-21') && l.includes("2 yes, 1 no, 0 can't tell")), out.join('\n'));
  assert.ok(out.includes('0.667 (2/3) of the relabelled items.'), out.join('\n'));
  assert.ok(out.includes('Not in this run (left out): real-fresh-22 z.'));
  // The first labels' yes for a is a seed "no"; b and d agree.
  assert.ok(out.includes('| true | 2 | 0 | 1 |'), out.join('\n'));
  // Broad technical: the bot matches the first labels on b only (1/3), the seed labels on a and b (2/3). Over the four
  // items every other sense is right; broad technical by the first labels on b and c (2/4): (3 + 0.5) / 4 = 0.875; by
  // the seed on a, b and c (3/4): (3 + 0.75) / 4 = 0.938.
  assert.ok(out.includes('| hybrid (use-lite) | 0.333 (1/3) | 0.667 (2/3) | 0.875 | 0.938 |'), out.join('\n'));
  assert.ok(out.includes('| real-fresh-20 | 0.917 → 1.000 |'), out.join('\n'));
  assert.ok(out.includes('| real-fresh-21 | 0.750 → 0.750 |'), out.join('\n'));
  assert.ok(out.includes('Where hybrid (use-lite) and the seed labels differ (1):'));
  assert.ok(out.includes('- real-fresh-21 d "Paper d": answered false, seed label true (decodes the residual stream)'), out.join('\n'));
  assert.deepEqual(seedBroadTechnicalLines(run, []), []);
});

test('the committed seed broad technical labels cover every interpretability item of their splits, and only those', () => {
  assert.ok(existsSync(SEED_BROAD_TECHNICAL_PATH), 'eval/seed-broad-technical.tsv is committed');
  const labels = parseSeedBroadTechnical(readFileSync(SEED_BROAD_TECHNICAL_PATH, 'utf8'));
  const items = committedRealItems();
  const splits = new Set(labels.map((l) => l.split));
  for (const l of labels) assert.equal(items.get(`${l.split}\t${l.id}`)?.interpretability, true, `${l.split} ${l.id} is an interpretability item of its split`);
  const want = [...items].filter(([key, it]) => splits.has(key.split('\t')[0]!) && it.interpretability === true).map(([key]) => key).sort();
  assert.deepEqual(labels.map((l) => `${l.split}\t${l.id}`).sort(), want);
});
