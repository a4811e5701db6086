import type { Command } from '../command.ts';

/** Every CLI command, in the order `mechanistic help` lists them. */
export const COMMANDS: Command[] = [];
