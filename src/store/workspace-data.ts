/**
 * Deleting everything stored about one Slack workspace or Discord server, e.g. when the app is
 * removed from it. Covers every table with a workspace_id column (and, given the channel ids,
 * every table with a channel_id column), so tables added by later migrations are included
 * without touching this file.
 */
import type { Db } from './database.ts';

export function deleteWorkspaceData(
  db: Db,
  platform: 'slack' | 'discord',
  workspaceId: string,
  /** The workspace's channels: rows of per-channel tables without a workspace_id go too. */
  channelIds: readonly string[] = [],
): Record<string, number> {
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .pluck()
    .all() as string[];
  const deleted: Record<string, number> = {};
  db.transaction(() => {
    for (const table of tables) {
      const columns = (db.prepare(`PRAGMA table_info("${table}")`).all() as { name: string }[]).map((c) => c.name);
      const samePlatform = columns.includes('platform') ? ' AND platform = ?' : '';
      const platformArg = columns.includes('platform') ? [platform] : [];
      let changes = 0;
      if (columns.includes('workspace_id')) {
        changes += db.prepare(`DELETE FROM "${table}" WHERE workspace_id = ?${samePlatform}`).run(workspaceId, ...platformArg).changes;
      }
      if (columns.includes('channel_id') && channelIds.length > 0) {
        const marks = channelIds.map(() => '?').join(', ');
        changes += db.prepare(`DELETE FROM "${table}" WHERE channel_id IN (${marks})${samePlatform}`).run(...channelIds, ...platformArg).changes;
      }
      if (columns.includes('workspace_id') || (columns.includes('channel_id') && channelIds.length > 0)) deleted[table] = changes;
    }
  })();
  return deleted;
}
