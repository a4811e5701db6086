/**
 * English function words and question filler, ignored when matching text: by the BM25 and alias
 * tokenizer (./tokenize.ts) and by the core's content words (src/core/text.ts, the why-lines of
 * search hits). A leaf module on purpose: it imports nothing, so the pure core can use the one
 * list without retrieval depending on a runtime value of the core.
 */
export const STOPWORDS: ReadonlySet<string> = new Set(
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
