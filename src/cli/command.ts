/**
 * One CLI command: `mechanistic <name> ...`. Each command lives in its own file under
 * src/cli/commands/ and is listed in src/cli/commands/index.ts.
 */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Reads all of standard input (for `ask --jsonl`). */
  readStdin: () => AsyncIterable<string>;
  env: Record<string, string | undefined>;
}

export interface Command {
  name: string;
  /** One line for `mechanistic help`. */
  summary: string;
  /** Usage lines with examples, shown by `mechanistic help <name>` and on a usage error. */
  usage: string;
  /** Returns the process exit code. */
  run(args: string[], io: CliIo): Promise<number>;
}

/** A mistake the user can fix: printed as one line on stderr, exit code 2, no stack trace. */
export class UsageError extends Error {}

/** `--help` or `-h` anywhere among a command's options (not after `--`). */
export function wantsHelp(args: string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).some((a) => a === '--help' || a === '-h');
}
