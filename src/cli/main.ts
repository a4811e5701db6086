/**
 * `mechanistic <command> [args]`: dispatches to one command; user errors become one line on stderr.
 */
import { createInterface } from 'node:readline';
import 'dotenv/config';
import { UsageError, wantsHelp, type CliIo } from './command.ts';
import { COMMAND_NAMES, loadCommand } from './commands/index.ts';
import { ConfigError } from '../config.ts';
import { CorpusError } from '../corpus/load.ts';
import { EmbedderUnavailableError } from '../retrieval/embedders/errors.ts';

function processIo(): CliIo {
  return {
    stdout: (t) => process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
    stderr: (t) => process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
    readStdin: () => createInterface({ input: process.stdin, crlfDelay: Infinity }),
    env: process.env,
  };
}

export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h') {
    return run('help', args, io);
  }
  return run(name, args, io);
}

/** node:util parseArgs rejects an unknown or malformed option with one of these codes: the user's mistake. */
function isArgumentError(e: unknown): e is Error {
  const code = (e as { code?: unknown } | null)?.code;
  return e instanceof Error && typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}

async function run(name: string, args: string[], io: CliIo): Promise<number> {
  const command = await loadCommand(name);
  if (!command) {
    io.stderr(`mechanistic: unknown command "${name}". Commands: ${COMMAND_NAMES.join(', ')}. Try: mechanistic help`);
    return 2;
  }
  if (name !== 'help' && wantsHelp(args)) {
    io.stdout(`${command.name}: ${command.summary}\n\nusage: ${command.usage}`);
    return 0;
  }
  try {
    return await command.run(args, io);
  } catch (e) {
    if (e instanceof UsageError || e instanceof ConfigError || e instanceof CorpusError || e instanceof EmbedderUnavailableError) {
      io.stderr(`mechanistic ${name}: ${e.message}`);
      return 2;
    }
    if (isArgumentError(e)) {
      io.stderr(`mechanistic ${name}: ${e.message.split('. To specify a positional')[0]}. Try: mechanistic ${name} --help`);
      return 2;
    }
    io.stderr(`mechanistic ${name}: internal error: ${(e as Error).stack ?? String(e)}`);
    return 1;
  }
}
