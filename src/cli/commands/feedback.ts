/**
 * `mechanistic feedback list`: what readers said through "Wrong precedent?" in Slack and
 * Discord, for the curators. Reads the PostgreSQL database at DATABASE_URL when set, else
 * `$MECHANISTIC_DATA_DIR/mechanistic.db`.
 */
import { existsSync } from 'node:fs';
import { loadConfig } from '../../config.ts';
import { openPostgresStore } from '../../store/postgres.ts';
import { databasePath, openSqliteStore } from '../../store/sqlite.ts';
import type { Feedback } from '../../store/store.ts';
import { UsageError, type Command } from '../command.ts';
import { COMMAND_SUMMARIES } from './index.ts';

const USAGE = `mechanistic feedback list [--json] [--platform slack|discord|web]
  e.g. mechanistic feedback list   ·   mechanistic feedback list --json > feedback.json`;

const PLATFORMS = ['slack', 'discord', 'web'] as const;

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

/** A plain-text table: one row per feedback, the newest last. */
export function feedbackTable(rows: readonly (Feedback & { id: number })[]): string {
  const header = ['id', 'when (UTC)', 'platform', 'workspace', 'paper', 'question', 'comment'];
  const cells = rows.map((f) => [
    String(f.id),
    f.createdAt.toISOString().slice(0, 16).replace('T', ' '),
    f.platform,
    f.workspaceId ?? '-',
    f.paperId ?? '-',
    oneLine(f.query, 40),
    oneLine(f.comment, 80),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

export const feedbackCommand: Command = {
  name: 'feedback',
  summary: COMMAND_SUMMARIES.feedback,
  usage: USAGE,
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub !== 'list') throw new UsageError(`${sub ? `unknown subcommand "${sub}"` : 'missing subcommand'}: the one subcommand is list.\nusage: ${USAGE}`);
    let json = false;
    let platform: string | undefined;
    for (let i = 0; i < rest.length; i++) {
      const a = rest[i]!;
      if (a === '--json') json = true;
      else if (a === '--platform') platform = rest[++i];
      else if (a.startsWith('--platform=')) platform = a.slice('--platform='.length);
      else throw new UsageError(`unknown option "${a}".\nusage: ${USAGE}`);
    }
    if (platform !== undefined && !(PLATFORMS as readonly string[]).includes(platform)) {
      throw new UsageError(`--platform "${platform ?? ''}" is not known: use slack, discord or web`);
    }
    const config = loadConfig(io.env);
    const path = databasePath(config.dataDir);
    // Listing must not create a SQLite file where there is none (a wrong MECHANISTIC_DATA_DIR, say).
    if (!config.DATABASE_URL && !existsSync(path)) {
      if (json) io.stdout('[]');
      else io.stdout(`No feedback yet: there is no database at ${path} (set MECHANISTIC_DATA_DIR to where mechanistic serve keeps its data).`);
      return 0;
    }
    const store = config.DATABASE_URL ? await openPostgresStore(config.DATABASE_URL) : openSqliteStore(path);
    try {
      const rows = (await store.feedback.list()).filter((f) => platform === undefined || f.platform === platform);
      if (json) io.stdout(JSON.stringify(rows.map((f) => ({ ...f, createdAt: f.createdAt.toISOString() })), null, 2));
      else io.stdout(rows.length === 0 ? 'No feedback yet.' : feedbackTable(rows));
      return 0;
    } finally {
      await store.close();
    }
  },
};
