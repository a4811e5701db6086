/**
 * `npm run eval:references`: matching precision and recall on the hand-labelled references
 * (eval/reference-labels.tsv), written as a section of eval/results.md. Exits 1 below the targets
 * (precision ≥ 0.95, recall ≥ 0.9).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CORPUS_DIR, loadCorpus } from '../src/corpus/load.ts';
import { evaluateReferences, loadLabels, renderReferenceSection, withReferenceSection } from './eval/references.ts';

const RESULTS = fileURLToPath(new URL('../eval/results.md', import.meta.url));
/** What was changed in the matcher after seeing the eval's errors (kept in the report). */
export const CHANGES: string[] = ['None: the first run showed no wrong and no missed match on the labels, so the matcher was not changed.'];

const corpus = loadCorpus(DEFAULT_CORPUS_DIR);
const e = evaluateReferences(corpus, loadLabels(corpus));
let results = '';
try {
  results = readFileSync(RESULTS, 'utf8');
} catch {}
writeFileSync(RESULTS, withReferenceSection(results, renderReferenceSection(e, CHANGES)));
console.log(`reference matching: ${e.labelled} labelled, precision ${e.precision.toFixed(3)}, recall ${e.recall.toFixed(3)}; ${e.wrong.length} wrong, ${e.missed.length} missed`);
for (const x of e.wrong) console.log(`  wrong  ${x.list} ${x.key}: label ${x.label ?? 'none'}, matched ${x.predicted} (${x.how})`);
for (const x of e.missed) console.log(`  missed ${x.list} ${x.key}: label ${x.label}`);
console.log(`wrote ${RESULTS}`);
process.exit(e.precision >= 0.95 && e.recall >= 0.9 ? 0 : 1);
