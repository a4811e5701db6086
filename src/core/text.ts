/**
 * Small text helpers of the core. The stopword list lives with retrieval's tokenizer, in a
 * dependency-free module, so both use one list.
 */
import { STOPWORDS } from '../retrieval/stopwords.ts';

/** Content words of a text (lowercase, no stopwords, at least 3 letters), in order, without repeats. */
export function contentWords(text: string): string[] {
  return [...new Set((text.toLowerCase().match(/[a-z][a-z0-9-]{2,}/g) ?? []).filter((w) => !STOPWORDS.has(w)))];
}
