/**
 * `mechanistic corpus stats [--json]`: how many papers and concepts the corpus holds, per community and year.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_CORPUS_DIR, loadCorpus } from '../../corpus/load.ts';
import { corpusStats, statsJson, statsTable } from '../../corpus/stats.ts';
import { UsageError, type Command } from '../command.ts';

const USAGE = `mechanistic corpus stats [--json] [--corpus dir]

Counts the corpus: papers, concepts, papers per community (NLPI, MI, other) and per year.
--json prints {"papers","concepts","byCommunity","byYear"} for other tools.
(npm run corpus:stats also draws docs/corpus-papers-per-year.png.)

examples:
  mechanistic corpus stats
  mechanistic corpus stats --json`;

export const corpusCommand: Command = {
  name: 'corpus',
  summary: 'corpus statistics: papers and concepts per community and per year',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: { json: { type: 'boolean' }, corpus: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
    if (values.help) {
      io.stdout(USAGE);
      return 0;
    }
    const [sub, ...rest] = positionals;
    if (sub !== 'stats' || rest.length > 0) {
      throw new UsageError(`expected "corpus stats", got "corpus ${positionals.join(' ')}".\nusage: ${USAGE.split('\n')[0]}`);
    }
    const stats = corpusStats(loadCorpus(values.corpus ?? DEFAULT_CORPUS_DIR));
    io.stdout(values.json ? JSON.stringify(statsJson(stats)) : statsTable(stats));
    return 0;
  },
};
