/**
 * `mechanistic lineage <concept> [--out file.png]`: who did it first, as text and as a timeline.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DEFAULT_CORPUS_DIR, loadCorpus } from '../../corpus/load.ts';
import { lineageChartSpec } from '../../digest/chart-spec.ts';
import { buildLineage, findConcept, lineageText } from '../../digest/lineage.ts';
import { renderPng } from '../../digest/render-png.ts';
import { UsageError, type Command } from '../command.ts';
import { COMMAND_SUMMARIES } from './index.ts';

const USAGE = `mechanistic lineage <concept> [--out file.png]

Lists a concept's NLPI precedents and the MI works on it, earliest first, and with --out writes
a timeline picture of the same papers placed by year and community.

examples:
  mechanistic lineage "activation patching"
  mechanistic lineage probing --out probing.png`;

export const lineageCommand: Command = {
  name: 'lineage',
  summary: COMMAND_SUMMARIES.lineage,
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: { out: { type: 'string' }, corpus: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
    if (values.help) {
      io.stdout(USAGE);
      return 0;
    }
    const query = positionals.join(' ').trim();
    if (!query) throw new UsageError(`no concept given.\nusage: ${USAGE.split('\n')[0]}`);
    const corpus = loadCorpus(values.corpus ?? DEFAULT_CORPUS_DIR);
    const match = findConcept(corpus, query);
    if (!match.found) throw new UsageError(match.message);
    const lineage = buildLineage(corpus, match.concept);
    io.stdout(lineageText(lineage));
    if (values.out) {
      writeFileSync(values.out, await renderPng(lineageChartSpec(lineage)));
      io.stderr(`mechanistic lineage: picture written to ${values.out}`);
    }
    return 0;
  },
};
