/**
 * The questions behind Discord answers, so the buttons under an answer (more earlier work,
 * BibTeX, feedback) can re-ask them. Kept for ANSWER_RETENTION_DAYS, deleted with the server's data.
 */
import type { Db } from '../../store/database.ts';

export const ANSWER_RETENTION_DAYS = 7;

export interface StoredAnswer {
  id: number;
  workspaceId: string | null;
  channelId: string | null;
  userId: string | null;
  query: string;
  createdAt: Date;
}

export function saveAnswer(db: Db, a: Omit<StoredAnswer, 'id'>): number {
  const cutoff = new Date(a.createdAt.getTime() - ANSWER_RETENTION_DAYS * 86_400_000).toISOString();
  db.prepare('DELETE FROM discord_answer WHERE created_at < ?').run(cutoff);
  const info = db
    .prepare('INSERT INTO discord_answer (workspace_id, channel_id, user_id, query, created_at) VALUES (?, ?, ?, ?, ?)')
    .run(a.workspaceId, a.channelId, a.userId, a.query, a.createdAt.toISOString());
  return Number(info.lastInsertRowid);
}

/** The stored question, or null when it is unknown or older than the retention period. */
export function loadAnswer(db: Db, id: number, now: Date): StoredAnswer | null {
  const row = db.prepare('SELECT * FROM discord_answer WHERE id = ?').get(id) as Record<string, string | number | null> | undefined;
  if (!row) return null;
  const createdAt = new Date(String(row.created_at));
  if (now.getTime() - createdAt.getTime() > ANSWER_RETENTION_DAYS * 86_400_000) return null;
  return {
    id: Number(row.id),
    workspaceId: row.workspace_id as string | null,
    channelId: row.channel_id as string | null,
    userId: row.user_id as string | null,
    query: String(row.query),
    createdAt,
  };
}
