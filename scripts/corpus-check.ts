/**
 * `npm run corpus:check [-- <corpus dir>]`: checks the curated corpus and prints a summary.
 * Exits 1 when there are problems; warnings are printed but do not fail the run.
 */
import { DEFAULT_CORPUS_DIR } from '../src/corpus/load.ts';
import { checkCorpusDir, formatSummary } from '../src/corpus/check.ts';

const dir = process.argv[2] ?? DEFAULT_CORPUS_DIR;
const result = checkCorpusDir(dir, { maxYear: new Date().getUTCFullYear() });

if (result.summary) console.log(formatSummary(result.summary));
if (result.warnings.length > 0) {
  console.log(`\n${result.warnings.length} warning(s) to review:`);
  for (const w of result.warnings) console.log(`  ${w}`);
}
if (result.problems.length > 0) {
  console.error(`\ncorpus:check: ${result.problems.length} problem(s) in ${dir}:`);
  for (const p of result.problems) console.error(`  ${p}`);
  process.exitCode = 1;
} else {
  console.log('\ncorpus:check: no problems');
}
