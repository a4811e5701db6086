import type { Command } from '../command.ts';
import { COMMAND_SUMMARIES, loadCommand } from './index.ts';

export const helpCommand: Command = {
  name: 'help',
  summary: COMMAND_SUMMARIES.help,
  usage: 'mechanistic help [command]',
  async run(args, io) {
    // Only the command asked about is loaded: the list comes from COMMAND_SUMMARIES.
    const named = args[0] ? await loadCommand(args[0]) : undefined;
    if (named) {
      io.stdout(`${named.name}: ${named.summary}\n\nusage: ${named.usage}`);
      return 0;
    }
    io.stdout(
      [
        'mechanistic: is this interpretability work "mechanistic", and what earlier work does it rediscover?',
        '',
        'Paste a method, a question, a title and abstract, or an arXiv/ACL Anthology/DOI link. The answer says which of the',
        'four senses of "mechanistic" apply (Saphra & Wiegreffe, 2024: narrow technical, broad technical, narrow cultural,',
        'broad cultural), with the phrases that decided it, the concepts recognized, and the NLP-interpretability',
        'precedents MI work often misses.',
        '',
        'commands:',
        ...Object.entries(COMMAND_SUMMARIES).map(([name, summary]) => `  ${name.padEnd(9)} ${summary}`),
        '',
        'examples:',
        '  mechanistic ask "We patch attention-head outputs to find the circuit"',
        '  mechanistic concept "logit lens"',
        '  mechanistic paper 2202.05262',
        '  mechanistic term faithful',
        '',
        'mechanistic help <command> shows its options.',
      ].join('\n'),
    );
    return 0;
  },
};
