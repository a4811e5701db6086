/**
 * The hand labels of the reference-matching eval (eval/reference-labels.tsv): well-formed, every labelled
 * id a corpus paper, the sample being every 3rd entry of each shared list, and the matcher meeting the
 * issue's targets on them (precision ≥ 0.95, recall ≥ 0.9).
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { loadCorpus } from '../../src/corpus/load.ts';
import { evaluateReferences, evaluateUnseen, loadLabels, parseLabels, referenceSectionOf, renderReferenceSection, SHARED_LISTS, UNSEEN_LABELS_FILE, withReferenceSection } from '../../scripts/eval/references.ts';

const corpus = loadCorpus();
const skip = existsSync(SHARED_LISTS) ? false : `the shared reference lists are not here (${SHARED_LISTS})`;

test('the labels file is well-formed, big enough, and every labelled id is a corpus paper', () => {
  const labels = loadLabels(corpus);
  assert.ok(labels.length >= 150, `${labels.length} labels`);
  assert.ok(new Set(labels.map((l) => l.list)).size >= 5, 'at least 5 papers');
  assert.ok(labels.filter((l) => l.label !== null).length >= 40, 'enough references name a corpus paper');
  for (const l of labels) if (l.label) assert.ok(corpus.papers.has(l.label), `${l.list} ${l.key}: ${l.label}`);
});

test('a malformed labels row or an unknown id is an error naming the line', () => {
  const head = 'list\tposition\tkey\tlabel\tnote\n';
  assert.throws(() => parseLabels(`${head}meng2022\t0\tadi2017fine\tnosuch2099\t\n`, corpus), /line 2: nosuch2099 is not a corpus paper id/);
  assert.throws(() => parseLabels(`# c\n${head}meng2022\tx\tadi2017fine\tnone\t\n`, corpus), /line 3/);
  assert.throws(() => parseLabels(`${head}meng2022\t0\tadi2017fine\tnone\n`, corpus), /5 tab-separated columns/);
  assert.throws(() => parseLabels('meng2022\t0\tadi2017fine\tnone\t\n', corpus), /header/);
});

test('the sample is every 3rd entry of each shared list, and matching meets the targets', { skip }, () => {
  const e = evaluateReferences(corpus, loadLabels(corpus));
  assert.equal(e.lists, 8);
  assert.ok(e.precision >= 0.95, `precision ${e.precision}; wrong: ${e.wrong.map((x) => `${x.key}→${x.predicted}`).join(', ')}`);
  assert.ok(e.recall >= 0.9, `recall ${e.recall}; missed: ${e.missed.map((x) => x.key).join(', ')}`);
});

test('the unseen lists: at least 50 labels, every reference of each list, and matching meets the targets there too', () => {
  const labels = loadLabels(corpus, UNSEEN_LABELS_FILE);
  assert.ok(labels.length >= 50, `${labels.length} labels`);
  for (const l of labels) if (l.label) assert.ok(corpus.papers.has(l.label), `${l.list} ${l.key}: ${l.label}`);
  // None of them is a list the matcher was tuned on.
  const tuned = new Set(loadLabels(corpus).map((l) => l.list));
  assert.deepEqual([...new Set(labels.map((l) => l.list))].filter((l) => tuned.has(l)), []);
  const e = evaluateUnseen(corpus, labels);
  assert.equal(e.labelled, labels.length, 'every labelled reference was read at its position');
  assert.ok(e.precision >= 0.95, `precision ${e.precision}; wrong: ${e.wrong.map((x) => `${x.key}→${x.predicted}`).join(', ')}`);
  assert.ok(e.recall >= 0.9, `recall ${e.recall}; missed: ${e.missed.map((x) => x.key).join(', ')}`);
});

test('the results section is replaced in place and survives a rewrite of the rest', () => {
  const e = { items: [], lists: 0, labelled: 0, positives: 0, predicted: 0, correct: 0, precision: 1, recall: 1, wrong: [], missed: [] };
  const section = renderReferenceSection(e);
  const once = withReferenceSection('# Eval results\n\nbody\n', section);
  const twice = withReferenceSection(once, section);
  assert.equal(twice, once);
  assert.equal(referenceSectionOf(once), section);
  assert.match(withReferenceSection('# New\n', referenceSectionOf(once)!), /^# New\n\n<!-- reference-matching:start/);
});
