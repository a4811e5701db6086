import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAnthologyXml } from '../../src/ingest/anthology.ts';
import { labelledRecall, lexicalDecision, LEXICAL_RULE } from '../../src/ingest/lexical-selection.ts';
import { parseLabelsTsv, parseScoresTsv, sampleOrder, selectionReason } from '../../src/ingest/selection.ts';
import { aclMainReason, parseMiCitedTsv } from '../../src/ingest/sources.ts';

const SEL = (f: string) => new URL(`../../corpus/selection/${f}`, import.meta.url).pathname;
const MAIN_XML = new URL('../../../shared/data/acl-anthology/main/', import.meta.url).pathname;
const noXml = existsSync(MAIN_XML) ? false : `no shared ACL XML at ${MAIN_XML}: skipped`;

test('the lexical rule: strong title patterns select alone; weak ones need abstract support; system papers lose points', () => {
  const probe = lexicalDecision('A Structural Probe for Finding Syntax in Word Representations', 'We propose a structural probe.');
  assert.ok(probe.selected);
  assert.match(probe.reason, /title:probe\+2/);
  assert.equal(lexicalDecision('Neural Machine Translation with Better Beam Search', 'We improve BLEU.').selected, false);
  const interpretableSystem = lexicalDecision(
    'An Interpretable Entity Alignment Framework',
    'We propose a novel framework for entity alignment that outperforms state-of-the-art methods and offers interpretability.',
  );
  assert.equal(interpretableSystem.selected, false, interpretableSystem.reason);
  const supported = lexicalDecision(
    'What Transformers Tell Us About Syntax',
    'We investigate whether the hidden representations of BERT encode syntactic structure, using probing classifiers.',
  );
  assert.ok(supported.selected && supported.titlePoints < LEXICAL_RULE.titleAlone, supported.reason);
});

test('precision and recall count labelled papers', () => {
  const r = labelledRecall(
    [
      { anthologyId: 'a', relevant: true },
      { anthologyId: 'b', relevant: true },
      { anthologyId: 'c', relevant: false },
      { anthologyId: 'd', relevant: false },
    ],
    (id) => id === 'a' || id === 'c',
  );
  assert.deepEqual([r.selected, r.truePositives, r.precision, r.recall], [2, 1, 0.5, 0.5]);
});

test('the random labelled sample is the first 640 of the stable sample order, labelled yes/no', { skip: noXml }, () => {
  const labels = parseLabelsTsv(readFileSync(SEL('acl-main-random-labels.tsv'), 'utf8'), 'acl-main-random-labels.tsv');
  assert.equal(labels.length, 640);
  const ids = readdirSync(MAIN_XML)
    .filter((f) => f.endsWith('.xml'))
    .flatMap((f) => parseAnthologyXml(readFileSync(join(MAIN_XML, f), 'utf8'), f).papers)
    .filter((p) => p.track === 'main' || p.track === 'srw')
    .map((p) => p.ids.acl);
  assert.equal(ids.length, 15916);
  assert.deepEqual(labels.map((l) => l.anthologyId), sampleOrder(ids, 'acl-main-random-sample').slice(0, 640));
});

test('measured precision and recall on the random sample are the ones corpus/README.md reports', { skip: noXml }, () => {
  const papers = readdirSync(MAIN_XML).filter((f) => f.endsWith('.xml')).flatMap((f) => parseAnthologyXml(readFileSync(join(MAIN_XML, f), 'utf8'), f).papers);
  const scores = parseScoresTsv(readFileSync(SEL('acl-main-scores.tsv'), 'utf8'), 'scores');
  const encoder = new Map(scores.flatMap((s) => (selectionReason(s) ? [[s.anthologyId, 'encoder'] as [string, string]] : [])));
  const cited = parseMiCitedTsv(readFileSync(SEL('mi-cited-acl.tsv'), 'utf8'));
  const selected = new Set(papers.filter((p) => aclMainReason(p, encoder, cited)).map((p) => p.ids.acl));
  const labels = parseLabelsTsv(readFileSync(SEL('acl-main-random-labels.tsv'), 'utf8'), 'random');
  const heldOut = labelledRecall(labels.slice(320), (id) => selected.has(id));
  const all = labelledRecall(labels, (id) => selected.has(id));
  // Reported in corpus/README.md: held out (rows 321-640) 25 relevant; 19 selected, 11 of them relevant; all 640: 43, 39, 23.
  assert.deepEqual([heldOut.relevant, heldOut.selected, heldOut.truePositives], [25, 19, 11]);
  assert.deepEqual([all.relevant, all.selected, all.truePositives], [43, 39, 23]);
  const readme = readFileSync(new URL('../../corpus/README.md', import.meta.url), 'utf8');
  assert.match(readme, /precision 57\.9%, recall 44\.0%/);
  assert.match(readme, /precision 59\.0%, recall 53\.5%/);
});
