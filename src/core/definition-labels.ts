/**
 * How every surface (CLI, Slack, Discord) names and explains the four senses of "mechanistic".
 * The distinction is Saphra & Wiegreffe's ("Mechanistic?", BlackboxNLP 2024); the wording is ours.
 */
import type { DefinitionKey } from './types.ts';

export interface DefinitionLabel {
  /** Short name, e.g. "Narrow technical". */
  name: string;
  /** A few words on what the sense requires. */
  gist: string;
  /** One or two sentences for people meeting the distinction for the first time. */
  meaning: string;
}

export const DEFINITION_LABELS: Record<DefinitionKey, DefinitionLabel> = {
  narrowTechnical: {
    name: 'Narrow technical',
    gist: 'a causal claim about internal mechanisms',
    meaning:
      'It makes a causal claim about how the model computes: it intervenes on intermediate representations (patching, ablating, steering) and shows what that does to the output.',
  },
  broadTechnical: {
    name: 'Broad technical',
    gist: 'any study of activations or weights',
    meaning: 'It looks inside the model at all (activations, weights, attention) whether or not it tests cause and effect.',
  },
  narrowCultural: {
    name: 'Narrow cultural',
    gist: 'work from the MI community',
    meaning:
      'It comes from the community that calls itself mechanistic interpretability: people who entered through the Circuits line of work, alignment forums and the programs around them.',
  },
  broadCultural: {
    name: 'Broad cultural',
    gist: 'any (language-model) interpretability research',
    meaning: 'It is language-model interpretability of any kind; in this sense almost every interpretability paper today gets the label.',
  },
};

export const SEED_CITATION = 'Saphra & Wiegreffe, “Mechanistic?” (BlackboxNLP 2024)';
export const SEED_URL = 'https://aclanthology.org/2024.blackboxnlp-1.30/';

/** yes / no / can't tell, for a verdict. */
export function verdictWord(applies: boolean | null): 'yes' | 'no' | "can't tell" {
  return applies === true ? 'yes' : applies === false ? 'no' : "can't tell";
}
