/**
 * The reviewed selection of main-venue papers: a wide candidate net, then a person's label for every candidate.
 *
 * Title-and-abstract patterns alone (lexical-selection.ts) cannot tell a behavioural analysis from a benchmark
 * paper phrased as a question about models, so the selection is two steps a reviewer can replay:
 * 1. `isReviewCandidate`: every main-track/SRW paper the lexical patterns give at least one point, that hits one
 *    of the interpretability keywords (selection.ts), or whose title has one of the analysis words below. Cheap and
 *    wide: about 4,650 of 15,916 papers.
 * 2. `corpus/selection/acl-main-review.tsv`: one hand label per candidate (yes/no and a short note), made by
 *    reading the title and abstract, without the random-sample labels or the rule's output in view.
 * 3. A second pass labels the wider net (`isWideReviewCandidate`) over every track, demos, tutorials, industry and
 *    workshop papers included, to catch analyses the first net missed and interpretability tools.
 * A paper is taken when its label is yes, whatever its track. Main/SRW papers without a label fall back to the lexical
 * and encoder rules (and are reported), so an incomplete review never silently drops a paper.
 */
import { lexicalDecision } from './lexical-selection.ts';
import { keywordHits, SELECTED_TRACKS } from './selection.ts';

/** Words in a title that mark a possible analysis paper (the net's third arm; deliberately wide). */
export const REVIEW_TITLE_NET =
  /\b(analy[sz](e|es|is|ing)|interpret|explain|explanation|probe|probing|attention|neuron|representation|hidden state|layer|what do|do (large )?language models|can (large )?language models|does (BERT|GPT|ChatGPT)|bias(es)? in|behavio(u)?r|sensitiv|robustness of|memoriz|knowledge (in|of|stored)|encode|geometry|subspace|direction|saliency|attribution|faithful|rationale|spurious|shortcut|heuristic|generaliz(e|ation) (of|in)|systematic|compositional|agreement|syntactic|diagnos|understand(ing)? (of )?(how|what|why)|why (do|does)|how (do|does))\b/i;

/** Is this main-track/SRW paper in the net a reviewer labels? (Track filtering is the caller's.) */
export function isReviewCandidate(title: string, abstract: string | undefined): boolean {
  return lexicalDecision(title, abstract).score >= 1 || keywordHits(title, abstract).length > 0 || REVIEW_TITLE_NET.test(title);
}

/**
 * The second, wider net (every track): the first net's arms, or the title words above anywhere in the abstract. It
 * catches behavioural analyses whose titles carry no analysis word, and interpretability demos and tutorials.
 */
export function isWideReviewCandidate(title: string, abstract: string | undefined): boolean {
  return isReviewCandidate(title, abstract) || REVIEW_TITLE_NET.test(abstract ?? '');
}

/** Is this paper (any track) in one of the two nets, so it must have a label? */
export function inReviewNets(p: { title: string; abstract?: string; track: string }): boolean {
  return (SELECTED_TRACKS.has(p.track) && isReviewCandidate(p.title, p.abstract)) || isWideReviewCandidate(p.title, p.abstract);
}

export interface ReviewLabel {
  relevant: boolean;
  note: string;
}

/** `<anthology id> TAB yes|no TAB note`, `#` comments; a repeated id is an error (one label per paper). */
export function parseReviewTsv(tsv: string, input: string): Map<string, ReviewLabel> {
  const out = new Map<string, ReviewLabel>();
  tsv.split('\n').forEach((line, i) => {
    if (line.trim() === '' || line.startsWith('#')) return;
    const [id, relevant, note] = line.split('\t');
    if (!id || (relevant !== 'yes' && relevant !== 'no')) {
      throw new Error(`${input}: line ${i + 1}: expected "<anthology id><TAB>yes|no<TAB>note", got "${line.slice(0, 80)}"`);
    }
    if (out.has(id)) throw new Error(`${input}: line ${i + 1}: ${id} is labelled twice`);
    out.set(id, { relevant: relevant === 'yes', note: (note ?? '').trim() });
  });
  return out;
}

/**
 * The first review combined with two more, independent ones (a majority of three): every yes of the first review is
 * read again by a second reviewer; where the second says no, a third reviewer, who does not know the two labels,
 * decides. A yes stays yes when the second agrees or, after a disagreement, the third says yes. A yes not read again
 * yet, or a disagreement not decided yet, stays yes (selection-check reports how many). A later label on a paper the
 * first review said no to changes nothing: the later passes read only the first review's yes rows.
 */
export function withLaterReviews(
  first: ReadonlyMap<string, ReviewLabel>,
  second: ReadonlyMap<string, ReviewLabel>,
  third: ReadonlyMap<string, ReviewLabel> = new Map(),
): Map<string, ReviewLabel> {
  const out = new Map(first);
  for (const [id, label] of first) {
    const again = second.get(id);
    const decider = third.get(id);
    if (label.relevant && again && !again.relevant && decider && !decider.relevant) {
      out.set(id, { relevant: false, note: `majority no: first review yes (${label.note}), second no (${again.note}), third no (${decider.note})` });
    }
  }
  return out;
}

/** Why the review takes (string), drops (null) or does not know (undefined) a paper. */
export function reviewedReason(id: string, review: ReadonlyMap<string, ReviewLabel>): string | null | undefined {
  const label = review.get(id);
  if (!label) return undefined;
  return label.relevant ? `reviewed: ${label.note || 'interpretability or analysis'} (selection/acl-main-review.tsv)` : null;
}
