/**
 * How the four senses of "mechanistic" are named and explained in Discord answers.
 * The distinction is Saphra & Wiegreffe's ("Mechanistic?", BlackboxNLP 2024); the wording is ours.
 */
import { DEFINITION_LABELS as SHARED_LABELS } from '../../core/definition-labels.ts';
import type { DefinitionKey } from '../../core/types.ts';

export { SEED_CITATION, SEED_URL } from '../../core/definition-labels.ts';

/** The shared labels, under the names the Discord renderer uses. */
export const DEFINITION_LABELS: Record<DefinitionKey, { label: string; meaning: string }> = Object.fromEntries(
  Object.entries(SHARED_LABELS).map(([k, v]) => [k, { label: v.name, meaning: v.meaning }]),
) as Record<DefinitionKey, { label: string; meaning: string }>;

export const WHY_FOUR_DEFINITIONS =
  'One word is doing four jobs: it can name a method (causal claims about internals), a scope (anything that opens the model up), ' +
  'a community (who wrote it) or a whole field. Answering each sense separately shows which one a paper actually meets, ' +
  'and the community sense is why earlier NLP-interpretability work on the same idea is easy to miss.';

export function verdictWord(applies: boolean | null): { icon: string; word: string } {
  if (applies === true) return { icon: '✅', word: 'yes' };
  if (applies === false) return { icon: '❌', word: 'no' };
  return { icon: '❔', word: 'cannot tell from this text' };
}
