/**
 * The PostgreSQL server of the scale tests (MECHANISTIC_TEST_DATABASE_URL, as the store suite's):
 * a fresh schema per test, dropped at the end, and a URL that puts the schema on the search_path
 * (libpq's `options` parameter), so separate processes given that URL share exactly those tables.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { TestContext } from 'node:test';
import pg from 'pg';

export const testDatabaseUrl = process.env.MECHANISTIC_TEST_DATABASE_URL?.trim() || undefined;

/** Skips locally without a server; fails in CI, where a backend left untested must not look green. */
export function requireServer(t: TestContext, what: string): string | null {
  if (testDatabaseUrl) return testDatabaseUrl;
  const reason = `MECHANISTIC_TEST_DATABASE_URL is not set: ${what} needs a PostgreSQL server (bash .ci/run starts one)`;
  if (process.env.CI) assert.fail(`${reason}; in CI it must be set`);
  t.skip(reason);
  return null;
}

export interface Schema {
  name: string;
  /** The server URL with `options=-c search_path=<name>`: every connection made with it uses the schema. */
  url: string;
  drop(): Promise<void>;
}

export async function freshSchema(serverUrl: string): Promise<Schema> {
  const name = `mech_scale_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE SCHEMA ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.searchParams.set('options', `-c search_path=${name}`);
  return {
    name,
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      try {
        await c.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
      } finally {
        await c.end();
      }
    },
  };
}
