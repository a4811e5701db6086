/**
 * `npm run ingest:seed [-- --in <references.jsonl>] [--out <seed.yaml>]`: imports the seed
 * paper's checked bibliography into the curated corpus, keeping curated fields.
 * Prints skipped works and problems on stderr; exits 1 when an input line or a curated
 * entry is bad (the good entries are still written).
 */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { DEFAULT_REFERENCES, DEFAULT_SEED_YAML, importSeedBibliography } from '../../src/ingest/seed-bibliography.ts';

function main(): number {
  let values: { in?: string | undefined; out?: string | undefined };
  try {
    ({ values } = parseArgs({ options: { in: { type: 'string' }, out: { type: 'string' } } }));
  } catch (e) {
    process.stderr.write(`ingest:seed: ${(e as Error).message}. Usage: npm run ingest:seed -- [--in references.jsonl] [--out seed.yaml]\n`);
    return 2;
  }
  const inPath = values.in ? resolve(values.in) : DEFAULT_REFERENCES;
  const outPath = values.out ? resolve(values.out) : DEFAULT_SEED_YAML;
  let result;
  try {
    result = importSeedBibliography({ inPath, outPath, today: new Date().toISOString().slice(0, 10) });
  } catch (e) {
    process.stderr.write(`ingest:seed: ${(e as Error).message}\n`);
    return 2;
  }
  const log = (line: string) => process.stderr.write(`${line}\n`);
  log(`ingest:seed: wrote ${result.entries.length} works to ${outPath}; skipped ${result.skipped.length}`);
  for (const s of result.skipped) log(`  skipped ${s.key}: ${s.reason}`);
  for (const id of result.dropped) log(`  removed ${id}: no longer imported from ${inPath} (its curated fields are gone)`);
  if (result.needsSummary.length > 0) {
    log(`  ${result.needsSummary.length} work(s) need a summary in ${outPath}: ${result.needsSummary.join(', ')}`);
  }
  for (const e of result.errors) log(`  error: ${e}`);
  return result.errors.length > 0 ? 1 : 0;
}

process.exitCode = main();
