/**
 * Tokens for lexical matching (BM25 and concept aliases): lowercase words with a light
 * suffix-stripping stemmer, so "patching", "patched" and "patch" meet, and "heads" meets "head".
 */
import { isStopword } from './stopwords.ts';

/** Strips common English suffixes; deliberately conservative (no stemming of short words). */
export function stem(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  let w = word;
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is')) w = w.slice(0, -1);
  if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith('ed') && !w.endsWith('eed')) w = w.slice(0, -2);
  else if (w.length > 5 && w.endsWith('ation')) w = w.slice(0, -5);
  else if (w.length > 5 && w.endsWith('ally')) w = w.slice(0, -4);
  else if (w.length > 4 && w.endsWith('ly')) w = w.slice(0, -2);
  // Collapse doubled final consonants left by -ing/-ed ("patched" → "patch", "stopping" → "stop").
  if (w.length > 3 && /([b-df-hj-np-tv-z])\1$/.test(w) && !/(ll|ss|zz)$/.test(w)) w = w.slice(0, -1);
  if (w.length > 3 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}

/** Lowercased word tokens, accents folded. */
export function words(text: string): string[] {
  return (
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .match(/[a-z0-9]+/g) ?? []
  );
}


/** Stemmed content tokens: what BM25 indexes and queries. */
export function tokenize(text: string): string[] {
  return words(text)
    .filter((w) => !isStopword(w))
    .map(stem);
}

