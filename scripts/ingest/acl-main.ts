/**
 * Imports the interpretability/analysis papers of ACL, EMNLP, NAACL and TACL into corpus/papers/acl-main.yaml,
 * selected from corpus/selection/acl-main-scores.tsv by the rule in src/ingest/selection.ts.
 *   npm run ingest:acl-main [-- --data ../shared/data]
 */
import { reportLines, todayUtc } from '../../src/ingest/run-import.ts';
import { importAclMain } from '../../src/ingest/sources.ts';
import { argValue, DEFAULT_DATA_DIR, repoPath } from './paths.ts';

const report = importAclMain({
  dataDir: argValue('--data') ?? DEFAULT_DATA_DIR,
  corpusDir: argValue('--corpus') ?? repoPath('corpus'),
  today: todayUtc(),
});
process.stderr.write(`${report.selected} papers selected by the rule; ${report.cited.length} works cited by MI papers are in the XML (label them in corpus/selection/mi-cited-acl.tsv)\n`);
if (report.leftOut.length) process.stderr.write(`selected but left out (no abstract; add a summary to corpus/selection/acl-main-summaries.tsv): ${report.leftOut.join(', ')}\n`);
for (const line of reportLines(report)) process.stderr.write(`${line}\n`);
