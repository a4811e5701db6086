/**
 * Imports every BlackboxNLP paper (ACL Anthology XML, 2018–2025) into corpus/papers/blackboxnlp.yaml.
 *   npm run ingest:blackboxnlp [-- --data ../shared/data]
 */
import { reportLines, todayUtc } from '../../src/ingest/run-import.ts';
import { importBlackboxnlp } from '../../src/ingest/sources.ts';
import { argValue, DEFAULT_DATA_DIR, repoPath } from './paths.ts';

const report = importBlackboxnlp({
  dataDir: argValue('--data') ?? DEFAULT_DATA_DIR,
  corpusDir: argValue('--corpus') ?? repoPath('corpus'),
  today: todayUtc(),
});
for (const line of reportLines(report)) process.stderr.write(`${line}\n`);
