/**
 * `mechanistic paper <id|title>`: one corpus paper (src/cli/commands/lookups.ts).
 * `mechanistic paper add <link>`: for curators, reads a paper from its source (through the cache) and
 * appends it to a curated corpus file (src/ingest/add-paper.ts).
 */
import { parseArgs } from 'node:util';
import { sourceCacheOf } from '../../app/resolve-paper.ts';
import { loadConfig } from '../../config.ts';
import { DEFAULT_CORPUS_DIR } from '../../corpus/load.ts';
import { ADDED_FILE, AddPaperError, addPaperFromLink, addedPaperText } from '../../ingest/add-paper.ts';
import { createSources, sourceSettingsFromConfig } from '../../sources/index.ts';
import { openStoreFromConfig } from '../../store/open.ts';
import { COMMAND_SUMMARIES } from './index.ts';
import { UsageError, type CliIo, type Command } from '../command.ts';
import { paperCommand as lookupPaper } from './lookups.ts';

const ADD_USAGE = `mechanistic paper add <arXiv, ACL Anthology, DOI, OpenReview or Semantic Scholar link or id> [--summary "…"] [--file ${ADDED_FILE}] [--corpus dir] [--json]
  Reads the paper from its source (or the cache) and appends it to corpus/papers/${ADDED_FILE} with a proposed
  community label and evidence lines. arXiv and Anthology abstracts are stored; for other sources pass --summary.
  A paper already in the corpus is refused. Respects MECHANISTIC_NETWORK and the MECHANISTIC_*_API_URL settings.
  e.g. mechanistic paper add https://arxiv.org/abs/2401.06102`;

async function add(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: { summary: { type: 'string' }, file: { type: 'string' }, corpus: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    io.stdout(ADD_USAGE);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`expected one link or id.\nusage: ${ADD_USAGE.split('\n')[0]}`);
  const config = loadConfig(io.env);
  const store = await openStoreFromConfig(config);
  try {
    const added = await addPaperFromLink(positionals[0]!, {
      corpusDir: values.corpus ?? DEFAULT_CORPUS_DIR,
      ...(values.file ? { file: values.file } : {}),
      sources: createSources(sourceSettingsFromConfig(config)),
      cache: sourceCacheOf(store.sourceCache),
      today: new Date().toISOString().slice(0, 10),
      ...(values.summary ? { summary: values.summary } : {}),
    });
    io.stdout(values.json ? JSON.stringify({ added: added.paper, file: added.path, via: added.via }) : addedPaperText(added));
    return 0;
  } catch (e) {
    if (e instanceof AddPaperError) throw new UsageError(e.message);
    throw e;
  } finally {
    await store.close();
  }
}

export const paperCommand: Command = {
  name: 'paper',
  summary: COMMAND_SUMMARIES.paper,
  usage: `${lookupPaper.usage}\n${ADD_USAGE}`,
  run: (args, io) => (args[0] === 'add' ? add(args.slice(1), io) : lookupPaper.run(args, io)),
};
