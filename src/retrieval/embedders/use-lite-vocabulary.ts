/**
 * The use-lite tokenizer's vocabulary lookup, built in about a millisecond instead of the package's
 * trie (`@energetic-ai/embeddings`), which makes a node and an array per character of the 8,000 pieces:
 * about 25 ms of a cold start, before the first question can be tokenized.
 *
 * The package's tokenizer asks its trie one thing: `commonPrefixSearch(symbols)`, every vocabulary piece
 * (after the reserved ones) that the text's characters from here on start with, shortest first, as
 * `[characters, score, index]`, or `[[first character], 0, 0]` when none does. PrefixTable answers the same
 * from one Map of the pieces, so the tokenizer, and so the vectors, are the package's
 * (test/retrieval/use-lite-vocabulary.test.ts compares them on many texts).
 */

/** One vocabulary entry as the package's vocab.json has it: the piece and its score. */
export type VocabularyEntry = [piece: string, score: number];

/** What commonPrefixSearch returns for one piece: its characters (code points), its score and its index. */
export type PieceMatch = [characters: string[], score: number, index: number];

/** The package's own number of reserved symbols (padding, <s>, </s>, …), which are never matched. */
export const RESERVED_SYMBOLS = 6;

export class PrefixTable {
  /**
   * Every prefix of every piece (whole characters): the piece's match when the prefix is a piece itself,
   * null when it only starts one (then the search goes on, as the trie walks on through an inner node).
   */
  private readonly prefixes = new Map<string, PieceMatch | null>();

  constructor(vocabulary: readonly VocabularyEntry[], reserved: number = RESERVED_SYMBOLS) {
    const prefixes = this.prefixes;
    for (let i = reserved; i < vocabulary.length; i++) {
      const [piece, score] = vocabulary[i]!;
      // The trie skips an empty piece, and a later duplicate overwrites the score and index of an earlier one.
      if (piece.length === 0) continue;
      // Prefixes by UTF-16 unit: the search only asks for whole characters, so the extra ones (half a
      // surrogate pair) are never asked for.
      for (let end = 1; end < piece.length; end++) {
        const prefix = piece.slice(0, end);
        if (!prefixes.has(prefix)) prefixes.set(prefix, null);
      }
      prefixes.set(piece, [[...piece], score, i]);
    }
  }

  /** The pieces `symbols` starts with, shortest first (the trie's commonPrefixSearch). */
  commonPrefixSearch(symbols: readonly string[]): PieceMatch[] {
    const out: PieceMatch[] = [];
    let prefix = '';
    for (let i = 0; i < symbols.length; i++) {
      prefix += symbols[i];
      const match = this.prefixes.get(prefix);
      if (match === undefined) break;
      if (match) out.push(match);
    }
    if (out.length === 0) out.push([[symbols[0]!], 0, 0]);
    return out;
  }
}
