/**
 * Which store a program uses: PostgreSQL when DATABASE_URL is set (several instances share it),
 * otherwise SQLite in the data dir (one process, the default). The PostgreSQL backend (and `pg`) is
 * loaded only when DATABASE_URL names it: a SQLite run never loads it.
 */
import type { Config } from '../config.ts';
import { databasePath, openSqliteStore } from './sqlite.ts';
import type { Store } from './store.ts';

export type StoreConfig = Pick<Config, 'dataDir' | 'DATABASE_URL'>;

/** Opens the store the configuration names (applying its migrations). */
export async function openStoreFromConfig(config: StoreConfig): Promise<Store> {
  if (config.DATABASE_URL) return (await import('./postgres.ts')).openPostgresStore(config.DATABASE_URL);
  return openSqliteStore(databasePath(config.dataDir));
}

/** The URL with its password replaced, for logs and messages. */
export function redactDatabaseUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(an unparsable database URL)';
  }
}

/** Where the store is, for a log line or a message: never the database password. */
export function describeStore(config: StoreConfig): string {
  return config.DATABASE_URL ? `postgresql ${redactDatabaseUrl(config.DATABASE_URL)}` : `sqlite ${databasePath(config.dataDir)}`;
}
