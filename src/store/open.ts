/**
 * Which store a program uses: PostgreSQL when DATABASE_URL is set (several instances share it),
 * otherwise SQLite in the data dir (one process, the default).
 */
import type { Config } from '../config.ts';
import { openPostgresStore, redactDatabaseUrl } from './postgres.ts';
import { databasePath, openSqliteStore } from './sqlite.ts';
import type { Store } from './store.ts';

export type StoreConfig = Pick<Config, 'dataDir' | 'DATABASE_URL'>;

/** Opens the store the configuration names (applying its migrations). */
export async function openStoreFromConfig(config: StoreConfig): Promise<Store> {
  if (config.DATABASE_URL) return openPostgresStore(config.DATABASE_URL);
  return openSqliteStore(databasePath(config.dataDir));
}

/** Where the store is, for a log line or a message: never the database password. */
export function describeStore(config: StoreConfig): string {
  return config.DATABASE_URL ? `postgresql ${redactDatabaseUrl(config.DATABASE_URL)}` : `sqlite ${databasePath(config.dataDir)}`;
}
