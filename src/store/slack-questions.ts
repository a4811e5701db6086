/**
 * The questions behind Slack answers, so the answer's buttons (next page, evidence, BibTeX,
 * feedback) can re-ask them: a button value holds at most 2000 characters, a pasted abstract
 * can be longer. Rows are pruned after 30 days and deleted when the workspace uninstalls.
 */
import { randomBytes } from 'node:crypto';
import type { Db } from './database.ts';

const KEEP_QUESTIONS_MS = 30 * 24 * 60 * 60 * 1000;

export interface SlackQuestion {
  id: string;
  workspaceId: string | null;
  channelId: string | null;
  userId: string | null;
  query: string;
  createdAt: Date;
}

export function rememberSlackQuestion(db: Db, q: Omit<SlackQuestion, 'id'>): string {
  const id = randomBytes(9).toString('base64url');
  db.prepare(
    'INSERT INTO slack_question (id, workspace_id, channel_id, user_id, query, created_at) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(id, q.workspaceId, q.channelId, q.userId, q.query, q.createdAt.toISOString());
  db.prepare('DELETE FROM slack_question WHERE created_at < ?').run(
    new Date(q.createdAt.getTime() - KEEP_QUESTIONS_MS).toISOString(),
  );
  return id;
}

export function findSlackQuestion(db: Db, id: string): SlackQuestion | null {
  const r = db.prepare('SELECT * FROM slack_question WHERE id = ?').get(id) as Record<string, string | null> | undefined;
  if (!r) return null;
  return {
    id: String(r.id),
    workspaceId: r.workspace_id ?? null,
    channelId: r.channel_id ?? null,
    userId: r.user_id ?? null,
    query: String(r.query),
    createdAt: new Date(String(r.created_at)),
  };
}
