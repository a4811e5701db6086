/**
 * A file the repository commits but a script makes (the miss-rate table, the shipped models): the script
 * writes it, or, with --check, compares it byte for byte with what it makes now and fails when they differ.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Writes `content` to `path`, or with `check` compares it with the committed file. Returns the exit code
 * (0, or 1 for a stale file) and prints one line: "<shown> is up to date (<detail>)", "<shown> is stale: run
 * <command>" (stderr) or "wrote <shown> (<detail>)".
 */
export function writeOrCheck(path: string, content: string | Uint8Array, opts: { check: boolean; command: string; shown?: string; detail?: string }): number {
  const shown = opts.shown ?? path;
  const detail = opts.detail ? ` (${opts.detail})` : '';
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
  if (opts.check) {
    let committed: Buffer | undefined;
    try {
      committed = readFileSync(path);
    } catch {}
    if (!committed?.equals(bytes)) {
      console.error(`${shown} is stale: run ${opts.command}`);
      return 1;
    }
    console.log(`${shown} is up to date${detail}`);
    return 0;
  }
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
  console.log(`wrote ${shown}${detail}`);
  return 0;
}
