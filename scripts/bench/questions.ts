/**
 * Benchmark inputs: one-sentence questions built from the concepts' aliases in a few phrasings
 * reading groups use, and pasted abstracts (a corpus paper's title and summary or abstract).
 */
import type { Corpus } from '../../src/core/corpus-schema.ts';

const FRAMES = [
  (a: string) => `is ${a} mechanistic?`,
  (a: string) => `we used ${a} on GPT-2 small`,
  (a: string) => `${a} on the residual stream of llama`,
  (a: string) => `what came before ${a}?`,
  (a: string) => `does ${a} count as mech interp`,
];

/** At least `n` distinct one-sentence questions, in a fixed order. */
export function sentenceQuestions(corpus: Corpus, n: number): string[] {
  const aliases = [...corpus.concepts.values()].flatMap((c) => [c.name, ...c.aliases.mi, ...c.aliases.nlpi]);
  const out = new Set<string>();
  for (let f = 0; out.size < n && f < FRAMES.length * 4; f++) {
    for (let i = 0; i < aliases.length && out.size < n; i++) {
      // Every alias meets every frame; walking them in lockstep mixes the phrasings.
      out.add(FRAMES[(i + f) % FRAMES.length]!(aliases[i]!.toLowerCase()) + (f >= FRAMES.length ? ` (${f})` : ''));
    }
  }
  return [...out];
}

/** Up to `n` pasted abstracts: title, a blank line, and the paper's abstract or summary. */
export function pastedAbstracts(corpus: Corpus, n: number): string[] {
  return [...corpus.papers.values()]
    .filter((p) => (p.abstract ?? p.summary ?? '').length > 200)
    .slice(0, n)
    .map((p) => `${p.title}\n\n${p.abstract ?? p.summary}`);
}
