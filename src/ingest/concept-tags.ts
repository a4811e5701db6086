/**
 * Proposes concept tags for a paper by matching concept names and aliases (corpus/concepts/*.yaml)
 * against its title and abstract. A match in the title is strong (written to `tags`); a match only in
 * the abstract is weak (listed in a review file for a curator to confirm or drop).
 */
import type { Concept } from '../core/corpus-schema.ts';
import { asciiFold } from './text.ts';

export interface TagProposal {
  concept: string;
  strength: 'strong' | 'weak';
  /** The alias that matched, and where. */
  alias: string;
  where: 'title' | 'abstract';
}

function normalize(text: string): string {
  return ` ${asciiFold(text).toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim()} `;
}

/** Single words that name a concept in a glossary but mean nothing special in a title. */
const GENERIC_WORDS = new Set(['feature', 'features', 'neuron', 'neurons', 'attention', 'representation', 'representations', 'direction', 'directions', 'explanation', 'explanations', 'analysis', 'interpretability', 'mechanistic']);

/** Aliases too short or too generic to mean the concept on their own are not matched. */
function usableAlias(alias: string): boolean {
  const n = normalize(alias).trim();
  const words = n.split(' ');
  if (words.length === 1 && GENERIC_WORDS.has(n)) return false;
  return n.length >= 6 && words.length <= 6 && !/\b(we|our|the model)\b/.test(n);
}

export class ConceptTagger {
  private readonly aliases: { concept: string; alias: string; key: string }[];

  constructor(concepts: Iterable<Concept>) {
    this.aliases = [];
    for (const c of concepts) {
      for (const alias of new Set([c.name, ...c.aliases.mi, ...c.aliases.nlpi])) {
        if (usableAlias(alias)) this.aliases.push({ concept: c.id, alias, key: normalize(alias) });
      }
    }
  }

  propose(title: string, abstract: string | undefined): TagProposal[] {
    const t = normalize(title);
    const a = normalize(abstract ?? '');
    const out = new Map<string, TagProposal>();
    for (const { concept, alias, key } of this.aliases) {
      const where = t.includes(key) ? 'title' : a.includes(key) ? 'abstract' : undefined;
      if (!where) continue;
      const prev = out.get(concept);
      if (prev?.strength === 'strong') continue;
      out.set(concept, { concept, alias, where, strength: where === 'title' ? 'strong' : 'weak' });
    }
    return [...out.values()].sort((x, y) => x.concept.localeCompare(y.concept));
  }

  strongTags(title: string, abstract: string | undefined): string[] {
    return this.propose(title, abstract)
      .filter((p) => p.strength === 'strong')
      .map((p) => p.concept);
  }
}
