/**
 * "Wrong precedent?" feedback from Slack and Discord, kept for the curators
 * (`mechanistic feedback list`).
 */
import type { Db } from './database.ts';

export interface Feedback {
  platform: 'slack' | 'discord' | 'web';
  workspaceId: string | null;
  channelId: string | null;
  userId: string | null;
  query: string;
  paperId: string | null;
  comment: string;
  createdAt: Date;
}

export function recordFeedback(db: Db, f: Feedback): number {
  const info = db
    .prepare(
      `INSERT INTO feedback (platform, workspace_id, channel_id, user_id, query, paper_id, comment, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(f.platform, f.workspaceId, f.channelId, f.userId, f.query, f.paperId, f.comment, f.createdAt.toISOString());
  return Number(info.lastInsertRowid);
}

export function listFeedback(db: Db): (Feedback & { id: number })[] {
  const rows = db.prepare('SELECT * FROM feedback ORDER BY created_at, id').all() as Record<string, string | number | null>[];
  return rows.map((r) => ({
    id: Number(r.id),
    platform: r.platform as Feedback['platform'],
    workspaceId: r.workspace_id as string | null,
    channelId: r.channel_id as string | null,
    userId: r.user_id as string | null,
    query: String(r.query),
    paperId: r.paper_id as string | null,
    comment: String(r.comment),
    createdAt: new Date(String(r.created_at)),
  }));
}

/** Deletes one workspace's (Slack team's or Discord guild's) feedback, e.g. on uninstall. */
export function deleteWorkspaceFeedback(db: Db, platform: string, workspaceId: string): void {
  db.prepare('DELETE FROM feedback WHERE platform = ? AND workspace_id = ?').run(platform, workspaceId);
}
