/**
 * The log of answered questions: what the digest counts. The question text is kept only
 * when the channel opted in (privacy by default).
 */
import type { Answer, DefinitionKey } from '../core/types.ts';
import type { Db } from './database.ts';

export interface AnsweredQuestion {
  platform: 'cli' | 'slack' | 'discord' | 'web';
  workspaceId: string | null;
  channelId: string | null;
  askedAt: Date;
  /** Stored only when the channel opted in; otherwise pass null. */
  questionText: string | null;
  answer: Answer;
}

export function recordAnsweredQuestion(db: Db, q: AnsweredQuestion): number {
  const verdicts = Object.fromEntries(
    Object.entries(q.answer.definitions).map(([k, v]) => [k as DefinitionKey, v.applies]),
  );
  const info = db
    .prepare(
      `INSERT INTO answered_question
        (platform, workspace_id, channel_id, asked_at, question_text, concept_ids, precedent_ids, related_ids, definitions)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      q.platform,
      q.workspaceId,
      q.channelId,
      q.askedAt.toISOString(),
      q.questionText,
      JSON.stringify(q.answer.concepts.map((c) => c.id)),
      JSON.stringify(q.answer.precedents.map((p) => p.id)),
      JSON.stringify(q.answer.related.map((p) => p.id)),
      JSON.stringify(verdicts),
    );
  return Number(info.lastInsertRowid);
}
