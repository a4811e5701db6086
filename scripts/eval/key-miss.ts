/**
 * Where an answer lost its key precedents: for a real-paper item whose labelled key precedents are none of them in
 * the answer's top 5, the first of these that holds, in the order an answer is built (verdict, concepts, ranking):
 *
 * - `not-interpretability`: the verdict did not read the paper as interpretability research, so no earlier work was named;
 * - `no-concept`: read as interpretability, but no concept reached the recognizer's bar (nor its closest guess);
 * - `ranked-6-10`: a key is among the precedents, ranked 6 to 10;
 * - `named-below-10`: a key is a curated precedent of a named concept (or of a curated neighbour of one) but ranked below 10;
 * - `later-work`: a key is on a named concept's list of later NLP-interpretability work, so the date rule held it back
 *   (an undated paste counts as written at the concept's first MI work);
 * - `concept-missed`: a key is a curated precedent of a labelled concept the answer did not name;
 * - `no-link`: no named or labelled concept lists any key (the key reaches an answer only by search or tags).
 *
 * Pure: the answer and the corpus view it was answered over are passed in.
 */
import type { Corpus } from '../../src/core/corpus-schema.ts';
import { chronology, formatDate } from '../../src/core/dates.ts';
import type { Answer } from '../../src/core/types.ts';

export const KEY_MISS_CAUSES = ['not-interpretability', 'no-concept', 'ranked-6-10', 'named-below-10', 'later-work', 'concept-missed', 'no-link'] as const;
export type KeyMissCause = (typeof KEY_MISS_CAUSES)[number];

/** How the report names each cause. */
export const KEY_MISS_NAME: Record<KeyMissCause, string> = {
  'not-interpretability': 'not read as interpretability',
  'no-concept': 'no concept recognized',
  'ranked-6-10': 'key ranked 6-10',
  'later-work': 'key held back as later work',
  'named-below-10': "key on a named concept's list, below 10",
  'concept-missed': 'key on a labelled concept not named',
  'no-link': 'key on no named or labelled concept',
};

export interface KeyMiss {
  cause: KeyMissCause;
  /** What happened and what would bring a key into the top 5, with the key and concept ids. */
  detail: string;
}

interface Labels {
  precedents: readonly string[];
  concepts: readonly string[];
}

const code = (id: string) => `\`${id}\``;

/** Why none of the item's key precedents is in the answer's top 5; undefined when one is, or when it has none. */
export function keyMissOf(labels: Labels, answer: Answer, corpus: Corpus): KeyMiss | undefined {
  const keys = labels.precedents.filter((id) => id.length > 0);
  const ranked = answer.precedents.map((p) => p.id);
  if (keys.length === 0 || ranked.slice(0, 5).some((id) => keys.includes(id))) return undefined;
  const bc = answer.definitions.broadCultural;
  if (bc.applies !== true) {
    return { cause: 'not-interpretability', detail: `broad cultural ${bc.applies === null ? "can't tell" : 'no'} (${bc.evidence[0] ?? 'no evidence'}), so no earlier work was named` };
  }
  if (answer.concepts.length === 0) return { cause: 'no-concept', detail: 'read as interpretability, but no concept reached the bar, so no earlier work was named' };
  const inTen = keys.map((id) => ({ id, rank: ranked.indexOf(id) + 1 })).filter((k) => k.rank > 5 && k.rank <= 10);
  if (inTen.length > 0) return { cause: 'ranked-6-10', detail: inTen.map((k) => `${code(k.id)} ranked ${k.rank}`).join('; ') };

  const named = answer.concepts.map((c) => c.id);
  const concept = (id: string) => corpus.concepts.get(id);
  const lists = (ids: readonly string[], pick: 'precedents' | 'later') =>
    keys.flatMap((key) => ids.filter((c) => (concept(c)?.[pick] ?? []).some((l) => l.id === key)).map((c) => ({ key, concept: c })));

  const own = lists(named, 'precedents');
  if (own.length > 0) return { cause: 'named-below-10', detail: `${code(own[0]!.key)} is a precedent of named ${code(own[0]!.concept)} but ranked below 10` };
  const later = lists(named, 'later');
  if (later.length > 0) {
    const { key, concept: c } = later[0]!;
    const bound = chronology(corpus, undefined).bound(c);
    const when = answer.paper ? `the paper in question is dated ${answer.paper.year}` : `the paste is undated, so earlier work is held to before ${code(c)}'s first MI work${bound ? ` (${formatDate(bound)})` : ''}: a date for the paper would admit it`;
    return { cause: 'later-work', detail: `${code(key)} (${corpus.papers.get(key)?.year ?? '?'}) is later NLPI work of named ${code(c)}; ${when}` };
  }
  // The named concepts' curated neighbours fill in behind them.
  const neighbours = [...new Set(named.flatMap((c) => concept(c)?.related ?? []))].filter((c) => !named.includes(c));
  const onNeighbour = lists(neighbours, 'precedents');
  if (onNeighbour.length > 0) return { cause: 'named-below-10', detail: `${code(onNeighbour[0]!.key)} is a precedent of ${code(onNeighbour[0]!.concept)}, a neighbour of a named concept, but ranked below 10` };
  const missed = labels.concepts.filter((c) => !named.includes(c));
  const onMissed = lists(missed, 'precedents');
  if (onMissed.length > 0) {
    const missedKeys = [...new Set(onMissed.map((x) => x.key))];
    const concepts = [...new Set(onMissed.map((x) => x.concept))];
    return { cause: 'concept-missed', detail: `${missedKeys.map(code).join(', ')} ${missedKeys.length === 1 ? 'comes' : 'come'} through labelled ${concepts.map(code).join(', ')}, not recognized (named: ${named.map(code).join(', ')})` };
  }
  return { cause: 'no-link', detail: `no named or labelled concept lists ${keys.map(code).join(', ')}` };
}

/** Counts of causes over items that carry one, in KEY_MISS_CAUSES order. */
export function keyMissCounts(misses: readonly (KeyMiss | undefined)[]): Record<KeyMissCause, number> {
  const out = Object.fromEntries(KEY_MISS_CAUSES.map((c) => [c, 0])) as Record<KeyMissCause, number>;
  for (const m of misses) if (m) out[m.cause]++;
  return out;
}
