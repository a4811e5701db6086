/** Logs answers through the real answer log, with only the fields the digest reads filled in. */
import type { Answer, PaperRef } from '../../../src/core/types.ts';
import { recordAnsweredQuestion } from '../../../src/store/answer-log.ts';
import type { Db } from '../../../src/store/database.ts';

const verdict = { applies: null, confidence: 0, evidence: [] };

function ref(id: string): PaperRef {
  return { id, title: id, authors: ['A. Author'], year: 2020, venue: 'venue', url: 'https://example.org/', community: 'NLPI', why: '', score: 1 };
}

export function logAnswer(
  db: Db,
  q: { platform?: 'slack' | 'discord'; channel: string; at: string; concepts: string[]; precedents?: string[]; text?: string },
): number {
  const answer: Answer = {
    query: q.text ?? 'a question',
    paper: null,
    notices: [],
    definitions: { narrowTechnical: verdict, broadTechnical: verdict, narrowCultural: verdict, broadCultural: verdict },
    concepts: q.concepts.map((id) => ({ id, name: id, aliases: [], score: 1 })),
    precedents: (q.precedents ?? []).map(ref),
    related: [],
  };
  return recordAnsweredQuestion(db, {
    platform: q.platform ?? 'slack',
    workspaceId: 'T1',
    channelId: q.channel,
    askedAt: new Date(q.at),
    questionText: q.text ?? null,
    answer,
  });
}
