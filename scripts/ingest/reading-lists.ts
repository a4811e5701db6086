/**
 * Imports MI papers from the two CC0 reading lists into corpus/papers/mi-reading-lists.yaml, taking
 * authors, summaries and labs from corpus/selection/mi-reading-lists-verified.yaml.
 *   npm run ingest:reading-lists [-- --data ../shared/data]
 */
import { reportLines, todayUtc } from '../../src/ingest/run-import.ts';
import { importReadingLists } from '../../src/ingest/sources.ts';
import { argValue, DEFAULT_DATA_DIR, repoPath } from './paths.ts';

const report = importReadingLists({
  dataDir: argValue('--data') ?? DEFAULT_DATA_DIR,
  corpusDir: argValue('--corpus') ?? repoPath('corpus'),
  today: todayUtc(),
});
for (const line of reportLines(report)) process.stderr.write(`${line}\n`);
process.stderr.write(`${report.unchecked} listed arXiv papers not imported: authors not checked yet (add them to corpus/selection/mi-reading-lists-verified.yaml)\n`);
