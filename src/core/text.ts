/**
 * Small text helpers of the core. The stopword list lives with retrieval's tokenizer, in a
 * dependency-free module, so both use one list.
 */
import { STOPWORDS } from '../retrieval/stopwords.ts';

/** Content words of a text (lowercase, no stopwords, at least 3 letters), in order, without repeats. */
export function contentWords(text: string): string[] {
  return [...new Set((text.toLowerCase().match(/[a-z][a-z0-9-]{2,}/g) ?? []).filter((w) => !STOPWORDS.has(w)))];
}

/** 32-bit FNV-1a of a string (UTF-16 code units), unsigned: a stable, seedable key for pseudo-random orders. */
export function fnv1a32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
