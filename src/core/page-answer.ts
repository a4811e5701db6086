/** One page of an answer: its precedents and related work from `offset`, at most `limit` of each. */
import type { Answer } from './types.ts';

export function pageAnswer(answer: Answer, offset: number, limit: number): Answer {
  const o = Math.max(0, Math.floor(offset));
  const l = Math.max(0, Math.floor(limit));
  return { ...answer, precedents: answer.precedents.slice(o, o + l), related: answer.related.slice(o, o + l) };
}
