/** Logs answers through the real store, with only the fields the digest reads filled in. */
import type { Answer, PaperRef } from '../../../src/core/types.ts';
import type { AnswersRepo } from '../../../src/store/store.ts';

const verdict = { applies: null, confidence: 0, evidence: [] };

function ref(id: string): PaperRef {
  return { id, title: id, authors: ['A. Author'], year: 2020, venue: 'venue', url: 'https://example.org/', community: 'NLPI', why: '', score: 1 };
}

export interface LogAnswer {
  platform?: 'slack' | 'discord';
  channel: string;
  at: string;
  concepts: string[];
  precedents?: string[];
  /** The question text, kept as the store's queryText (as where the channel opted in). */
  text?: string;
  workspaceId?: string;
}

export function answerOf(q: Pick<LogAnswer, 'concepts' | 'precedents' | 'text'>): Answer {
  return {
    query: q.text ?? 'a question',
    paper: null,
    notices: [],
    definitions: { narrowTechnical: verdict, broadTechnical: verdict, narrowCultural: verdict, broadCultural: verdict },
    concepts: q.concepts.map((id) => ({ id, name: id, aliases: [], score: 1 })),
    precedents: (q.precedents ?? []).map(ref),
    related: [],
  };
}

/** Stores one answered question; resolves to its id. */
export async function logAnswer(store: { answers: Pick<AnswersRepo, 'save'> }, q: LogAnswer): Promise<string> {
  const saved = await store.answers.save({
    origin: { platform: q.platform ?? 'slack', workspaceId: q.workspaceId ?? 'T1', channelId: q.channel, userId: 'U1' },
    createdAt: new Date(q.at),
    answer: answerOf(q),
    queryText: q.text ?? null,
  });
  return saved.id;
}
