/** Shared pieces of the network and file importer CLIs (arXiv, BibTeX, Semantic Scholar). */
import { readFileSync } from 'node:fs';
import { proposeCommunity } from '../../src/ingest/community-rules.ts';
import type { ImportedPaper, ImportResult } from '../../src/ingest/record.ts';
import { reportLines, runImport, todayUtc } from '../../src/ingest/run-import.ts';
import { applySummaries, parseSummariesTsv } from '../../src/ingest/summaries.ts';
import { argValue, repoPath } from './paths.ts';

export function usage(text: string): never {
  process.stderr.write(`${text}\n`);
  process.exit(2);
}

export function communityOf(p: ImportedPaper) {
  return proposeCommunity({ authors: p.authors, venue: p.venue, url: p.url, acl: p.ids.acl });
}

/** Writes the imported records to corpus/papers/<--out>, with summaries from --summaries, and reports. */
export function finish(result: ImportResult, what: string): void {
  const out = argValue('--out') ?? usage(`--out <file.yaml> is required: the corpus/papers/ file to write (${what})`);
  if (!/^[a-z0-9-]+\.yaml$/.test(out)) usage(`--out ${out}: expected a file name like my-list.yaml (it is written under corpus/papers/)`);
  const summariesPath = argValue('--summaries');
  let papers = result.papers;
  const errors = [...result.errors];
  if (summariesPath) {
    const parsed = parseSummariesTsv(readFileSync(summariesPath, 'utf8'), summariesPath);
    papers = applySummaries(papers, parsed.summaries);
    errors.push(...parsed.errors);
  }
  const report = runImport({
    corpusDir: argValue('--corpus') ?? repoPath('corpus'),
    fileName: out,
    header: `# Imported by \`${process.argv[1]?.replace(/^.*scripts\//, 'scripts/') ?? 'an importer'}\` (${what}).\n# Curated by hand and kept on rerun: community, communityEvidence, summary, tags (and provenance dates).`,
    imported: papers,
    readErrors: errors,
    community: communityOf,
    today: todayUtc(),
  });
  for (const line of reportLines(report)) process.stderr.write(`${line}\n`);
}
