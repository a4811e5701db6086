/**
 * `mechanistic corpus stats [--json]`: how many papers and concepts the corpus holds, per community and year.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_CORPUS_DIR, loadCorpus } from '../../corpus/load.ts';
import { MISSED_FILE, missedTableText, parseMissedTable } from '../../corpus/missed.ts';
import { corpusStats, statsJson, statsTable } from '../../corpus/stats.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError, type Command } from '../command.ts';
import { COMMAND_SUMMARIES } from './index.ts';

const USAGE = `mechanistic corpus stats [--json] [--corpus dir]
mechanistic corpus missed [--json] [--corpus dir]

stats: counts the corpus: papers, concepts, papers per community (NLPI, MI, other) and per year.
--json prints {"papers","concepts","byCommunity","byYear"} for other tools.
(npm run corpus:stats also draws docs/corpus-papers-per-year.png.)

missed: the measured miss-rate table (corpus/${MISSED_FILE}): per concept and NLPI precedent, how many
of the measured MI papers on the concept cite it. --json prints [{"concept","precedent","papers","citing","missRate","citedBy","missedBy"}] (citedBy + missedBy: the papers counted).
Regenerate it with npm run corpus:missed.

examples:
  mechanistic corpus stats
  mechanistic corpus stats --json
  mechanistic corpus missed`;

export const corpusCommand: Command = {
  name: 'corpus',
  summary: COMMAND_SUMMARIES.corpus,
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
    if ((sub !== 'stats' && sub !== 'missed') || rest.length > 0) {
      throw new UsageError(`expected "corpus stats" or "corpus missed", got "corpus ${positionals.join(' ')}".\nusage: ${USAGE.split('\n')[0]}`);
    }
    if (sub === 'missed') {
      const dir = values.corpus ?? DEFAULT_CORPUS_DIR;
      let text: string;
      try {
        text = readFileSync(join(dir, MISSED_FILE), 'utf8');
      } catch {
        throw new UsageError(`no miss-rate table at ${join(dir, MISSED_FILE)}: run npm run corpus:missed`);
      }
      const cells = parseMissedTable(text);
      io.stdout(values.json ? JSON.stringify(cells) : `${text.split('\n').filter((l) => l.startsWith('#   ')).map((l) => `measured: ${l.slice(4)}`).join('\n')}\n\n${missedTableText(cells, loadCorpus(dir))}`);
      return 0;
    }
    const stats = corpusStats(loadCorpus(values.corpus ?? DEFAULT_CORPUS_DIR));
    io.stdout(values.json ? JSON.stringify(statsJson(stats)) : statsTable(stats));
    return 0;
  },
};
