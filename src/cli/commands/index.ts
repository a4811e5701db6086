import type { Command } from '../command.ts';
import { askCommand } from './ask.ts';
import { corpusCommand } from './corpus.ts';
import { digestCommand } from './digest.ts';
import { feedbackCommand } from './feedback.ts';
import { helpCommand } from './help.ts';
import { lineageCommand } from './lineage.ts';
import { conceptCommand, paperCommand, termCommand } from './lookups.ts';
import { serveCommand } from './serve.ts';

/** Every CLI command, in the order `mechanistic help` lists them. */
export const COMMANDS: Command[] = [
  askCommand,
  conceptCommand,
  paperCommand,
  termCommand,
  lineageCommand,
  digestCommand,
  feedbackCommand,
  corpusCommand,
  serveCommand,
  helpCommand,
];
