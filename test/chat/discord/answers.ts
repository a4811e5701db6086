/** Answer values for renderer tests: data shaped like the core's answers, built in the test. */
import type { Answer, PaperRef } from '../../../src/core/types.ts';

export function paper(i: number, over: Partial<PaperRef> = {}): PaperRef {
  return {
    id: `paper${i}`,
    title: `A study of attention heads, part ${i}`,
    authors: ['Ada Lovelace', 'Alan Turing', 'Grace Hopper', 'Edsger Dijkstra'],
    year: 2018 + (i % 5),
    venue: 'BlackboxNLP',
    url: `https://aclanthology.org/W18-${5400 + i}/`,
    community: 'NLPI',
    why: 'Intervened on hidden states to test which ones carry agreement information.',
    score: 1 / (i + 1),
    ...over,
  };
}

export function answer(over: Partial<Answer> = {}): Answer {
  const verdict = (applies: boolean | null) => ({ applies, confidence: 0.8, evidence: ['mentions patching activations'] });
  return {
    query: 'We patch attention-head outputs from a clean run into a corrupted run.',
    paper: null,
    notices: [],
    definitions: {
      narrowTechnical: verdict(true),
      broadTechnical: verdict(true),
      narrowCultural: verdict(null),
      broadCultural: verdict(true),
    },
    concepts: [{ id: 'activation-patching', name: 'Activation patching', aliases: ['causal tracing', 'interchange intervention'], score: 0.9 }],
    precedents: [paper(1), paper(2)],
    related: [paper(3, { community: 'MI' })],
    ...over,
  };
}
