/**
 * What every surface shows of an LLM explanation, before markup: the text with `[id]` markers
 * numbered, the cited papers as the answer has them (titles, years and links from the corpus or a
 * source of record, never from the model), and each sense with both verdicts where they differ.
 */
import { DEFINITION_LABELS, verdictWord } from './definition-labels.ts';
import { DEFINITION_KEYS, type Answer, type DefinitionKey, type Explanation, type PaperRef } from './types.ts';

export interface SenseComparison {
  key: DefinitionKey;
  name: string;
  model: boolean | null;
  rules: boolean | null;
  agrees: boolean;
  reason: string;
}

export interface ExplanationView {
  /** The text with each `[id]` replaced by `[n]`, n the paper's place in `papers` (from 1). */
  text: string;
  papers: PaperRef[];
  senses: SenseComparison[];
  disagreements: SenseComparison[];
  model: string;
  dropped: number;
}

export function explanationView(e: Explanation, answer: Answer): ExplanationView {
  const byId = new Map([...(answer.paper ? [answer.paper] : []), ...answer.precedents, ...answer.related].map((p) => [p.id, p]));
  const papers = e.cites.map((id) => byId.get(id)).filter((p): p is PaperRef => p !== undefined);
  const place = new Map(papers.map((p, i) => [p.id, i + 1]));
  const number = (s: string) => s.replace(/\[([^\][\s]{1,120})\]/g, (m, id: string) => (place.has(id) ? `[${place.get(id)}]` : m));
  const senses = DEFINITION_KEYS.map((key) => ({
    key,
    name: DEFINITION_LABELS[key].name,
    model: e.verdicts[key].applies,
    rules: answer.definitions[key].applies,
    agrees: e.verdicts[key].agrees,
    reason: number(e.verdicts[key].reason),
  }));
  return { text: number(e.text), papers, senses, disagreements: senses.filter((s) => !s.agrees), model: e.model, dropped: e.dropped };
}

/** One line on a sense where the model and the rules differ. */
export function disagreementLine(s: SenseComparison): string {
  return `${s.name}: the model says ${verdictWord(s.model)}, the rules say ${verdictWord(s.rules)} (the rule-based verdict stands)`;
}

/** The note under an explanation on what was dropped, or null. */
export function droppedNote(v: ExplanationView): string | null {
  if (v.dropped === 0) return null;
  return `${v.dropped} mention${v.dropped === 1 ? '' : 's'} of papers retrieval did not find ${v.dropped === 1 ? 'was' : 'were'} dropped.`;
}
