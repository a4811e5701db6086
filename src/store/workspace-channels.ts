/**
 * The channels the store has seen in one workspace: every channel_id in a table that also has a
 * workspace_id. Per-channel tables without a workspace_id (digest privacy settings, posted
 * digests) are deleted by these ids when the workspace uninstalls.
 */
import type { Db } from './database.ts';

export function knownWorkspaceChannels(db: Db, platform: string, workspaceId: string): string[] {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
  const channels = new Set<string>();
  for (const table of tables) {
    const columns = (db.prepare(`PRAGMA table_info("${table}")`).all() as { name: string }[]).map((c) => c.name);
    if (!columns.includes('workspace_id') || !columns.includes('channel_id')) continue;
    if (!columns.includes('platform') && !table.startsWith(`${platform}_`)) continue;
    const where = columns.includes('platform') ? 'workspace_id = ? AND platform = ?' : 'workspace_id = ?';
    const args = columns.includes('platform') ? [workspaceId, platform] : [workspaceId];
    for (const c of db.prepare(`SELECT DISTINCT channel_id FROM "${table}" WHERE ${where} AND channel_id IS NOT NULL`).pluck().all(...args) as string[]) {
      channels.add(c);
    }
  }
  return [...channels].sort();
}
