/**
 * Small text helpers shared by the core and retrieval.
 */
/** English function words and question filler, ignored when matching text. */
const STOPWORDS = new Set(
  `a an and are as at be been but by can could did do does doing for from had has have how i if in into is it its
  itself just me more most my no not of on or our ours out over so some such than that the their them then there
  these they this those through to too under up very was we were what when where which while who whom why will with
  would you your yours about also using use used based via each other any all both between only own same just`
    .split(/\s+/)
    .filter(Boolean),
);

export function isStopword(word: string): boolean {
  return STOPWORDS.has(word);
}

/** Content words of a text (lowercase, no stopwords, at least 3 letters), in order, without repeats. */
export function contentWords(text: string): string[] {
  return [...new Set((text.toLowerCase().match(/[a-z][a-z0-9-]{2,}/g) ?? []).filter((w) => !STOPWORDS.has(w)))];
}
