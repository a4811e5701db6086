import type { Command } from '../command.ts';

/**
 * Every CLI command, in the order `mechanistic help` lists them, loaded on demand: `serve` pulls
 * in Bolt, discord.js and the chart renderer, which a one-off `ask` should not pay for at start.
 */
export const COMMAND_LOADERS: Record<string, () => Promise<Command>> = {
  ask: async () => (await import('./ask.ts')).askCommand,
  concept: async () => (await import('./lookups.ts')).conceptCommand,
  paper: async () => (await import('./paper.ts')).paperCommand,
  term: async () => (await import('./lookups.ts')).termCommand,
  check: async () => (await import('./check.ts')).checkCommand,
  lineage: async () => (await import('./lineage.ts')).lineageCommand,
  digest: async () => (await import('./digest.ts')).digestCommand,
  feedback: async () => (await import('./feedback.ts')).feedbackCommand,
  corpus: async () => (await import('./corpus.ts')).corpusCommand,
  serve: async () => (await import('./serve.ts')).serveCommand,
  help: async () => (await import('./help.ts')).helpCommand,
};

export const COMMAND_NAMES = Object.keys(COMMAND_LOADERS);

/**
 * Every command's one line for `mechanistic help`, here so that help lists them without loading every
 * command module (serve's alone takes a second); each command's `summary` is its entry.
 */
export const COMMAND_SUMMARIES = {
  ask: 'Is this mechanistic? Which senses apply, the concepts, and the earlier work it may rediscover',
  concept: 'A crosswalk entry: names in both communities, NLPI precedents, MI examples',
  paper: 'One corpus paper: facts, community and evidence, concepts, BibTeX; "paper add <link>" adds a paper to the corpus (curators)',
  term: 'The glossary of contested terms (faithful, plausible, feature, illusion, …)',
  check: "which NLPI precedents of a paper's concepts it cites (✓) and may be missing (✗)",
  lineage: "who did it first: a concept's NLPI precedents and MI works on a timeline",
  digest: 'weekly digest per channel: subscribe, list, unsubscribe, preview, stats, scan, papers, topics',
  feedback: '"Wrong precedent?" reports from Slack and Discord, for the curators',
  corpus: 'corpus statistics (stats), and the measured miss rates of NLPI precedents (missed)',
  serve: 'run the web page, Slack, Discord and the digest (whatever is configured) in one process',
  help: 'What the bot does, every command, with examples',
} as const satisfies Record<keyof typeof COMMAND_LOADERS, string>;

/** Loads one command by name, or undefined for an unknown name. */
export async function loadCommand(name: string): Promise<Command | undefined> {
  return Object.hasOwn(COMMAND_LOADERS, name) ? COMMAND_LOADERS[name]!() : undefined;
}
