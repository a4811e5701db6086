/**
 * Imports a BibTeX file. BibTeX abstracts have no known licence, so each entry needs a summary of
 * ours (--summaries TSV) to enter the corpus; entries without one are listed as errors.
 *   npm run ingest:bibtex -- --out my-refs.yaml --file refs.bib [--summaries refs-summaries.tsv]
 */
import { readFileSync } from 'node:fs';
import { parseBibtex } from '../../src/ingest/bibtex.ts';
import { argValue } from './paths.ts';
import { finish, usage } from './cli-common.ts';

const file = argValue('--file') ?? usage('--file <refs.bib> is required; and --out <file.yaml>');
let text: string;
try {
  text = readFileSync(file, 'utf8');
} catch (e) {
  usage(`cannot read --file ${file} (${(e as NodeJS.ErrnoException).code}): give the path of a .bib file`);
}
finish(parseBibtex(text, `bibtex:${file}`), `BibTeX ${file}`);
