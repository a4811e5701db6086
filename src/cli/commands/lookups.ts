import type { Lookup } from '../../core/service.ts';
import type { CliIo, Command } from '../command.ts';
import { UsageError } from '../command.ts';
import { renderConceptText, renderPaperText, renderTermText } from '../render-answer.ts';
import { loadConfig } from '../../config.ts';
import { DEFAULT_CORPUS_DIR, loadCorpus } from '../../corpus/load.ts';
import { mechanisticOver } from '../../app.ts';
import { PaperResolver } from '../../core/paper-resolver.ts';
import { createRetriever } from '../../retrieval/retriever.ts';
import { COMMAND_SUMMARIES } from './index.ts';

/** Lookups need no embedder: open the corpus with lexical search only, which starts instantly. */
function openLexical(io: CliIo) {
  loadConfig(io.env);
  const corpus = loadCorpus(DEFAULT_CORPUS_DIR);
  return mechanisticOver(corpus, { corpus, resolver: new PaperResolver(corpus), retriever: createRetriever({ corpus }) }, 'none');
}

function printLookup<T>(io: CliIo, result: Lookup<T>, render: (v: T) => string, json: boolean): number {
  if (result.found) {
    io.stdout(json ? JSON.stringify(result.value, null, 2) : render(result.value));
    return 0;
  }
  const hint = result.suggestions.length ? ` Did you mean: ${result.suggestions.join('; ')}?` : '';
  io.stderr(`mechanistic: ${result.message}.${hint}`);
  return 1;
}

function lookupCommand<T>(
  name: string,
  summary: string,
  usage: string,
  find: (m: ReturnType<typeof openLexical>, query: string) => Lookup<T>,
  render: (v: T) => string,
): Command {
  return {
    name,
    summary,
    usage,
    async run(args, io) {
      const json = args.includes('--json');
      const query = args.filter((a) => a !== '--json').join(' ').trim();
      if (!query) throw new UsageError(`nothing to look up.\nusage: ${usage}`);
      return printLookup(io, find(openLexical(io), query), render, json);
    },
  };
}

export const conceptCommand = lookupCommand(
  'concept',
  COMMAND_SUMMARIES.concept,
  'mechanistic concept <name> [--json]\n  e.g. mechanistic concept "activation patching"   ·   mechanistic concept "causal tracing"',
  (m, q) => m.concept(q),
  renderConceptText,
);

export const paperCommand = lookupCommand(
  'paper',
  COMMAND_SUMMARIES.paper,
  'mechanistic paper <id, arXiv/ACL id or URL, DOI, or title> [--json]\n  e.g. mechanistic paper vig2020   ·   mechanistic paper 2202.05262   ·   mechanistic paper "Attention is not Explanation"',
  (m, q) => m.paper(q),
  renderPaperText,
);

export const termCommand = lookupCommand(
  'term',
  COMMAND_SUMMARIES.term,
  'mechanistic term <word> [--json]\n  e.g. mechanistic term faithful   ·   mechanistic term illusion',
  (m, q) => m.term(q),
  renderTermText,
);

