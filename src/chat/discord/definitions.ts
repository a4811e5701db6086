/**
 * How the four senses of "mechanistic" are named and explained in Discord answers.
 * The distinction is Saphra & Wiegreffe's ("Mechanistic?", BlackboxNLP 2024); the wording is ours.
 */
import type { DefinitionKey } from '../../core/types.ts';

export const SEED_CITATION = 'Saphra & Wiegreffe, “Mechanistic?” (BlackboxNLP 2024)';
export const SEED_URL = 'https://arxiv.org/abs/2410.09087';

export const DEFINITION_LABELS: Record<DefinitionKey, { label: string; meaning: string }> = {
  narrowTechnical: {
    label: 'Narrow technical',
    meaning:
      'It makes a causal claim about how the model computes: it intervenes on intermediate representations (patching, ablating, steering) and shows what that does to the output.',
  },
  broadTechnical: {
    label: 'Broad technical',
    meaning: 'It looks inside the model at all (activations, weights, attention) whether or not it tests cause and effect.',
  },
  narrowCultural: {
    label: 'Narrow cultural',
    meaning:
      'It comes from the community that calls itself mechanistic interpretability: people who entered through the Circuits line of work, alignment forums and the programs around them.',
  },
  broadCultural: {
    label: 'Broad cultural',
    meaning: 'It is language-model interpretability of any kind; in this sense almost every interpretability paper today gets the label.',
  },
};

export const WHY_FOUR_DEFINITIONS =
  'One word is doing four jobs: it can name a method (causal claims about internals), a scope (anything that opens the model up), ' +
  'a community (who wrote it) or a whole field. Answering each sense separately shows which one a paper actually meets, ' +
  'and the community sense is why earlier NLP-interpretability work on the same idea is easy to miss.';

export function verdictWord(applies: boolean | null): { icon: string; word: string } {
  if (applies === true) return { icon: '✅', word: 'yes' };
  if (applies === false) return { icon: '❌', word: 'no' };
  return { icon: '❔', word: 'cannot tell from this text' };
}
