import { QuestionError, validateQuestionText } from '../../core/input.ts';

/**
 * What a question from Discord must look like before it reaches the core, and the clear
 * replies for the ways it can be wrong.
 */

export type QueryCheck = { ok: true; text: string } | { ok: false; message: string };

/** The core's input rules (the same on every platform), with Discord's wording for an empty query. */
export function checkQuery(raw: string | null | undefined, where = 'query'): QueryCheck {
  const text = (raw ?? '').trim();
  if (text === '') {
    return {
      ok: false,
      message: `The ${where} is empty. Give me a question, a method, a paper title and abstract, or a paper link, e.g. \`/mechanistic ask query: activation patching of attention heads\`.`,
    };
  }
  try {
    return { ok: true, text: validateQuestionText(text) };
  } catch (e) {
    if (e instanceof QuestionError) return { ok: false, message: sentence(e.message) };
    throw e;
  }
}

function sentence(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1) + (/[.!?]$/.test(message) ? '' : '.');
}

export function apology(referenceId: string): string {
  return `Sorry, something went wrong while answering. Reference: \`${referenceId}\`. Whoever runs this bot can find the details in its log under that reference.`;
}

export const NOT_AVAILABLE_YET = (what: string) => `\`/mechanistic ${what}\` is not available yet on this bot.`;

export const ANSWER_EXPIRED =
  'That answer is too old for its buttons to work (their buttons work for 30 days). Ask again with `/mechanistic ask`.';

export const NO_MESSAGE_TEXT =
  'That message has no text I can read. Use it on a message with a question, an abstract or a paper link.';
