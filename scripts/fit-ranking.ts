/**
 * `npm run eval:fit-ranking`: fits the learned precedent ranking (src/core/precedent-ranking.ts) on the
 * hybrid's answers to the training splits (TRAINING_SPLITS), with targets from the labellers'
 * lists and the hand grades (eval/relevance-grades.tsv), and writes corpus/models/precedent-ranking.json.
 * `-- --check` refits and exits 1 when the committed file differs (run it after changing the corpus,
 * the features, the training splits or the grades).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_CORPUS_DIR, loadCorpus } from '../src/corpus/load.ts';
import { loadMissRates } from '../src/corpus/missed.ts';
import { PRECEDENT_MODEL_FILE, type PrecedentModelFile } from '../src/corpus/precedent-model.ts';
import { fitRankingModel, RANKING_L2, rankingRows, SHIPPED_SIGNS } from './eval/ranking-model.ts';
import { TRAINING_SPLITS } from './eval/dataset.ts';
import { GRADES_PATH, parseGrades } from './eval/report.ts';
import { buildSystems } from './eval/run.ts';
import { writeOrCheck } from './generated-file.ts';

const root = (p: string) => fileURLToPath(new URL(`../${p}`, import.meta.url));

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { check: { type: 'boolean', default: false }, 'data-dir': { type: 'string' } } });
  const corpus = loadCorpus(DEFAULT_CORPUS_DIR);
  const { systems } = await buildSystems({
    corpus,
    dataDir: values['data-dir'] ?? root('.cache/eval'),
    kinds: ['hybrid'],
    embedders: ['use-lite'],
    // The miss rates as shipped; never the learned scorer (rows record the hand-weighted prior's ranking).
    ranking: { missRates: loadMissRates(DEFAULT_CORPUS_DIR) },
  });
  const hybrid = systems[0];
  if (!hybrid) {
    process.stderr.write('fit-ranking: the use-lite encoder could not be loaded, so the hybrid cannot answer\n');
    return 2;
  }
  const { rows, linkGrades } = await rankingRows(hybrid, corpus, TRAINING_SPLITS, parseGrades(readFileSync(GRADES_PATH, 'utf8')));
  const model: PrecedentModelFile = {
    ...fitRankingModel(rows, { l2: RANKING_L2, signs: SHIPPED_SIGNS }),
    trainedOn: [...TRAINING_SPLITS],
    rows: rows.length,
    l2: RANKING_L2,
  };
  // The link grades last, one link a line and sorted, so a changed grade is a one-line change in review.
  const grades = [...linkGrades].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, g]) => `    ${JSON.stringify(key)}: ${JSON.stringify(g)}`);
  const text = `${JSON.stringify(model, null, 2).replace(/\n}$/, '')},\n  "linkGrades": {\n${grades.join(',\n')}\n  }\n}\n`;
  const path = join(DEFAULT_CORPUS_DIR, PRECEDENT_MODEL_FILE);
  const status = writeOrCheck(path, text, { check: values.check === true, command: 'npm run eval:fit-ranking', detail: `${rows.length} rows from ${TRAINING_SPLITS.join(', ')}` });
  if (values.check) return status;
  for (const [i, f] of model.features.entries()) process.stdout.write(`  ${f.padEnd(20)} ${model.weights[i]! >= 0 ? '+' : ''}${model.weights[i]!.toFixed(3)}\n`);
  process.stdout.write(`  ${'bias'.padEnd(20)} ${model.bias.toFixed(3)}\n`);
  return 0;
}

process.exitCode = await main();
