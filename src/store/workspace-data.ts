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
  /** The workspace's channels, besides those its stored rows name: rows of per-channel tables go too. */
  channelIds: readonly string[] = [],
): Record<string, number> {
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .pluck()
    .all() as string[];
  const columnsOf = new Map(
    tables.map((t) => [t, (db.prepare(`PRAGMA table_info("${t}")`).all() as { name: string }[]).map((c) => c.name)]),
  );
  const deleted: Record<string, number> = {};
  db.transaction(() => {
    // Channels the workspace's own rows name: per-channel tables without a workspace_id go with them.
    const channels = new Set(channelIds);
    for (const [table, columns] of columnsOf) {
      if (!columns.includes('workspace_id') || !columns.includes('channel_id')) continue;
      const byPlatform = columns.includes('platform');
      const rows = db
        .prepare(`SELECT DISTINCT channel_id FROM "${table}" WHERE workspace_id = ? AND channel_id IS NOT NULL${byPlatform ? ' AND platform = ?' : ''}`)
        .pluck()
        .all(workspaceId, ...(byPlatform ? [platform] : []));
      for (const id of rows as string[]) channels.add(id);
    }
    channelIds = [...channels];
    for (const [table, columns] of columnsOf) {
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
