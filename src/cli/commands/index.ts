import type { Command } from '../command.ts';
import { askCommand } from './ask.ts';
import { helpCommand } from './help.ts';
import { conceptCommand, paperCommand, termCommand } from './lookups.ts';

/** Every CLI command, in the order `mechanistic help` lists them. */
export const COMMANDS: Command[] = [
  askCommand,
  conceptCommand,
  paperCommand,
  termCommand,
  helpCommand,
];
