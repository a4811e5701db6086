/**
 * The input of GET/POST /api/ask, checked before anything is answered: `q` (the question, a method,
 * a title + abstract, or a paper id/URL), `limit` and `offset` (paging of precedents and related).
 * Each problem names the parameter, what was expected and what to do.
 */
import { QuestionError, validateQuestionText } from '../core/input.ts';
import type { Question } from '../core/types.ts';

export { MAX_QUESTION_CHARS } from '../core/input.ts';
export const MAX_LIMIT = 50;
export const MAX_OFFSET = 10_000;

const QUESTION_ERROR_CODES: Record<QuestionError['code'], string> = {
  empty: 'missing_query',
  too_long: 'query_too_long',
  binary: 'binary_query',
};

export type AskParams = { ok: true; question: Question } | { ok: false; code: string; message: string };

function integer(name: string, raw: unknown, min: number, max: number): { value?: number; problem?: string } {
  if (raw === undefined || raw === null || raw === '') return {};
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*-?\d+\s*$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) {
    return { problem: `${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(raw).slice(0, 40)}` };
  }
  return { value: n };
}

/** Checks raw parameters (from a query string or a JSON body) and builds the Question. */
export function parseAskParams(raw: { q?: unknown; limit?: unknown; offset?: unknown }): AskParams {
  const q = raw.q;
  if (typeof q !== 'string' || q.trim() === '') {
    return {
      ok: false,
      code: 'missing_query',
      message: 'q is required: a question, a method, a title and abstract, or a paper id or URL (e.g. /api/ask?q=activation+patching)',
    };
  }
  let text: string;
  try {
    text = validateQuestionText(q);
  } catch (e) {
    if (!(e instanceof QuestionError)) throw e;
    return { ok: false, code: QUESTION_ERROR_CODES[e.code], message: `q: ${e.message}` };
  }
  const limit = integer('limit', raw.limit, 1, MAX_LIMIT);
  const offset = integer('offset', raw.offset, 0, MAX_OFFSET);
  const problem = limit.problem ?? offset.problem;
  if (problem) return { ok: false, code: 'bad_parameter', message: problem };
  const question: Question = { text };
  if (limit.value !== undefined) question.limit = limit.value;
  if (offset.value !== undefined) question.offset = offset.value;
  return { ok: true, question };
}
