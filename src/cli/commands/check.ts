/**
 * `mechanistic check <arXiv id | URL | path | -> [--bib refs.bib] [--json]`: which NLPI precedents of the
 * paper's concepts it cites (✓) and which it may be missing (✗), with measured miss rates.
 */
import { readFileSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createCheckStep, type CheckResult } from '../../app/check-step.ts';
import { MAX_REFERENCES_BYTES } from '../../app/reference-lists.ts';
import { paperResolutionFromConfig, sourceCacheOf } from '../../app/resolve-paper.ts';
import { loadConfig } from '../../config.ts';
import { createLogger } from '../../log.ts';
import { answeringSourceSettings, createSources } from '../../sources/index.ts';
import { openStoreFromConfig } from '../../store/open.ts';
import { UsageError, type CliIo, type Command } from '../command.ts';
import { openForCli } from '../open.ts';
import { COMMAND_SUMMARIES } from './index.ts';

const USAGE = `mechanistic check <arXiv id | arXiv/ACL/DOI/OpenReview URL | path to a text file | -> [--bib refs.bib] [--json]

Which earlier NLP-interpretability work the paper's concepts have, which of it the paper cites (✓) and
which it does not (✗, most often missed by MI papers first), with a coverage score per concept.
References come from --bib (BibTeX), else a "References" section in the text, else Semantic Scholar.
--json prints the check contract: {"paper","notices","definitions","concepts","coverage","references"}.

examples:
  mechanistic check 2202.05262
  mechanistic check https://arxiv.org/abs/2304.14997 --json
  mechanistic check paper.txt
  mechanistic check "Title: ... Abstract: ..." --bib refs.bib
  pdftotext paper.pdf - | mechanistic check -`;

function readFileArg(path: string, what: string): string {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new UsageError(`${what} ${path} does not exist`);
  }
  if (size > MAX_REFERENCES_BYTES) throw new UsageError(`${what} ${path} is ${(size / 1e6).toFixed(1)} MB; the limit is ${MAX_REFERENCES_BYTES / 1e6} MB`);
  return readFileSync(path, 'utf8');
}

function looksLikePath(arg: string): boolean {
  if (/^https?:\/\//i.test(arg) || /^(arxiv:)?\d{4}\.\d{4,5}(v\d+)?$/i.test(arg) || /^10\.\d{4,9}\//.test(arg)) return false;
  try {
    return statSync(arg).isFile();
  } catch {
    return false;
  }
}

export function renderCheckText(c: CheckResult): string {
  const out: string[] = [];
  if (c.paper) out.push(`${c.paper.title} (${c.paper.year})`, c.paper.url, '');
  for (const n of c.notices) out.push(`note: ${n}`);
  if (c.notices.length) out.push('');
  const verdict = (v: boolean | null) => (v === true ? 'yes' : v === false ? 'no' : "can't tell");
  out.push('Is this mechanistic?');
  for (const [k, label] of [['narrowTechnical', 'Narrow technical'], ['broadTechnical', 'Broad technical'], ['narrowCultural', 'Narrow cultural'], ['broadCultural', 'Broad cultural']] as const) {
    out.push(`  ${verdict(c.definitions[k].applies).padEnd(11)}${label}`);
  }
  out.push('');
  if (c.coverage.length === 0) out.push('No crosswalk concept was recognized: nothing to check the references against.');
  for (const cov of c.coverage) {
    out.push(`${cov.name}: cites ${cov.cited.length} of ${cov.cited.length + cov.missing.length} earlier NLPI precedents (coverage ${cov.score.toFixed(2)})`);
    for (const p of cov.cited) out.push(`  ✓ ${p.authors[0] ?? ''} ${p.year}. ${p.title}`);
    for (const p of cov.missing) {
      const rate = p.missRate === null ? '' : `  [missed by ${Math.round(p.missRate * 100)}% of measured MI papers]`;
      out.push(`  ✗ ${p.authors[0] ?? ''} ${p.year}. ${p.title}${rate}`, `      ${p.url}`);
    }
    out.push('');
  }
  const r = c.references;
  out.push(`References (${r.source}): ${r.total} read, ${r.matched.length} matched to corpus papers, ${r.unmatched.length} not in the corpus.`);
  return out.join('\n');
}

export const checkCommand: Command = {
  name: 'check',
  summary: COMMAND_SUMMARIES.check,
  usage: USAGE,
  async run(args: string[], io: CliIo) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, strict: true, options: { bib: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
    if (values.help) {
      io.stdout(USAGE);
      return 0;
    }
    if (positionals.length === 0) throw new UsageError(`no paper given.\nusage: ${USAGE.split('\n')[0]}`);
    const arg = positionals.join(' ');
    let text: string;
    if (arg === '-') {
      const lines: string[] = [];
      for await (const line of io.readStdin()) lines.push(line);
      text = lines.join('\n');
    } else text = positionals.length === 1 && looksLikePath(arg) ? readFileArg(arg, 'the text file') : arg;
    const bib = values.bib !== undefined ? { text: readFileArg(values.bib, 'the .bib file'), label: values.bib } : undefined;

    const config = loadConfig(io.env);
    const mechanistic = await openForCli(io, { inProcessEncoder: true });
    const store = await openStoreFromConfig(config);
    try {
      const log = createLogger(io.env.LOG_LEVEL ? config.LOG_LEVEL : 'silent');
      const cache = sourceCacheOf(store.sourceCache);
      const step = createCheckStep({
        mechanistic,
        resolvePaper: paperResolutionFromConfig(config, mechanistic.corpus, cache, log),
        sources: createSources(answeringSourceSettings(config)),
        cache,
        log,
        timeoutMs: config.MECHANISTIC_ANSWER_TIMEOUT_MS,
        store,
      });
      const outcome = await step.check({ text, ...(bib ? { bib } : {}) });
      if (!outcome.ok) throw new UsageError(outcome.message);
      io.stdout(values.json ? JSON.stringify(outcome.check, null, 2) : renderCheckText(outcome.check));
      return 0;
    } finally {
      await store.close();
      await mechanistic.close?.();
    }
  },
};
