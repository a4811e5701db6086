/**
 * Where mechanistic keeps its data (the database, the vector index, caches), as the configuration reads it:
 * MECHANISTIC_DATA_DIR, else `$XDG_DATA_HOME/mechanistic`, else `~/.local/share/mechanistic`. Blank values
 * count as unset and values are trimmed, as config.ts's optional strings are.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

export function dataDirFromEnv(env: Record<string, string | undefined>): string {
  const set = (v: string | undefined) => (v?.trim() ? v.trim() : undefined);
  return set(env.MECHANISTIC_DATA_DIR) ?? join(set(env.XDG_DATA_HOME) ?? join(homedir(), '.local', 'share'), 'mechanistic');
}

/** The directory of the V8 code caches (embedders/code-cache.ts) under a data directory. */
export function codeCacheDir(dataDir: string): string {
  return join(dataDir, 'code-cache');
}
