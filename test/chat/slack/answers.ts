/** Answer values for renderer tests: data in the shape of the JSON contract, built here. */
import type { Answer, PaperRef } from '../../../src/core/types.ts';

export function paper(i: number, over: Partial<PaperRef> = {}): PaperRef {
  return {
    id: `paper${i}`,
    title: `Probing study number ${i}`,
    authors: ['Ana Author', 'Bo Writer'],
    year: 2015 + (i % 8),
    venue: 'BlackboxNLP',
    url: `https://aclanthology.org/W${i}.pdf`,
    community: 'NLPI',
    why: 'Asked the same question of recurrent networks first.',
    score: 1 / (i + 1),
    ...over,
  };
}

export function answer(over: Partial<Answer> = {}): Answer {
  return {
    query: 'is activation patching just causal mediation analysis?',
    paper: null,
    notices: [],
    definitions: {
      narrowTechnical: { applies: true, confidence: 0.8, evidence: ['"activation patching" intervenes on internal activations'] },
      broadTechnical: { applies: true, confidence: 0.9, evidence: ['reads activations'] },
      narrowCultural: { applies: null, confidence: 0.3, evidence: [] },
      broadCultural: { applies: true, confidence: 0.9, evidence: ['follows from broad technical'] },
    },
    concepts: [{ id: 'activation-patching', name: 'Activation patching', aliases: ['causal tracing', 'interchange intervention'], score: 0.9 }],
    precedents: [paper(1), paper(2)],
    related: [paper(3, { community: 'MI', why: 'MI work on the concept.' })],
    ...over,
  };
}
