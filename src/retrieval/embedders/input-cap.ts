/**
 * What an encoder can use of a text, and cutting a text to it by characters before any tokenizer runs.
 *
 * Each model reads only the first tokens of a text: use-lite's graph keeps the first 128
 * (`KonaTransformer/ClipToMaxLength`, `Less(position, 128)` in its model.json), and Transformers.js
 * truncates MiniLM's input at the tokenizer's `model_max_length` (512 for all-MiniLM-L6-v2, whose
 * position table has 512 rows). Everything after is tokenized and then thrown away, and use-lite's
 * tokenizer (`@energetic-ai/embeddings`) is quadratic in the length of its input: 20,000 characters
 * take seconds. So an embed input is cut to a character budget first.
 *
 * The budget keeps the whole window: a vocabulary piece is at most 16 characters long (use-lite's
 * longest piece, `▁` included, checked by a test against its vocab.json; WordPiece pieces are no
 * longer in practice), so `tokens × 16` characters hold at least `tokens` pieces, and the cut may
 * move back by up to `WORD_SLACK` characters to end at a word. Both tokenizers segment words
 * independently (use-lite's pieces carry `▁` only in first position), so the pieces of the cut text
 * are the first pieces of the whole text and the vector is the same. The exception is a run of
 * characters outside the vocabulary, which use-lite merges into one unknown token: a text that is
 * mostly such a run may lose words past the cut that its whole form would have reached, and a
 * word longer than `WORD_SLACK` across the budget is cut inside (its pieces may then differ).
 *
 * Lexical search and concept recognition always see the whole text; only the encoder's input is cut.
 */

/** Characters per vocabulary piece at most (use-lite: 16, `▁` included). */
export const MAX_PIECE_CHARS = 16;
/** How far back from the budget a cut may move to end at a word boundary. */
export const WORD_SLACK = 128;

/** Tokens each model reads. */
export const USE_LITE_MAX_TOKENS = 128;
export const MINILM_MAX_TOKENS = 512;

/** The longest input, in characters (UTF-16 code units), each encoder is given. */
export const EMBED_CHAR_BUDGET = {
  'use-lite': USE_LITE_MAX_TOKENS * MAX_PIECE_CHARS + WORD_SLACK,
  minilm: MINILM_MAX_TOKENS * MAX_PIECE_CHARS + WORD_SLACK,
} as const;

/**
 * use-lite's first, shorter cut (see useLiteWindow): English prose reaches 128 tokens in about 400
 * characters, so a text this long usually fills the window.
 */
export const USE_LITE_SHORT_CUT = 640;

const WHITESPACE = /\s/;

/**
 * The text cut to at most `budget` characters, just before a whitespace character when there is
 * one within `WORD_SLACK` characters of the budget, else at the budget
 * (never inside a surrogate pair). Linear in `budget`; a text within the budget is returned as it is.
 */
export function capEmbedInput(text: string, budget: number): string {
  if (text.length <= budget) return text;
  let end = budget;
  // A high surrogate as the last kept unit would leave half a character.
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  // text[end] is the first dropped character: when it is whitespace the cut is already between words.
  for (let i = end; i >= Math.max(1, budget - WORD_SLACK); i--) {
    if (WHITESPACE.test(text[i]!)) return text.slice(0, i);
  }
  return text.slice(0, end);
}
