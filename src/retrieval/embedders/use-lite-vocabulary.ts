/**
 * The use-lite tokenizer's vocabulary lookup, made in about a millisecond instead of the package's trie
 * (`@energetic-ai/embeddings`), which makes a node and an array per character of the 8,000 pieces: about
 * 25 ms of a cold start, before the first question can be tokenized.
 *
 * The package's tokenizer asks its trie one thing: `commonPrefixSearch(symbols)`, every vocabulary piece
 * (after the reserved ones) that the text's characters from here on start with, shortest first, as
 * `[characters, score, index]`, or `[[first character], 0, 0]` when none does. PrefixTable answers the same
 * from a Map of the pieces, so the tokenizer, and so the vectors, are the package's
 * (test/retrieval/use-lite-vocabulary.test.ts compares them on many texts).
 */
/** One vocabulary entry as the package's vocab.json has it: the piece and its score. */
export type VocabularyEntry = [piece: string, score: number];

/** What commonPrefixSearch returns for one piece: its characters (code points), its score and its index. */
export type PieceMatch = [characters: string[], score: number, index: number];

/** The package's own number of reserved symbols (padding, <s>, </s>, …), which are never matched. */
export const RESERVED_SYMBOLS = 6;

/**
 * Searches after which the table also keeps every prefix of every piece, so that a search stops at the
 * first prefix no piece starts with, as the trie's does (until then it goes on to the longest piece's
 * length). A question's few hundred characters stay below it; embedding many texts soon passes it.
 */
const PREFIXES_AFTER = 4000;

export class PrefixTable {
  /**
   * Each piece's index by its text (the last of duplicates, whose score and index the trie keeps); once
   * PREFIXES_AFTER searches were made, also every proper prefix of a piece that is not one itself, as -1.
   */
  private lookup = new Map<string, number>();
  private withPrefixes = false;
  /** The longest piece, in UTF-16 units: no longer prefix is a piece. */
  private readonly longest: number = 0;
  /** Each piece's match, made when first found. */
  private readonly matches: PieceMatch[] = [];
  private searches = 0;

  constructor(
    private readonly vocabulary: readonly VocabularyEntry[],
    reserved: number = RESERVED_SYMBOLS,
  ) {
    for (let i = reserved; i < vocabulary.length; i++) {
      const piece = vocabulary[i]![0];
      // The trie skips an empty piece, and a later duplicate overwrites the score and index of an earlier one.
      if (piece.length === 0) continue;
      this.lookup.set(piece, i);
      if (piece.length > this.longest) this.longest = piece.length;
    }
  }

  /** The pieces `symbols` starts with, shortest first (the trie's commonPrefixSearch). */
  commonPrefixSearch(symbols: readonly string[]): PieceMatch[] {
    if (!this.withPrefixes && ++this.searches > PREFIXES_AFTER) this.addPrefixes();
    const out: PieceMatch[] = [];
    let prefix = '';
    for (let i = 0; i < symbols.length; i++) {
      prefix += symbols[i];
      if (prefix.length > this.longest) break;
      const index = this.lookup.get(prefix);
      if (index === undefined) {
        if (this.withPrefixes) break;
      } else if (index >= 0) {
        out.push((this.matches[index] ??= [[...prefix], this.vocabulary[index]![1], index]));
      }
    }
    if (out.length === 0) out.push([[symbols[0]!], 0, 0]);
    return out;
  }

  /** By UTF-16 unit: the search only asks for whole characters, so the extra ones (half a surrogate pair) are never asked for. */
  private addPrefixes(): void {
    const lookup = new Map(this.lookup);
    for (const piece of this.lookup.keys()) {
      for (let end = 1; end < piece.length; end++) {
        const prefix = piece.slice(0, end);
        if (!lookup.has(prefix)) lookup.set(prefix, -1);
      }
    }
    this.lookup = lookup;
    this.withPrefixes = true;
  }
}
