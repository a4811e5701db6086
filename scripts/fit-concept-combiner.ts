/**
 * `npm run eval:fit-concepts`: fits the learned concept combination (src/retrieval/concept-combiner.ts) on the
 * concepts labelled for the real training splits (CONCEPT_TRAINING_SPLITS), from the hybrid's channels with each
 * paper left out of the classifier, and writes corpus/models/concept-combiner.json. `-- --check` refits and exits 1
 * when the committed file differs (run it after changing the corpus, the channels, the features or the splits; then
 * refit the ranking, whose candidates follow the concepts: npm run eval:fit-ranking).
 */
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CORPUS_DIR, loadCorpus } from '../src/corpus/load.ts';
import { BUNDLED_CONCEPT_COMBINER } from '../src/retrieval/concept-combiner.ts';
import { CONCEPT_L2, CONCEPT_TRAINING_SPLITS, combinerRows, fitCombiner } from './eval/concept-combiner-fit.ts';
import { buildSystems } from './eval/run.ts';
import { writeOrCheck } from './generated-file.ts';

const root = (p: string) => fileURLToPath(new URL(`../${p}`, import.meta.url));

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { check: { type: 'boolean', default: false }, 'data-dir': { type: 'string' } } });
  const corpus = loadCorpus(DEFAULT_CORPUS_DIR);
  const { systems } = await buildSystems({ corpus, dataDir: values['data-dir'] ?? root('.cache/eval'), kinds: ['hybrid'], embedders: ['use-lite'] });
  const hybrid = systems[0];
  if (!hybrid) {
    process.stderr.write('fit-concept-combiner: the use-lite encoder could not be loaded, so the hybrid has no concept similarities\n');
    return 2;
  }
  const rows = await combinerRows(hybrid, corpus);
  const items = new Set(rows.map((r) => r.item)).size;
  const model = { ...fitCombiner(rows), trainedOn: [...CONCEPT_TRAINING_SPLITS], items, rows: rows.length, l2: CONCEPT_L2 };
  const status = writeOrCheck(BUNDLED_CONCEPT_COMBINER, `${JSON.stringify(model, null, 2)}\n`, {
    check: values.check === true,
    command: 'npm run eval:fit-concepts',
    shown: 'corpus/models/concept-combiner.json',
    detail: `${rows.length} rows from ${items} items of ${CONCEPT_TRAINING_SPLITS.length} splits`,
  });
  if (values.check) return status;
  for (const [i, f] of model.features.entries()) process.stdout.write(`  ${f.padEnd(20)} ${model.weights[i]! >= 0 ? '+' : ''}${model.weights[i]!.toFixed(3)}\n`);
  process.stdout.write(`  ${'bias'.padEnd(20)} ${model.bias.toFixed(3)}\n`);
  return 0;
}

process.exitCode = await main();
