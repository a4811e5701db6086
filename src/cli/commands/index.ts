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

/** Loads one command by name, or undefined for an unknown name. */
export async function loadCommand(name: string): Promise<Command | undefined> {
  return Object.hasOwn(COMMAND_LOADERS, name) ? COMMAND_LOADERS[name]!() : undefined;
}

/** Loads every command (for `help`). */
export async function loadAllCommands(): Promise<Command[]> {
  return Promise.all(COMMAND_NAMES.map((n) => COMMAND_LOADERS[n]!()));
}
