/**
 * Regenerates corpus/missed-precedents.tsv, the measured miss-rate table, from complete reference lists
 * of MI papers: every `*.bib` in ../shared/data/mi-references (or the dirs given with --lists).
 *   npm run corpus:missed [-- --lists DIR [--lists DIR2]] [--check]
 * --check: exit 1 when the committed table differs from what the lists give (for CI), writing nothing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_CORPUS_DIR, loadCorpus } from '../src/corpus/load.ts';
import { referencesFromBibtex } from '../src/app/bibtex-references.ts';
import { MISSED_FILE, measureLists, missedTableText, renderMissedTable } from '../src/corpus/missed.ts';
import { writeOrCheck } from './generated-file.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const SHARED_LISTS = join(ROOT, '..', 'shared', 'data', 'mi-references');

const { values } = parseArgs({ options: { lists: { type: 'string', multiple: true }, check: { type: 'boolean' }, quiet: { type: 'boolean' } } });
const dirs = values.lists ?? [SHARED_LISTS];
const lists = dirs.flatMap((dir) =>
  readdirSync(dir)
    .filter((n) => n.endsWith('.bib'))
    .sort()
    .map((n) => {
      const label = relative(ROOT, join(dir, n)).replace(/^\.\.\//, '../');
      const text = readFileSync(join(dir, n), 'utf8');
      return { label, text, refs: referencesFromBibtex(text, label) };
    }),
);
if (lists.length === 0) {
  console.error(`corpus:missed: no .bib files in ${dirs.join(', ')}`);
  process.exit(2);
}
const corpus = loadCorpus(DEFAULT_CORPUS_DIR);
const m = measureLists(corpus, lists);
const table = renderMissedTable(m);
const target = join(DEFAULT_CORPUS_DIR, MISSED_FILE);
if (!values.check && !values.quiet) {
  for (const l of m.lists) console.log(`${l.paperId}: ${l.matched}/${l.total} references matched; concepts ${l.concepts.join(', ')}`);
  console.log(`\n${missedTableText(m.cells, corpus)}\n`);
}
process.exitCode = writeOrCheck(target, table, { check: values.check === true, command: 'npm run corpus:missed', shown: relative(ROOT, target), detail: `${m.cells.length} cells` });
