/**
 * The grounding check: the model may name only papers retrieval found, and only by id. Pure.
 *
 * - `cites` keeps ids of retrieved papers (the paper in question, precedents, related); others are dropped.
 * - In the text and the reasons, a sentence is dropped when it names a paper any other way: an
 *   `[id]` that was not retrieved, a link, "et al.", a year, or a quoted title. Titles, years and
 *   links shown to users come from the answer's papers (the corpus or a source of record), never
 *   from the model's words.
 * - Each distinct dropped mention counts once in `dropped`.
 * - Where the model's verdict differs from the rule-based one, `agrees` is false: both are shown.
 */
import { DEFINITION_KEYS, type Answer, type DefinitionKey, type ExplainedVerdict, type Explanation } from '../core/types.ts';
import type { ExplanationOutput } from './schema.ts';

export const MAX_TEXT_CHARS = 2000;
export const MAX_REASON_CHARS = 400;

const ID_MARKER = /\[([^\][\s]{1,120})\]/g;
const LINK = /\bhttps?:\/\/|\bwww\.|\b(?:arxiv|doi)\s*:\s*\S/i;
const ET_AL = /\bet\.? al\b/i;
const YEAR = /(?<![\w.-])(?:1[89]\d\d|20\d\d)(?![\w-])/;
/** A quoted run of three or more words: how a title is written in prose. */
const QUOTED_TITLE = /["“”«»]([^"“”«»]{3,200})["“”«»]/;

/** The ids of every paper the answer shows. */
export function retrievedIds(answer: Answer): Set<string> {
  return new Set([...(answer.paper ? [answer.paper.id] : []), ...answer.precedents.map((p) => p.id), ...answer.related.map((p) => p.id)]);
}

function sentences(text: string): string[] {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .split(/(?<=[.!?])\s+(?=[^a-z])/)
    .filter((s) => s !== '');
}

interface Grounder {
  /** Keeps the sentences that name papers only by retrieved id; records the rest. */
  prose(text: string, max: number): { text: string; cited: string[] };
  /** Records a cited id that was not retrieved. */
  dropId(id: string): void;
  dropped(): number;
}

function grounder(retrieved: Set<string>): Grounder {
  const droppedMentions = new Set<string>();
  return {
    prose(text, max) {
      const kept: string[] = [];
      const cited: string[] = [];
      for (const s of sentences(text)) {
        const ids = [...s.matchAll(ID_MARKER)].map((m) => m[1]!);
        const unknown = ids.filter((id) => !retrieved.has(id));
        const outside = s.replace(ID_MARKER, ' ');
        const other = LINK.exec(outside)?.[0] ?? ET_AL.exec(outside)?.[0] ?? YEAR.exec(outside)?.[0] ?? (QUOTED_TITLE.test(outside) ? outside : undefined);
        if (unknown.length > 0 || other !== undefined) {
          for (const id of unknown) droppedMentions.add(`id:${id}`);
          if (unknown.length === 0) droppedMentions.add(`sentence:${s}`);
          continue;
        }
        kept.push(s);
        cited.push(...ids);
      }
      let out = '';
      for (const s of kept) {
        const next = out === '' ? s : `${out} ${s}`;
        if (next.length > max) break;
        out = next;
      }
      return { text: out, cited };
    },
    dropId: (id) => void droppedMentions.add(`id:${id}`),
    dropped: () => droppedMentions.size,
  };
}

const APPLIES = { yes: true, no: false, cannot_tell: null } as const;

/** The model's output as the contract's `explanation`, grounded in the answer's retrieved papers. */
export function groundExplanation(output: ExplanationOutput, answer: Answer, model: string): Explanation {
  const retrieved = retrievedIds(answer);
  const g = grounder(retrieved);
  const text = g.prose(output.explanation, MAX_TEXT_CHARS);
  const citedInReasons: string[] = [];
  const verdicts = Object.fromEntries(
    DEFINITION_KEYS.map((k): [DefinitionKey, ExplainedVerdict] => {
      const v = output.verdicts[k];
      const applies = APPLIES[v.verdict];
      const reason = g.prose(v.reason, MAX_REASON_CHARS);
      citedInReasons.push(...reason.cited);
      return [k, { applies, reason: reason.text, agrees: applies === answer.definitions[k].applies }];
    }),
  ) as Record<DefinitionKey, ExplainedVerdict>;
  // Every paper named anywhere is in `cites`, so front ends can list it (and number its [id]).
  const cites: string[] = [];
  for (const id of [...output.cites.map((c) => c.trim().replace(/^\[|\]$/g, '')), ...text.cited, ...citedInReasons]) {
    if (!retrieved.has(id)) {
      if (id !== '') g.dropId(id);
      continue;
    }
    if (!cites.includes(id)) cites.push(id);
  }
  return { text: text.text, verdicts, cites, model, dropped: g.dropped() };
}

/** The senses where the model's verdict differs from the rule-based one. */
export function disagreements(e: Explanation): DefinitionKey[] {
  return DEFINITION_KEYS.filter((k) => !e.verdicts[k].agrees);
}
