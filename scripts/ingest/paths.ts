/** Where the ingest CLIs find the repository, the shared data and their arguments. */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** `shared/data` sits beside the repository (as in CI's fresh clone). */
export const DEFAULT_DATA_DIR = join(REPO_ROOT, '..', 'shared', 'data');

export function repoPath(rel: string): string {
  return join(REPO_ROOT, rel);
}

/** `--name value` from process.argv, or undefined. */
export function argValue(name: string, argv: string[] = process.argv.slice(2)): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

/** Every value after `--name` up to the next `--flag`. */
export function argValues(name: string, argv: string[] = process.argv.slice(2)): string[] {
  const i = argv.indexOf(name);
  if (i < 0) return [];
  const rest = argv.slice(i + 1);
  const end = rest.findIndex((a) => a.startsWith('--'));
  return end < 0 ? rest : rest.slice(0, end);
}
