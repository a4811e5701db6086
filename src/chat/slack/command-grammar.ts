/**
 * The `/mechanistic` grammar (shared/CONVENTIONS.md): the first word decides; anything else
 * is a question. `private` first answers only the asker, whatever follows it.
 */
export const SLACK_COMMAND_WORDS = ['ask', 'concept', 'paper', 'term', 'help', 'digest', 'lineage', 'check', 'unfurl'] as const;
export type SlackCommandWord = (typeof SLACK_COMMAND_WORDS)[number];

export interface ParsedSlackCommand {
  command: SlackCommandWord;
  /** The text after the command word (for `ask`, the question). */
  argument: string;
  /** Answer only the asker (`/mechanistic private …`). */
  private: boolean;
}

export function parseSlackCommand(text: string): ParsedSlackCommand {
  let rest = text.trim();
  let isPrivate = false;
  const firstWord = (s: string) => /^(\S+)(?:\s+|$)/.exec(s);
  let m = firstWord(rest);
  if (m && m[1]!.toLowerCase() === 'private') {
    isPrivate = true;
    rest = rest.slice(m[0].length);
    m = firstWord(rest);
  }
  if (rest === '') return { command: 'help', argument: '', private: isPrivate };
  const word = m![1]!.toLowerCase();
  if ((SLACK_COMMAND_WORDS as readonly string[]).includes(word)) {
    return { command: word as SlackCommandWord, argument: rest.slice(m![0].length).trim(), private: isPrivate };
  }
  return { command: 'ask', argument: rest, private: isPrivate };
}
